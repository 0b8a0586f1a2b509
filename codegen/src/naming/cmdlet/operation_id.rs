//! Rules 1 and 2: the group and operation-name words of an operationId.

use super::case::split_words;
use super::from_path::words_from_path;
use super::noun::remove_sequential_duplicates;
use super::singular::singular_word;

/// Group words and operation-name words for an operation (rules 1 and 2).
pub(super) fn operation_words(
    operation_id: &str,
    method: &str,
    path: &str,
) -> (Vec<String>, Vec<String>) {
    let Some((group, name)) = split_operation_id(operation_id) else {
        return words_from_path(method, path);
    };
    let mut group = group_words(group);
    if group.is_empty() {
        group = words_from_path(method, path).0;
    }
    (group, split_words(name))
}

/// Splits an operationId into group and operation name (rule 1); `None` when it is empty.
pub(super) fn split_operation_id(operation_id: &str) -> Option<(&str, &str)> {
    let id = operation_id.trim();
    if id.is_empty() {
        return None;
    }
    Some(
        id.split_once('_')
            .or_else(|| id.rsplit_once('.'))
            .unwrap_or(("", id)),
    )
}

/// The group's words: last one singularized, repeats removed.
fn group_words(group: &str) -> Vec<String> {
    let mut words = split_words(group);
    if let Some(last) = words.last_mut() {
        *last = singular_word(last);
    }
    remove_sequential_duplicates(&mut words);
    words
}
