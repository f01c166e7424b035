// Type-checked (tsc --noEmit) against the packed package's declarations: the
// reconciliation API's right uses compile, and each misuse below is a type error.
import {
  type Vesicash,
  type VesicashError,
  failureAdvice,
  reconcileSchedule,
  type FailureAdvice,
  type FailureReasonCode,
  type Payment,
  type ReconcileSchedule,
  type RefreshResult,
} from "vesicash-edge";

export async function reconcile(client: Vesicash, rows: { reference: string; created_at: number }[]): Promise<string[]> {
  const results: RefreshResult[] = await client.payments.refresh(
    rows.map((r) => ({ reference: r.reference, createdAt: r.created_at })),
    { concurrency: 4, deadlineMs: 20_000, signal: AbortSignal.timeout(25_000) },
  );
  await client.payments.refresh(["PY_1", { reference: "PY_2", createdAt: new Date() }, { reference: "PY_3", createdAt: "2026-12-01T00:00:00Z" }]);
  await client.payments.waitForFinal("PY_1", { createdAt: Date.now(), timeoutMs: 10_000 });
  const lines: string[] = [];
  for (const r of results) {
    if (r.ok) {
      const payment: Payment = r.payment;
      const reason: FailureReasonCode | null | undefined = payment.failure_reason;
      if (reason) {
        const advice: FailureAdvice = failureAdvice(reason);
        lines.push(`${r.reference}: ${advice.retryable ? "ask again" : "do not ask again"}: ${advice.message}`);
      }
      // @ts-expect-error a misspelt reason is not comparable to the documented ones
      if (payment.failure_reason === "INSUFICIENT_FUNDS") lines.push("never");
      if (payment.failure_reason === "TRNASACTION_FAILED" || payment.failure_reason === "TRANSACTION_FAILED") lines.push("provider");
    } else {
      const error: VesicashError = r.error;
      lines.push(`${r.reference}: ${error.code} ${error.retryable}`);
      // @ts-expect-error a failed result has no payment
      lines.push(r.payment.status);
    }
  }
  const s: ReconcileSchedule = reconcileSchedule(rows[0]?.created_at ?? 0, null, Date.now());
  const next: number | null = s.nextCheckAt;
  lines.push(`${s.due} ${s.expired} ${next ?? "none"} ${s.horizonAt}`);
  // @ts-expect-error times are Unix ms numbers, not Dates
  reconcileSchedule(new Date(), null);
  // @ts-expect-error concurrency is a number
  await client.payments.refresh(["PY_1"], { concurrency: "4" });
  // @ts-expect-error references are strings or { reference, createdAt }
  await client.payments.refresh([42]);
  return lines;
}
