//! The models' `Deserialize`: a JSON object taken apart field by field.
//!
//! serde's derive, with the `flatten`ed map that keeps unlisted properties, expands to a
//! buffering deserializer of some forty lines per field; for the ~900 structs of a Graph
//! module that expansion was most of the crate's build time, and proc-macro output is
//! rebuilt on every build. Each generated `Deserialize` instead reads the object into a
//! map and takes its fields out one line each through [`Object`]; what is left over is
//! the unlisted properties. (`Serialize` is still derived: its expansion is small.)

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// A JSON object whose members are being taken out into a model's fields.
#[doc(hidden)]
pub struct Object(Map<String, Value>);

impl<'de> Deserialize<'de> for Object {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer).map(Object)
    }
}

impl Object {
    /// Builds a model with `build`, which takes the fields out; its errors become `E`.
    pub fn build<T, E: serde::de::Error>(
        mut self,
        build: impl FnOnce(&mut Self) -> Result<T, serde_json::Error>,
    ) -> Result<T, E> {
        build(&mut self).map_err(E::custom)
    }

    /// The member `key`, which may be absent or `null`.
    pub fn optional<T: DeserializeOwned>(&mut self, key: &str) -> Result<Option<T>, serde_json::Error> {
        match self.0.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => T::deserialize(value)
                .map(Some)
                .map_err(|e| serde_json::Error::custom(format_args!("{key}: {e}"))),
        }
    }

    /// The member `key`, which must be present.
    pub fn required<T: DeserializeOwned>(&mut self, key: &str) -> Result<T, serde_json::Error> {
        match self.0.remove(key) {
            None => Err(serde_json::Error::custom(format_args!("missing field `{key}`"))),
            Some(value) => {
                T::deserialize(value).map_err(|e| serde_json::Error::custom(format_args!("{key}: {e}")))
            }
        }
    }

    /// The members not taken out: the object's unlisted properties, in their order.
    pub fn rest(&mut self) -> Map<String, Value> {
        std::mem::take(&mut self.0)
    }
}

/// A model being written as a JSON object, member by member (the models' `Serialize`):
/// absent optional members are left out, unlisted properties follow the listed ones.
#[doc(hidden)]
pub struct ObjectWriter<M>(M);

impl<M: serde::ser::SerializeMap> ObjectWriter<M> {
    /// Starts the object on `serializer`.
    pub fn start<S: serde::Serializer<SerializeMap = M>>(serializer: S) -> Result<Self, S::Error> {
        serializer.serialize_map(None).map(ObjectWriter)
    }

    /// Writes `key` when `value` is present.
    pub fn optional<T: serde::Serialize>(&mut self, key: &str, value: &Option<T>) -> Result<(), M::Error> {
        match value {
            Some(value) => self.0.serialize_entry(key, value),
            None => Ok(()),
        }
    }

    /// Writes `key`.
    pub fn required<T: serde::Serialize>(&mut self, key: &str, value: &T) -> Result<(), M::Error> {
        self.0.serialize_entry(key, value)
    }

    /// Writes the unlisted properties `rest` and ends the object.
    pub fn end(mut self, rest: Option<&Map<String, Value>>) -> Result<M::Ok, M::Error> {
        for (key, value) in rest.into_iter().flatten() {
            self.0.serialize_entry(key, value)?;
        }
        self.0.end()
    }
}

/// Implements `Serialize` and `Deserialize` for a model struct through [`ObjectWriter`]
/// and [`Object`]: each `$field` is `required` or `optional` and has its `$wire` name; the
/// optional `$rest` field holds the unlisted properties. One macro call per struct keeps
/// the generated code small (some nine hundred structs in a whole Graph module).
macro_rules! object_serde {
    ($name:ident, [$($field:ident $kind:ident $wire:literal),* $(,)?] $(, $rest:ident)?) => {
        impl serde::Serialize for $name {
            #[allow(unused_mut)]
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut w = $crate::runtime::ObjectWriter::start(serializer)?;
                $(w.$kind($wire, &self.$field)?;)*
                w.end($crate::runtime::object_serde!(@rest self $($rest)?))
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::Object::deserialize(deserializer)?.build(|o| {
                    Ok(Self {
                        $($field: o.$kind($wire)?,)*
                        $($rest: o.rest(),)?
                    })
                })
            }
        }
    };
    (@rest $self:ident $rest:ident) => { Some(&$self.$rest) };
    (@rest $self:ident) => { None };
}

pub(crate) use object_serde;
