//! Lowercase hex and the constant-time comparison of signatures.

use super::mac::DIGEST_LEN;

/// Length of a hex-encoded digest.
pub(crate) const HEX_LEN: usize = DIGEST_LEN * 2;

/// Lowercase hex of a digest (the `hex` crate; the output has exactly the length it needs).
pub(crate) fn encode(digest: &[u8; DIGEST_LEN]) -> [u8; HEX_LEN] {
    let mut out = [0u8; HEX_LEN];
    // Cannot fail: HEX_LEN is twice DIGEST_LEN.
    let _ = hex::encode_to_slice(digest, &mut out);
    out
}

/// Whether `candidate` equals `expected`, in time that depends only on the
/// length of `candidate` (public: it is what the sender put in the header),
/// never on where the first differing byte is.
pub(crate) fn ct_eq(candidate: &[u8], expected: &[u8; HEX_LEN]) -> bool {
    use subtle::ConstantTimeEq;
    // `subtle` compares every byte with no early exit (and false at once on a length mismatch).
    bool::from(candidate.ct_eq(expected.as_slice()))
}

/// Whether `token` has the shape of a signature: 64 lowercase hex digits.
pub(crate) fn is_lower_hex_digest(token: &str) -> bool {
    token.len() == HEX_LEN && token.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_lowercase() {
        let mut d = [0u8; 32];
        d[0] = 0xab;
        d[31] = 0x0f;
        let h = encode(&d);
        assert!(h.starts_with(b"ab00"));
        assert!(h.ends_with(b"000f"));
        assert!(is_lower_hex_digest(std::str::from_utf8(&h).unwrap()));
    }

    #[test]
    fn compares() {
        let e = encode(&[7; 32]);
        assert!(ct_eq(&e, &e));
        let mut other = e;
        other[63] ^= 1;
        assert!(!ct_eq(&other, &e));
        assert!(!ct_eq(&e[..63], &e));
        assert!(!ct_eq(b"", &e));
        assert!(!is_lower_hex_digest(&"A".repeat(64)));
    }
}
