//! A fast reader for exactly the text [`write_canonical`](super::write_canonical)
//! writes: four-space indents, one field or item a line with its trailing
//! comma, the fields in the order they are declared, strings as themselves
//! (raw, `r#"…"#`, when they hold `"` or `\`), `[]` for an empty list.
//!
//! It is a serde deserializer, so a map read here goes through the same
//! types as one read by ron: the same defaults, the same refusals (unknown
//! fields, bad ids, dates, emotions), and the rules checked after parsing
//! apply alike. Anything else, a space, comment or escape out of place, a
//! field out of order, a conflict list, is declined rather than read
//! differently: the caller then reads the text with ron, which gives the
//! exact error (or reads a hand-written file the same way as always).
//! Declining costs nothing but the time spent before it; a saved map
//! (almost every file opened) reads several times faster than through ron.

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Visitor};
use std::fmt;

/// The file read, if its text is exactly in the canonical form.
pub(super) fn read(text: &str) -> Option<super::FileIn> {
    let mut reader = Reader {
        text,
        at: 0,
        level: 0,
        lean: text.starts_with("(\n") && !text[2..].starts_with(' '),
    };
    let file = de::Deserialize::deserialize(&mut reader).ok()?;
    (&text[reader.at..] == "\n").then_some(file)
}

/// One stage of a canonical file, `text` from its `(` to its `)`, as it
/// stands in the list of stages (two levels in).
pub(super) fn read_stage(text: &str) -> Option<crate::model::Stage> {
    let mut reader = Reader {
        text,
        at: 0,
        level: 2,
        lean: false,
    };
    let stage = de::Deserialize::deserialize(&mut reader).ok()?;
    (reader.at == text.len()).then_some(stage)
}

/// Why the text was not read here: it is not exactly canonical, or serde
/// refused it. Which of the two does not matter; ron will say.
#[derive(Debug)]
pub(super) struct Declined;

impl fmt::Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not in the canonical form")
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    fn custom<T: fmt::Display>(_: T) -> Declined {
        Declined
    }
}

type Result<T> = std::result::Result<T, Declined>;

/// Deeper than any map goes (a verbatim's fields are at level 7).
const MAX_LEVEL: usize = 16;
const INDENT: &[u8; 4 * (MAX_LEVEL + 1)] = &[b' '; 4 * (MAX_LEVEL + 1)];

struct Reader<'t> {
    text: &'t str,
    /// The byte the reading is at.
    at: usize,
    /// The indentation, in levels, of the line the value being read starts
    /// on: its inside is one level deeper, and its end back at this one.
    level: usize,
    /// Whether the text is the canonical text with the spaces at each line's
    /// start dropped (outside strings), as the app loads a file to hold
    /// less (`storage::load_lean`): the lines then start with what follows
    /// the indentation, and none may start with a space.
    lean: bool,
}

impl<'t> Reader<'t> {
    fn rest(&self) -> &'t [u8] {
        &self.text.as_bytes()[self.at..]
    }

    fn eat(&mut self, expected: &[u8]) -> Result<()> {
        if self.rest().starts_with(expected) {
            self.at += expected.len();
            Ok(())
        } else {
            Err(Declined)
        }
    }

    /// Whether the next line starts with the indentation of `level`, and
    /// if so, past it.
    /// Read lean, whether the next line does not close a list or a
    /// struct: every line starts where its indentation would end.
    fn indented(&mut self, level: usize) -> Result<bool> {
        let indent = INDENT.get(..4 * level).ok_or(Declined)?;
        if self.lean {
            return Ok(!matches!(self.rest().first(), Some(b']' | b')' | b' ')));
        }
        let found = self.rest().starts_with(indent);
        if found {
            self.at += indent.len();
        }
        Ok(found)
    }

    fn identifier(&mut self) -> Result<&'t str> {
        let rest = self.rest();
        if !rest
            .first()
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        {
            return Err(Declined);
        }
        let len = rest
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
            .unwrap_or(rest.len());
        let name = &self.text[self.at..self.at + len];
        self.at += len;
        Ok(name)
    }

    fn string(&mut self) -> Result<&'t str> {
        match self.rest().first() {
            Some(b'"') => self.plain_string(),
            Some(b'r') => self.raw_string(),
            _ => Err(Declined),
        }
    }

    /// `"…"`, which holds no `"` and no `\` (such a string is written raw)
    /// and, like all of the canonical text, no carriage return.
    fn plain_string(&mut self) -> Result<&'t str> {
        let start = self.at + 1;
        let body = &self.text.as_bytes()[start..];
        let end = memchr::memchr3(b'"', b'\\', b'\r', body).ok_or(Declined)?;
        if body[end] != b'"' {
            return Err(Declined);
        }
        self.at = start + end + 1;
        Ok(&self.text[start..start + end])
    }

    /// `r#"…"#`, with one `#` more than the longest run of them inside, and
    /// only for a string that holds `"` or `\`.
    fn raw_string(&mut self) -> Result<&'t str> {
        self.eat(b"r")?;
        let hashes = self.rest().iter().take_while(|&&b| b == b'#').count();
        self.at += hashes;
        self.eat(b"\"")?;
        let start = self.at;
        let body = self.rest();
        let mut from = 0;
        let end = loop {
            let quote = from + memchr::memchr(b'"', &body[from..]).ok_or(Declined)?;
            let after = &body[quote + 1..];
            if after.len() >= hashes && after[..hashes].iter().all(|&b| b == b'#') {
                break quote;
            }
            from = quote + 1;
        };
        let inside = &self.text[start..start + end];
        let longest_run = inside.split(|c| c != '#').map(str::len).max().unwrap_or(0);
        if hashes != longest_run + 1 || !inside.contains(['"', '\\']) || inside.contains('\r') {
            return Err(Declined);
        }
        self.at = start + end + 1 + hashes;
        Ok(inside)
    }

    /// A whole number as written: `0`, or digits not starting with `0`,
    /// with `-` before them when below zero (never `-0`).
    fn integer(&mut self) -> Result<(bool, u64)> {
        let negative = self.rest().first() == Some(&b'-');
        self.at += usize::from(negative);
        let digits = self
            .rest()
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let number = &self.rest()[..digits];
        if digits == 0 || digits > 1 && number[0] == b'0' || negative && number == b"0" {
            return Err(Declined);
        }
        let value = number.iter().try_fold(0u64, |value, &d| {
            value.checked_mul(10)?.checked_add(u64::from(d - b'0'))
        });
        self.at += digits;
        Ok((negative, value.ok_or(Declined)?))
    }

    /// The end of an item or a field: its comma and the line's end.
    fn item_end(&mut self) -> Result<()> {
        self.eat(b",\n")
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Declined;

    /// Nothing in a map is read without knowing its type.
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(Declined)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.eat(b"true").is_ok() {
            visitor.visit_bool(true)
        } else {
            self.eat(b"false")?;
            visitor.visit_bool(false)
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.integer()? {
            (false, value) => visitor.visit_u64(value),
            (true, value) => {
                let value = i64::try_from(value).map_err(|_| Declined)?;
                visitor.visit_i64(-value)
            }
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.string()?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    /// `[]`, or `[`, an item a line one level deeper, and `]` back at this
    /// line's level.
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let empty = self.eat(b"[]").is_ok();
        if !empty {
            self.eat(b"[\n")?;
        }
        let mut items = Items {
            level: self.level,
            reader: self,
            closed: empty,
        };
        let value = visitor.visit_seq(&mut items)?;
        if items.closed {
            Ok(value)
        } else {
            Err(Declined)
        }
    }

    /// `(`, a field a line one level deeper, and `)` back at this line's
    /// level; the fields in the order `fields` names them.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.eat(b"(\n")?;
        let mut access = Fields {
            level: self.level,
            reader: self,
            fields,
            closed: false,
        };
        let value = visitor.visit_map(&mut access)?;
        if access.closed {
            Ok(value)
        } else {
            Err(Declined)
        }
    }

    /// A variant by its name, with its value in brackets if it has one.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(self)
    }

    serde::forward_to_deserialize_any! {
        i128 u128 f32 f64 char bytes byte_buf option unit unit_struct
        newtype_struct tuple tuple_struct map identifier ignored_any
    }
}

/// The items of a list.
struct Items<'r, 't> {
    reader: &'r mut Reader<'t>,
    level: usize,
    closed: bool,
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = Declined;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.closed {
            return Ok(None);
        }
        if !self.reader.indented(self.level + 1)? {
            self.reader.indented(self.level)?;
            self.reader.eat(b"]")?;
            self.closed = true;
            return Ok(None);
        }
        self.reader.level = self.level + 1;
        let item = seed.deserialize(&mut *self.reader)?;
        self.reader.item_end()?;
        Ok(Some(item))
    }
}

/// The fields of a struct.
struct Fields<'r, 't> {
    reader: &'r mut Reader<'t>,
    level: usize,
    /// The fields still to come, in their order.
    fields: &'static [&'static str],
    closed: bool,
}

impl<'de> de::MapAccess<'de> for Fields<'_, 'de> {
    type Error = Declined;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.closed {
            return Ok(None);
        }
        if !self.reader.indented(self.level + 1)? {
            self.reader.indented(self.level)?;
            self.reader.eat(b")")?;
            self.closed = true;
            return Ok(None);
        }
        let name = self.reader.identifier()?;
        // Conflicts are read by ron: their values take forms (`Some(..)`)
        // that nothing else in a map does.
        if self.level == 0 && name == "conflicts" {
            return Err(Declined);
        }
        // Each field after the one before it: out of order, twice or
        // unknown is not canonical.
        let index = self
            .fields
            .iter()
            .position(|&f| f == name)
            .ok_or(Declined)?;
        self.fields = &self.fields[index + 1..];
        self.reader.eat(b": ")?;
        seed.deserialize(BorrowedStrDeserializer::new(name))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.reader.level = self.level + 1;
        let value = seed.deserialize(&mut *self.reader)?;
        self.reader.item_end()?;
        Ok(value)
    }
}

impl<'de> de::EnumAccess<'de> for &mut Reader<'de> {
    type Error = Declined;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let name = self.identifier()?;
        let variant = seed.deserialize(BorrowedStrDeserializer::new(name))?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Reader<'de> {
    type Error = Declined;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    /// `Name(value)`, on one line.
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.eat(b"(")?;
        let value = seed.deserialize(&mut *self)?;
        self.eat(b")")?;
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value> {
        Err(Declined)
    }

    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], _: V) -> Result<V::Value> {
        Err(Declined)
    }
}

#[cfg(test)]
mod tests;
