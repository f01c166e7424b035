// Runs the webhook vectors inside workerd with the packed package: the same
// runner and vector file as the Node consumers (tests/vectors/).
import * as api from "vesicash-edge";
import { runVectors } from "../../../vectors/runner.mjs";

/**
 * @param {object} vectors the parsed tests/vectors/webhook.json
 * @returns {{total: number, passed: number, final: {ok: boolean}, cases: Array<{name: string, pass: boolean, failures: string[]}>}}
 */
export async function runWebhookVectors(vectors) {
  return runVectors(api, vectors);
}
