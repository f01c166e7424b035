// Test helpers: a raw-fetch API client and a tiny webhook receiver that records every POST as
// raw bytes and answers with scripted statuses. Signature checking is written here from node:crypto on purpose, independently of
// webhooks.mjs, so a signing bug in the sandbox cannot hide behind a shared helper.
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import net from "node:net";

/** Verifies mor-signature = hex HMAC-SHA256(secret, mor-timestamp + "." + raw body). */
export function verifySignature(secret, headers, rawBody) {
  const ts = headers["mor-timestamp"];
  const sig = headers["mor-signature"];
  if (typeof ts !== "string" || typeof sig !== "string" || !/^[0-9a-f]{64}$/.test(sig)) return false;
  const expected = createHmac("sha256", secret).update(`${ts}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(sig, "hex"));
}

/** Starts a receiver on 127.0.0.1:0; statuses[i] answers the i-th hit (200 after the list). */
export async function startReceiver({ statuses = [] } = {}) {
  const hits = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const status = statuses[hits.length] ?? 200;
      hits.push({ method: req.method, path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now(), status });
      res.writeHead(status, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    hits,
    /** Resolves with the hits once there are at least n; rejects after timeoutMs. */
    async waitForHits(n, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (hits.length < n) {
        if (Date.now() > deadline) throw new Error(`receiver: ${hits.length} hits after ${timeoutMs} ms, wanted ${n}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return hits;
    },
    /** Stops the receiver and drops its connections. */
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Default init body; webhookUrl is where payment.updated goes. */
export function initBody(webhookUrl, over = {}) {
  return {
    currency: "ZMW",
    country: "ZM",
    narration: "payment for rice",
    method: "mobilemoney",
    amount: 1.3,
    webhook_url: webhookUrl,
    redirect_url: "https://shop.example/done",
    ...over,
  };
}

/** A raw-fetch client for a started sandbox: call(method, path, { body, keys, raw }) -> { status, json, text, headers }. */
export function apiClient(sb) {
  const BOTH = ["public-key", "secret-key"];
  async function call(method, path, { body, keys = BOTH, raw } = {}) {
    const headers = { "content-type": "application/json" };
    for (const k of keys) headers[k] = k === "public-key" ? sb.publicKey : sb.secretKey;
    const res = await fetch(sb.url + path, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  }
  return {
    call,
    /** Inits a payment and returns its data ({ reference, payment_id, ... }). */
    async init(webhookUrl, over) {
      const r = await call("POST", "/v1/payment/init", { body: initBody(webhookUrl, over) });
      if (r.status !== 200) throw new Error(`init failed: ${r.status} ${r.text}`);
      return r.json.data;
    },
    /** Starts the prompt for a payment with this phone number. */
    pay: (reference, phone_number) =>
      call("POST", `/v1/payment/pay/${reference}`, {
        body: {
          email: "a@b.example",
          customer_first_name: "Ada",
          customer_last_name: "Banda",
          customer_city: "Lusaka",
          account_number: phone_number,
          phone_number,
        },
        keys: ["public-key"],
      }),
    /** GET /v1/payment/:reference data. */
    get: async (reference) => (await call("GET", `/v1/payment/${reference}`)).json.data,
  };
}

/**
 * Sends one HTTP/1.1 request over a raw node:net socket and keeps every byte the server sends,
 * so a test sees exactly where a response stops (fetch only says "terminated" or hangs).
 * Returns { socket, closed (resolves when the socket closes), response() -> { status, headers, body: Buffer } | null,
 * waitFor(pred, timeoutMs) (resolves with the first truthy pred(response()) ), close() }.
 */
export async function rawRequest(baseUrl, { method = "GET", path = "/", headers = {}, body = "" } = {}) {
  const { hostname, port } = new URL(baseUrl);
  const socket = net.connect(Number(port), hostname);
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.on("error", () => {}); // a reset is one of the outcomes under test, not a crash
  const chunks = [];
  socket.on("data", (c) => chunks.push(c));
  const closed = new Promise((resolve) => socket.once("close", resolve));
  const head = [
    `${method} ${path} HTTP/1.1`,
    `host: ${hostname}:${port}`,
    `content-length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ].join("\r\n");
  socket.write(`${head}\r\n\r\n${body}`);
  function response() {
    const all = Buffer.concat(chunks);
    const end = all.indexOf("\r\n\r\n");
    if (end < 0) return null;
    const [statusLine, ...lines] = all.subarray(0, end).toString("latin1").split("\r\n");
    const parsed = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
    return { status: Number(statusLine.split(" ")[1]), headers: parsed, body: all.subarray(end + 4) };
  }
  return {
    socket,
    closed,
    response,
    async waitFor(pred, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const r = response();
        if (r && pred(r)) return r;
        if (Date.now() > deadline)
          throw new Error(`rawRequest: condition not met within ${timeoutMs} ms; got ${JSON.stringify(r && { ...r, body: r.body.toString() })}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () => {
      socket.destroy();
      return closed;
    },
  };
}
