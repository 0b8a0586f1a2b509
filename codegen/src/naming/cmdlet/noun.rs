//! Rules 4 and 5: the verb of an action and the words of the noun, singular and without
//! AutoRest's repeats.

use super::action::Inference;
use super::case::pascal_plain;
use super::singular::singular_word;
use super::verbs::{method_verb, powershell_verb};

/// The verb and the noun words (singular, repeats removed) of an inference (rules 4 and 5).
pub(super) fn command_variant(inference: &Inference, method: &str) -> (&'static str, Vec<String>) {
    let action = pascal_plain(&inference.action);
    let verb = if inference.action.is_empty() {
        method_verb(method)
    } else {
        powershell_verb(&action).unwrap_or("Invoke")
    };
    let mut subject = inference.subject.clone();
    if verb == "Invoke" && !action.eq_ignore_ascii_case("post") {
        subject = [inference.action.clone(), subject].concat();
    }
    let mut nouns: Vec<String> = subject.iter().map(|w| singular_word(w)).collect();
    remove_sequential_duplicates(&mut nouns);
    remove_sequential_duplicates(&mut nouns);
    (verb, nouns)
}

/// Removes back-to-back repeats of one word, then of a pair of words, as AutoRest's
/// `removeSequentialDuplicates` does (case-insensitively, in one left-to-right pass).
pub(super) fn remove_sequential_duplicates(words: &mut Vec<String>) {
    let same = |a: &String, b: &String| a.eq_ignore_ascii_case(b);
    let mut i = 0;
    while i < words.len() {
        while i >= 1 && i < words.len() && same(&words[i], &words[i - 1]) {
            words.remove(i);
        }
        while i >= 2
            && i + 1 < words.len()
            && same(&words[i], &words[i - 2])
            && same(&words[i + 1], &words[i - 1])
        {
            words.drain(i..i + 2);
        }
        i += 1;
    }
}

/// A run of words repeated at the very start keeps one copy:
/// `on premise publishing profile on premise publishing profile agent` -> `on premise
/// publishing profile agent`.
pub(super) fn collapse_leading_repeat(words: &mut Vec<String>) {
    let same_run = |words: &[String], at: usize, len: usize| {
        at + len <= words.len() && (0..len).all(|j| words[j].eq_ignore_ascii_case(&words[at + j]))
    };
    let Some(len) = (1..=words.len() / 2).find(|&len| same_run(words, len, len)) else {
        return;
    };
    let mut copies = 2;
    while same_run(words, copies * len, len) {
        copies += 1;
    }
    words.drain(len..copies * len);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeat_removal_matches_autorest() {
        let words = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
        let mut ids = words("service principal service principal graph b pre app id");
        remove_sequential_duplicates(&mut ids);
        assert_eq!(ids, words("service principal graph b pre app id"));
        let mut ids =
            words("on premise publishing profile agent group agent agent group graph b pre ref");
        remove_sequential_duplicates(&mut ids);
        assert_eq!(
            ids,
            words("on premise publishing profile agent group agent group graph b pre ref")
        );
        remove_sequential_duplicates(&mut ids);
        assert_eq!(
            ids,
            words("on premise publishing profile agent group graph b pre ref")
        );
        let mut ids = words("a b c a b c a b c d");
        collapse_leading_repeat(&mut ids);
        assert_eq!(ids, words("a b c d"));
        let mut ids = words("a b c d a b c");
        collapse_leading_repeat(&mut ids);
        assert_eq!(ids, words("a b c d a b c"));
    }
}
