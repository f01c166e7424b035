// The hostile API's cases (tests/support/trust-cases.mjs) inside workerd with
// the packed package; the Node test starts the server and checks the report.
import * as api from "vesicash-edge";
import { runTrustCases } from "../../../support/trust-cases.mjs";

/** A common wrapper that rebuilds `init` and drops its signal. */
const fetchIgnoringSignal = (url, { signal: _ignored, ...init }) => fetch(url, init);

/** POST /trust with `{url}`: answers the runTrustCases() report as JSON. */
export async function handleTrust(request) {
  const { url } = await request.json();
  return Response.json(await runTrustCases(api, { url, fetchIgnoringSignal }));
}
