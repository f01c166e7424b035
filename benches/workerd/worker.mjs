// GET /run?impl=NAME&size=BYTES&n=CALLS runs CALLS verifications of one
// verifier on one body and answers "ok"; n=0 measures the request alone.
// GET /names lists the verifiers. The package is imported from pkg/ as
// built, through its workerd entry.
import * as api from "../../pkg/entry/workerd.mjs";
import { Webhook } from "standardwebhooks";
import * as nodeCrypto from "node:crypto";
import { setup } from "../verifiers.mjs";

const ready = new Map();

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const size = Number(url.searchParams.get("size") ?? 1024);
    // Signing time fixed per body size at first use (within the 300 s tolerance of a run).
    if (!ready.has(size)) ready.set(size, setup({ api, Webhook, crypto: nodeCrypto, subtle: crypto.subtle }, size, Math.floor(Date.now() / 1000)));
    const { text, headers, impls } = await ready.get(size);
    if (url.pathname === "/names") return Response.json(Object.keys(impls));
    const fn = impls[url.searchParams.get("impl")];
    const n = Number(url.searchParams.get("n") ?? 0);
    if (!fn) return new Response("unknown impl", { status: 400 });
    for (let i = 0; i < n; i++) {
      const r = fn(text, headers);
      if (r instanceof Promise) await r; // WebCrypto: one call after another, as a handler would
    }
    return new Response("ok");
  },
};
