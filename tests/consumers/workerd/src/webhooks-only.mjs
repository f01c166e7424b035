// Test Worker importing only `vesicash-edge/webhooks`: runs the shared vectors
// and the differential test of the two HMAC paths inside workerd.
import * as hooks from "vesicash-edge/webhooks";
import { runVectors } from "../../../vectors/runner.mjs";
import { runDifferential } from "../../../vectors/differential.mjs";

export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    try {
      if (pathname === "/health") return new Response("ok");
      if (pathname === "/exports") return Response.json(Object.keys(hooks).sort());
      if (pathname === "/webhook-vectors" && request.method === "POST") return Response.json(runVectors(hooks, await request.json()));
      if (pathname === "/differential" && request.method === "POST") return Response.json(runDifferential(hooks, await request.json()));
      return new Response("not found", { status: 404 });
    } catch (e) {
      return new Response(`${e?.stack ?? e}`, { status: 500 });
    }
  },
};
