//! Parsing a large document's top-level sections on several threads.
//!
//! The YAML parser is the largest single cost of generating the Applications module
//! (about 0.12 s of 2 MB, single-threaded). Its top level is a block mapping whose keys
//! start at column 0 (`openapi:`, `info:`, `servers:`, `paths:`, `components:`,
//! `security:`), and everything below a key is indented. Each such section is a YAML
//! document of its own, so the sections can be parsed apart, in parallel, and joined
//! into the one mapping the whole text gives.
//!
//! This is only a shortcut, taken when it is certainly the same: the text is split only
//! when every line at column 0 is blank, a comment, or a plain `key:` line; each section
//! must parse to a mapping of exactly its one key; keys must not repeat. Anything else —
//! a flow mapping (JSON), a document marker, a directive, an anchor used across sections
//! (it fails to resolve), a quoted string running across a column-0 line (its section
//! fails to parse) — returns `None`, and the caller parses the whole text as before,
//! which also gives every error its position.

use serde_yaml::{Mapping, Value};

/// Documents smaller than this are parsed whole: threads would cost more than they save.
const MIN_SPLIT_BYTES: usize = 256 * 1024;

/// The whole document's YAML value, parsed section by section on up to `threads`
/// threads, or `None` when the shortcut does not certainly apply.
pub fn parse(text: &str, threads: usize) -> Option<Value> {
    if text.len() < MIN_SPLIT_BYTES || threads < 2 {
        return None;
    }
    let sections = split(text)?;
    if sections.len() < 2 {
        return None;
    }
    // Contiguous groups of sections, about equal in bytes, one per thread.
    let share = text.len().div_ceil(threads);
    let mut groups: Vec<Vec<(&str, &str)>> = vec![Vec::new()];
    let mut size = 0;
    for section in sections {
        // A new group when this section would take the current one past its share by
        // more than half of itself.
        if size > 0 && size + section.1.len() / 2 > share && groups.len() < threads {
            groups.push(Vec::new());
            size = 0;
        }
        size += section.1.len();
        groups.last_mut()?.push(section);
    }
    let parsed: Vec<Option<Vec<(String, Value)>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = groups
            .iter()
            .skip(1)
            .map(|group| scope.spawn(move || parse_group(group)))
            .collect();
        let mut all = vec![parse_group(&groups[0])];
        all.extend(handles.into_iter().map(|h| h.join().ok().flatten()));
        all
    });
    let mut map = Mapping::new();
    for (key, value) in parsed
        .into_iter()
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .flatten()
    {
        if map.insert(Value::String(key), value).is_some() {
            return None; // a repeated key: the whole parse reports it
        }
    }
    Some(Value::Mapping(map))
}

/// The sections `(key, text)` of `text`, or `None` when a column-0 line is anything but
/// blank, a comment or a plain `key:` line. Text before the first key must be blank or
/// comments.
fn split(text: &str) -> Option<Vec<(&str, &str)>> {
    let mut sections: Vec<(&str, usize)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.is_empty() || content.starts_with(' ') || content.starts_with('#') {
            continue;
        }
        sections.push((top_level_key(content)?, start));
    }
    let mut out = Vec::with_capacity(sections.len());
    for (i, &(key, start)) in sections.iter().enumerate() {
        let end = sections.get(i + 1).map_or(text.len(), |&(_, next)| next);
        out.push((key, &text[start..end]));
    }
    Some(out)
}

/// The key of a column-0 line `key:` or `key: value` whose key is a plain identifier.
fn top_level_key(line: &str) -> Option<&str> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    let rest = &line[colon + 1..];
    let plain = !key.is_empty()
        && key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    (plain && (rest.is_empty() || rest.starts_with(' '))).then_some(key)
}

/// Parses each section of `group`; `None` if one does not parse to exactly its key.
fn parse_group(group: &[(&str, &str)]) -> Option<Vec<(String, Value)>> {
    group
        .iter()
        .map(|&(key, text)| {
            let Value::Mapping(map) = serde_yaml::from_str::<Value>(text).ok()? else {
                return None;
            };
            let mut entries = map.into_iter();
            let (Value::String(found), value) = entries.next()? else {
                return None;
            };
            (found == key && entries.next().is_none()).then_some((found, value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(doc: &str) -> String {
        // Padding in a comment-free, indented block keeps the semantics and passes the
        // size threshold.
        let mut text = doc.to_owned();
        text.push_str("padding:\n");
        for i in 0..(MIN_SPLIT_BYTES / 16) {
            text.push_str(&format!("  k{i:08}: value\n"));
        }
        text
    }

    fn whole(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn sections_join_into_the_whole_documents_value() {
        let text = big(
            "# a comment\nopenapi: 3.0.4\ninfo:\n  title: T\n  description: |\n    two\n    lines\npaths:\n  /a:\n    get: {}\n\ncomponents:\n  schemas: {}\n",
        );
        let split_sections = split(&text).expect("splits");
        assert_eq!(split_sections.len(), 5);
        for (key, section) in &split_sections {
            assert!(
                parse_group(&[(key, section)]).is_some(),
                "{key}: {section:.200}"
            );
        }
        assert!(parse(&text, 2) == Some(whole(&text)));
        assert!(parse(&text, 4) == Some(whole(&text)));
    }

    #[test]
    fn anything_unusual_falls_back_to_the_whole_parse() {
        for doc in [
            // JSON, markers, directives, merge keys, quoted keys
            "{\"openapi\": \"3.0.4\"}\n",
            "---\nopenapi: 3.0.4\n",
            "%YAML 1.2\n---\nopenapi: 3.0.4\n",
            "openapi: 3.0.4\n<<: *base\n",
            "\"openapi\": 3.0.4\n",
            // an alias to an anchor in another section
            "info: &i\n  title: T\npaths:\n  x: *i\n",
            // a quoted string running across a column-0 line that looks like a key
            "info:\n  title: \"one\npaths: two\"\n",
            // a repeated key
            "info:\n  title: T\ninfo:\n  title: U\n",
            // a tab
            "\topenapi: 3.0.4\n",
        ] {
            assert!(parse(&big(doc), 2).is_none(), "{doc:?}");
        }
    }

    #[test]
    fn the_applications_module_splits_into_the_same_value() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/specs/graph-beta-applications.yml"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("SKIP: {path} is absent");
            return;
        };
        let sections = split(&text).expect("the module splits");
        let keys: Vec<&str> = sections.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            [
                "openapi",
                "info",
                "servers",
                "paths",
                "components",
                "security"
            ]
        );
        assert!(parse(&text, 2) == Some(whole(&text)));
    }

    #[test]
    fn small_documents_are_parsed_whole() {
        assert_eq!(parse("openapi: 3.0.4\ninfo: {}\n", 2), None);
    }
}
