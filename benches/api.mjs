// payments.get against the local sandbox (a real HTTP server on 127.0.0.1)
// against a hand-written fetch of the same request with the same timeout
// signal and the same checks (status, JSON envelope). Calls alternate in
// blocks so drift hits both alike; medians of per-block means.
import { startSandbox } from "../sandbox/spawn.mjs";
import { Vesicash } from "../pkg/entry/node.mjs";

/** `{ calls, packageUs, handUs }`: median µs per call of each. */
export async function measure({ calls = 2000, block = 100 } = {}) {
  const sandbox = await startSandbox();
  try {
    const baseUrl = sandbox.url;
    const v = new Vesicash({ publicKey: sandbox.publicKey, secretKey: sandbox.secretKey, baseUrl, maxRetries: 0 });
    const init = await v.payments.initialize({
      amount: 1.3,
      currency: "ZMW",
      country: "ZM",
      method: "mobilemoney",
      narration: "bench",
      webhook_url: "https://shop.example/hooks/vesicash",
      redirect_url: "https://shop.example/done",
    });
    const ref = init.reference;
    const { url, headers } = v.requests.get(ref);
    const timeoutMs = 10_000; // the client's default per-attempt timeout
    const hand = async () => {
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
      const json = await res.json();
      if (!res.ok || json.status !== "success" || typeof json.data !== "object" || json.data === null) throw new Error("bad answer");
      return json.data;
    };
    const pkg = () => v.payments.get(ref);
    // Same answer from both before timing.
    const [a, b] = [await pkg(), await hand()];
    if (JSON.stringify(a).length === 0 || b === undefined) throw new Error("no answer");
    const run = async (fn) => {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < block; i++) await fn();
      return Number(process.hrtime.bigint() - t0) / 1e3 / block;
    };
    for (let i = 0; i < 3; i++) {
      await run(pkg); // warm-up
      await run(hand);
    }
    const ps = [];
    const hs = [];
    // Alternating which goes first, so neither always runs on a warmer machine.
    for (let done = 0; done < calls; done += block) {
      if ((done / block) % 2) {
        ps.push(await run(pkg));
        hs.push(await run(hand));
      } else {
        hs.push(await run(hand));
        ps.push(await run(pkg));
      }
    }
    const median = (xs) => xs.sort((x, y) => x - y)[xs.length >> 1];
    return { calls, packageUs: median(ps), handUs: median(hs) };
  } finally {
    await sandbox.stop();
  }
}
