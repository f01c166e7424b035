// Test helpers: a raw-fetch API client and a tiny webhook receiver that records every POST as
// raw bytes and answers with scripted statuses. Signature checking is written here from node:crypto on purpose, independently of
// webhooks.mjs, so a signing bug in the sandbox cannot hide behind a shared helper.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

/** Verifies mor-signature = hex HMAC-SHA256(secret, mor-timestamp + "." + raw body). */
export function verifySignature(secret, headers, rawBody) {
  const ts = headers['mor-timestamp'];
  const sig = headers['mor-signature'];
  if (typeof ts !== 'string' || typeof sig !== 'string' || !/^[0-9a-f]{64}$/.test(sig)) return false;
  const expected = createHmac('sha256', secret).update(`${ts}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(sig, 'hex'));
}

/** Starts a receiver on 127.0.0.1:0; statuses[i] answers the i-th hit (200 after the list). */
export async function startReceiver({ statuses = [] } = {}) {
  const hits = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const status = statuses[hits.length] ?? 200;
      hits.push({ method: req.method, path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now(), status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
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
    close: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

/** Default init body; webhookUrl is where payment.updated goes. */
export function initBody(webhookUrl, over = {}) {
  return {
    currency: 'ZMW', country: 'ZM', narration: 'payment for rice', method: 'mobilemoney', amount: 1.3,
    webhook_url: webhookUrl, redirect_url: 'https://shop.example/done', ...over,
  };
}

/** A raw-fetch client for a started sandbox: call(method, path, { body, keys, raw }) -> { status, json, text, headers }. */
export function apiClient(sb) {
  const BOTH = ['public-key', 'secret-key'];
  async function call(method, path, { body, keys = BOTH, raw } = {}) {
    const headers = { 'content-type': 'application/json' };
    for (const k of keys) headers[k] = k === 'public-key' ? sb.publicKey : sb.secretKey;
    const res = await fetch(sb.url + path, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
    const text = await res.text();
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, json, text, headers: res.headers };
  }
  return {
    call,
    /** Inits a payment and returns its data ({ reference, payment_id, ... }). */
    async init(webhookUrl, over) {
      const r = await call('POST', '/v1/payment/init', { body: initBody(webhookUrl, over) });
      if (r.status !== 200) throw new Error(`init failed: ${r.status} ${r.text}`);
      return r.json.data;
    },
    /** Starts the prompt for a payment with this phone number. */
    pay: (reference, phone_number) => call('POST', `/v1/payment/pay/${reference}`, { body: { email: 'a@b.example', customer_first_name: 'Ada', customer_last_name: 'Banda', customer_city: 'Lusaka', account_number: phone_number, phone_number }, keys: ['public-key'] }),
    /** GET /v1/payment/:reference data. */
    get: async (reference) => (await call('GET', `/v1/payment/${reference}`)).json.data,
  };
}
