#!/usr/bin/env python3
"""Generates tests/vectors/webhook.json: known-answer vectors for webhook
verification, computed here with Python's hmac/hashlib, outside the
project's code. Run: python3 tests/vectors/make_webhook_vectors.py

Each case: body (one of `body` text, `body_b64` bytes, `body_repeat`
{prefix, unit, times, suffix} generated text, `body_json_object` for a
parsed object that JS must refuse), `headers` as [name, value] pairs
(repeats allowed), `secrets` (a list; one element means a single secret),
`now`, optional `options` {tolerance_seconds, legacy_body_only}, and
`expect` {ok: true, event, reference, status} or {ok: false, code}.
Cases with `js_only` cannot be expressed in Rust (a non-raw JS body).
"""
import base64
import hashlib
import hmac
import json
import os

NOW = 1767225600  # 2026-01-01T00:00:00Z
SECRET = "whsec_test_5f2b0c9d1e7a4b3c8f6a"
OLD_SECRET = "whsec_test_old_0a1b2c3d4e5f"
UNICODE_SECRET = "clé-secrète-🔑-ключ"

BODY = '{"event":"payment.updated","data":{"reference":"PY_c77f7bff21514bdf9dfe9f1b2","status":"successful","amount":1.3,"currency":"ZMW"}}'
STATUS_BODY = json.dumps({
    "event": "payment.updated",
    "data": {"id": 12, "amount": 250.0, "type": "payment", "method": "mobilemoney", "status": "pending",
             "currency": "GHS", "reference": "order-0000001", "business_id": 7,
             "created_at": "2026-01-01T00:00:00Z", "environment": "test",
             "redirect_url": "https://shop.example/done", "email": "", "customer_first_name": "Ama",
             "customer_last_name": "", "phone_number": "233241234567"},
}, separators=(",", ":"))
UNICODE_BODY = '{"event":"payment.updated","data":{"reference":"PY_unicode_0001","status":"successful","narration":"Paiement pour le riz 🍚 — ñ, 中文, עברית","customer_first_name":"Zoë"}}'
ESCAPED_BODY = '{"event":"payment.updated","data":{"reference":"PY_escaped_001","status":"failed","narration":"caf\\u00e9 \\ud83c\\udf5a \\"quoted\\""}}'
UNKNOWN_BODY = '{"id":"evt_01","event":"payout.settled","created":1767225600,"data":{"reference":"PO_0001","status":"on_hold","brand_new":[1,{"x":null}],"currency":7}}'
PRETTY_BODY = '{\r\n  "event": "payment.updated",\r\n  "data": {\r\n    "reference": "PY_pretty_0001",\r\n    "status": "expired"\r\n  }\r\n}\r\n'


def sign(secret, body_bytes, ts):
    msg = (ts.encode() + b"." + body_bytes) if ts is not None else body_bytes
    return hmac.new(secret.encode("utf-8"), msg, hashlib.sha256).hexdigest()


cases = []


def case(name, expect, body=None, body_bytes=None, headers=None, secrets=(SECRET,), now=NOW, options=None, **extra):
    c = {"name": name}
    if body_bytes is not None:
        try:
            c["body"] = body_bytes.decode("utf-8")
        except UnicodeDecodeError:
            c["body_b64"] = base64.b64encode(body_bytes).decode()
    elif body is not None:
        c.update(body)
    c["headers"] = headers
    c["secrets"] = list(secrets)
    c["now"] = now
    if options:
        c["options"] = options
    c.update(extra)
    c["expect"] = expect
    cases.append(c)


def ok(body_text):
    d = json.loads(body_text)
    return {"ok": True, "event": d["event"], "reference": d["data"]["reference"], "status": d["data"]["status"]}


def err(code):
    return {"ok": False, "code": code}


def hdrs(sig, ts):
    out = []
    if sig is not None:
        out.append(["mor-signature", sig])
    if ts is not None:
        out.append(["mor-timestamp", ts])
    return out


def signed(body_text, secret=SECRET, ts=NOW, ts_header=None):
    t = str(ts)
    return hdrs(sign(secret, body_text.encode("utf-8"), t), ts_header if ts_header is not None else t)


B = BODY.encode()

# ---- positive -------------------------------------------------------------
case("basic payment.updated", ok(BODY), body_bytes=B, headers=signed(BODY))
case("status endpoint shape, pending", ok(STATUS_BODY), body_bytes=STATUS_BODY.encode(), headers=signed(STATUS_BODY))
case("unicode body as raw UTF-8", ok(UNICODE_BODY), body_bytes=UNICODE_BODY.encode(), headers=signed(UNICODE_BODY))
case("unicode secret", ok(BODY), body_bytes=B, headers=signed(BODY, secret=UNICODE_SECRET), secrets=[UNICODE_SECRET])
case("unicode body and unicode secret", ok(UNICODE_BODY), body_bytes=UNICODE_BODY.encode(),
     headers=signed(UNICODE_BODY, secret=UNICODE_SECRET), secrets=[UNICODE_SECRET])
case("escaped unicode in body", ok(ESCAPED_BODY), body_bytes=ESCAPED_BODY.encode(), headers=signed(ESCAPED_BODY))
case("unknown event, status and fields are kept", ok(UNKNOWN_BODY), body_bytes=UNKNOWN_BODY.encode(), headers=signed(UNKNOWN_BODY))
case("pretty-printed body with CRLF, signed as sent", ok(PRETTY_BODY), body_bytes=PRETTY_BODY.encode(), headers=signed(PRETTY_BODY))
BIG_PREFIX = '{"event":"payment.updated","data":{"reference":"PY_big_000001","status":"successful","narration":"'
BIG_UNIT = "0123456789abcdef"
BIG_TIMES = 65536  # 1 MiB of narration
BIG_SUFFIX = '"}}'
big = (BIG_PREFIX + BIG_UNIT * BIG_TIMES + BIG_SUFFIX)
case("1 MiB body, generated", ok(big),
     body={"body_repeat": {"prefix": BIG_PREFIX, "unit": BIG_UNIT, "times": BIG_TIMES, "suffix": BIG_SUFFIX}},
     headers=signed(big))
case("header names in upper and mixed case", ok(BODY), body_bytes=B,
     headers=[["MOR-SIGNATURE", sign(SECRET, B, str(NOW))], ["Mor-Timestamp", str(NOW)]])
case("rotation: signed with the new secret, both given", ok(BODY), body_bytes=B, headers=signed(BODY), secrets=[OLD_SECRET, SECRET])
case("rotation: signed with the old secret, both given", ok(BODY), body_bytes=B, headers=signed(BODY, secret=OLD_SECRET),
     secrets=[OLD_SECRET, SECRET])
case("two signatures joined with ', ': second valid", ok(BODY), body_bytes=B,
     headers=hdrs(sign(OLD_SECRET, B, str(NOW)) + ", " + sign(SECRET, B, str(NOW)), str(NOW)))
case("two signatures joined with a space: first valid", ok(BODY), body_bytes=B,
     headers=hdrs(sign(SECRET, B, str(NOW)) + " " + sign(OLD_SECRET, B, str(NOW)), str(NOW)))
case("signature header sent twice: one valid", ok(BODY), body_bytes=B,
     headers=[["mor-signature", sign(OLD_SECRET, B, str(NOW))], ["mor-signature", sign(SECRET, B, str(NOW))], ["mor-timestamp", str(NOW)]])
case("tolerance edge: exactly 300 s old passes", ok(BODY), body_bytes=B, headers=signed(BODY, ts=NOW - 300))
case("tolerance edge: exactly 300 s ahead passes", ok(BODY), body_bytes=B, headers=signed(BODY, ts=NOW + 300))
case("tolerance 0: exactly now passes", ok(BODY), body_bytes=B, headers=signed(BODY), options={"tolerance_seconds": 0})
case("tolerance 600: 500 s old passes", ok(BODY), body_bytes=B, headers=signed(BODY, ts=NOW - 500), options={"tolerance_seconds": 600})
case("timestamp with surrounding whitespace (HTTP OWS) is trimmed", ok(BODY), body_bytes=B,
     headers=hdrs(sign(SECRET, B, str(NOW)), f"  {NOW}\t"))
case("legacy body-only scheme, opted in", ok(BODY), body_bytes=B, headers=hdrs(sign(SECRET, B, None), None),
     options={"legacy_body_only": True})
case("legacy body-only scheme ignores a stale timestamp header", ok(BODY), body_bytes=B,
     headers=hdrs(sign(SECRET, B, None), str(NOW - 86400)), options={"legacy_body_only": True})
case("duplicate keys: the last wins, as in JSON.parse", {"ok": True, "event": "payment.updated", "reference": "PY_dup_2", "status": "successful"},
     body_bytes=b'{"event":"x","data":{"reference":"PY_dup_1","status":"pending","reference":"PY_dup_2","status":"successful"},"event":"payment.updated"}',
     headers=signed('{"event":"x","data":{"reference":"PY_dup_1","status":"pending","reference":"PY_dup_2","status":"successful"},"event":"payment.updated"}'))

# ---- negative: headers ----------------------------------------------------
sig_now = sign(SECRET, B, str(NOW))
case("missing signature header", err("missing_signature"), body_bytes=B, headers=hdrs(None, str(NOW)))
case("empty signature header", err("missing_signature"), body_bytes=B, headers=hdrs("", str(NOW)))
case("signature header of separators only", err("missing_signature"), body_bytes=B, headers=hdrs(" , ", str(NOW)))
case("no headers at all", err("missing_signature"), body_bytes=B, headers=[])
case("missing timestamp header", err("missing_timestamp"), body_bytes=B, headers=hdrs(sig_now, None))
case("empty timestamp header", err("missing_timestamp"), body_bytes=B, headers=hdrs(sig_now, ""))
for label, ts in [
    ("with an inner space", "1767225 600"),
    ("with decimals", f"{NOW}.5"),
    ("negative", f"-{NOW}"),
    ("with a plus sign", f"+{NOW}"),
    ("huge (beyond u64)", "99999999999999999999999"),
    ("not a number", "abc"),
    ("an ISO date", "2026-01-01T00:00:00Z"),
    ("two values joined (header sent twice)", f"{NOW}, {NOW}"),
]:
    # Signed over the header text as is, so only the timestamp check can fail.
    case(f"timestamp {label}", err("invalid_timestamp"), body_bytes=B, headers=hdrs(sign(SECRET, B, ts), ts))
case("timestamp header sent twice", err("invalid_timestamp"), body_bytes=B,
     headers=[["mor-signature", sig_now], ["mor-timestamp", str(NOW)], ["mor-timestamp", str(NOW)]])

# ---- negative: clock ------------------------------------------------------
case("301 s old", err("timestamp_too_old"), body_bytes=B, headers=signed(BODY, ts=NOW - 301))
case("301 s ahead", err("timestamp_too_new"), body_bytes=B, headers=signed(BODY, ts=NOW + 301))
case("tolerance 0: 1 s old", err("timestamp_too_old"), body_bytes=B, headers=signed(BODY, ts=NOW - 1), options={"tolerance_seconds": 0})
case("tolerance 0: 1 s ahead", err("timestamp_too_new"), body_bytes=B, headers=signed(BODY, ts=NOW + 1), options={"tolerance_seconds": 0})
case("a day old (replay)", err("timestamp_too_old"), body_bytes=B, headers=signed(BODY, ts=NOW - 86400))
case("timestamp 0", err("timestamp_too_old"), body_bytes=B, headers=signed(BODY, ts=0))
case("timestamp in milliseconds", err("timestamp_too_new"), body_bytes=B, headers=signed(BODY, ts=NOW * 1000))
case("huge timestamp within u64", err("timestamp_too_new"), body_bytes=B, headers=signed(BODY, ts=99999999999))

# ---- negative: signature --------------------------------------------------
tampered = BODY.replace('"successful"', '"successfuL"')
case("body tampered: one byte", err("signature_mismatch"), body_bytes=tampered.encode(), headers=signed(BODY))
flipped = bytearray(B)
flipped[40] ^= 0x01
case("body tampered: one bit", err("signature_mismatch"), body_bytes=bytes(flipped), headers=signed(BODY))
case("body tampered: appended newline", err("signature_mismatch"), body_bytes=B + b"\n", headers=signed(BODY))
case("body tampered: appended space", err("signature_mismatch"), body_bytes=B + b" ", headers=signed(BODY))
reordered = json.dumps({"data": json.loads(BODY)["data"], "event": "payment.updated"}, separators=(",", ":"))
case("body re-serialised with another key order", err("signature_mismatch"), body_bytes=reordered.encode(), headers=signed(BODY))
case("body re-serialised with spaces (JSON.stringify(obj, null, 2))", err("signature_mismatch"),
     body_bytes=json.dumps(json.loads(BODY), indent=2).encode(), headers=signed(BODY))
case("wrong secret", err("signature_mismatch"), body_bytes=B, headers=signed(BODY, secret="whsec_test_not_the_secret"))
case("secret differing only in case", err("signature_mismatch"), body_bytes=B, headers=signed(BODY, secret=SECRET.upper()))
case("signature from another timestamp", err("signature_mismatch"), body_bytes=B, headers=signed(BODY, ts=NOW - 1, ts_header=str(NOW)))
case("signature truncated to 63 digits", err("signature_mismatch"), body_bytes=B, headers=hdrs(sig_now[:63], str(NOW)))
case("signature with one extra digit", err("signature_mismatch"), body_bytes=B, headers=hdrs(sig_now + "0", str(NOW)))
case("signature in upper-case hex", err("signature_mismatch"), body_bytes=B, headers=hdrs(sig_now.upper(), str(NOW)))
case("signature in base64", err("signature_mismatch"), body_bytes=B,
     headers=hdrs(base64.b64encode(bytes.fromhex(sig_now)).decode(), str(NOW)))
case("signature with a sha256= prefix", err("signature_mismatch"), body_bytes=B, headers=hdrs("sha256=" + sig_now, str(NOW)))
case("two signatures, neither valid", err("signature_mismatch"), body_bytes=B,
     headers=hdrs(sign(OLD_SECRET, B, str(NOW)) + ", " + "0" * 64, str(NOW)))
case("rotation list without the signing secret", err("signature_mismatch"), body_bytes=B, headers=signed(BODY),
     secrets=[OLD_SECRET, "whsec_test_other"])
case("legacy signature without the legacy option", err("signature_mismatch"), body_bytes=B, headers=hdrs(sign(SECRET, B, None), str(NOW)))
case("legacy signature, no timestamp, without the legacy option", err("missing_timestamp"), body_bytes=B, headers=hdrs(sign(SECRET, B, None), None))
case("timestamped signature with the legacy option", err("signature_mismatch"), body_bytes=B, headers=signed(BODY),
     options={"legacy_body_only": True})
case("legacy option, tampered body", err("signature_mismatch"), body_bytes=tampered.encode(), headers=hdrs(sign(SECRET, B, None), None),
     options={"legacy_body_only": True})
case("signature of another event's body", err("signature_mismatch"), body_bytes=B, headers=signed(STATUS_BODY))
NON_UTF8 = b'{"event":"payment.updated","data":{"reference":"PY_bin","status":"pending","narration":"\xff\xfe\xc3"}}'
case("non-UTF-8 body, invalid signature", err("signature_mismatch"), body_bytes=NON_UTF8, headers=signed(BODY))
case("stale and forged: the signature is checked first", err("signature_mismatch"), body_bytes=B,
     headers=signed(BODY, secret="whsec_test_not_the_secret", ts=NOW - 86400))

# ---- negative: payload (signature valid) ---------------------------------
def valid(name, body_bytes, code="invalid_payload"):
    case(name, err(code), body_bytes=body_bytes, headers=hdrs(sign(SECRET, body_bytes, str(NOW)), str(NOW)))

valid("non-UTF-8 body, valid signature", NON_UTF8)
valid("empty object", b"{}")
valid("empty body", b"")
valid("whitespace body", b" \n")
valid("UTF-8 BOM before the JSON", b"\xef\xbb\xbf" + B)
valid("data missing reference", b'{"event":"payment.updated","data":{"status":"pending"}}')
valid("data.status is a number", b'{"event":"payment.updated","data":{"reference":"PY_1","status":1}}')
valid("data is null", b'{"event":"payment.updated","data":null}')
valid("data is an array", b'{"event":"payment.updated","data":[{"reference":"PY_1","status":"pending"}]}')
valid("event missing", b'{"data":{"reference":"PY_1","status":"pending"}}')
valid("event is not a string", b'{"event":{"type":"payment.updated"},"data":{"reference":"PY_1","status":"pending"}}')
valid("top-level array", b'[{"event":"payment.updated","data":{"reference":"PY_1","status":"pending"}}]')
valid("form-encoded, not JSON", b"event=payment.updated&reference=PY_1&status=pending")
valid("truncated JSON", B[:-1])
valid("trailing garbage after the JSON", B + b"x")

# One JSON rule in both builds (src/webhook/event.rs): what serde_json reads.
# JSON.parse alone would take the next three, but a native build cannot hold
# their values, so the npm build refuses them too.
def event_with(extra):
    return b'{"event":"payment.updated","data":{"reference":"PY_rule_1","status":"pending"' + extra + b'}}'
def nested(n):
    return event_with(b',"x":' + b"[" * n + b"]" * n)
valid("a number beyond an f64 in data", event_with(b',"amount":1e400'))
valid("a lone surrogate escape in data", event_with(b',"narration":"\\ud800"'))
valid("a number beyond an f64 in an unknown top-level member", b'{"n":-1e400,' + event_with(b"")[1:])
valid("nesting of 128 levels (past the limit)", nested(126))
valid("trailing bytes after white space", event_with(b"") + b"\n{}")
rule_ok = {"ok": True, "event": "payment.updated", "reference": "PY_rule_1", "status": "pending"}
for name, body in [("nesting of 127 levels (the limit)", nested(125)),
                   ("the largest f64 and a surrogate pair", event_with(b',"amount":1.7976931348623157e308,"n":"\\ud83d\\ude00"')),
                   ("duplicate data: the last object wins", b'{"event":"payment.updated","data":[1e308],"data":{"reference":"PY_rule_1","status":"pending"}}')]:
    case(name, rule_ok, body_bytes=body, headers=hdrs(sign(SECRET, body, str(NOW)), str(NOW)))

# ---- negative: secrets ----------------------------------------------------
case("empty secret", err("invalid_secret"), body_bytes=B, headers=signed(BODY), secrets=[""])
case("secret with a trailing newline", err("invalid_secret"), body_bytes=B, headers=signed(BODY), secrets=[SECRET + "\n"])
case("secret with a leading space", err("invalid_secret"), body_bytes=B, headers=signed(BODY), secrets=[" " + SECRET])
case("whitespace-only secret", err("invalid_secret"), body_bytes=B, headers=signed(BODY), secrets=["   "])
case("rotation list with one empty secret", err("invalid_secret"), body_bytes=B, headers=signed(BODY), secrets=[SECRET, ""])
case("empty rotation list", err("invalid_secret"), body_bytes=B, headers=signed(BODY), secrets=[])

# ---- negative: body not raw (JS only) ------------------------------------
case("parsed object instead of the raw body", err("body_not_raw"), body={"body_json_object": json.loads(BODY)},
     headers=signed(BODY), js_only=True)
case("null body", err("body_not_raw"), body={"body_json_object": None}, headers=signed(BODY), js_only=True)

doc = {
    "about": "Webhook verification vectors for vesicash-edge, generated by tests/vectors/make_webhook_vectors.py "
             "with Python's hmac/hashlib. Do not edit by hand.",
    "signature_header": "mor-signature",
    "timestamp_header": "mor-timestamp",
    "default_tolerance_seconds": 300,
    "secrets_used": sorted({SECRET, OLD_SECRET, UNICODE_SECRET}),
    "cases": cases,
}
names = [c["name"] for c in cases]
assert len(names) == len(set(names)), "case names must be unique"
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "webhook.json")
with open(out, "w", encoding="utf-8") as f:
    json.dump(doc, f, ensure_ascii=False, indent=1)
    f.write("\n")
neg = sum(1 for c in cases if not c["expect"]["ok"])
print(f"wrote {out}: {len(cases)} cases ({len(cases) - neg} positive, {neg} negative), {os.path.getsize(out)} bytes")
