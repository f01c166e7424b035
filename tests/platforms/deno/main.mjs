// Deno by `npm:` specifier, no package.json: the package's `deno` entry.
// Run without --allow-read: the entry must not read its .wasm from disk.
import * as vesicash from "npm:vesicash-edge";
import { createShop } from "../shop/app.mjs";

globalThis.addEventListener("unhandledrejection", (e) => {
  console.error(`UNHANDLED_REJECTION ${e.reason?.stack ?? e.reason}`);
});

const shop = createShop(vesicash, () => Deno.env.get("VESICASH_WEBHOOK_SECRET"));
Deno.serve({ hostname: "127.0.0.1", port: Number(Deno.args[0]), onListen() {} }, shop);
