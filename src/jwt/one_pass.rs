//! One strict pass over a claims set (RFC 7519 §7.2 steps 9-10): the
//! caller's `C` drives `serde_json`, through a wrapper that holds every value
//! to jot's strict rules and captures the registered claims on the way.
//!
//! The reference path reads a claims set twice: once for the strict rules
//! and the registered claims ([`super::RegisteredClaims`]), once into `C`.
//! Here `C`'s own `Deserialize` runs once, and every deserializer, visitor,
//! map and sequence it is handed is a thin wrapper over `serde_json`'s that
//!
//! - refuses a repeated member name in any object, at any depth;
//! - refuses nesting deeper than [`crate::json::MAX_DEPTH`];
//! - refuses anything but an object at the top;
//! - reads the values `C` skips as strictly as the ones it reads (never
//!   `serde_json`'s lenient skipping);
//! - records `iss`, `sub`, `aud`, `exp`, `nbf`, `iat` and `jti` with their
//!   exact JSON types as `C` reads them, and the other top-level names the
//!   validation requires.
//!
//! Any doubt ends the pass: an error anywhere (even one `C` swallows), a
//! registered claim of another type, a byte string, an enum at the top, a
//! member name that is not a string. The caller then runs the reference
//! path, which names the right error in the documented order. So this pass
//! only ever says "the reference path would have accepted this, with these
//! values": failures may be slower, successes are not.
//!
//! One concept, kept whole (about 1,100 lines, most of them forwarding: each
//! wrapper must pass on every serde method, or a caller's type could slip
//! past it), so every path a value can take is read in one file.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

use crate::json::MAX_DEPTH;

use super::validation::{AudView, ClaimsView};
use super::NumericDate;

/// Decodes `text` into `C` in one pass, capturing the registered claims in
/// `ctx` (read them with [`Ctx::captured`]), or `None` when the reference
/// path must decide (see the module docs).
///
/// The caller owns `ctx` so that the captured values are read where they
/// were written: nothing is moved out of it (issue #18 counted each move of
/// these few hundred bytes on the hot path).
#[inline(always)]
pub(crate) fn decode<'t, C: DeserializeOwned>(text: &'t str, ctx: &Ctx<'_, 't>) -> Option<C> {
    let mut json = serde_json::Deserializer::from_str(text);
    let value = C::deserialize(De {
        de: &mut json,
        depth: 0,
        slot: Slot::None,
        ctx,
    });
    let value = value.and_then(|v| json.end().map(|()| v)).ok()?;
    if ctx.bail.get() || !ctx.top_done.get() {
        return None;
    }
    Some(value)
}

/// What a validation reads of the registered claims (the rest is only
/// type-checked and marked present).
pub(crate) struct Needs<'k> {
    /// The non-registered names [`RegisteredClaims::has`] must know about
    /// (the validation's required names).
    pub(crate) keep: &'k [String],
    /// Whether `iss`, `sub` and `aud` values are compared (an issuer, a
    /// subject configured; the audience not ignored).
    pub(crate) iss: bool,
    pub(crate) sub: bool,
    pub(crate) aud: bool,
}

/// A registered claim whose value is being read, or none.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    None,
    Iss,
    Sub,
    Jti,
    Aud,
    /// One entry of an `aud` array.
    AudItem,
    Exp,
    Nbf,
    Iat,
}

impl Slot {
    /// The slot of a top-level member name (RFC 7519 §4.1).
    fn of(name: &str) -> Slot {
        match name {
            "iss" => Slot::Iss,
            "sub" => Slot::Sub,
            "aud" => Slot::Aud,
            "exp" => Slot::Exp,
            "nbf" => Slot::Nbf,
            "iat" => Slot::Iat,
            "jti" => Slot::Jti,
            _ => Slot::None,
        }
    }

    /// One bit per claim, to know which were captured.
    fn bit(self) -> u8 {
        match self {
            Slot::None => 0,
            Slot::Iss => 1,
            Slot::Sub => 2,
            Slot::Jti => 4,
            Slot::Aud | Slot::AudItem => 8,
            Slot::Exp => 16,
            Slot::Nbf => 32,
            Slot::Iat => 64,
        }
    }
}

/// What the pass shares: the captured claims and whether to give up.
///
/// `needs` says which registered claims the validation will read: only
/// those values are copied; the others are checked for their type and
/// recorded as present, with an empty value nothing reads.
pub(crate) struct Ctx<'k, 'de> {
    /// Set by any error or doubt, and never cleared, so an error that `C`
    /// swallows still sends the token to the reference path.
    bail: Cell<bool>,
    /// Set once the top-level object was read to its end without duplicates.
    top_done: Cell<bool>,
    /// Which registered claims were captured ([`Slot::bit`]).
    filled: Cell<u8>,
    needs: &'k Needs<'k>,
    iss: Cell<Option<Cow<'de, str>>>,
    sub: Cell<Option<Cow<'de, str>>>,
    jti: Cell<Option<Cow<'de, str>>>,
    aud: Cell<Option<Aud<'de>>>,
    exp: Cell<Option<NumericDate>>,
    nbf: Cell<Option<NumericDate>>,
    iat: Cell<Option<NumericDate>>,
    others: Cell<Vec<String>>,
}

impl<'k, 'de> Ctx<'k, 'de> {
    pub(crate) fn new(needs: &'k Needs<'k>) -> Self {
        Ctx {
            bail: Cell::new(false),
            top_done: Cell::new(false),
            filled: Cell::new(0),
            needs,
            iss: Cell::new(None),
            sub: Cell::new(None),
            jti: Cell::new(None),
            aud: Cell::new(None),
            exp: Cell::new(None),
            nbf: Cell::new(None),
            iat: Cell::new(None),
            others: Cell::new(Vec::new()),
        }
    }

    /// The registered claims captured by [`decode`], borrowed.
    pub(crate) fn captured(&mut self) -> Captured<'_> {
        let others = self.others.get_mut();
        others.sort_unstable();
        Captured {
            iss: self.iss.get_mut().as_deref(),
            sub: self.sub.get_mut().as_deref(),
            aud: self.aud.get_mut().as_ref().map(|a| match a {
                Aud::Single(one) => AudView::Single(one),
                Aud::Many(many) => AudView::Many(many),
            }),
            exp: *self.exp.get_mut(),
            nbf: *self.nbf.get_mut(),
            iat: *self.iat.get_mut(),
            jti: self.jti.get_mut().is_some(),
            others,
        }
    }

    /// Gives up the pass, with an error to unwind with.
    fn fail<E: de::Error>(&self) -> E {
        self.bail.set(true);
        E::custom("outside the one-pass rules; the reference path decides")
    }

    /// Passes `r` on, remembering if it is an error.
    fn check<T, E>(&self, r: Result<T, E>) -> Result<T, E> {
        if r.is_err() {
            self.bail.set(true);
        }
        r
    }

    fn filled(&self, slot: Slot) -> bool {
        self.filled.get() & slot.bit() != 0
    }

    /// Marks `slot` captured; a second capture is a doubt.
    fn fill<E: de::Error>(&self, slot: Slot) -> Result<(), E> {
        if self.filled(slot) {
            return Err(self.fail());
        }
        self.filled.set(self.filled.get() | slot.bit());
        Ok(())
    }

    /// A JSON number was read for `slot`.
    fn number<E: de::Error>(&self, slot: Slot, date: Option<NumericDate>) -> Result<(), E> {
        let cell = match slot {
            Slot::None => return Ok(()),
            Slot::Exp => &self.exp,
            Slot::Nbf => &self.nbf,
            Slot::Iat => &self.iat,
            _ => return Err(self.fail()),
        };
        let Some(date) = date else {
            return Err(self.fail());
        };
        self.fill(slot)?;
        cell.set(Some(date));
        Ok(())
    }

    /// A JSON string was read for `slot`, borrowed from the claims text when
    /// it has no escapes. Values the validation never reads are recorded as
    /// present and empty.
    fn string<E: de::Error>(
        &self,
        slot: Slot,
        s: &str,
        borrowed: Option<&'de str>,
    ) -> Result<(), E> {
        let needs = self.needs;
        let value = || match borrowed {
            Some(b) => Cow::Borrowed(b),
            None => Cow::Owned(s.to_owned()),
        };
        let (cell, needed) = match slot {
            Slot::None => return Ok(()),
            Slot::Iss => (&self.iss, needs.iss),
            Slot::Sub => (&self.sub, needs.sub),
            Slot::Jti => (&self.jti, false),
            Slot::Aud => {
                self.fill(slot)?;
                let aud = if needs.aud {
                    Aud::Single(value())
                } else {
                    Aud::Many(Vec::new())
                };
                self.aud.set(Some(aud));
                return Ok(());
            }
            Slot::AudItem => {
                if !needs.aud {
                    return Ok(());
                }
                let mut aud = self.aud.take();
                let pushed = match &mut aud {
                    Some(Aud::Many(many)) => {
                        many.push(value());
                        true
                    }
                    _ => false,
                };
                self.aud.set(aud);
                return if pushed { Ok(()) } else { Err(self.fail()) };
            }
            Slot::Exp | Slot::Nbf | Slot::Iat => return Err(self.fail()),
        };
        self.fill(slot)?;
        cell.set(Some(if needed { value() } else { Cow::Borrowed("") }));
        Ok(())
    }

    /// Any other JSON value (null, bool, object) was read for `slot`: a
    /// registered claim is never one of those.
    fn other<E: de::Error>(&self, slot: Slot) -> Result<(), E> {
        if slot == Slot::None {
            Ok(())
        } else {
            Err(self.fail())
        }
    }

    /// A top-level member name other than a registered claim.
    fn other_name(&self, name: &str) {
        if self.needs.keep.iter().any(|k| k == name) {
            let mut others = self.others.take();
            others.push(name.to_owned());
            self.others.set(others);
        }
    }
}

/// `aud` as captured: borrowed names when unescaped.
enum Aud<'de> {
    Single(Cow<'de, str>),
    Many(Vec<Cow<'de, str>>),
}

/// The registered claims as the one pass captured them, borrowed from its
/// [`Ctx`]; [`Validation`](super::Validation) reads them through
/// [`ClaimsView`] exactly as it reads a [`super::RegisteredClaims`].
pub(crate) struct Captured<'a> {
    iss: Option<&'a str>,
    sub: Option<&'a str>,
    aud: Option<AudView<'a>>,
    exp: Option<NumericDate>,
    nbf: Option<NumericDate>,
    iat: Option<NumericDate>,
    jti: bool,
    /// The required non-registered names present, sorted.
    others: &'a [String],
}

impl ClaimsView for Captured<'_> {
    fn iss(&self) -> Option<&str> {
        self.iss
    }
    fn sub(&self) -> Option<&str> {
        self.sub
    }
    fn aud(&self) -> Option<AudView<'_>> {
        self.aud
    }
    fn exp(&self) -> Option<NumericDate> {
        self.exp
    }
    fn nbf(&self) -> Option<NumericDate> {
        self.nbf
    }
    fn iat(&self) -> Option<NumericDate> {
        self.iat
    }
    fn has(&self, name: &str) -> bool {
        match name {
            "iss" => self.iss.is_some(),
            "sub" => self.sub.is_some(),
            "aud" => self.aud.is_some(),
            "exp" => self.exp.is_some(),
            "nbf" => self.nbf.is_some(),
            "iat" => self.iat.is_some(),
            "jti" => self.jti,
            other => self
                .others
                .binary_search_by(|n| n.as_str().cmp(other))
                .is_ok(),
        }
    }
}

/// The member names of one object, for the duplicate check: on the stack
/// for up to 8, then sorted once at the end (O(n log n) for 60,000). The
/// registered names of the claims set are not kept here: a bit each. Only
/// names without escapes, borrowed from the claims text, are kept: an
/// escaped name (rare) ends the pass, so nothing here owns or drops memory.
struct Names<'de> {
    small: [&'de str; 8],
    len: usize,
    spill: Vec<&'de str>,
}

impl<'de> Names<'de> {
    fn new() -> Self {
        Names {
            small: [""; 8],
            len: 0,
            spill: Vec::new(),
        }
    }

    /// Adds `name`; false if it was seen already (while still on the stack).
    fn insert(&mut self, name: &'de str) -> bool {
        if self.spill.is_empty() {
            let seen = self.small.get(..self.len).unwrap_or_default();
            if seen.contains(&name) {
                return false;
            }
            if let Some(slot) = self.small.get_mut(self.len) {
                *slot = name;
                self.len += 1;
                return true;
            }
            self.spill.extend_from_slice(&self.small);
        }
        self.spill.push(name);
        true
    }

    /// Whether a name repeats among those spilled past the stack.
    fn has_duplicate(&mut self) -> bool {
        self.spill.sort_unstable();
        self.spill.windows(2).any(|w| w.first() == w.get(1))
    }
}

/// `serde_json`'s deserializer for one value, wrapped.
struct De<'c, 'k, 'de, D> {
    de: D,
    /// Depth of this value: the claims set is 0, its members 1.
    depth: usize,
    slot: Slot,
    ctx: &'c Ctx<'k, 'de>,
}

impl<'c, 'k, 'de, D> De<'c, 'k, 'de, D> {
    fn wrap<V>(&self, v: V) -> Vis<'c, 'k, 'de, V> {
        Vis {
            v,
            depth: self.depth,
            slot: self.slot,
            ctx: self.ctx,
        }
    }
}

/// Forwards `deserialize_*` methods to `serde_json` with a wrapped visitor.
macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
                let ctx = self.ctx;
                let wrapped = self.wrap(visitor);
                ctx.check(self.de.$method($($arg,)* wrapped))
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for De<'_, '_, 'de, D> {
    type Error = D::Error;

    forward! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_identifier();
    }

    // `serde_json` reads byte strings without checking their escapes as
    // strictly as text (lone surrogates pass): the reference path decides.
    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value, D::Error> {
        Err(self.ctx.fail())
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value, D::Error> {
        Err(self.ctx.fail())
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        // `serde_json`'s private types (RawValue, arbitrary precision) read
        // raw text past any wrapper.
        if name.starts_with("$serde_json") {
            return Err(self.ctx.fail());
        }
        let ctx = self.ctx;
        let wrapped = self.wrap(visitor);
        ctx.check(self.de.deserialize_newtype_struct(name, wrapped))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        // At the top the object would be read as an enum, past the
        // registered claims; inside a registered claim it is never valid.
        // `{"Variant": ..}` is an object at this depth: bound it here.
        if self.depth == 0 || self.slot != Slot::None || self.depth >= MAX_DEPTH {
            return Err(self.ctx.fail());
        }
        let ctx = self.ctx;
        let wrapped = self.wrap(visitor);
        ctx.check(self.de.deserialize_enum(name, variants, wrapped))
    }

    // Skipped values are read fully, never with `serde_json`'s lenient
    // skip; then, as `serde_json` does after skipping, the visitor is told
    // "unit", so `C` sees exactly what it would see without the wrapper.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let ctx = self.ctx;
        let wrapped = self.wrap(de::IgnoredAny);
        ctx.check(self.de.deserialize_any(wrapped))?;
        visitor.visit_unit()
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

/// The caller's visitor, wrapped: checks and captures, then forwards.
struct Vis<'c, 'k, 'de, V> {
    v: V,
    depth: usize,
    slot: Slot,
    ctx: &'c Ctx<'k, 'de>,
}

impl<'de, V> Vis<'_, '_, 'de, V> {
    /// A scalar: never the claims set itself.
    fn scalar<E: de::Error>(&self) -> Result<(), E> {
        if self.depth == 0 {
            Err(self.ctx.fail())
        } else {
            Ok(())
        }
    }

    fn number<E: de::Error>(&self, date: Option<NumericDate>) -> Result<(), E> {
        self.scalar()?;
        self.ctx.number(self.slot, date)
    }

    fn string<E: de::Error>(&self, s: &str, borrowed: Option<&'de str>) -> Result<(), E> {
        self.scalar()?;
        self.ctx.string(self.slot, s, borrowed)
    }

    fn other<E: de::Error>(&self) -> Result<(), E> {
        self.scalar()?;
        self.ctx.other(self.slot)
    }
}

/// Converts a `u64` to a NumericDate as [`NumericDate`]'s own reader does.
#[allow(clippy::cast_precision_loss)]
fn date_u64(v: u64) -> Option<NumericDate> {
    NumericDate::from_secs_f64(v as f64)
}

/// Visitor methods of a type `serde_json` never produces for a registered
/// claim: checked as "other", then forwarded.
macro_rules! forward_other {
    ($($method:ident($ty:ty);)*) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                self.other()?;
                self.v.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Vis<'_, '_, 'de, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.v.expecting(f)
    }

    forward_other! {
        visit_bool(bool);
        visit_i8(i8);
        visit_i16(i16);
        visit_i32(i32);
        visit_i128(i128);
        visit_u8(u8);
        visit_u16(u16);
        visit_u32(u32);
        visit_u128(u128);
        visit_f32(f32);
        visit_char(char);
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        self.number(Some(NumericDate::from_secs(v)))?;
        self.v.visit_i64(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.number(date_u64(v))?;
        self.v.visit_u64(v)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        self.number(NumericDate::from_secs_f64(v))?;
        self.v.visit_f64(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.string(v, None)?;
        self.v.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        self.string(v, Some(v))?;
        self.v.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        self.string(&v, None)?;
        self.v.visit_string(v)
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<V::Value, E> {
        Err(self.ctx.fail())
    }

    fn visit_borrowed_bytes<E: de::Error>(self, _: &'de [u8]) -> Result<V::Value, E> {
        Err(self.ctx.fail())
    }

    fn visit_byte_buf<E: de::Error>(self, _: Vec<u8>) -> Result<V::Value, E> {
        Err(self.ctx.fail())
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.other()?;
        self.v.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.other()?;
        self.v.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        let inner = De {
            de: d,
            depth: self.depth,
            slot: self.slot,
            ctx: self.ctx,
        };
        self.v.visit_some(inner)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        let inner = De {
            de: d,
            depth: self.depth,
            slot: self.slot,
            ctx: self.ctx,
        };
        self.v.visit_newtype_struct(inner)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        if self.depth == 0 || self.depth >= MAX_DEPTH {
            return Err(self.ctx.fail());
        }
        let item = match self.slot {
            Slot::None => Slot::None,
            Slot::Aud => {
                self.ctx.fill(Slot::Aud)?;
                self.ctx.aud.set(Some(Aud::Many(Vec::new())));
                Slot::AudItem
            }
            _ => return Err(self.ctx.fail()),
        };
        self.v.visit_seq(Seq {
            seq,
            depth: self.depth + 1,
            slot: item,
            ctx: self.ctx,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        if self.depth >= MAX_DEPTH || self.slot != Slot::None {
            return Err(self.ctx.fail());
        }
        let mut names = Names::new();
        let value = self.v.visit_map(Map {
            map,
            depth: self.depth,
            names: &mut names,
            pending: Slot::None,
            registered: 0,
            ctx: self.ctx,
        });
        // The value is returned as the visitor built it, never moved out and
        // back in: `C` can be hundreds of bytes.
        if value.is_ok() {
            if names.has_duplicate() {
                return Err(self.ctx.fail());
            }
            if self.depth == 0 {
                self.ctx.top_done.set(true);
            }
        }
        value
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.v.visit_enum(Enum {
            data,
            depth: self.depth,
            ctx: self.ctx,
        })
    }
}

/// A value seed, wrapped: its deserializer is a [`De`].
struct Seed<'c, 'k, 'de, S> {
    seed: S,
    depth: usize,
    slot: Slot,
    ctx: &'c Ctx<'k, 'de>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, '_, 'de, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(De {
            de: d,
            depth: self.depth,
            slot: self.slot,
            ctx: self.ctx,
        })
    }
}

/// An object's entries, wrapped.
struct Map<'a, 'c, 'k, 'de, A> {
    map: A,
    /// Depth of the object; its values are one deeper.
    depth: usize,
    names: &'a mut Names<'de>,
    /// The slot of the member whose name was just read.
    pending: Slot,
    /// The registered names seen in the claims set ([`Slot::bit`]).
    registered: u8,
    ctx: &'c Ctx<'k, 'de>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Map<'_, '_, '_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let mut name = None;
        let key = self.map.next_key_seed(NameSeed {
            seed,
            name: &mut name,
            ctx: self.ctx,
        });
        let Some(key) = self.ctx.check(key)? else {
            return Ok(None);
        };
        // A name `C` reads as anything but a string, or one with escapes
        // (not borrowed, see [`Names`]), is beyond this pass.
        let Some(name) = name else {
            return Err(self.ctx.fail());
        };
        if self.depth == 0 {
            self.pending = Slot::of(name);
            if self.pending != Slot::None {
                // A registered name: seen once, or a duplicate.
                let bit = self.pending.bit();
                if self.registered & bit != 0 {
                    return Err(self.ctx.fail());
                }
                self.registered |= bit;
                return Ok(Some(key));
            }
            self.ctx.other_name(name);
        }
        if !self.names.insert(name) {
            return Err(self.ctx.fail());
        }
        Ok(Some(key))
    }

    // Out of line: `C`'s visitor calls it once per field, and one copy per
    // value type is less code to run through than one per field.
    #[inline(never)]
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        let slot = core::mem::replace(&mut self.pending, Slot::None);
        let value = self.map.next_value_seed(Seed {
            seed,
            depth: self.depth + 1,
            slot,
            ctx: self.ctx,
        });
        let value = self.ctx.check(value)?;
        if slot != Slot::None && !self.ctx.filled(slot) {
            return Err(self.ctx.fail());
        }
        Ok(value)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// An array's elements, wrapped.
struct Seq<'c, 'k, 'de, A> {
    seq: A,
    /// Depth of the elements.
    depth: usize,
    slot: Slot,
    ctx: &'c Ctx<'k, 'de>,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Seq<'_, '_, 'de, A> {
    type Error = A::Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        let element = self.seq.next_element_seed(Seed {
            seed,
            depth: self.depth,
            slot: self.slot,
            ctx: self.ctx,
        });
        self.ctx.check(element)
    }

    fn size_hint(&self) -> Option<usize> {
        self.seq.size_hint()
    }
}

/// `{"Variant": value}` or `"Variant"`, wrapped (never at the top).
struct Enum<'c, 'k, 'de, A> {
    data: A,
    /// Depth of the enum's object; its content is one deeper.
    depth: usize,
    ctx: &'c Ctx<'k, 'de>,
}

impl<'c, 'k, 'de, A: EnumAccess<'de>> EnumAccess<'de> for Enum<'c, 'k, 'de, A> {
    type Error = A::Error;
    type Variant = Variant<'c, 'k, 'de, A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), A::Error> {
        let mut name = None;
        let read = self.data.variant_seed(NameSeed {
            seed,
            name: &mut name,
            ctx: self.ctx,
        });
        let (value, variant) = self.ctx.check(read)?;
        Ok((
            value,
            Variant {
                variant,
                depth: self.depth + 1,
                ctx: self.ctx,
            },
        ))
    }
}

struct Variant<'c, 'k, 'de, A> {
    variant: A,
    /// Depth of the variant's content.
    depth: usize,
    ctx: &'c Ctx<'k, 'de>,
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Variant<'_, '_, 'de, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.ctx.check(self.variant.unit_variant())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        let ctx = self.ctx;
        ctx.check(self.variant.newtype_variant_seed(Seed {
            seed,
            depth: self.depth,
            slot: Slot::None,
            ctx,
        }))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        let ctx = self.ctx;
        let wrapped = Vis {
            v: visitor,
            depth: self.depth,
            slot: Slot::None,
            ctx,
        };
        ctx.check(self.variant.tuple_variant(len, wrapped))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let ctx = self.ctx;
        let wrapped = Vis {
            v: visitor,
            depth: self.depth,
            slot: Slot::None,
            ctx,
        };
        ctx.check(self.variant.struct_variant(fields, wrapped))
    }
}

/// A member name (or variant name) seed, wrapped: records the name when
/// `C` reads it as a string.
struct NameSeed<'a, 'c, 'k, 'de, S> {
    seed: S,
    name: &'a mut Option<&'de str>,
    ctx: &'c Ctx<'k, 'de>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for NameSeed<'_, '_, '_, 'de, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(NameDe {
            de: d,
            name: self.name,
            ctx: self.ctx,
        })
    }
}

struct NameDe<'a, 'c, 'k, 'de, D> {
    de: D,
    name: &'a mut Option<&'de str>,
    ctx: &'c Ctx<'k, 'de>,
}

macro_rules! forward_name {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
                let ctx = self.ctx;
                let wrapped = NameVis { v: visitor, name: self.name };
                ctx.check(self.de.$method($($arg,)* wrapped))
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for NameDe<'_, '_, '_, 'de, D> {
    type Error = D::Error;

    forward_name! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_identifier();
        deserialize_newtype_struct(name: &'static str);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_ignored_any();
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value, D::Error> {
        Err(self.ctx.fail())
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value, D::Error> {
        Err(self.ctx.fail())
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

/// A name visitor, wrapped: strings are recorded, everything else is
/// forwarded as is (and leaves no name, which ends the pass).
struct NameVis<'a, 'de, V> {
    v: V,
    name: &'a mut Option<&'de str>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for NameVis<'_, 'de, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.v.expecting(f)
    }

    // A name with escapes comes as `visit_str` or `visit_string` and is
    // not recorded: the pass ends on it (see [`Names`]).
    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.v.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        *self.name = Some(v);
        self.v.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        self.v.visit_string(v)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        self.v.visit_bool(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        self.v.visit_i64(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.v.visit_u64(v)
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<V::Value, E> {
        self.v.visit_i128(v)
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<V::Value, E> {
        self.v.visit_u128(v)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        self.v.visit_f64(v)
    }
    fn visit_char<E: de::Error>(self, v: char) -> Result<V::Value, E> {
        self.v.visit_char(v)
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<V::Value, E> {
        self.v.visit_bytes(v)
    }
    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<V::Value, E> {
        self.v.visit_borrowed_bytes(v)
    }
    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<V::Value, E> {
        self.v.visit_byte_buf(v)
    }
    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.v.visit_none()
    }
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.v.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.v.visit_some(d)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.v.visit_newtype_struct(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.v.visit_seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.v.visit_map(map)
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.v.visit_enum(data)
    }
}

#[cfg(test)]
mod tests;
