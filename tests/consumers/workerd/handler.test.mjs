// The webhook handler inside real workerd (wrangler dev): the Worker serves
// createWebhookHandler, checked here over HTTP, then takes the sandbox's
// real deliveries (a 500 delivered again included).
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { Vesicash, signWebhook } from "vesicash-edge";
import { startSandbox } from "../../../sandbox/spawn.mjs";
import { startWrangler } from "../../support/processes.mjs";
import { HOOK_SECRET, checkHandlerCases, checkSandboxDeliveries } from "../../support/handler-checks.mjs";

const config = fileURLToPath(new URL("./wrangler.toml", import.meta.url));

test("workerd: createWebhookHandler answers 200, 400, 405 and 500, and takes the sandbox's deliveries", async (t) => {
  const worker = await startWrangler(config, { vars: { HOOK_SECRET } });
  t.after(() => worker.stop());
  const url = `${worker.url}/hooks/vesicash`;
  const send = async (method, body, headers) => {
    const res = await fetch(url, { method, body, headers });
    return { status: res.status, text: await res.text(), headers: res.headers };
  };
  const seen = async () => (await fetch(`${worker.url}/hooks/seen`)).json();
  await checkHandlerCases({ send, seen, signWebhook, tag: "workerd" });
  const sandbox = await startSandbox({ args: ["--phone-delay-ms", "50", "--webhook-secret", HOOK_SECRET] });
  t.after(() => sandbox.stop());
  await checkSandboxDeliveries({ Vesicash, sandbox, url, seen, tag: "workerd" });
});
