//! [`RedisStore`]: the [`SessionStore`] several instances share. Every step
//! that reads and then writes is one Lua script, run atomically by Redis and
//! named for the rule it enforces; plain reads are single commands. Keys:
//!
//! | key | fields | lives |
//! |---|---|---|
//! | `jot:session:SID` | `sub`, `head` (newest token hash), `revoked` | max(refresh, access) TTL after the last rotation; at least the access TTL after revocation |
//! | `jot:refresh:HASH` | `sid`, `sub`, `exp`, once spent `spent_at`, `next`, `sealed` | as its session |
//! | `jot:fail:KEY` | `n`, `until` | the backoff window after the last failure |
//!
//! The scripts name the session key from the token's `sid`, so all keys
//! must live on one Redis (no Redis Cluster slots), which is what "one
//! shared store" means here.

use std::future::Future;
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{RedisError, Script};

use super::{
    NewSession, Policy, Refused, Rotation, SessionState, SessionStore, StoreError, StoreFuture,
    TokenHash,
};

const PREFIX: &str = "jot:";

/// Records a login: the session and its first refresh token, together.
const OPEN_SESSION_WITH_FIRST_TOKEN: &str = r"
redis.call('HSET', KEYS[1], 'sub', ARGV[1], 'head', ARGV[2], 'revoked', '0')
redis.call('EXPIRE', KEYS[1], ARGV[5])
redis.call('HSET', KEYS[2], 'sid', ARGV[3], 'sub', ARGV[1], 'exp', ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[5])
return 1
";

/// RFC 9700 §4.14.2: a refresh token is spent once; a second use revokes
/// its session, except the immediately previous token within the grace
/// window, which gets back the same (sealed) successor.
/// KEYS: spent token, next token. ARGV: prefix, now, refresh TTL, access
/// TTL, grace, next hash, sealed next.
const ROTATE_ONCE_AND_DETECT_REUSE: &str = r"
local t = redis.call('HMGET', KEYS[1], 'sid', 'sub', 'exp', 'spent_at', 'next', 'sealed')
if not t[1] then return {'unknown'} end
local skey = ARGV[1] .. 'session:' .. t[1]
local s = redis.call('HMGET', skey, 'head', 'revoked')
if not s[1] then return {'unknown'} end
if s[2] == '1' then return {'revoked'} end
local now = tonumber(ARGV[2])
local access = tonumber(ARGV[4])
local life = math.max(tonumber(ARGV[3]), access)
if t[4] then
  local grace = tonumber(ARGV[5])
  if grace > 0 and now - tonumber(t[4]) <= grace and s[1] == t[5] then
    return {'retried', t[1], t[2], t[6] or ''}
  end
  redis.call('HSET', skey, 'revoked', '1')
  if redis.call('TTL', skey) < access then redis.call('EXPIRE', skey, access) end
  return {'reused'}
end
if tonumber(t[3]) <= now then return {'expired'} end
if tonumber(ARGV[5]) > 0 then
  redis.call('HSET', KEYS[1], 'spent_at', ARGV[2], 'next', ARGV[6], 'sealed', ARGV[7])
else
  redis.call('HSET', KEYS[1], 'spent_at', ARGV[2], 'next', ARGV[6])
end
redis.call('EXPIRE', KEYS[1], life)
redis.call('HSET', KEYS[2], 'sid', t[1], 'sub', t[2], 'exp', now + tonumber(ARGV[3]))
redis.call('EXPIRE', KEYS[2], life)
redis.call('HSET', skey, 'head', ARGV[6])
redis.call('EXPIRE', skey, life)
return {'rotated', t[1], t[2]}
";

/// A revoked session stays known (and refused) at least as long as its
/// access tokens live. KEYS: session. ARGV: access TTL.
const REVOKE_SESSION_EVERYWHERE: &str = r"
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'revoked', '1')
if redis.call('TTL', KEYS[1]) < tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return 1
";

/// Logout with a refresh token revokes its whole session, as
/// [`REVOKE_SESSION_EVERYWHERE`]. KEYS: token. ARGV: prefix, access TTL.
const REVOKE_SESSION_OF_TOKEN: &str = r"
local sid = redis.call('HGET', KEYS[1], 'sid')
if not sid then return 0 end
local skey = ARGV[1] .. 'session:' .. sid
if redis.call('EXISTS', skey) == 0 then return 0 end
redis.call('HSET', skey, 'revoked', '1')
if redis.call('TTL', skey) < tonumber(ARGV[2]) then redis.call('EXPIRE', skey, ARGV[2]) end
return 1
";

/// Failed logins back off exponentially once `free` are used up.
/// KEYS: counter. ARGV: now, free, base, max, window.
const COUNT_FAILURE_WITH_BACKOFF: &str = r"
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
local free = tonumber(ARGV[2])
local lock = 0
if n >= free then
  lock = math.min(tonumber(ARGV[3]) * 2 ^ math.min(n - free, 30), tonumber(ARGV[4]))
  redis.call('HSET', KEYS[1], 'until', string.format('%d', tonumber(ARGV[1]) + lock))
end
redis.call('EXPIRE', KEYS[1], string.format('%d', math.max(tonumber(ARGV[5]), lock)))
return n
";

/// The Redis [`SessionStore`], for several instances of a server sharing
/// one Redis. Reconnects by itself; while Redis is down or slower than the
/// timeout, every operation gives [`StoreError::Unavailable`].
///
/// # Examples
///
/// ```no_run
/// # #[tokio::main] async fn main() -> Result<(), jot_axum::store::StoreError> {
/// use jot_axum::store::RedisStore;
/// let store = RedisStore::connect("redis://127.0.0.1:6379/0", Default::default()).await?;
/// # let _ = store; Ok(()) }
/// ```
#[derive(Clone)]
pub struct RedisStore {
    con: ConnectionManager,
    policy: Policy,
    timeout: Duration,
    open: Script,
    rotate: Script,
    revoke_session: Script,
    revoke_token: Script,
    count_failure: Script,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("policy", &self.policy)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// One message per failure class; a Redis error never carries a token, and
/// the URL (which may hold a password) is never repeated.
fn unavailable(e: &RedisError) -> StoreError {
    let what = if e.is_timeout() {
        "redis: timed out".to_owned()
    } else if e.is_connection_refusal() {
        "redis: connection refused".to_owned()
    } else if e.is_io_error() || e.is_connection_dropped() {
        "redis: connection lost".to_owned()
    } else {
        format!("redis: {:?} error", e.kind())
    };
    StoreError::Unavailable {
        retry_after: 1,
        message: what,
    }
}

impl RedisStore {
    /// Connects to `url` (`redis://HOST:PORT/DB`, see the redis crate) with a
    /// one-second timeout on each operation.
    ///
    /// # Errors
    ///
    /// [`StoreError::InvalidUrl`] for a URL the redis crate refuses;
    /// [`StoreError::Unavailable`] if Redis does not answer now.
    pub async fn connect(url: &str, policy: Policy) -> Result<RedisStore, StoreError> {
        RedisStore::connect_with_timeout(url, policy, Duration::from_secs(1)).await
    }

    /// [`RedisStore::connect`] with another per-operation timeout.
    ///
    /// # Errors
    ///
    /// As [`RedisStore::connect`].
    pub async fn connect_with_timeout(
        url: &str,
        policy: Policy,
        timeout: Duration,
    ) -> Result<RedisStore, StoreError> {
        let client = redis::Client::open(url).map_err(|e| {
            StoreError::InvalidUrl(format!("{:?}: expected redis://HOST:PORT/DB", e.kind()))
        })?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(timeout))
            .set_response_timeout(Some(timeout))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(500));
        let con = tokio::time::timeout(
            timeout.saturating_mul(3),
            ConnectionManager::new_with_config(client, config),
        )
        .await
        .map_err(|_| StoreError::Unavailable {
            retry_after: 1,
            message: "redis: timed out".into(),
        })?
        .map_err(|e| unavailable(&e))?;
        Ok(RedisStore {
            con,
            policy,
            timeout,
            open: Script::new(OPEN_SESSION_WITH_FIRST_TOKEN),
            rotate: Script::new(ROTATE_ONCE_AND_DETECT_REUSE),
            revoke_session: Script::new(REVOKE_SESSION_EVERYWHERE),
            revoke_token: Script::new(REVOKE_SESSION_OF_TOKEN),
            count_failure: Script::new(COUNT_FAILURE_WITH_BACKOFF),
        })
    }

    /// Runs `op` on a connection, bounded by the timeout.
    fn run<'a, T, F>(
        &'a self,
        op: impl FnOnce(ConnectionManager) -> F + Send + 'a,
    ) -> StoreFuture<'a, T>
    where
        F: Future<Output = Result<T, RedisError>> + Send + 'a,
        T: Send + 'a,
    {
        let con = self.con.clone();
        let timeout = self.timeout;
        Box::pin(async move {
            match tokio::time::timeout(timeout, op(con)).await {
                Ok(Ok(v)) => Ok(v),
                Ok(Err(e)) => Err(unavailable(&e)),
                Err(_) => Err(StoreError::Unavailable {
                    retry_after: 1,
                    message: "redis: timed out".into(),
                }),
            }
        })
    }

    fn life(&self) -> u64 {
        self.policy.refresh_ttl.max(self.policy.access_ttl).max(1)
    }
}

fn key(kind: &str, id: &str) -> String {
    format!("{PREFIX}{kind}:{id}")
}

fn text(v: Option<&Vec<u8>>) -> String {
    v.map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default()
}

impl SessionStore for RedisStore {
    fn open(&self, session: NewSession, now: i64) -> StoreFuture<'_, ()> {
        let exp = now.saturating_add(i64::try_from(self.policy.refresh_ttl).unwrap_or(i64::MAX));
        let life = self.life();
        self.run(move |mut con| async move {
            self.open
                .key(key("session", &session.sid))
                .key(key("refresh", session.token.as_str()))
                .arg(&session.sub)
                .arg(session.token.as_str())
                .arg(&session.sid)
                .arg(exp)
                .arg(life)
                .invoke_async::<i64>(&mut con)
                .await
                .map(drop)
        })
    }

    fn rotate(
        &self,
        spent: TokenHash,
        next: TokenHash,
        sealed_next: Vec<u8>,
        now: i64,
    ) -> StoreFuture<'_, Rotation> {
        let p = self.policy.clone();
        self.run(move |mut con| async move {
            let reply: Vec<Vec<u8>> = self
                .rotate
                .key(key("refresh", spent.as_str()))
                .key(key("refresh", next.as_str()))
                .arg(PREFIX)
                .arg(now)
                .arg(p.refresh_ttl)
                .arg(p.access_ttl)
                .arg(p.refresh_grace)
                .arg(next.as_str())
                .arg(sealed_next)
                .invoke_async(&mut con)
                .await?;
            let mut it = reply.into_iter();
            let verdict = text(it.next().as_ref());
            let rest: Vec<Vec<u8>> = it.collect();
            let (sid, sub) = (text(rest.first()), text(rest.get(1)));
            Ok(match verdict.as_str() {
                "rotated" => Rotation::Rotated { sid, sub },
                "retried" => Rotation::Retried {
                    sid,
                    sub,
                    sealed: rest.get(2).cloned().unwrap_or_default(),
                },
                "reused" => Rotation::Refused(Refused::Reused),
                "revoked" => Rotation::Refused(Refused::Revoked),
                "expired" => Rotation::Refused(Refused::Expired),
                _ => Rotation::Refused(Refused::Unknown),
            })
        })
    }

    fn revoke_token(&self, token: TokenHash, _now: i64) -> StoreFuture<'_, bool> {
        let access = self.policy.access_ttl.max(1);
        self.run(move |mut con| async move {
            self.revoke_token
                .key(key("refresh", token.as_str()))
                .arg(PREFIX)
                .arg(access)
                .invoke_async::<i64>(&mut con)
                .await
                .map(|n| n == 1)
        })
    }

    fn revoke_session(&self, sid: String, _now: i64) -> StoreFuture<'_, bool> {
        let access = self.policy.access_ttl.max(1);
        self.run(move |mut con| async move {
            self.revoke_session
                .key(key("session", &sid))
                .arg(access)
                .invoke_async::<i64>(&mut con)
                .await
                .map(|n| n == 1)
        })
    }

    fn session_state(&self, sid: String, _now: i64) -> StoreFuture<'_, SessionState> {
        self.run(move |mut con| async move {
            let revoked: Option<String> = redis::cmd("HGET")
                .arg(key("session", &sid))
                .arg("revoked")
                .query_async(&mut con)
                .await?;
            Ok(match revoked.as_deref() {
                None => SessionState::Unknown,
                Some("1") => SessionState::Revoked,
                Some(_) => SessionState::Active,
            })
        })
    }

    fn login_retry_after(&self, keys: Vec<String>, now: i64) -> StoreFuture<'_, Option<u64>> {
        self.run(move |mut con| async move {
            let mut pipe = redis::pipe();
            for k in &keys {
                pipe.cmd("HGET").arg(key("fail", k)).arg("until");
            }
            let untils: Vec<Option<i64>> = pipe.query_async(&mut con).await?;
            Ok(untils
                .into_iter()
                .flatten()
                .filter(|until| *until > now)
                .map(|until| u64::try_from(until - now).unwrap_or(1))
                .max())
        })
    }

    fn count_failure(&self, k: String, free: u64, now: i64) -> StoreFuture<'_, u64> {
        let b = self.policy.backoff;
        self.run(move |mut con| async move {
            self.count_failure
                .key(key("fail", &k))
                .arg(now)
                .arg(free)
                .arg(b.base)
                .arg(b.max)
                .arg(b.window.max(1))
                .invoke_async::<u64>(&mut con)
                .await
        })
    }

    fn clear_failures(&self, k: String) -> StoreFuture<'_, ()> {
        self.run(move |mut con| async move {
            redis::cmd("DEL")
                .arg(key("fail", &k))
                .query_async::<i64>(&mut con)
                .await
                .map(drop)
        })
    }
}
