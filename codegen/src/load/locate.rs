//! Finding the line and column of a JSON pointer in the YAML text, on the error path only.
//!
//! The happy path parses the document once, into a `serde_yaml::Value`, which keeps no
//! positions. When an error is reported, the text is parsed a second time by
//! [`locate`]: a [`DeserializeSeed`] walks the YAML event stream down the pointer and,
//! on reaching the node, fails on purpose. `serde_yaml` stamps an error raised inside a
//! node with the position of that node's first event, which is exactly the line and
//! column wanted; the stamp is read back from the error. No second parser is needed.
//!
//! When the pointer leads through a key that is not there, the deepest node that exists
//! is reported (the mapping that lacks the key).

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::diagnostics::Error;

/// The message the walker fails with on reaching its node; never shown.
const FOUND: &str = "codegen-locate: found";

/// Fills in the line and column of a [`Error::Spec`] that lacks them, from `text`.
pub fn fill(error: Error, text: &str) -> Error {
    match error {
        Error::Spec {
            file,
            mut location,
            message,
        } => {
            if location.line_col.is_none() {
                location.line_col = locate(text, &location.pointer);
            }
            Error::Spec {
                file,
                location,
                message,
            }
        }
        other => other,
    }
}

/// The 1-based line and column where the node at `pointer` starts in the YAML `text`.
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let tokens = parse_pointer(pointer)?;
    let walker = Walker { tokens: &tokens };
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let error = match walker.deserialize(deserializer) {
        Ok(()) => return None,
        Err(e) => e,
    };
    if !error.to_string().contains(FOUND) {
        return None; // the text does not parse; its own error carries the position
    }
    error.location().map(|l| (l.line(), l.column()))
}

/// The reference tokens of an RFC 6901 pointer, unescaped; `None` if it is malformed.
fn parse_pointer(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// Walks down `tokens`; always fails, with [`FOUND`], at the node or at the deepest
/// ancestor that exists.
struct Walker<'t> {
    tokens: &'t [String],
}

impl<'de> DeserializeSeed<'de> for Walker<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walker<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.tokens.split_first() else {
            return Err(de::Error::custom(FOUND));
        };
        while let Some(key) = map.next_key::<serde_yaml::Value>()? {
            if key_text(&key).as_deref() == Some(first.as_str()) {
                return map.next_value_seed(Walker { tokens: rest });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Err(de::Error::custom(FOUND))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.tokens.split_first() else {
            return Err(de::Error::custom(FOUND));
        };
        let wanted: Option<usize> = first.parse().ok();
        let mut index = 0;
        loop {
            if Some(index) == wanted {
                return match seq.next_element_seed(Walker { tokens: rest })? {
                    Some(()) => Err(de::Error::custom(FOUND)),
                    None => Err(de::Error::custom(FOUND)),
                };
            }
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Err(de::Error::custom(FOUND));
            }
            index += 1;
        }
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, _data: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
}

/// A mapping key as a pointer token: strings as they are, numbers and booleans as written.
fn key_text(key: &serde_yaml::Value) -> Option<String> {
    match key {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        serde_yaml::Value::Null => Some("null".to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::locate;

    const DOC: &str = "\
openapi: 3.0.4
info:
  title: t
  version: '1'
paths:
  /a/{id}:
    get:
      parameters:
        - name: id
          in: body
        - {name: x, in: query}
      responses:
        200:
          description: ok
";

    #[test]
    fn finds_nodes_by_pointer() {
        assert_eq!(locate(DOC, ""), Some((1, 1)));
        assert_eq!(locate(DOC, "/info/title"), Some((3, 10)));
        assert_eq!(locate(DOC, "/paths/~1a~1{id}/get"), Some((8, 7)));
        assert_eq!(
            locate(DOC, "/paths/~1a~1{id}/get/parameters/0/in"),
            Some((10, 15))
        );
        assert_eq!(
            locate(DOC, "/paths/~1a~1{id}/get/parameters/1/in"),
            Some((11, 25))
        );
        assert_eq!(
            locate(DOC, "/paths/~1a~1{id}/get/responses/200/description"),
            Some((14, 24))
        );
    }

    #[test]
    fn missing_keys_give_the_deepest_ancestor() {
        assert_eq!(locate(DOC, "/info/nothing/here"), Some((3, 3)));
        assert_eq!(
            locate(DOC, "/paths/~1a~1{id}/get/parameters/7"),
            Some((9, 9))
        );
    }

    #[test]
    fn unparsable_text_has_no_location() {
        assert_eq!(locate("@", "/a"), None);
        assert_eq!(locate(DOC, "no-slash"), None);
    }
}
