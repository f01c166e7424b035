// A hostile mimic of the Vesicash API (not the sandbox, which stays a
// faithful simulator): it answers *wrongly* on purpose, by scenario. The
// scenario is the first dash-separated word of the payment reference
// (`wrongref-0001`), so one server serves every case of a run.
//
//   ok          a correct answer
//   wrongref    init and status answered about another, already paid payment
//   wrongamt    init answered with 999999.99 GHS
//   payreset    pay's connection reset (recorded as received); the read-back names another paid payment
//   redirother  307 to the other origin (with a query the error must not show)
//   redirself   307 to the very same URL (a loop)
//   echo        401 whose message and x-request-id echo the keys it received
//   shape       200 whose data quotes the keys where a string is expected
//   big         200 of 50 MB, with content-length
//   bigchunk    200 of 50 MB, chunked (no content-length)
//   hang        accepts and never answers
//   trickle     sends the headers and a first byte, then never ends the body
//
// Refunds, payouts and rotation take the scenario from the base URL's path
// (`/s/<scenario>` prefix).
//
// With `--proxy <sandbox URL> --rate R --seed S` it is instead a hostile
// proxy in front of the sandbox (whose own faults pass through): a share R
// of the requests is answered wrongly ([PROXY_KINDS]), before forwarding
// (the sandbox never sees it) or after (processed, then a wrong answer). A second origin, "other", records
// whatever reaches it. GET /__records (on the main origin) returns what
// both saw. Run as a process: prints {"url","other"} on its first line;
// exits with its parent (stdin closes).
import http from "node:http";

const OTHER_PAID = "PY_someone_elses_paid";
const BIG = 50 * 1024 * 1024;
const records = { main: [], other: [] };
const sockets = new Set();

function envelope(data, status = 200, message = "success") {
  return JSON.stringify({ status: status < 300 ? "success" : "error", code: status, message, data });
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(body);
}

function paid(reference) {
  return { reference, status: "successful", amount: 7, currency: "ZMW", phone_number: "260970000001" };
}

async function bodyOf(req) {
  let text = "";
  for await (const chunk of req) text += chunk;
  try {
    return JSON.parse(text || "{}");
  } catch {
    return {};
  }
}

function scenarioOf(path, body) {
  const prefixed = /^\/s\/([a-z]+)(\/.*)$/.exec(path);
  if (prefixed) return { scenario: prefixed[1], path: prefixed[2], reference: undefined };
  const ref = /^\/v1\/payment\/(?:pay\/)?([A-Za-z0-9_.~-]+)$/.exec(path)?.[1];
  const reference = body.reference ?? body.payment_reference ?? (ref === "init" ? undefined : ref);
  return { scenario: reference?.split("-")[0] ?? "ok", path, reference };
}

function bigBody(res, withLength) {
  const head = `{"status":"success","code":200,"message":"success","data":{"reference":"x","status":"pending","pad":"`;
  const tail = `"}}`;
  const headers = { "content-type": "application/json" };
  if (withLength) headers["content-length"] = String(BIG);
  res.writeHead(200, headers);
  res.write(head);
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let left = BIG - head.length - tail.length;
  const more = () => {
    while (left > 0) {
      const n = Math.min(left, chunk.length);
      left -= n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return res.once("drain", more);
    }
    res.end(tail);
  };
  res.on("error", () => {});
  more();
}

function main(otherUrl) {
  return async (req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/__records") return send(res, 200, JSON.stringify(records));
    const body = req.method === "POST" ? await bodyOf(req) : {};
    const { scenario, path, reference } = scenarioOf(url.pathname, body);
    const secret = req.headers["secret-key"] ?? "";
    const pub = req.headers["public-key"] ?? "";
    records.main.push({ method: req.method, path, scenario, reference, query: url.search });
    const isInit = path === "/v1/payment/init";
    const isPay = path.startsWith("/v1/payment/pay/");
    switch (scenario) {
      case "wrongref":
        return send(res, 200, envelope(paid(OTHER_PAID)));
      case "wrongamt":
        return send(res, 200, envelope({ reference, status: "pending", amount: 999999.99, currency: "GHS" }));
      case "payreset":
        if (isPay) return req.socket.destroy();
        return send(res, 200, envelope(paid(OTHER_PAID)));
      case "redirother":
        return send(res, 307, "", { location: `${otherUrl}${req.url}${url.search ? "&" : "?"}leak=${encodeURIComponent(secret)}` });
      case "redirself":
        return send(res, 307, "", { location: req.url });
      case "echo":
        return send(res, 401, envelope(null, 401, `invalid secret-key ${secret} for public-key ${pub}`), { "x-request-id": `req-${secret}` });
      case "shape":
        return send(res, 200, envelope({ reference: [secret], status: { pin: pub } }));
      case "big":
        return bigBody(res, true);
      case "bigchunk":
        return bigBody(res, false);
      case "hang":
        return; // the socket stays open until the server closes
      case "trickle":
        res.writeHead(200, { "content-type": "application/json" });
        return res.write("{");
      default: {
        if (path === "/v1/payment/refunds/process" || path === "/v1/payment/payouts/process")
          return send(res, 200, envelope({ reference: "RF_hostile_1", status: "pending", message: "queued" }));
        if (path === "/v1/account/generate-webhook-secret") return send(res, 200, envelope({ webhook_secret: "whsec_new" }));
        if (isInit) return send(res, 200, envelope({ payment_link: "", reference, payment_id: "", status: "pending" }));
        if (isPay) return send(res, 200, envelope({ reference, status: "pending", phone_number: body.phone_number }));
        return send(res, 200, envelope({ reference, status: "pending", amount: 7, currency: "ZMW" }));
      }
    }
  };
}

/**
 * What the proxy may do to a request, by call: `before` kinds answer without
 * forwarding, `after` kinds forward (the sandbox processes it) and then
 * answer wrongly. Only kinds a careful merchant survives without a second
 * payment or prompt (a redirect to init would end the order: the merchant
 * never re-calls a non-retryable init).
 */
export const PROXY_KINDS = {
  init: ["wrongref-after", "wrongamt-after", "echo-before"],
  pay: ["wrongref-after", "redirself-after", "redirother-before", "echo-before"],
  get: ["wrongref-after", "redirother-before", "echo-before"],
};

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function proxy(target, otherUrl, rate, random) {
  const turns = {};
  return async (req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/__records") return send(res, 200, JSON.stringify(records));
    let body = "";
    for await (const chunk of req) body += chunk;
    const call =
      req.method === "POST" && url.pathname === "/v1/payment/init"
        ? "init"
        : url.pathname.startsWith("/v1/payment/pay/")
          ? "pay"
          : req.method === "GET" && url.pathname.startsWith("/v1/payment/")
            ? "get"
            : undefined;
    const kinds = PROXY_KINDS[call] ?? [];
    // Which requests: seeded; which kind: in turn, so every kind comes up.
    const kind = kinds.length && random() < rate ? kinds[(turns[call] = (turns[call] ?? -1) + 1) % kinds.length] : undefined;
    const secret = req.headers["secret-key"] ?? "";
    records.main.push({ method: req.method, path: url.pathname, kind, call });
    if (kind === "echo-before")
      return send(res, 502, envelope(null, 502, `upstream refused secret-key ${secret}`), { "x-request-id": `gw-${secret}` });
    if (kind === "redirother-before") return send(res, 307, "", { location: `${otherUrl}${req.url}?k=${encodeURIComponent(secret)}` });
    const headers = { ...req.headers };
    delete headers.host;
    delete headers.connection;
    const up = http.request(`${target}${req.url}`, { method: req.method, headers }, (upRes) => {
      const wrong = kind?.endsWith("-after") && upRes.statusCode === 200;
      if (!wrong) {
        res.writeHead(upRes.statusCode, upRes.headers);
        upRes.pipe(res);
        upRes.on("aborted", () => res.destroy());
        upRes.on("error", () => res.destroy());
        return;
      }
      let text = "";
      upRes.setEncoding("utf8");
      upRes.on("data", (d) => {
        text += d;
      });
      upRes.on("error", () => res.destroy());
      upRes.on("aborted", () => res.destroy());
      upRes.on("end", () => {
        if (!upRes.complete) return res.destroy();
        if (kind === "redirself-after") return send(res, 307, "", { location: req.url });
        let answer;
        try {
          answer = JSON.parse(text);
        } catch {
          return send(res, 200, text); // the sandbox's own fault: passed on as it came
        }
        if (answer?.data && typeof answer.data === "object") {
          if (kind === "wrongref-after") answer.data = { ...answer.data, reference: "PY_someone_elses_paid", status: "successful" };
          if (kind === "wrongamt-after") answer.data = { ...answer.data, amount: 999999.99, currency: "GHS" };
        }
        send(res, 200, JSON.stringify(answer));
      });
    });
    up.on("error", () => res.destroy());
    res.on("close", () => up.destroy());
    up.end(body);
  };
}

function other(req, res) {
  const headers = Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`);
  records.other.push({ method: req.method, path: new URL(req.url, "http://x").pathname, headers });
  req.resume();
  send(res, 200, envelope(paid(OTHER_PAID)));
}

function listen(server) {
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const otherServer = http.createServer(other);
  const otherUrl = await listen(otherServer);
  const flag = (name) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? undefined : process.argv[i + 1];
  };
  const target = flag("--proxy");
  const handler = target ? proxy(target, otherUrl, Number(flag("--rate") ?? 0.1), prng(Number(flag("--seed") ?? 1))) : main(otherUrl);
  const mainServer = http.createServer(handler);
  const url = await listen(mainServer);
  process.stdout.write(`${JSON.stringify({ url, other: otherUrl })}\n`);
  // Exits with its parent: the test that started it closes stdin (or dies).
  process.stdin.on("end", () => process.exit(0));
  process.stdin.resume();
}

/**
 * Starts the server as a child process (`args`: `--proxy URL --rate R --seed S`
 * for the proxy); `stop()` ends it, `records()` reads its records.
 */
export async function startHostileApi(args = []) {
  const { spawn } = await import("node:child_process");
  const { fileURLToPath } = await import("node:url");
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args], { stdio: ["pipe", "pipe", "inherit"] });
  const kill = () => child.kill("SIGKILL");
  process.on("exit", kill);
  const ready = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("hostile API not ready in 10 s")), 10_000);
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d) => {
      out += d;
      const nl = out.indexOf("\n");
      if (nl < 0) return;
      clearTimeout(timer);
      resolve(JSON.parse(out.slice(0, nl)));
    });
    child.once("exit", (code) => reject(new Error(`hostile API exited (${code})`)));
  });
  child.unref();
  for (const s of [child.stdin, child.stdout]) s.unref?.();
  const exited = new Promise((r) => child.once("exit", r));
  return {
    ...ready,
    records: async () => (await fetch(`${ready.url}/__records`)).json(),
    stop: async () => {
      child.stdin.end();
      const guard = setTimeout(kill, 2000);
      await exited;
      clearTimeout(guard);
      process.off("exit", kill);
    },
  };
}
