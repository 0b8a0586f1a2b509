//! Cutting identifiers into lowercase words, and joining words back in PascalCase.

use heck::ToSnakeCase;

/// Words written all in capitals when a name is PascalCased (`ipApplicationSegment` ->
/// `IPApplicationSegment`).
const ACRONYMS: &[&str] = &["ip", "os", "ms", "vm"];

/// Lowercase words of an identifier: case changes (via `heck`), a digit followed by a
/// letter, and anything not alphanumeric separate words.
pub(super) fn split_words(identifier: &str) -> Vec<String> {
    identifier
        .to_snake_case()
        .split('_')
        .filter(|w| !w.is_empty())
        .flat_map(split_after_digits)
        .collect()
}

/// `x2fa` -> `x2`, `fa`.
fn split_after_digits(word: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut previous_digit = false;
    for c in word.chars() {
        if previous_digit && c.is_alphabetic() && !current.is_empty() {
            parts.push(std::mem::take(&mut current));
        }
        previous_digit = c.is_ascii_digit();
        current.push(c);
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

/// PascalCase of lowercase words, with [`ACRONYMS`] in capitals.
pub(super) fn pascal(words: &[String]) -> String {
    words.iter().map(|w| capitalize(w)).collect()
}

/// PascalCase without acronyms, for looking words up in the verb table.
pub(super) fn pascal_plain(words: &[String]) -> String {
    words.iter().map(|w| upper_first(w)).collect()
}

fn capitalize(word: &str) -> String {
    if ACRONYMS.contains(&word) {
        word.to_ascii_uppercase()
    } else {
        upper_first(word)
    }
}

pub(super) fn upper_first(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
