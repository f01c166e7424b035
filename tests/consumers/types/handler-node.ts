// The Node adapter against Node's and Express's own declarations (@types/node,
// @types/express): what node:http and Express hand a listener is what the
// adapter takes. Compiled by tsconfig.node-types.json.
import { createServer } from "node:http";
import express from "express";
import { createNodeWebhookHandler, createWebhookHandler, toNodeHandler } from "vesicash-edge";

const hook = createNodeWebhookHandler({ secret: process.env.VESICASH_WEBHOOK_SECRET, onEvent: async () => {} });
createServer(hook).listen(8787, "127.0.0.1");
createServer((req, res) => void hook(req, res));

const app = express();
app.post("/hooks/vesicash", express.raw({ type: "application/json" }), toNodeHandler(createWebhookHandler({ secret: "whsec_x", onEvent() {} })));
app.post("/hooks/other", (req, res) => hook(req, res));

// @ts-expect-error the adapter needs a response to write to
void hook({ method: "POST", headers: {}, [Symbol.asyncIterator]: async function* () {} });
