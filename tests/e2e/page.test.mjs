// The checkout page (www/, served by the demo Worker in real workerd, its
// state in a local D1 database) in a real browser: Debian's chromium driven by
// playwright-core. One approved and one declined payment, completed by
// clicking; the page shows the timeline and state stored in D1. Screenshots in
// tests/artifacts/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../../sandbox/spawn.mjs";
import { applyD1Migrations, sandboxVars, startWrangler } from "../support/processes.mjs";
import { launchChromium } from "../support/browser.mjs";

const CONFIG = fileURLToPath(new URL("../../examples/worker/wrangler.toml", import.meta.url));
const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
const FINAL_MS = 15_000; // bound on the page showing a final state

test("checkout page: an approved and a declined payment, by clicking", async (t) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // A phone delay long enough to see the pending state on the page.
  const persistTo = mkdtempSync(join(tmpdir(), "vesicash-demo-d1-"));
  let sandbox, worker;
  t.after(async () => {
    await Promise.allSettled([worker?.stop(), sandbox?.stop()]);
    rmSync(persistTo, { recursive: true, force: true });
  });
  sandbox = await startSandbox({ args: ["--phone-delay-ms", "700", "--expiry-ms", "3000"] });
  await applyD1Migrations(CONFIG, { database: "vesicash-demo", persistTo });
  worker = await startWrangler(CONFIG, { vars: sandboxVars(sandbox), persistTo });

  // chromium.launch gives the browser a fresh temporary profile (user-data-dir)
  // and deletes it on close.
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1180, height: 860 } });
  page.setDefaultTimeout(FINAL_MS);
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));

  await page.goto(worker.url + "/");
  assert.equal(await page.title(), "Checkout · Kalahari Goods (vesicash-edge demo)");
  // Every control has an accessible label; the timeline is a live region.
  await page.getByLabel("Amount").waitFor();
  await page.getByLabel("Currency").waitFor();
  await page.getByLabel("Customer's mobile-money number").waitFor();
  assert.equal(await page.locator("#timeline").getAttribute("aria-live"), "polite");
  assert.equal(await page.locator("#result").getAttribute("role"), "status");
  // Zambia's four test numbers, labelled with what the phone does.
  const options = await page.locator("#phone option").allTextContents();
  assert.deepEqual(options, [
    "260970000001 — approves",
    "260970000002 — declines",
    "260970000003 — never answers (expires)",
    "260970000004 — insufficient funds",
  ]);
  await page.screenshot({ path: ARTIFACTS + "page-initial.png", fullPage: true });

  async function pay({ amount, currency, phone }) {
    await page.getByLabel("Amount").fill(amount);
    await page.getByLabel("Currency").selectOption(currency);
    await page.getByLabel("Customer's mobile-money number").selectOption(phone);
    await page.getByRole("button", { name: /^Pay / }).click();
    // Started (a reference is shown), or refused: then fail at once, saying why.
    await page.locator("#reference:not([hidden]), #result[data-state=error], #form-error:not([hidden])").first().waitFor();
    if (await page.locator("#reference").isHidden()) {
      const shown = await page.locator("#result, #form-error").allInnerTexts();
      throw new Error(`the payment did not start: ${shown.join(" | ")}\n--- wrangler output ---\n${worker.output()}`);
    }
    return (await page.locator("#reference-value").textContent()).trim();
  }

  async function timelineSteps() {
    return page.locator("#timeline li").evaluateAll((lis) => lis.map((li) => li.dataset.step));
  }

  /** The page shows the stored timeline and state: the same as the Worker's store holds. */
  async function assertShowsStore(reference, status) {
    const res = await fetch(`${worker.url}/api/payments/${reference}`);
    const view = await res.json();
    assert.equal(view.store, "d1");
    assert.equal(view.state.status, status);
    assert.deepEqual(
      await timelineSteps(),
      view.timeline.map((s) => s.step),
    );
    const labels = await page.locator("#timeline li .step-label").allTextContents();
    assert.deepEqual(
      labels,
      view.timeline.map((s) => s.label),
    );
    assert.equal(await page.locator("#stored").isVisible(), true);
    assert.equal(await page.locator("#stored-status").textContent(), status);
    assert.match(await page.locator("#stored").textContent(), /^Stored in D1: /);
  }

  await t.test("approved (Zambia)", async () => {
    const reference = await pay({ amount: "25.00", currency: "ZMW", phone: "260970000001" });
    assert.match(reference, /^order-/);
    await page.screenshot({ path: ARTIFACTS + "page-approved-pending.png", fullPage: true });
    await page.locator("#result[data-state=paid]").waitFor();
    // The page keeps polling until the signed webhook is verified.
    await page.locator("#timeline li[data-step=webhook_verified]").waitFor();
    await page.locator("#pay:not([disabled])").waitFor();
    assert.equal(await page.locator("#result-title").textContent(), "Payment received");
    assert.match(await page.locator("#result-detail").textContent(), /ZMW 25\.00 paid .*Signed webhook verified/);
    const steps = await timelineSteps();
    for (const step of ["initialized", "prompt_sent", "customer_answered", "webhook_verified", "status"]) {
      assert.ok(steps.includes(step), `timeline has ${step}: ${steps}`);
    }
    assert.match(await page.locator("#timeline").textContent(), /Customer approved the payment on the phone/);
    assert.equal((await sandbox.payment(reference)).status, "successful");
    await assertShowsStore(reference, "successful");
    await page.screenshot({ path: ARTIFACTS + "page-approved.png", fullPage: true });
  });

  await t.test("declined (Ghana), a second payment from the same page", async () => {
    const reference = await pay({ amount: "12.30", currency: "GHS", phone: "233240000002" });
    assert.equal(await page.locator("#country-code").textContent(), "GH");
    await page.locator("#result[data-state=failed]").waitFor();
    await page.locator("#timeline li[data-step=webhook_verified]").waitFor();
    await page.locator("#pay:not([disabled])").waitFor();
    assert.equal(await page.locator("#result-title").textContent(), "Payment failed");
    assert.match(await page.locator("#result-detail").textContent(), /declined the payment prompt.*Signed webhook verified/);
    const steps = await timelineSteps();
    for (const step of ["initialized", "prompt_sent", "customer_answered", "webhook_verified", "status"]) {
      assert.ok(steps.includes(step), `timeline has ${step}: ${steps}`);
    }
    // Only this payment's steps: the first payment's timeline was cleared.
    assert.equal(steps.filter((s) => s === "initialized").length, 1);
    assert.match(await page.locator("#timeline").textContent(), /Customer declined the payment on the phone/);
    const payment = await sandbox.payment(reference);
    assert.equal(payment.status, "failed");
    assert.equal(payment.failure_reason, "DECLINED_TRANSACTION");
    await assertShowsStore(reference, "failed");
    await page.screenshot({ path: ARTIFACTS + "page-declined.png", fullPage: true });
  });

  await t.test("an invalid amount is flagged on its field, keyboard only", async () => {
    await page.getByLabel("Amount").fill("1.234");
    await page.getByLabel("Amount").press("Enter"); // submits the form
    await page.locator("#amount-error:not([hidden])").waitFor();
    assert.equal(await page.getByLabel("Amount").getAttribute("aria-invalid"), "true");
    assert.equal(await page.evaluate(() => document.activeElement.id), "amount");
    await page.screenshot({ path: ARTIFACTS + "page-invalid-amount.png", fullPage: true });
  });

  assert.deepEqual(problems, []);
});
