// payments.waitForFinal inside workerd with the packed package: one Worker
// request runs one case of tests/support/wait-cases.mjs; the Node test checks it.
import * as api from "vesicash-edge";
import { runWaitCase } from "../../../support/wait-cases.mjs";

/**
 * POST /wait with `{case, baseUrl, publicKey, secretKey, prefix}`: answers the
 * runWaitCase() result as JSON.
 * @param {Request} request
 * @returns {Promise<Response>}
 */
export async function handleWait(request) {
  return Response.json(await runWaitCase(api, await request.json()));
}
