// Sends a request built by the package (`vesicash.requests.*`) with plain
// fetch and keeps the answer as it came: status, headers, text, and the JSON
// if the text is JSON. No retries, no interpretation: this is the wire.

/**
 * @param {{method: string, url: string, headers: Record<string, string>, body?: string | null}} request
 * @param {number} timeoutMs
 * @returns {Promise<{status: number, headers: Record<string, string>, text: string, json: any}>}
 * @throws {Error} when no answer arrived (connection refused, timeout, cut body)
 */
export async function send(request, timeoutMs) {
  const res = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body ?? undefined,
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: Object.fromEntries(res.headers), text, json };
}

/** The request without one header (to see whether the endpoint needs it). */
export function without(request, header) {
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== header));
  return { ...request, headers };
}

/**
 * A fetch for the package's own client that answers with `answer` again
 * without sending anything: it shows how the client reads an answer the
 * wire already gave, without a second request.
 */
export function replaying(answer) {
  // The text is already decoded and whole: its transfer headers no longer apply.
  const headers = Object.entries(answer.headers).filter(([name]) => !["content-encoding", "content-length", "transfer-encoding"].includes(name));
  return async () => new Response(answer.text, { status: answer.status, headers });
}

/** A short, one-line account of an answer for the table (the caller redacts it). */
export function describe(answer) {
  const text = answer.text.length > 160 ? `${answer.text.slice(0, 160)}…` : answer.text;
  return `HTTP ${answer.status} ${text || "(empty body)"}`;
}

/** Whether `answer` is the success envelope: `{status: "success", data}` with a 2xx. */
export function isSuccess(answer) {
  return answer.status >= 200 && answer.status < 300 && answer.json?.status === "success" && "data" in answer.json;
}
