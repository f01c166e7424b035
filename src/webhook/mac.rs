//! HMAC-SHA256 over several parts without concatenating them (the body is
//! never copied). RustCrypto's `hmac` + `sha2`: they cost ~1.4 KB gzipped
//! more than a hand-written SHA-256, well under the size budget, and are
//! audited; the known-answer tests below pin them (NIST, RFC 4231).

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Length in bytes of a digest.
pub(crate) const DIGEST_LEN: usize = 32;
const BLOCK_LEN: usize = 64;

/// An HMAC-SHA256 state with the key schedule done (inner and outer pads
/// absorbed). Cloning it is a copy of two hash states: a verifier keeps one
/// per secret and clones it per delivery instead of re-keying (two SHA-256
/// block compressions saved per secret and call).
pub(crate) type PreparedKey = Hmac<Sha256>;

/// The prepared HMAC state for `key` (any length).
pub(crate) fn prepare(key: &[u8]) -> PreparedKey {
    // The key block of RFC 2104, built here so the infallible fixed-size
    // constructor applies (no error path, no unwrap).
    let mut block = [0u8; BLOCK_LEN];
    if key.len() > BLOCK_LEN {
        block[..DIGEST_LEN].copy_from_slice(&Sha256::digest(key));
    } else if let Some(dst) = block.get_mut(..key.len()) {
        dst.copy_from_slice(key);
    }
    <Hmac<Sha256> as KeyInit>::new(&block.into())
}

/// HMAC-SHA256 of the concatenation of `parts` under a prepared key.
pub(crate) fn hmac_prepared(key: &PreparedKey, parts: &[&[u8]]) -> [u8; DIGEST_LEN] {
    let mut mac = key.clone();
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// HMAC-SHA256 of the concatenation of `parts` under `key` (any length).
pub(crate) fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; DIGEST_LEN] {
    hmac_prepared(&prepare(key), parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webhook::hex::encode;

    fn hex(d: [u8; 32]) -> String {
        String::from_utf8(encode(&d).to_vec()).unwrap()
    }

    #[test]
    fn nist_sha256() {
        let sha = |d: &[u8]| hex(Sha256::digest(d).into());
        assert_eq!(sha(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(sha(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(sha(&vec![b'a'; 1_000_000]), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }

    #[test]
    fn rfc4231_hmac() {
        let cases: &[(&[u8], &[u8], &str)] = &[
            (&[0x0b; 20], b"Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (b"Jefe", b"what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            (&[0xaa; 20], &[0xdd; 50], "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
            (&[0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First", "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
            (
                &[0xaa; 131],
                b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
            ),
        ];
        for (key, data, want) in cases {
            assert_eq!(hex(hmac_sha256(key, &[data])), *want);
            let (a, b) = data.split_at(data.len() / 3);
            assert_eq!(hex(hmac_sha256(key, &[a, b])), *want, "split parts");
        }
        // Keys of exactly one block are used as they are, not hashed.
        let k64 = [1u8; 64];
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&k64).unwrap();
        mac.update(b"x");
        assert_eq!(hmac_sha256(&k64, &[b"x"]), <[u8; 32]>::from(mac.finalize().into_bytes()));
        let k65 = [1u8; 65];
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&k65).unwrap();
        mac.update(b"x");
        assert_eq!(hmac_sha256(&k65, &[b"x"]), <[u8; 32]>::from(mac.finalize().into_bytes()));
    }
}
