//! The models' `Serialize` and `Deserialize`: a JSON object written or taken apart field by
//! field.
//!
//! serde's derive, with the `flatten`ed map that keeps unlisted properties, expands to a
//! buffering deserializer of some forty lines per field; for the ~900 structs of a Graph
//! module that expansion was most of the crate's build time, and proc-macro output is
//! rebuilt on every build. Each model's impls instead come from one
//! [`object_serde!`](crate::object_serde) call:
//! `Deserialize` reads the object into a map and takes its fields out one call each through
//! [`Object`]; what is left over is the unlisted properties. `Serialize` writes one call per
//! field through [`ObjectWriter`]. Neither checks a result per field: the first error is
//! kept, later fields are skipped, and it is returned at the end. The impls are generic (over
//! the serializer), so their code is stored in the crate's metadata; a `?` per field made
//! that code several times larger, and with it every build of the crate.
//!
//! # Absent, null, or a value
//!
//! A listed optional member is an `Option<T>`: `None` is both "absent" and "null", which is
//! all most code needs. Where the difference matters (Graph clears a property sent as
//! `null` in a PATCH), the struct's unlisted-properties map carries it: a listed member
//! that came as `null` stays in that map as `null`, in its place, and
//! [`ExplicitNull::is_null`](crate::ExplicitNull::is_null) reads it; [`ExplicitNull::set_null`](crate::ExplicitNull::set_null) sets the member to `None`
//! and puts the `null` there, so it is sent. A value in the field wins over a `null` left
//! in the map, so a model read with a `null` and then given a value sends the value. A
//! round trip gives back the members it read, `null`s included.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// A JSON object whose members are being taken out into a model's fields.
#[doc(hidden)]
pub struct Object {
    members: Map<String, Value>,
    /// The first member that could not be read; the rest are skipped.
    error: Option<serde_json::Error>,
}

impl<'de> Deserialize<'de> for Object {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer).map(|members| Object {
            members,
            error: None,
        })
    }
}

impl Object {
    /// The member `key`, which may be absent or `null` (`None` both; a `null` stays among
    /// the members left over, where [`ExplicitNull::is_null`](crate::ExplicitNull::is_null) finds it). When it cannot be
    /// read (or an earlier member could not), `None`, and the first error is kept for
    /// [`Object::finish`].
    pub fn optional<T: DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        if self.error.is_some() {
            return None;
        }
        match take_unless_null(&mut self.members, key) {
            None => None,
            Some(value) => T::deserialize(value)
                .map_err(|e| {
                    self.error = Some(serde_json::Error::custom(format_args!("{key}: {e}")))
                })
                .ok(),
        }
    }

    /// The member `key`, which must be present; an earlier member's error comes first.
    pub fn required<T: DeserializeOwned, E: serde::de::Error>(
        &mut self,
        key: &str,
    ) -> Result<T, E> {
        if let Some(error) = self.error.take() {
            return Err(E::custom(error));
        }
        match self.members.shift_remove(key) {
            None => Err(E::custom(format_args!("missing field `{key}`"))),
            Some(value) => T::deserialize(value).map_err(|e| E::custom(format_args!("{key}: {e}"))),
        }
    }

    /// The members not taken out: the object's unlisted properties, in their order.
    pub fn rest(&mut self) -> Map<String, Value> {
        std::mem::take(&mut self.members)
    }

    /// The model built from the members, or the first member's error.
    pub fn finish<T, E: serde::de::Error>(self, model: T) -> Result<T, E> {
        match self.error {
            None => Ok(model),
            Some(error) => Err(E::custom(error)),
        }
    }
}

/// A model being written as a JSON object, member by member (the models' `Serialize`):
/// absent optional members are left out, unlisted properties follow the listed ones.
///
/// An unlisted `null` under a listed member's name (the member came as `null`) is written
/// only where the member has no value now: a value given since wins. The check costs
/// nothing per member unless the unlisted properties hold a `null`, and the models carry no
/// code for it.
#[doc(hidden)]
pub struct ObjectWriter<'r, M: serde::ser::SerializeMap> {
    map: M,
    /// The first member that could not be written; the rest are skipped.
    error: Option<M::Error>,
    /// The unlisted properties, written at the end.
    rest: Option<&'r Map<String, Value>>,
    /// The keys of the unlisted `null`s, and which of them a listed member has written.
    nulls: Vec<(&'r str, bool)>,
}

impl<'r, M: serde::ser::SerializeMap> ObjectWriter<'r, M> {
    /// Starts the object on `serializer`; `rest` is the model's unlisted properties.
    pub fn start<S: serde::Serializer<SerializeMap = M>>(
        serializer: S,
        rest: Option<&'r Map<String, Value>>,
    ) -> Result<Self, S::Error> {
        let nulls = rest
            .into_iter()
            .flatten()
            .filter(|(_, value)| value.is_null())
            .map(|(key, _)| (key.as_str(), false))
            .collect();
        serializer.serialize_map(None).map(|map| ObjectWriter {
            map,
            error: None,
            rest,
            nulls,
        })
    }

    /// Writes `key` when `value` is present.
    pub fn optional<T: serde::Serialize>(&mut self, key: &str, value: &Option<T>) {
        if let Some(value) = value {
            if !self.nulls.is_empty() {
                mark_written(&mut self.nulls, key);
            }
            self.required(key, value);
        }
    }

    /// Writes `key`.
    pub fn required<T: serde::Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if self.error.is_none() {
            self.error = self.map.serialize_entry(key, value).err();
        }
    }

    /// Writes the unlisted properties, but a `null` whose member a listed one wrote, and
    /// ends the object, or returns the first member's error.
    pub fn end(mut self) -> Result<M::Ok, M::Error> {
        for (key, value) in self.rest.into_iter().flatten() {
            let written = value.is_null()
                && self
                    .nulls
                    .iter()
                    .any(|(k, written)| *written && *k == key.as_str());
            if !written {
                self.required(key, value);
            }
        }
        match self.error {
            None => self.map.end(),
            Some(error) => Err(error),
        }
    }
}

/// The member `key` taken out of `members`, unless it is absent or `null` (which stays).
/// Not generic: compiled once here, not once per field type in every model crate.
fn take_unless_null(members: &mut Map<String, Value>, key: &str) -> Option<Value> {
    match members.get(key) {
        None | Some(Value::Null) => None,
        Some(_) => members.shift_remove(key),
    }
}

/// Records that the listed member `key` was written, where an unlisted `null` has its name.
fn mark_written(nulls: &mut [(&str, bool)], key: &str) {
    if let Some(null) = nulls.iter_mut().find(|(k, _)| *k == key) {
        null.1 = true;
    }
}

/// Implements `Serialize` and `Deserialize` for a model struct through [`ObjectWriter`]
/// and [`Object`]: each `$field` is `required` or `optional` and has its `$wire` name; the
/// optional `$rest` field holds the unlisted properties, and with it the struct gets
/// [`ExplicitNull`](crate::ExplicitNull). One macro call per struct keeps the generated code small (some nine
/// hundred structs in a whole Graph module).
#[doc(hidden)]
#[macro_export]
macro_rules! object_serde {
    ($name:ident, [$($field:ident $kind:ident $wire:literal),* $(,)?], $rest:ident) => {
        $crate::object_serde!(@serde $name [$($field $kind $wire),*] $rest);
        $crate::object_serde!(@nulls $name);
    };
    ($name:ident, [$($field:ident $kind:ident $wire:literal),* $(,)?]) => {
        $crate::object_serde!(@serde $name [$($field $kind $wire),*]);
    };
    (@serde $name:ident [$($field:ident $kind:ident $wire:literal),*] $($rest:ident)?) => {
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #[allow(unused_mut)]
                let mut w = $crate::ObjectWriter::start(serializer, $crate::object_serde!(@rest self $($rest)?))?;
                $(w.$kind($wire, &self.$field);)*
                w.end()
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #[allow(unused_mut)]
                let mut o = <$crate::Object as $crate::__private::serde::Deserialize>::deserialize(deserializer)?;
                let model = Self {
                    $($field: $crate::object_serde!(@get o $kind $wire),)*
                    $($rest: o.rest(),)?
                };
                o.finish(model)
            }
        }
    };
    (@nulls $name:ident) => {
        impl $crate::ExplicitNull for $name {}
    };
    (@get $o:ident optional $wire:literal) => { $o.optional($wire) };
    (@get $o:ident required $wire:literal) => { $o.required($wire)? };
    (@rest $self:ident $rest:ident) => { Some(&$self.$rest) };
    (@rest $self:ident) => { None };
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value};

    /// A model as generated: two listed members and the unlisted ones.
    #[derive(Debug, Default)]
    struct Pair {
        key: Option<String>,
        value: Option<String>,
        additional_properties: Map<String, Value>,
    }
    crate::object_serde!(Pair, [key optional "key", value optional "value"], additional_properties);

    #[test]
    fn unlisted_properties_keep_their_order_on_a_round_trip() {
        let input = r#"{"a":1,"key":"BaseAddress","b":null,"value":"x","extra":null,"n":5}"#;
        let pair: Pair = serde_json::from_str(input).unwrap();
        assert_eq!(pair.key.as_deref(), Some("BaseAddress"));
        let keys: Vec<&str> = pair
            .additional_properties
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["a", "b", "extra", "n"]);
        // Listed members first, then the unlisted ones in the order they came.
        assert_eq!(
            serde_json::to_string(&pair).unwrap(),
            r#"{"key":"BaseAddress","value":"x","a":1,"b":null,"extra":null,"n":5}"#
        );
    }

    #[test]
    fn null_absent_and_value_are_three_states_that_round_trip() {
        use crate::ExplicitNull;
        let input = r#"{"key":null,"a":1,"value":"x"}"#;
        let mut pair: Pair = serde_json::from_str(input).unwrap();
        assert_eq!(pair.key, None);
        assert!(pair.is_null("key"), "came as null");
        assert!(!pair.is_null("value"), "has a value");
        assert!(!pair.is_null("nothing"), "absent");
        // The same members back: the null one with the unlisted ones, in its place.
        assert_eq!(
            serde_json::to_string(&pair).unwrap(),
            r#"{"value":"x","key":null,"a":1}"#
        );
        // A value given after a null read wins, and the member is no longer null.
        pair.key = Some("BaseAddress".into());
        assert!(!pair.is_null("key"));
        assert_eq!(
            serde_json::to_string(&pair).unwrap(),
            r#"{"key":"BaseAddress","value":"x","a":1}"#
        );
        // set_null clears a value and sends null; an unlisted member can be null too.
        pair.set_null("value");
        pair.set_null("other");
        assert_eq!(pair.value, None);
        assert!(pair.is_null("value") && pair.is_null("other"));
        assert_eq!(
            serde_json::to_string(&pair).unwrap(),
            r#"{"key":"BaseAddress","value":null,"a":1,"other":null}"#
        );
        // Nothing set: nothing sent.
        assert_eq!(serde_json::to_string(&Pair::default()).unwrap(), "{}");
    }

    #[test]
    fn the_first_bad_member_is_the_error() {
        let error = serde_json::from_str::<Pair>(r#"{"key":5,"value":6}"#).unwrap_err();
        assert!(
            error.to_string().starts_with("key: invalid type"),
            "{error}"
        );
    }
}
