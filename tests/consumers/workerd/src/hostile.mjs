// Hostile arguments inside workerd with the packed package: the Worker runs
// tests/support/hostile.mjs and answers its report; the Node test checks it.
import * as api from "vesicash-edge";
import { runHostile } from "../../../support/hostile.mjs";

/** POST /hostile with `{rounds, seed}`: answers the runHostile() report as JSON. */
export async function handleHostile(request) {
  const { rounds, seed } = await request.json();
  return Response.json(await runHostile(api, { rounds, seed }));
}
