// Runs a batch of fault-run orders inside workerd with the packed package:
// the same merchant loop as the Node consumer (tests/support/fault-run.mjs).
// One Worker request runs one batch, so none runs for long; the Node test
// sends several batches and checks the sandbox's records for all of them.
import * as api from "vesicash-edge";
import { runFaultRun } from "../../../support/fault-run.mjs";

/**
 * POST /fault-run with `{baseUrl, publicKey, secretKey, orders, concurrency, prefix, start}`:
 * answers the runFaultRun() result as JSON.
 * @param {Request} request
 * @returns {Promise<Response>}
 */
export async function handleFaultRun(request) {
  return Response.json(await runFaultRun(api, await request.json()));
}
