// The checkout page: posts the form to the Worker, then polls the payment's
// status and shows its timeline live. Everything shown comes from the
// Worker's store (D1): the stored state, and the timeline rows written as
// the payment moved (the Worker asks Vesicash only while the stored state is
// not final). Plain browser JS, no build step.

const POLL_INTERVAL_MS = 300;
/** Stop polling a payment that is still pending after this long. */
const MAX_WAIT_MS = 120_000;
/** After a final status, keep polling this long for the signed webhook. */
const WEBHOOK_GRACE_MS = 8_000;

/** The sandbox's magic numbers: last digit → what the simulated phone does. */
const TEST_NUMBERS = [
  ["1", "approves"],
  ["2", "declines"],
  ["3", "never answers (expires)"],
  ["4", "insufficient funds"],
];

/** Texts for the failure reasons Vesicash documents (docs/contract.md) that the sandbox's phones give. */
const FAILURE_REASONS = {
  DECLINED_TRANSACTION: "The customer declined the payment prompt.",
  INSUFFICIENT_FUNDS: "The customer's wallet has insufficient funds.",
};

const $ = (id) => document.getElementById(id);
const form = $("checkout-form");
const amount = $("amount");
const currency = $("currency");
const phone = $("phone");
const narration = $("narration");
const payButton = $("pay");
const timeline = $("timeline");
const result = $("result");
const stored = $("stored");

let run = 0; // increments per payment so a stale poll loop stops itself

function selectedCountry() {
  const option = currency.selectedOptions[0];
  return { code: option.dataset.country, name: option.dataset.countryName, prefix: option.dataset.prefix };
}

function fillPhoneNumbers() {
  const { prefix } = selectedCountry();
  const previous = phone.selectedIndex;
  phone.replaceChildren(
    ...TEST_NUMBERS.map(([digit, label]) => {
      const number = prefix + "00" + digit;
      const option = new Option(`${number} — ${label}`, number);
      option.dataset.behaviour = label;
      return option;
    }),
  );
  phone.selectedIndex = Math.max(previous, 0);
}

function updateCountry() {
  const { code, name } = selectedCountry();
  $("country-code").textContent = code;
  $("country-name").textContent = name;
  fillPhoneNumbers();
  updatePayLabel();
}

function updatePayLabel() {
  const value = amount.value.trim();
  $("pay-amount").textContent = /^\d+(\.\d{1,2})?$/.test(value) ? `${currency.value} ${Number(value).toFixed(2)}` : "";
}

function clearErrors() {
  for (const id of ["amount-error", "phone-error", "form-error"]) {
    $(id).hidden = true;
    $(id).textContent = "";
  }
  for (const el of [amount, currency, phone]) el.removeAttribute("aria-invalid");
}

function showError(field, message) {
  const target = {
    amount: [amount, "amount-error"],
    currency: [currency, "amount-error"],
    country: [currency, "amount-error"],
    phone_number: [phone, "phone-error"],
  }[field];
  if (target) {
    const [input, errorId] = target;
    input.setAttribute("aria-invalid", "true");
    $(errorId).textContent = message;
    $(errorId).hidden = false;
    input.focus();
  } else {
    $("form-error").textContent = message;
    $("form-error").hidden = false;
  }
}

function setResult(state, title, detail) {
  result.dataset.state = state;
  $("result-title").textContent = title;
  $("result-detail").textContent = detail;
}

function formatElapsed(ms) {
  return `+${(Math.max(0, ms) / 1000).toFixed(2)} s`;
}

const SOURCES = { initialize: "Vesicash's answer to initialise", webhook: "the signed webhook", poll: "a status check with Vesicash" };

function stepKind(step) {
  const status = step.detail?.status;
  if (["webhook_rejected", "webhook_conflict", "error"].includes(step.step)) return "bad";
  if (step.step === "webhook_duplicate" || step.step === "webhook_stale") return "warn";
  if (["customer_answered", "status", "webhook_verified"].includes(step.step) && status && status !== "pending") {
    if (status === "expired") return "warn";
    if (status === "failed" || status === "cancelled" || status === "reversed") return "bad";
    if (step.step !== "webhook_verified") return "ok";
  }
  return step.step === "webhook_verified" ? "ok" : "info";
}

/** Adds the steps not shown yet, in the server's (time) order; shown steps never move. */
function renderTimeline(steps) {
  $("timeline-empty").hidden = steps.length > 0;
  const shown = new Map([...timeline.children].map((li) => [li.dataset.key, li]));
  let next = timeline.firstElementChild;
  for (const step of steps) {
    const key = step.id !== undefined ? `row-${step.id}` : `${step.step}|${step.at}|${step.label}`;
    const existing = shown.get(key);
    if (existing) {
      next = existing.nextElementSibling;
      continue;
    }
    const li = document.createElement("li");
    li.dataset.key = key;
    li.dataset.step = step.step;
    li.dataset.kind = stepKind(step);
    const label = document.createElement("p");
    label.className = "step-label";
    label.textContent = step.label;
    const time = document.createElement("time");
    time.className = "step-time";
    time.dateTime = step.at;
    time.textContent = formatElapsed(step.elapsed_ms);
    time.title = new Date(step.at).toLocaleTimeString();
    li.append(label, time);
    timeline.insertBefore(li, next);
  }
}

/** The stored state, as one line under the result. */
function renderStored(view) {
  const { state, conflicts = [] } = view;
  if (!state) {
    stored.hidden = true;
    return;
  }
  const conflict = conflicts.length ? ` · Conflict flagged for a person: Vesicash also reported ${conflicts.map((c) => c.seen).join(", ")}.` : "";
  $("stored-status").textContent = state.status;
  $("stored-detail").textContent = ` · set by ${SOURCES[state.source] ?? state.source} · version ${state.version}${conflict}`;
  stored.dataset.status = state.status;
  stored.hidden = false;
}

function describe(view, order) {
  const { outcome, webhook_verified: webhookVerified } = view;
  const status = view.state?.status ?? view.payment?.status ?? "pending";
  const failureReason = view.payment?.failure_reason;
  const webhookNote = webhookVerified ? " Signed webhook verified." : " Waiting for the signed webhook…";
  if (outcome === "paid") {
    return ["paid", "Payment received", `${order.currency} ${order.amount} paid (status ${status}).${webhookNote}`];
  }
  if (status === "expired") {
    return ["expired", "Payment expired", `The customer did not answer the prompt in time.${webhookNote}`];
  }
  if (outcome === "failed") {
    const reason = FAILURE_REASONS[failureReason] ?? `Vesicash reported status “${status}”${failureReason ? ` (${failureReason})` : ""}.`;
    return ["failed", "Payment failed", `${reason}${webhookNote}`];
  }
  return ["pending", "Waiting for the customer", `A payment prompt was sent to ${order.phone}. The customer approves it with their PIN.`];
}

async function poll(reference, order, myRun) {
  const started = Date.now();
  let finalAt = null;
  let failures = 0;
  while (myRun === run) {
    let view;
    try {
      const res = await fetch(`/api/payments/${encodeURIComponent(reference)}`, { headers: { accept: "application/json" } });
      const body = await res.json();
      if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
      view = body;
      failures = 0;
    } catch (e) {
      if (++failures >= 10) {
        setResult("error", "Could not check the payment", `${e.message}. Reference ${reference}: check it again later.`);
        break;
      }
    }
    if (myRun !== run) return;
    if (view) {
      renderTimeline(view.timeline);
      renderStored(view);
      const [state, title, detail] = describe(view, order);
      setResult(state, title, detail);
      if (state !== "pending") {
        finalAt ??= Date.now();
        if (view.webhook_verified || Date.now() - finalAt > WEBHOOK_GRACE_MS) break;
      }
    }
    if (!finalAt && Date.now() - started > MAX_WAIT_MS) {
      setResult("pending", "Still pending", `No final status after ${MAX_WAIT_MS / 1000} s; stopped checking. Reference ${reference}.`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  if (myRun === run) finish();
}

function finish() {
  payButton.disabled = false;
  payButton.removeAttribute("aria-busy");
}

async function submit(event) {
  event.preventDefault();
  clearErrors();
  const value = amount.value.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(value) || Number(value) <= 0) {
    showError("amount", "Enter an amount greater than 0 with at most 2 decimals, e.g. 25.00.");
    return;
  }
  const myRun = ++run;
  const { code } = selectedCountry();
  const order = { amount: Number(value).toFixed(2), currency: currency.value, phone: phone.value };
  payButton.disabled = true;
  payButton.setAttribute("aria-busy", "true");
  timeline.replaceChildren();
  $("timeline-empty").hidden = false;
  $("reference").hidden = true;
  stored.hidden = true;
  setResult("pending", "Starting the payment…", "Contacting Vesicash.");

  let res, body;
  try {
    res = await fetch("/api/checkout", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      // The amount stays a decimal string: no float rounding on the way.
      body: JSON.stringify({
        amount: value,
        currency: currency.value,
        country: code,
        phone_number: phone.value,
        narration: narration.value.trim() || undefined,
      }),
    });
    body = await res.json();
  } catch (e) {
    setResult("error", "Could not start the payment", `The server could not be reached (${e.message}).`);
    finish();
    return;
  }
  if (!res.ok) {
    const error = body?.error ?? {};
    if (res.status === 400) {
      showError(error.field, error.message ?? "Check the form.");
      setResult("idle", "No payment yet", "Fix the highlighted field and try again.");
    } else {
      setResult("error", "Could not start the payment", `${error.message ?? `HTTP ${res.status}`} (${error.code ?? "error"})`);
    }
    finish();
    return;
  }
  $("reference-value").textContent = body.reference;
  $("reference").hidden = false;
  renderTimeline(body.timeline);
  setResult("pending", "Waiting for the customer", `A payment prompt was sent to ${order.phone}. The customer approves it with their PIN.`);
  poll(body.reference, order, myRun);
}

currency.addEventListener("change", updateCountry);
amount.addEventListener("input", updatePayLabel);
form.addEventListener("submit", submit);
updateCountry();
