//! Values of flags enums (`x-ms-enum-flags`): sets of members sent as `"a,b"`.
//!
//! Described on [`Flags`], which is where users read it (this module is
//! private).

use std::fmt;

/// A set of members of a flags enum, written on the wire as one comma-separated string
/// (`"signIn,signOut"`). The members keep the order they were given or received in.
///
/// A model property whose enum is marked `x-ms-enum-flags: {isFlags: true}` in the
/// description has the type `Flags<Enum>`. The enum itself is an ordinary open enum of
/// the generated crate: a member the service adds later arrives as its
/// `UnknownValue(String)` variant and is written back as it came. Reading splits the
/// string at commas, trims each member and skips empty ones; nothing is sorted or
/// deduplicated.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Flags<T>(pub Vec<T>);

impl<T> Default for Flags<T> {
    fn default() -> Self {
        Flags(Vec::new())
    }
}

impl<T> From<Vec<T>> for Flags<T> {
    fn from(members: Vec<T>) -> Self {
        Flags(members)
    }
}

impl<T> FromIterator<T> for Flags<T> {
    fn from_iter<I: IntoIterator<Item = T>>(members: I) -> Self {
        Flags(members.into_iter().collect())
    }
}

impl<T: fmt::Display> fmt::Display for Flags<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, member) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            member.fmt(f)?;
        }
        Ok(())
    }
}

impl<T: for<'s> From<&'s str>> std::str::FromStr for Flags<T> {
    type Err = std::convert::Infallible;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(text
            .split(',')
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(T::from)
            .collect())
    }
}

impl<T: fmt::Display> serde::Serialize for Flags<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de, T: for<'s> From<&'s str>> serde::Deserialize<'de> for Flags<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        Ok(text.parse().unwrap_or_else(|never| match never {}))
    }
}
