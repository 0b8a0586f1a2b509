//! What every open string enum of the models implements, written once.
//!
//! # Open enums
//!
//! Every enum a generated crate has is open: besides its members it has an
//! `UnknownValue(String)` variant (the name is the generator's), which holds any value
//! the service adds later, so such a value decodes and round-trips unchanged instead of
//! failing. [`open_enum!`](crate::open_enum) gives the enum `as_str` (the exact wire
//! string), `From<&str>`, `From<String>`, `FromStr` (infallible), `Display` and serde's
//! `Serialize`/`Deserialize`, all as the wire string. A flags enum is used through
//! [`Flags`](crate::Flags).

/// Implements `as_str`, `From<&str>`, `From<String>`, `FromStr`, `Display`, `Serialize`
/// and `Deserialize` for an open string enum: `$variant`s map to their `$wire` strings, and
/// any other string is kept in `$other`. One macro instead of seven impls per enum keeps the
/// generated code small (hundreds of enums in a whole Graph module).
#[doc(hidden)]
#[macro_export]
macro_rules! open_enum {
    ($name:ident, $other:ident, { $($variant:ident => $wire:literal),* $(,)? }) => {
        impl $name {
            /// The exact string the service uses for this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::$other(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => $name::$variant,)*
                    other => $name::$other(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                $name::from(value.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok($name::from(value))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <std::borrow::Cow<'de, str> as $crate::__private::serde::Deserialize>::deserialize(deserializer)
                    .map(|value| $name::from(value.as_ref()))
            }
        }
    };
}
