// Hono in a Worker: the package's `workerd` entry; the shop gets Hono's raw Request.
import { Hono } from "hono";
import * as vesicash from "vesicash-edge";
import { createShop } from "../../shop/app.mjs";

addEventListener("unhandledrejection", (e) => console.error(`UNHANDLED_REJECTION ${e.reason?.stack ?? e.reason}`));

const app = new Hono();
app.get("/health", (c) => c.text("ok"));
app.post("/:action", (c) => createShop(vesicash, () => c.env.VESICASH_WEBHOOK_SECRET)(c.req.raw));
export default app;
