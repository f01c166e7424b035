// POST /node/checkout and /node/webhooks on Next.js's Node runtime.
import * as vesicash from "vesicash-edge";
import { createShop } from "../../../../shop/app.mjs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const shop = createShop(vesicash, () => process.env.VESICASH_WEBHOOK_SECRET);
export const POST = (request) => shop(request);
