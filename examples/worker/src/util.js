// Small helpers shared by the routes (index.js) and the store (store.js).

/** Unix ms of an RFC 3339 time, or `fallback` when absent or unreadable. */
export function timeOf(value, fallback) {
  const ms = typeof value === "string" ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? ms : fallback;
}
