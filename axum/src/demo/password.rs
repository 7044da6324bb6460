//! Users-file lines with PBKDF2-HMAC-SHA256 hashes (RFC 8018 §5.2), via ring.
//!
//! A line is `name:pbkdf2-sha256:ITERATIONS:SALT:HASH`, salt and hash in
//! base64url without padding. Blank lines and lines starting with `#` are
//! ignored.

use std::collections::HashMap;
use std::io;
use std::num::NonZeroU32;

use ring::pbkdf2;
use ring::rand::{SecureRandom, SystemRandom};

const SCHEME: &str = "pbkdf2-sha256";
/// The iteration count [`super::hash_password_line`] uses (OWASP 2023 for
/// PBKDF2-HMAC-SHA256).
pub const ITERATIONS: u32 = 600_000;
/// Counts a users file may ask for: below is too weak, above is a way to
/// make every login burn seconds.
const MIN_ITERATIONS: u32 = 1_000;
const MAX_ITERATIONS: u32 = 10_000_000;
const SALT_LEN: usize = 16;
const HASH_LEN: usize = 32;

/// One stored password hash.
#[derive(Clone)]
pub(crate) struct PasswordHash {
    iterations: NonZeroU32,
    salt: Vec<u8>,
    hash: Vec<u8>,
}

impl PasswordHash {
    pub(crate) fn new(password: &str, iterations: u32) -> io::Result<PasswordHash> {
        let iterations =
            NonZeroU32::new(iterations).ok_or_else(|| invalid("iterations must be positive"))?;
        let mut salt = vec![0u8; SALT_LEN];
        SystemRandom::new()
            .fill(&mut salt)
            .map_err(|_| io::Error::other("random source failed"))?;
        let mut hash = vec![0u8; HASH_LEN];
        pbkdf2::derive(
            pbkdf2::PBKDF2_HMAC_SHA256,
            iterations,
            &salt,
            password.as_bytes(),
            &mut hash,
        );
        Ok(PasswordHash {
            iterations,
            salt,
            hash,
        })
    }

    pub(crate) fn iterations(&self) -> u32 {
        self.iterations.get()
    }

    /// Constant-time comparison (ring's `pbkdf2::verify`).
    pub(crate) fn verify(&self, password: &str) -> bool {
        pbkdf2::verify(
            pbkdf2::PBKDF2_HMAC_SHA256,
            self.iterations,
            &self.salt,
            password.as_bytes(),
            &self.hash,
        )
        .is_ok()
    }

    fn line(&self, username: &str) -> String {
        format!(
            "{username}:{SCHEME}:{}:{}:{}",
            self.iterations,
            jot::b64::encode(&self.salt),
            jot::b64::encode(&self.hash)
        )
    }
}

fn invalid(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg.to_owned())
}

/// A user name fits a line: not empty, at most 64 bytes, no `:`, no control
/// characters.
pub(crate) fn check_username(username: &str) -> io::Result<()> {
    if username.is_empty()
        || username.len() > 64
        || username.contains(':')
        || username.chars().any(char::is_control)
    {
        return Err(invalid(
            "user name must be 1 to 64 bytes, without ':' or control characters",
        ));
    }
    Ok(())
}

/// [`super::hash_password_line`] with a chosen iteration count.
pub(crate) fn hash_line(username: &str, password: &str, iterations: u32) -> io::Result<String> {
    check_username(username)?;
    if !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&iterations) {
        return Err(invalid("iterations must be between 1000 and 10000000"));
    }
    Ok(PasswordHash::new(password, iterations)?.line(username))
}

/// Parses a users file. Errors name the line number, never its content.
pub(crate) fn parse_users(text: &str) -> io::Result<HashMap<String, PasswordHash>> {
    let mut users = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |why: &str| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("users file line {}: {why}", i + 1),
            )
        };
        let fields: Vec<&str> = line.split(':').collect();
        let [name, scheme, iterations, salt, hash] = fields[..] else {
            return Err(bad("expected name:pbkdf2-sha256:iterations:salt:hash"));
        };
        check_username(name).map_err(|_| bad("bad user name"))?;
        if scheme != SCHEME {
            return Err(bad("unknown hash scheme (expected pbkdf2-sha256)"));
        }
        let iterations: u32 = iterations.parse().map_err(|_| bad("bad iteration count"))?;
        if !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&iterations) {
            return Err(bad("iteration count must be between 1000 and 10000000"));
        }
        let salt = jot::b64::decode(salt, jot::Part::Key).map_err(|_| bad("bad salt"))?;
        let hash = jot::b64::decode(hash, jot::Part::Key).map_err(|_| bad("bad hash"))?;
        if salt.len() < 8 || hash.len() != HASH_LEN {
            return Err(bad("salt under 8 bytes or hash not 32 bytes"));
        }
        let iterations = NonZeroU32::new(iterations).ok_or_else(|| bad("bad iteration count"))?;
        if users
            .insert(
                name.to_owned(),
                PasswordHash {
                    iterations,
                    salt,
                    hash,
                },
            )
            .is_some()
        {
            return Err(bad("user listed twice"));
        }
    }
    Ok(users)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_round_trips_and_verifies() {
        let line = hash_line("alice", "s3cret", 1_000).unwrap();
        assert!(line.starts_with("alice:pbkdf2-sha256:1000:"));
        let users = parse_users(&format!("# comment\n\n{line}\n")).unwrap();
        let h = &users["alice"];
        assert!(h.verify("s3cret"));
        assert!(!h.verify("s3creT"));
        assert!(!h.verify(""));
    }

    #[test]
    fn salts_differ() {
        assert_ne!(
            hash_line("a", "p", 1_000).unwrap(),
            hash_line("a", "p", 1_000).unwrap()
        );
    }

    #[test]
    fn bad_names_and_lines_rejected() {
        assert!(hash_line("a:b", "p", 1_000).is_err());
        assert!(hash_line("", "p", 1_000).is_err());
        assert!(hash_line("a\nb", "p", 1_000).is_err());
        assert!(hash_line("a", "p", 10).is_err());
        let good = hash_line("bob", "p", 1_000).unwrap();
        for bad in [
            "bob:plain:secret".to_owned(),
            good.replace("pbkdf2-sha256", "md5"),
            good.replace(":1000:", ":10:"),
            good.replace(":1000:", ":99999999999:"),
            format!("{good}\n{good}"),
            format!("{good}x!"),
        ] {
            let e = parse_users(&bad).err().unwrap();
            assert_eq!(e.kind(), io::ErrorKind::InvalidData);
            assert!(e.to_string().starts_with("users file line "));
            assert!(!e.to_string().contains("secret"));
        }
    }
}
