//! Refresh tokens: opaque random strings, stored hashed, rotated on every
//! use, with reuse detection by family (OAuth 2.0 Security BCP, RFC 9700
//! §4.14.2): presenting a refresh token that was already used revokes every
//! token descended from the same login.

use std::collections::HashMap;
use std::sync::Mutex;

use ring::digest::{digest, SHA256};
use ring::rand::{SecureRandom, SystemRandom};

/// Entries kept before expired ones are swept.
const SWEEP_AT: usize = 10_000;

/// Why a refresh token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    Unknown,
    Expired,
    /// Used before: the family is now revoked.
    Reused,
    Revoked,
}

impl Refused {
    pub(crate) fn description(self) -> &'static str {
        match self {
            Refused::Unknown => "unknown refresh token",
            Refused::Expired => "refresh token expired",
            Refused::Reused => "refresh token reused: the session is revoked",
            Refused::Revoked => "refresh token revoked",
        }
    }
}

struct Entry {
    family: u64,
    sub: String,
    expires: i64,
    used: bool,
}

#[derive(Default)]
struct Store {
    tokens: HashMap<[u8; 32], Entry>,
    revoked_families: HashMap<u64, i64>,
    next_family: u64,
}

/// The refresh-token store.
#[derive(Default)]
pub(crate) struct Sessions {
    store: Mutex<Store>,
}

pub(crate) fn random_token(bytes: usize) -> std::io::Result<String> {
    let mut buf = vec![0u8; bytes];
    SystemRandom::new()
        .fill(&mut buf)
        .map_err(|_| std::io::Error::other("random source failed"))?;
    Ok(jot::b64::encode(&buf))
}

fn key(token: &str) -> [u8; 32] {
    let mut k = [0u8; 32];
    k.copy_from_slice(digest(&SHA256, token.as_bytes()).as_ref());
    k
}

impl Sessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A refresh token for a new login (a new family).
    pub(crate) fn start(&self, sub: &str, expires: i64, now: i64) -> std::io::Result<String> {
        let token = random_token(32)?;
        let mut s = self.lock();
        s.next_family += 1;
        let family = s.next_family;
        s.insert(&token, family, sub, expires, now);
        Ok(token)
    }

    /// Spends `token` and returns the subject and its successor.
    pub(crate) fn rotate(
        &self,
        token: &str,
        expires: i64,
        now: i64,
    ) -> Result<(String, String), Refused> {
        let next = random_token(32).map_err(|_| Refused::Unknown)?;
        let mut s = self.lock();
        let (family, sub) = {
            let entry = s.tokens.get_mut(&key(token)).ok_or(Refused::Unknown)?;
            if entry.used {
                let family = entry.family;
                s.revoke_family(family, now);
                return Err(Refused::Reused);
            }
            if entry.expires <= now {
                return Err(Refused::Expired);
            }
            entry.used = true;
            (entry.family, entry.sub.clone())
        };
        if s.revoked_families.contains_key(&family) {
            return Err(Refused::Revoked);
        }
        s.insert(&next, family, &sub, expires, now);
        Ok((sub, next))
    }

    /// Revokes the family of `token` (logout). Unknown tokens are ignored
    /// (RFC 7009 §2.2).
    pub(crate) fn revoke(&self, token: &str, now: i64) {
        let mut s = self.lock();
        if let Some(family) = s.tokens.get(&key(token)).map(|e| e.family) {
            s.revoke_family(family, now);
        }
    }
}

impl Store {
    fn insert(&mut self, token: &str, family: u64, sub: &str, expires: i64, now: i64) {
        if self.tokens.len() >= SWEEP_AT {
            self.tokens.retain(|_, e| e.expires > now);
            let tokens = &self.tokens;
            self.revoked_families
                .retain(|f, _| tokens.values().any(|e| e.family == *f));
        }
        self.tokens.insert(
            key(token),
            Entry {
                family,
                sub: sub.to_owned(),
                expires,
                used: false,
            },
        );
    }

    fn revoke_family(&mut self, family: u64, now: i64) {
        self.revoked_families.insert(family, now);
        // Drop the live tokens too, so they cannot be spent.
        self.tokens.retain(|_, e| e.family != family || e.used);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_and_reuse_revoke_the_family() {
        let s = Sessions::default();
        let t1 = s.start("alice", 100, 0).unwrap();
        let (sub, t2) = s.rotate(&t1, 100, 1).unwrap();
        assert_eq!(sub, "alice");
        let (_, t3) = s.rotate(&t2, 100, 2).unwrap();
        // t1 again: reuse, and t3 (the live one) dies with the family.
        assert_eq!(s.rotate(&t1, 100, 3), Err(Refused::Reused));
        assert_eq!(s.rotate(&t3, 100, 3).err(), Some(Refused::Unknown));
        // Another login is unaffected.
        let other = s.start("alice", 100, 0).unwrap();
        assert!(s.rotate(&other, 100, 4).is_ok());
    }

    #[test]
    fn expired_unknown_and_logout() {
        let s = Sessions::default();
        let t = s.start("bob", 10, 0).unwrap();
        assert_eq!(s.rotate(&t, 20, 10).err(), Some(Refused::Expired));
        assert_eq!(s.rotate("nope", 20, 0).err(), Some(Refused::Unknown));
        let t = s.start("bob", 10, 0).unwrap();
        s.revoke(&t, 1);
        assert_eq!(s.rotate(&t, 20, 2).err(), Some(Refused::Unknown));
    }
}
