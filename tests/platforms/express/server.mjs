// Express on Node with the package's `node` entry, installed from the local
// registry. The webhook route is the one the README recommends for Express:
// the package's handler through its Node adapter (toNodeHandler), behind
// express.raw, since the signature covers the bytes exactly and no JSON parser
// may run first. GET /events lists what onEvent was given, for the test to read.
import express from "express";
import { createWebhookHandler, toNodeHandler } from "vesicash-edge";
import * as vesicash from "vesicash-edge";
import { createShop } from "../shop/app.mjs";

process.on("unhandledRejection", (reason) => console.error(`UNHANDLED_REJECTION ${reason?.stack ?? reason}`));

const shop = createShop(vesicash, () => process.env.VESICASH_WEBHOOK_SECRET);
const app = express();

app.get("/health", (_req, res) => res.send("ok"));
app.get("/entry", (_req, res) => res.send(import.meta.resolve("vesicash-edge")));

const events = [];
const hook = createWebhookHandler({
  secret: process.env.VESICASH_WEBHOOK_SECRET,
  onEvent: (event, { key }) => void events.push({ event: event.event, reference: event.data?.reference ?? null, key }),
  onError: () => {}, // the test sends a tampered delivery on purpose
});
app.post("/webhooks", express.raw({ type: "application/json" }), toNodeHandler(hook));
app.get("/events", (_req, res) => res.json(events));

// The checkout as the other platforms run it: the shop takes a Fetch Request.
app.post("/checkout", express.raw({ type: "*/*" }), async (req, res) => {
  const answer = await shop(new Request(`http://127.0.0.1${req.url}`, { method: "POST", body: req.body }));
  res
    .status(answer.status)
    .type("application/json")
    .send(await answer.text());
});

app.listen(Number(process.argv[2]), "127.0.0.1");
