//! The registry of the identifiers of one Rust scope. Every name the generator emits is
//! claimed in the scope it lives in, so two claims never get one name:
//!
//! | scope | case | claimed by |
//! | --- | --- | --- |
//! | `models` (the crate's model types) | Pascal | `lower::schema` |
//! | `operations` (marker types, request aliases, setter and operation traits) | Pascal | `lower::disambiguate`, `lower::item_names` |
//! | the client's methods (every module's operation trait, the runtime's `Client`) | snake | `lower::disambiguate` |
//! | one request's methods (the runtime's `Request`, the setters) | snake | `lower::setters` |
//! | one method's parameter list (its path values) | snake | `lower::path_args` |
//! | the identity type's fields | snake | `lower::identity` |
//! | one struct's fields, one enum's variants | snake, Pascal | `lower::schema` |
//!
//! A claim keeps its wanted name where the scope lacks it; else it is numbered, the first
//! free of `name2`, `name3`, ... (Pascal) or `name_2`, `name_3`, ... (snake), in the order
//! of the claims, which follows the document: the same on every run. Names reserved at the
//! start (a runtime type's own methods, keywords taken elsewhere) are never given out.

use std::collections::BTreeSet;

/// How a scope numbers a name that is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Types and variants: `Name2`.
    Pascal,
    /// Methods, fields, arguments: `name_2`.
    Snake,
}

/// The identifiers claimed in one scope.
#[derive(Debug, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
    case: Case,
}

impl Scope {
    /// An empty scope of type-like names.
    pub fn pascal() -> Self {
        Scope {
            taken: BTreeSet::new(),
            case: Case::Pascal,
        }
    }

    /// An empty scope of snake-case names.
    pub fn snake() -> Self {
        Scope {
            taken: BTreeSet::new(),
            case: Case::Snake,
        }
    }

    /// This scope with `names` taken from the start.
    pub fn reserving<'a>(mut self, names: impl IntoIterator<Item = &'a str>) -> Self {
        self.taken.extend(names.into_iter().map(str::to_owned));
        self
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Claims `wanted`, numbered where taken (see the module docs); returns the name given.
    pub fn claim(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let separator = match self.case {
            Case::Pascal => "",
            Case::Snake => "_",
        };
        (2..)
            .map(|n| format!("{wanted}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unused numbered name exists")
    }

    /// Claims `wanted`; where taken, `wanted{suffix}` instead, numbered where that is
    /// taken too (`top` -> `top_field` -> `top_field_2`).
    pub fn claim_with_suffix(&mut self, wanted: String, suffix: &str) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        self.claim(format!("{wanted}{suffix}"))
    }
}

/// The names that occur more than once in `names`, each once, sorted: what a scope's
/// claims must never produce (the IR's own check, `lower::tests`).
pub fn duplicates<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = BTreeSet::new();
    let mut twice = BTreeSet::new();
    for name in names {
        if !seen.insert(name) {
            twice.insert(name);
        }
    }
    twice.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_are_numbered_by_case() {
        let mut types = Scope::pascal();
        assert_eq!(types.claim("A".into()), "A");
        assert_eq!(types.claim("A".into()), "A2");
        assert_eq!(types.claim("A".into()), "A3");
        let mut methods = Scope::snake().reserving(["send"]);
        assert_eq!(methods.claim("send".into()), "send_2");
        assert_eq!(methods.claim("get".into()), "get");
        assert_eq!(methods.claim("get".into()), "get_2");
        assert!(methods.contains("get_2"));
    }

    #[test]
    fn suffix_then_number() {
        let mut taken = Scope::snake().reserving(["body", "top", "top_field"]);
        assert_eq!(taken.claim_with_suffix("name".into(), "_field"), "name");
        assert_eq!(
            taken.claim_with_suffix("body".into(), "_field"),
            "body_field"
        );
        assert_eq!(
            taken.claim_with_suffix("top".into(), "_field"),
            "top_field_2"
        );
        assert_eq!(
            taken.claim_with_suffix("top".into(), "_field"),
            "top_field_3"
        );
    }

    #[test]
    fn duplicates_are_found_once() {
        assert_eq!(duplicates(["a", "b", "a", "c", "a", "b"]), ["a", "b"]);
        assert!(duplicates(["a", "b"]).is_empty());
    }
}
