// payments.get against the local sandbox (a real HTTP server on 127.0.0.1)
// against a hand-written fetch of the same request with the same timeout
// signal and the same checks (status, JSON envelope). Calls alternate in
// blocks so drift hits both alike; medians of per-block means. Measured twice:
// over loopback (wall time, and this process's CPU time: the sandbox runs in
// its own process), and with an in-memory fetch answering the same bytes
// (the client's own cost, nothing else).
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
    // The same answer from memory: a fresh Response per call, as fetch gives.
    const answer = await (await fetch(url, { headers })).text();
    const memory = async () => new Response(answer, { status: 200, headers: { "content-type": "application/json" } });
    const vm = new Vesicash({ publicKey: sandbox.publicKey, secretKey: sandbox.secretKey, baseUrl, maxRetries: 0, fetch: memory });
    const handMemory = async () => {
      const res = await memory(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
      const json = await res.json();
      if (!res.ok || json.status !== "success" || typeof json.data !== "object" || json.data === null) throw new Error("bad answer");
      return json.data;
    };
    const pkgMemory = () => vm.payments.get(ref);
    const cpu = { pkg: [], hand: [], pkgMemory: [], handMemory: [] };
    const run = async (fn, into) => {
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < block; i++) await fn();
      const wall = Number(process.hrtime.bigint() - t0) / 1e3 / block;
      const c = process.cpuUsage(c0);
      into?.push((c.user + c.system) / block);
      return wall;
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
        ps.push(await run(pkg, cpu.pkg));
        hs.push(await run(hand, cpu.hand));
      } else {
        hs.push(await run(hand, cpu.hand));
        ps.push(await run(pkg, cpu.pkg));
      }
    }
    for (let i = 0; i < 3; i++) {
      await run(pkgMemory); // warm-up
      await run(handMemory);
    }
    for (let done = 0; done < calls; done += block) {
      await run(handMemory, cpu.handMemory);
      await run(pkgMemory, cpu.pkgMemory);
    }
    const median = (xs) => xs.sort((x, y) => x - y)[xs.length >> 1];
    return {
      calls,
      packageUs: median(ps),
      handUs: median(hs),
      packageCpuUs: median(cpu.pkg),
      handCpuUs: median(cpu.hand),
      packageMemoryCpuUs: median(cpu.pkgMemory),
      handMemoryCpuUs: median(cpu.handMemory),
    };
  } finally {
    await sandbox.stop();
  }
}
