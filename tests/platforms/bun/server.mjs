// Bun.serve with the package's `bun` entry, installed from the local registry.
import * as vesicash from "vesicash-edge";
import { createShop } from "../shop/app.mjs";

process.on("unhandledRejection", (reason) => console.error(`UNHANDLED_REJECTION ${reason?.stack ?? reason}`));

const shop = createShop(vesicash, () => process.env.VESICASH_WEBHOOK_SECRET);
// Which file the package resolved to, for the test to check.
const entry = import.meta.resolve("vesicash-edge");
Bun.serve({
  hostname: "127.0.0.1",
  port: Number(process.argv[2]),
  fetch: (request) => (new URL(request.url).pathname === "/entry" ? new Response(entry) : shop(request)),
});
