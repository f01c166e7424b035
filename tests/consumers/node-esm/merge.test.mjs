// mergeStatus from the packed tarball: the rules the README states, through the
// JS facade (plainObservation) and the wasm merge, including the optional `source`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VesicashError, mergeStatus } from "vesicash-edge";

const REF = "order-merge-0001";
const seen = (status, at, source) => (source === undefined ? { reference: REF, status, at } : { reference: REF, status, at, source });

test("mergeStatus: an observation without source (or with source undefined) is merged", () => {
  for (const next of [seen("pending", 1), { reference: REF, status: "pending", at: 1, source: undefined }]) {
    const merged = mergeStatus(null, next);
    assert.equal(merged.changed, true);
    assert.equal(merged.state.status, "pending");
    assert.equal(merged.state.source, "", "always set in the merged state: empty when none was given");
    assert.equal(merged.conflict, undefined);
  }
});

test("mergeStatus: final never reverts, a duplicate is a no-op, an older observation loses", () => {
  const paid = mergeStatus(seen("pending", 1, "poll"), seen("successful", 5, "webhook"));
  assert.deepEqual([paid.changed, paid.state.status, paid.state.source], [true, "successful", "webhook"]);

  const reverted = mergeStatus(paid.state, seen("pending", 9, "poll"));
  assert.deepEqual([reverted.changed, reverted.state.status], [false, "successful"]);

  const duplicate = mergeStatus(paid.state, seen("successful", 5, "webhook"));
  assert.equal(duplicate.changed, false);

  const older = mergeStatus(seen("pending", 10, "poll"), seen("pending", 3));
  assert.deepEqual([older.changed, older.state.at], [false, 10]);
});

test("mergeStatus: two different final states are a conflict, the held one kept", () => {
  const merged = mergeStatus(seen("successful", 5, "webhook"), seen("failed", 6, "poll"));
  assert.equal(merged.changed, false);
  assert.equal(merged.state.status, "successful");
  assert.deepEqual(merged.conflict, { held: "successful", seen: "failed" });
});

test("mergeStatus: observations of two payments, or a non-finite time, are validation errors", () => {
  assert.throws(
    () => mergeStatus(seen("pending", 1), { reference: "order-merge-0002", status: "pending", at: 2 }),
    (e) => e instanceof VesicashError && e.code === "validation_error",
  );
  assert.throws(
    () => mergeStatus(null, seen("pending", Number.NaN)),
    (e) => e instanceof VesicashError && e.code === "validation_error" && e.field === "next",
  );
});
