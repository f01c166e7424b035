// Test Worker: runs the package inside real workerd and reports plain JSON.
// Named imports, as users write them: a bundler must still keep the entry's
// wasm initialisation (a `sideEffects: false` package once lost it here).
import { Vesicash, VesicashError, paymentOutcome } from "vesicash-edge";
import { runFlow } from "../../../support/flow.mjs";
import { runWebhookVectors } from "./webhook.mjs";
import { handleFaultRun } from "./faults.mjs";
import { handleWait } from "./wait.mjs";
import { handleApi } from "./api.mjs";
import { handleHostile } from "./hostile.mjs";
import { handleHooks } from "./hooks.mjs";
import { handleTrust } from "./trust.mjs";

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    try {
      if (pathname === "/health") return new Response("ok");
      if (pathname.startsWith("/hooks/")) return await handleHooks(request, env, pathname);
      if (pathname === "/flow" && request.method === "POST") {
        return Response.json(await runFlow({ Vesicash, VesicashError, paymentOutcome }, await request.json()));
      }
      if (pathname === "/fault-run" && request.method === "POST") return await handleFaultRun(request);
      if (pathname === "/wait" && request.method === "POST") return await handleWait(request);
      if (pathname === "/api" && request.method === "POST") return await handleApi(request);
      if (pathname === "/hostile" && request.method === "POST") return await handleHostile(request);
      if (pathname === "/trust" && request.method === "POST") return await handleTrust(request);
      if (pathname === "/webhook-vectors" && request.method === "POST") {
        return Response.json(await runWebhookVectors(await request.json()));
      }
      return new Response("not found", { status: 404 });
    } catch (e) {
      return new Response(`${e?.stack ?? e}`, { status: 500 });
    }
  },
};
