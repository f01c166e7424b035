// The Worker's answers: JSON bodies, the error shape {error: {code, field?,
// message}}, and the mapping from each kind of failure to a status.

/** A missing binding or setting: our configuration's fault (500 not_configured). */
export class ConfigError extends Error {}

export function json(value, status = 200) {
  return Response.json(value, { status, headers: { "cache-control": "no-store" } });
}

export function errorResponse(status, code, message, field) {
  return json({ error: { code, ...(field ? { field } : {}), message } }, status);
}

export function vesicashErrorResponse(e) {
  if (e.code === "validation_error") return errorResponse(400, e.code, e.message, e.field);
  if (e.code === "not_found") return errorResponse(404, e.code, e.message);
  // Vesicash (or the way to it) failed: a bad gateway from our caller's view.
  return json({ error: { code: e.code, message: e.message, ...(e.status ? { status: e.status } : {}) } }, 502);
}

/** D1 reports a missing table as "no such table": the migrations were not applied. */
export function notMigrated(e) {
  return /no such table/i.test(String(e?.message ?? e));
}

export function storeOrInternalError(e) {
  console.error("unexpected error", e?.stack ?? e);
  if (notMigrated(e)) {
    return errorResponse(
      500,
      "store_not_migrated",
      "the D1 tables are missing: run `wrangler d1 migrations apply vesicash-demo --local` (same --persist-to as wrangler dev)",
    );
  }
  return errorResponse(500, "internal_error", "unexpected error; see the Worker's logs");
}

export function methodNotAllowed(allow) {
  return new Response(JSON.stringify({ error: { code: "method_not_allowed", message: `use ${allow}` } }), {
    status: 405,
    headers: { allow, "content-type": "application/json" },
  });
}
