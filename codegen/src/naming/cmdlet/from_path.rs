//! The words of an operation without an operationId, made up from its path and method.

use super::case::split_words;
use super::verbs::crud_word;

/// Group and operation-name words made up from a path and method when there is no
/// operationId: navigation segments are the group; the method's CRUD word, `count` for
/// `$count`, `as <type>` for a cast, `graph b pre ref` for `$ref` and `content` for `$value`
/// the operation name; an action or function segment is the operation name itself.
pub(super) fn words_from_path(method: &str, path: &str) -> (Vec<String>, Vec<String>) {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let (mut group, mut count, mut cast, mut tail, mut action) =
        (vec![], vec![], vec![], vec![], None);
    for (index, segment) in segments.iter().enumerate() {
        let is_last = index + 1 == segments.len();
        match *segment {
            s if s.starts_with('{') => {}
            "$count" => count.push("count".to_owned()),
            "$ref" => tail.extend(escape_words("ref")),
            "$value" => tail.push("content".to_owned()),
            s => match s.strip_prefix("microsoft.graph.") {
                Some(name)
                    if is_last && (s.contains('(') || !method.eq_ignore_ascii_case("get")) =>
                {
                    action = Some(split_words(name.split('(').next().unwrap_or(name)));
                }
                Some(name) => {
                    cast.push("as".to_owned());
                    cast.extend(split_words(name));
                }
                None => group.extend(navigation_words(s)),
            },
        }
    }
    let name =
        action.unwrap_or_else(|| [vec![crud_word(method).to_owned()], count, cast, tail].concat());
    (group, name)
}

/// Words of a navigation segment; an alternate key `applications(appId='{appId}')` adds
/// `graph b pre app id`.
fn navigation_words(segment: &str) -> Vec<String> {
    let Some((entity, key)) = segment.split_once('(') else {
        return split_words(segment);
    };
    let key = key.split('=').next().unwrap_or(key);
    [split_words(entity), escape_words(key)].concat()
}

/// `graph b pre <key words>`: how Graph's operationIds spell "By `<key>`".
fn escape_words(key: &str) -> Vec<String> {
    let mut words = vec!["graph".to_owned(), "b".to_owned(), "pre".to_owned()];
    words.extend(split_words(key));
    words
}
