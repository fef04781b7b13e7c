//! Reads a query string into a route's parameter type with whole numbers spelled one way:
//! ASCII digits only. Rust's integer parsing (which serde's URL-encoded reader uses) takes a
//! leading `+`, so `limit=+5` was read as 5, and a signed parameter took `since=-1`; no Warden
//! parameter is negative, and a number written any other way (`+5`, ` 5`, `5.0`, `0x5`, `5_0`,
//! `1e2`) is a mistake to name, not to guess at. Every other value is read as serde's URL-encoded
//! reader reads it (strings, `true`/`false`, spellings of an enum).

use serde::de::value::{Error, MapAccessDeserializer, MapDeserializer, StringDeserializer};
use serde::de::{self, DeserializeOwned, Error as _, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

/// `query` (the part after `?`, percent-encoded) read into `T`. The error names the parameter
/// and what is wrong with it (`limit: must be a whole number, digits only ...`).
pub fn from_query<T: DeserializeOwned>(query: &str) -> Result<T, Error> {
    let pairs = form_urlencoded::parse(query.as_bytes()).map(|(name, value)| {
        (
            name.clone().into_owned(),
            Value {
                name: name.into_owned(),
                text: value.into_owned(),
            },
        )
    });
    let mut map = MapDeserializer::new(pairs);
    let value = T::deserialize(MapAccessDeserializer::new(&mut map))?;
    map.end()?;
    Ok(value)
}

/// One parameter's value, with its name for the errors.
struct Value {
    name: String,
    text: String,
}

impl Value {
    /// The value as a whole number of type `N`: digits only, within `N`'s range.
    fn whole<N: std::str::FromStr>(&self) -> Result<N, Error> {
        let Self { name, text } = self;
        if text.is_empty() {
            return Err(Error::custom(format!("{name}: must not be empty")));
        }
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::custom(format!(
                "{name}: must be a whole number (digits only, not negative: no sign, space, point or exponent), not '{text}'"
            )));
        }
        text.parse()
            .map_err(|_| Error::custom(format!("{name}: is too large a number ('{text}')")))
    }

    /// The value as a decimal number (`1.5`), as Rust spells one.
    fn decimal<N: std::str::FromStr>(&self) -> Result<N, Error> {
        let Self { name, text } = self;
        text.parse()
            .map_err(|_| Error::custom(format!("{name}: must be a number, not '{text}'")))
    }

    fn string_deserializer(self) -> StringDeserializer<Error> {
        self.text.into_deserializer()
    }
}

impl<'de> IntoDeserializer<'de, Error> for Value {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

macro_rules! whole_numbers {
    ($($method:ident => $visit:ident: $ty:ty),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                visitor.$visit(self.whole::<$ty>()?)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for Value {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_string(self.text)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.string_deserializer()
            .deserialize_enum(name, variants, visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.text.as_str() {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            other => Err(Error::custom(format!(
                "{}: must be `true` or `false`, not '{other}'",
                self.name
            ))),
        }
    }

    whole_numbers! {
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_u128 => visit_u128: u128,
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128,
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f32(self.decimal()?)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(self.decimal()?)
    }

    forward_to_deserialize_any! {
        char str string bytes byte_buf unit unit_struct seq tuple tuple_struct map
        struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Params {
        limit: Option<u32>,
        since: Option<i64>,
        q: Option<String>,
        flag: Option<bool>,
    }

    fn read(query: &str) -> Result<Params, String> {
        from_query::<Params>(query).map_err(|e| e.to_string())
    }

    #[test]
    fn digits_are_read_and_text_is_kept_as_sent() {
        assert_eq!(
            read("limit=5&since=0&q=%2B5%20x&flag=true"),
            Ok(Params {
                limit: Some(5),
                since: Some(0),
                q: Some("+5 x".to_owned()),
                flag: Some(true),
            })
        );
        assert_eq!(
            read(""),
            Ok(Params {
                limit: None,
                since: None,
                q: None,
                flag: None
            })
        );
    }

    #[test]
    fn a_number_spelled_any_other_way_is_named() {
        for query in [
            "limit=+5",
            "limit=%2B5",
            "limit=-5",
            "limit=%205",
            "limit=5%20",
            "limit=5.0",
            "limit=0x5",
            "limit=5_0",
            "limit=1e2",
            "limit=-0",
            "limit=５",
            "since=-1",
            "since=+1",
        ] {
            let error = read(query).expect_err(query);
            let name = query.split('=').next().unwrap_or_default();
            assert!(
                error.starts_with(&format!("{name}: must be a whole number")),
                "{query}: {error}"
            );
        }
        assert_eq!(
            read("limit=99999999999").map_err(|e| e.starts_with("limit: is too large")),
            Err(true)
        );
        assert_eq!(
            read("limit=").map_err(|e| e.starts_with("limit: must not be empty")),
            Err(true)
        );
        assert!(read("flag=1").is_err_and(|e| e.starts_with("flag:")));
        assert!(read("bogus=1").is_err_and(|e| e.contains("bogus")));
        assert!(read("limit=1&limit=2").is_err_and(|e| e.contains("duplicate field `limit`")));
    }
}
