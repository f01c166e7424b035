// Seeded fault injection. One PRNG draw decides each matching request, so the same seed and
// the same request sequence always give the same faults: a failing test replays exactly.

/** Fault kinds, in the order their rate ranges are laid out on [0, 1). */
// A kind with rate 0 takes no room, so adding one never changes an older config's sequence.
export const FAULT_KINDS = ["drop", "truncate", "stall", "html", "rate_limit", "error"];
const RATE_FIELDS = {
  drop: "drop_rate",
  truncate: "truncate_rate",
  stall: "stall_rate",
  html: "html_rate",
  rate_limit: "rate_limit_rate",
  error: "error_rate",
};
/** The keys of by_kind in GET /_sandbox/faults: every kind plus latency-only faults. */
const COUNTED_KINDS = ["error", "rate_limit", "drop", "truncate", "html", "stall", "latency"];
const DEFAULT_ERROR_STATUSES = [500, 502, 503];
const DEFAULT_RETRY_AFTER_SECONDS = 1;
const MAX_LATENCY_MS = 60_000;

/** mulberry32: a tiny, fast, seedable PRNG returning floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Validates a fault config; returns [normalised config or null (= off), error message or null]. */
export function parseFaultConfig(input, defaultSeed) {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return [null, "body must be a JSON object"];
  const known = new Set(["seed", "error_statuses", "retry_after_seconds", "latency_ms", "paths", "count", ...Object.values(RATE_FIELDS)]);
  for (const k of Object.keys(input)) if (!known.has(k)) return [null, `unknown field "${k}"`];
  const cfg = {
    seed: input.seed ?? defaultSeed,
    error_statuses: input.error_statuses ?? DEFAULT_ERROR_STATUSES,
    retry_after_seconds: input.retry_after_seconds ?? DEFAULT_RETRY_AFTER_SECONDS,
    latency_ms: input.latency_ms ?? 0,
    paths: input.paths ?? null,
    count: input.count ?? null,
  };
  let total = 0;
  for (const field of Object.values(RATE_FIELDS)) {
    const r = input[field] ?? 0;
    if (typeof r !== "number" || !(r >= 0 && r <= 1)) return [null, `invalid field "${field}": must be a number from 0 to 1`];
    cfg[field] = r;
    total += r;
  }
  if (total > 1 + 1e-9) return [null, "the fault rates must add up to at most 1"];
  if (!Number.isInteger(cfg.seed)) return [null, 'invalid field "seed": must be an integer'];
  if (
    !Array.isArray(cfg.error_statuses) ||
    cfg.error_statuses.length === 0 ||
    !cfg.error_statuses.every((s) => Number.isInteger(s) && s >= 400 && s <= 599)
  ) {
    return [null, 'invalid field "error_statuses": must be a non-empty array of HTTP statuses 400-599'];
  }
  if (!Number.isInteger(cfg.retry_after_seconds) || cfg.retry_after_seconds < 0)
    return [null, 'invalid field "retry_after_seconds": must be a non-negative integer'];
  if (!Number.isInteger(cfg.latency_ms) || cfg.latency_ms < 0 || cfg.latency_ms > MAX_LATENCY_MS)
    return [null, `invalid field "latency_ms": must be an integer from 0 to ${MAX_LATENCY_MS}`];
  if (cfg.paths !== null && !(Array.isArray(cfg.paths) && cfg.paths.every((p) => typeof p === "string")))
    return [null, 'invalid field "paths": must be an array of path prefixes'];
  if (cfg.count !== null && !(Number.isInteger(cfg.count) && cfg.count >= 0)) return [null, 'invalid field "count": must be a non-negative integer'];
  const active = total > 0 || cfg.latency_ms > 0;
  return [active ? cfg : null, null];
}

/** Creates the injector. A config without a seed gets the default one from parseFaultConfig. */
export function createFaultInjector() {
  let cfg = null;
  let rng = null;
  let history = [];

  return {
    /** Installs a parsed config (null turns faults off) and restarts the PRNG from its seed. */
    configure(config) {
      cfg = config;
      rng = cfg ? mulberry32(cfg.seed) : null;
      history = [];
    },
    /**
     * Decides the fault for one API request, before it is processed.
     * Returns null or { kind: 'latency'|'drop'|'truncate'|'stall'|'html'|'rate_limit'|'error', latencyMs, status?, retryAfter? }.
     * count limits how many requests are affected (latency included).
     */
    decide(method, path) {
      if (!cfg) return null;
      if (cfg.paths && !cfg.paths.some((p) => path.startsWith(p))) return null;
      if (cfg.count !== null && history.length >= cfg.count) return null;
      const r = rng();
      let kind = null;
      let edge = 0;
      for (const k of FAULT_KINDS) {
        edge += cfg[RATE_FIELDS[k]];
        if (r < edge) {
          kind = k;
          break;
        }
      }
      if (!kind && cfg.latency_ms === 0) return null;
      const fault = { kind: kind ?? "latency", latencyMs: cfg.latency_ms };
      if (kind === "error") fault.status = cfg.error_statuses[Math.floor(rng() * cfg.error_statuses.length)];
      if (kind === "rate_limit") {
        fault.status = 429;
        fault.retryAfter = cfg.retry_after_seconds;
      }
      if (kind === "html") fault.status = 502;
      history.push({ n: history.length + 1, method, path, ...fault });
      return fault;
    },
    /** The config in force, every fault injected since it was set, and their count per kind (zeros included). */
    state() {
      const byKind = Object.fromEntries(COUNTED_KINDS.map((k) => [k, 0]));
      for (const f of history) byKind[f.kind] += 1;
      return { config: cfg, injected: history.length, history, by_kind: byKind };
    },
  };
}
