// Express on Node with the package's `node` entry, installed from the local
// registry. The webhook route takes the raw bytes (express.raw): the signature
// covers them exactly, so no JSON parser may run first.
import express from "express";
import { WebhookVerificationError, verifyWebhook } from "vesicash-edge";
import * as vesicash from "vesicash-edge";
import { createShop } from "../shop/app.mjs";

process.on("unhandledRejection", (reason) => console.error(`UNHANDLED_REJECTION ${reason?.stack ?? reason}`));

const shop = createShop(vesicash, () => process.env.VESICASH_WEBHOOK_SECRET);
const app = express();

app.get("/health", (_req, res) => res.send("ok"));
app.get("/entry", (_req, res) => res.send(import.meta.resolve("vesicash-edge")));

app.post("/webhooks", express.raw({ type: "*/*" }), (req, res) => {
  let event;
  try {
    event = verifyWebhook(req.body, req.headers, process.env.VESICASH_WEBHOOK_SECRET);
  } catch (e) {
    if (e instanceof WebhookVerificationError) return res.status(400).json({ error: e.code });
    return res.status(500).json({ error: "internal" });
  }
  res.json({ verified: true, event: event.event, reference: event.data?.reference ?? null });
});

// The checkout as the other platforms run it: the shop takes a Fetch Request.
app.post("/checkout", express.raw({ type: "*/*" }), async (req, res) => {
  const answer = await shop(new Request(`http://127.0.0.1${req.url}`, { method: "POST", body: req.body }));
  res
    .status(answer.status)
    .type("application/json")
    .send(await answer.text());
});

app.listen(Number(process.argv[2]), "127.0.0.1");
