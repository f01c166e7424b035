// Keeps secrets out of everything the check prints. Every line of output and
// every error message passes through one redactor, which knows the keys in
// use and also hides anything shaped like a Vesicash key or webhook secret
// (a server that echoes a header back must not make the check print it).

const KEY_SHAPE = /\b(morPub|morSec|whsec)_[A-Za-z0-9_-]+/g;

/**
 * A function that replaces each of `secrets` (and any key-shaped text) with
 * a label such as `[secret key]`.
 * @param {Array<[string | undefined, string]>} secrets pairs of [value, label]
 */
export function redactor(secrets) {
  // Longest first, so a secret that contains another is hidden whole.
  const known = secrets.filter(([value]) => typeof value === "string" && value.length > 0).sort((a, b) => b[0].length - a[0].length);
  return (text) => {
    let out = String(text);
    for (const [value, label] of known) out = out.split(value).join(label);
    return out.replace(KEY_SHAPE, (_, kind) => `${kind}_[redacted]`);
  };
}
