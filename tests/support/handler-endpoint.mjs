// The endpoint every consumer's webhook handler test serves: its secret, its
// body limit and its onEvent. No Node imports: the workerd Worker loads it too.

export const HOOK_SECRET = "whsec_handler_consumer";
export const HOOK_MAX_BODY = 64 * 1024;

/**
 * The merchant's onEvent of the test endpoints: records every call, throws for
 * a reference holding FAILALWAYS, and for FAILONCE on the first call with a key.
 * @param {Array<object>} log
 */
export function recordingOnEvent(log) {
  const failedOnce = new Set();
  return async (event, { key, request }) => {
    const { reference, status } = event.data;
    const entry = { key, event: event.event, reference, status, method: request.method, threw: false };
    log.push(entry);
    await Promise.resolve(); // an async store
    if (reference.includes("FAILALWAYS") || (reference.includes("FAILONCE") && !failedOnce.has(key))) {
      failedOnce.add(key);
      entry.threw = true;
      throw new Error(`the store is down (${HOOK_SECRET})`);
    }
  };
}
