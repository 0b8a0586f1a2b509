//! [`Secret`]: a string that is wiped from memory on drop and never printed.

use std::cell::Cell;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

/// What [`Secret`] prints and, in redacting serialization, serializes instead of its value.
pub const REDACTED: &str = "<redacted>";

/// A secret string value: a password, a token, a credential.
///
/// Its memory is zeroed when it is dropped, its `Debug` shows only a placeholder, and
/// it has no `Display`. It serializes as the plain string when a request is sent, and as
/// a placeholder when the runtime renders a request for people (dry run, logs).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a value as a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Zeroizing::new(value.into()))
    }

    /// The secret value itself. Take care where it goes.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

thread_local! {
    static REDACTING: Cell<bool> = const { Cell::new(false) };
}

/// Serializes `value` to JSON with every [`Secret`] replaced by [`REDACTED`].
pub(crate) fn to_redacted_json<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            REDACTING.with(|r| r.set(self.0));
        }
    }
    let _reset = Reset(REDACTING.with(|r| r.replace(true)));
    serde_json::to_string(value)
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if REDACTING.with(Cell::get) {
            serializer.serialize_str(REDACTED)
        } else {
            serializer.serialize_str(&self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}
