// Placeholder until the webhook vectors runner lands (owned by the webhook work).
export async function runWebhookVectors() {
  throw new Error("webhook vectors runner not written yet");
}
