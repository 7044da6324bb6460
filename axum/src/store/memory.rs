//! [`MemoryStore`]: the [`SessionStore`] of one process. One mutex guards
//! all maps, held across each whole operation, which makes every step
//! atomic; expired entries are swept as the maps grow.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use super::{
    NewSession, Policy, Refused, Rotation, SessionState, SessionStore, StoreFuture, TokenHash,
};

/// Entries kept before expired ones are swept.
const SWEEP_AT: usize = 10_000;

struct Token {
    sid: String,
    sub: String,
    /// Refused from this time on (its lifetime).
    exp: i64,
    /// Forgotten from this time on.
    forget: i64,
    /// When it was spent, and its successor (hash, sealed token).
    spent: Option<(i64, TokenHash, Vec<u8>)>,
}

struct Session {
    head: TokenHash,
    revoked: bool,
    forget: i64,
}

struct Failures {
    count: u64,
    until: i64,
    forget: i64,
}

#[derive(Default)]
struct Maps {
    tokens: HashMap<TokenHash, Token>,
    sessions: HashMap<String, Session>,
    failures: HashMap<String, Failures>,
}

/// The in-memory [`SessionStore`]: the default, for one process. Its
/// sessions end with the process.
///
/// # Examples
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), jot_axum::store::StoreError> {
/// use jot_axum::store::{MemoryStore, NewSession, SessionState, SessionStore, TokenHash};
/// let store = MemoryStore::new(Default::default());
/// store.open(NewSession { sid: "s1".into(), sub: "alice".into(), token: TokenHash::of("t1") }, 0).await?;
/// assert_eq!(store.session_state("s1".into(), 1).await?, SessionState::Active);
/// assert!(store.revoke_token(TokenHash::of("t1"), 2).await?);
/// assert_eq!(store.session_state("s1".into(), 3).await?, SessionState::Revoked);
/// # Ok(()) }
/// ```
pub struct MemoryStore {
    policy: Policy,
    maps: Mutex<Maps>,
}

impl std::fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryStore")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

fn secs(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl MemoryStore {
    /// An empty store applying `policy`.
    pub fn new(policy: Policy) -> MemoryStore {
        MemoryStore {
            policy,
            maps: Mutex::new(Maps::default()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Maps> {
        self.maps.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How long a session (and any token of it) is kept after `now`.
    fn session_life(&self, now: i64) -> i64 {
        now.saturating_add(secs(self.policy.refresh_ttl.max(self.policy.access_ttl)))
    }

    fn insert_token(&self, m: &mut Maps, hash: TokenHash, sid: &str, sub: &str, now: i64) {
        m.sweep(now);
        let exp = now.saturating_add(secs(self.policy.refresh_ttl));
        m.tokens.insert(
            hash,
            Token {
                sid: sid.to_owned(),
                sub: sub.to_owned(),
                exp,
                forget: self.session_life(now),
                spent: None,
            },
        );
    }

    /// The rule of `rotate`, under the lock.
    fn rotate_once_and_detect_reuse(
        &self,
        m: &mut Maps,
        spent: &TokenHash,
        next: TokenHash,
        sealed_next: Vec<u8>,
        now: i64,
    ) -> Rotation {
        let Some(token) = m.tokens.get(spent).filter(|t| t.forget > now) else {
            return Rotation::Refused(Refused::Unknown);
        };
        let (sid, sub) = (token.sid.clone(), token.sub.clone());
        let Some(session) = m.sessions.get(&sid).filter(|s| s.forget > now) else {
            return Rotation::Refused(Refused::Unknown);
        };
        if session.revoked {
            return Rotation::Refused(Refused::Revoked);
        }
        if let Some((spent_at, successor, sealed)) = &token.spent {
            let grace = secs(self.policy.refresh_grace);
            // Only the immediately previous token, and only while its
            // successor is still the newest.
            if grace > 0 && now.saturating_sub(*spent_at) <= grace && session.head == *successor {
                return Rotation::Retried {
                    sid,
                    sub,
                    sealed: sealed.clone(),
                };
            }
            self.revoke(m, &sid, now);
            return Rotation::Refused(Refused::Reused);
        }
        if token.exp <= now {
            return Rotation::Refused(Refused::Expired);
        }
        let life = self.session_life(now);
        let keep = if self.policy.refresh_grace > 0 {
            sealed_next
        } else {
            Vec::new()
        };
        if let Some(t) = m.tokens.get_mut(spent) {
            t.spent = Some((now, next.clone(), keep));
            t.forget = life;
        }
        if let Some(s) = m.sessions.get_mut(&sid) {
            s.head = next.clone();
            s.forget = life;
        }
        self.insert_token(m, next, &sid, &sub, now);
        Rotation::Rotated { sid, sub }
    }

    /// Marks `sid` revoked, remembered at least as long as its access
    /// tokens live.
    fn revoke(&self, m: &mut Maps, sid: &str, now: i64) -> bool {
        let at_least = now.saturating_add(secs(self.policy.access_ttl));
        match m.sessions.get_mut(sid).filter(|s| s.forget > now) {
            Some(s) => {
                s.revoked = true;
                s.forget = s.forget.max(at_least);
                true
            }
            None => false,
        }
    }
}

impl Maps {
    fn sweep(&mut self, now: i64) {
        if self.tokens.len() + self.sessions.len() + self.failures.len() < SWEEP_AT {
            return;
        }
        self.tokens.retain(|_, t| t.forget > now);
        self.sessions.retain(|_, s| s.forget > now);
        self.failures.retain(|_, f| f.forget > now);
    }
}

impl SessionStore for MemoryStore {
    fn open(&self, session: NewSession, now: i64) -> StoreFuture<'_, ()> {
        let mut m = self.lock();
        m.sessions.insert(
            session.sid.clone(),
            Session {
                head: session.token.clone(),
                revoked: false,
                forget: self.session_life(now),
            },
        );
        self.insert_token(&mut m, session.token, &session.sid, &session.sub, now);
        Box::pin(std::future::ready(Ok(())))
    }

    fn rotate(
        &self,
        spent: TokenHash,
        next: TokenHash,
        sealed_next: Vec<u8>,
        now: i64,
    ) -> StoreFuture<'_, Rotation> {
        let mut m = self.lock();
        let r = self.rotate_once_and_detect_reuse(&mut m, &spent, next, sealed_next, now);
        Box::pin(std::future::ready(Ok(r)))
    }

    fn revoke_token(&self, token: TokenHash, now: i64) -> StoreFuture<'_, bool> {
        let mut m = self.lock();
        let sid = m
            .tokens
            .get(&token)
            .filter(|t| t.forget > now)
            .map(|t| t.sid.clone());
        let done = sid.is_some_and(|sid| self.revoke(&mut m, &sid, now));
        Box::pin(std::future::ready(Ok(done)))
    }

    fn revoke_session(&self, sid: String, now: i64) -> StoreFuture<'_, bool> {
        let mut m = self.lock();
        let done = self.revoke(&mut m, &sid, now);
        Box::pin(std::future::ready(Ok(done)))
    }

    fn session_state(&self, sid: String, now: i64) -> StoreFuture<'_, SessionState> {
        let m = self.lock();
        let state = match m.sessions.get(&sid).filter(|s| s.forget > now) {
            Some(s) if s.revoked => SessionState::Revoked,
            Some(_) => SessionState::Active,
            None => SessionState::Unknown,
        };
        Box::pin(std::future::ready(Ok(state)))
    }

    fn login_retry_after(&self, keys: Vec<String>, now: i64) -> StoreFuture<'_, Option<u64>> {
        let m = self.lock();
        let wait = keys
            .iter()
            .filter_map(|k| m.failures.get(k))
            .filter(|f| f.forget > now && f.until > now)
            .map(|f| u64::try_from(f.until - now).unwrap_or(1))
            .max();
        Box::pin(std::future::ready(Ok(wait)))
    }

    fn count_failure(&self, key: String, free: u64, now: i64) -> StoreFuture<'_, u64> {
        let mut m = self.lock();
        m.sweep(now);
        let b = self.policy.backoff;
        let f = m.failures.entry(key).or_insert(Failures {
            count: 0,
            until: 0,
            forget: 0,
        });
        if f.forget <= now {
            f.count = 0;
            f.until = 0;
        }
        f.count = f.count.saturating_add(1);
        let lock = b.lock_after(f.count, free);
        if lock > 0 {
            f.until = now.saturating_add(secs(lock));
        }
        f.forget = now.saturating_add(secs(b.window.max(lock)));
        let count = f.count;
        Box::pin(std::future::ready(Ok(count)))
    }

    fn clear_failures(&self, key: String) -> StoreFuture<'_, ()> {
        self.lock().failures.remove(&key);
        Box::pin(std::future::ready(Ok(())))
    }
}
