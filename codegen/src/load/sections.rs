//! Parsing a large document in pieces on several threads.
//!
//! The YAML parser is the largest single cost of generating the Applications module
//! (about 0.12 s of 2 MB, single-threaded). Its top level is a block mapping whose keys
//! start at column 0 (`openapi:`, `info:`, `servers:`, `paths:`, `components:`,
//! `security:`), and everything below a key is indented; `paths` and `components` are in
//! turn block mappings of one entry per line at a fixed indentation (`  '/applications':`,
//! `    microsoft.graph.application:`). A run of consecutive entries of one mapping is a
//! YAML document of its own, so the text can be cut at entry lines into pieces of some
//! tens of KB, parsed apart on every core, and joined into the one value the whole text
//! gives. (Splitting only at column 0 left the 1.26 MB `components` section to one thread
//! and the 0.74 MB `paths` to the other.)
//!
//! This is only a shortcut, taken when it is certainly the same. A mapping is cut only
//! when every line at its entries' indentation is a `key:` line with a plain or simply
//! single-quoted key, no line is indented less (blank lines and comments aside), and no
//! tab indents a line; a section is opened (cut into its own entries) only when its line
//! is `key:` with nothing after the colon. Each piece must parse to a mapping of exactly
//! the keys its lines name, in order; no key may repeat within a mapping. Anything else —
//! a flow mapping (JSON), a document marker, a directive, an anchor used across pieces
//! (it fails to resolve), a quoted string or flow collection running across an entry
//! line (its piece fails to parse) — returns `None`, and the caller parses the whole text
//! as before, which also gives every error its position.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_yaml::{Mapping, Value};

/// Documents smaller than this are parsed whole: threads would cost more than they save.
const MIN_SPLIT_BYTES: usize = 256 * 1024;

/// About how large a piece is: large enough that starting a parser is nothing beside it,
/// small enough that the pieces spread evenly over the threads.
const PIECE_BYTES: usize = 64 * 1024;

/// How deep sections are opened: the top level, `paths`/`components`, `schemas`.
const MAX_DEPTH: usize = 3;

/// Consecutive entries of one mapping, parsed on their own.
#[derive(Debug)]
struct Piece<'a> {
    /// The keys from the top down to the mapping the entries belong to.
    path: Vec<&'a str>,
    /// The entries' keys, in order.
    keys: Vec<&'a str>,
    /// The entries' text.
    text: &'a str,
}

/// One entry of a block mapping: its key and its text (the key line and what follows it,
/// up to the next entry).
type Entry<'a> = (&'a str, &'a str);

/// The whole document's YAML value, parsed in pieces on up to `threads` threads, or
/// `None` when the shortcut does not certainly apply.
pub fn parse(text: &str, threads: usize) -> Option<Value> {
    if text.len() < MIN_SPLIT_BYTES || threads < 2 {
        return None;
    }
    let mut pieces = Vec::new();
    plan(text, &[], entries(text, 0)?, 0, &mut pieces)?;
    if pieces.len() < 2 {
        return None;
    }
    // Pieces go to whichever thread is free; a failed piece stops its thread, since the
    // whole text is then parsed again anyway.
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(piece) = pieces.get(i) else { break };
            let parsed = parse_piece(piece);
            let failed = parsed.is_none();
            done.push((i, parsed));
            if failed {
                break;
            }
        }
        done
    };
    let results: Vec<Vec<(usize, Option<Mapping>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads.min(pieces.len()))
            .map(|_| scope.spawn(work))
            .collect();
        let mut all = vec![work()];
        all.extend(handles.into_iter().map(|h| h.join().unwrap_or_default()));
        all
    });
    let mut parsed: Vec<Option<Mapping>> = (0..pieces.len()).map(|_| None).collect();
    for (i, mapping) in results.into_iter().flatten() {
        parsed[i] = mapping;
    }
    join(&pieces, parsed)
}

/// Appends the pieces for `entries` (of the mapping at `path`, slices of `text`) to `out`:
/// runs of about [`PIECE_BYTES`], with entries larger than that opened into their own
/// entries where they can be; `None` when a key repeats.
fn plan<'a>(
    text: &'a str,
    path: &[&'a str],
    entries: Vec<Entry<'a>>,
    depth: usize,
    out: &mut Vec<Piece<'a>>,
) -> Option<()> {
    let mut run: Option<Piece<'a>> = None;
    let mut keys = HashSet::with_capacity(entries.len());
    for (key, entry) in entries {
        if !keys.insert(key) {
            return None; // a repeated key: the whole parse reports it
        }
        let opened = (entry.len() > PIECE_BYTES && depth + 1 < MAX_DEPTH)
            .then(|| children(entry))
            .flatten();
        if let Some(children) = opened {
            out.extend(run.take());
            let inner = [path, &[key]].concat();
            plan(text, &inner, children, depth + 1, out)?;
            continue;
        }
        match &mut run {
            Some(piece) => {
                piece.keys.push(key);
                piece.text = joined(text, piece.text, entry)?;
            }
            None => {
                run = Some(Piece {
                    path: path.to_vec(),
                    keys: vec![key],
                    text: entry,
                });
            }
        }
        if run.as_ref().is_some_and(|p| p.text.len() >= PIECE_BYTES) {
            out.extend(run.take());
        }
    }
    out.extend(run);
    Some(())
}

/// `first` and `second`, adjacent slices of `text`, as one slice.
fn joined<'a>(text: &'a str, first: &'a str, second: &'a str) -> Option<&'a str> {
    let start = first.as_ptr() as usize - text.as_ptr() as usize;
    let middle = second.as_ptr() as usize - text.as_ptr() as usize;
    (start + first.len() == middle).then(|| &text[start..middle + second.len()])
}

/// The entries of the block mapping that is the value of `entry`, when `entry`'s line is
/// a bare `key:` and what follows it can be cut.
fn children(entry: &str) -> Option<Vec<Entry<'_>>> {
    let (head, body) = entry.split_once('\n')?;
    let head = head.trim_end_matches('\r');
    let own = indentation(head)?;
    let (_, rest) = entry_key(&head[own..], own == 0)?;
    if !rest.is_empty() {
        return None;
    }
    let indent = body
        .lines()
        .filter(|l| !is_blank_or_comment(l))
        .map(indentation)
        .next()??;
    if indent <= own {
        return None;
    }
    let found = entries(body, indent)?;
    (!found.is_empty()).then_some(found)
}

/// The entries of a block mapping whose keys sit at `indent` columns in `text`, or `None`
/// when a line at that indentation is anything but a `key:` line, or a line is indented
/// less. Blank lines and comments before the first key are left out.
fn entries(text: &str, indent: usize) -> Option<Vec<Entry<'_>>> {
    let bytes = text.as_bytes();
    let mut starts: Vec<(&str, usize)> = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        // Most lines are indented deeper than the entries: that is all there is to know.
        let deeper = bytes.len() > start + indent
            && bytes[start..=start + indent].iter().all(|&b| b == b' ');
        if !deeper || starts.is_empty() {
            let content = text[start..end].trim_end_matches(['\n', '\r']);
            if !is_blank_or_comment(content) {
                let n = indentation(content)?;
                if n != indent {
                    return None; // deeper before the first key, or shallower
                }
                starts.push((entry_key(&content[n..], indent == 0)?.0, start));
            }
        }
        start = end;
    }
    let mut out = Vec::with_capacity(starts.len());
    for (i, &(key, start)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |&(_, next)| next);
        out.push((key, &text[start..end]));
    }
    Some(out)
}

/// Whether `line` holds nothing, or only a comment.
fn is_blank_or_comment(line: &str) -> bool {
    let rest = line.trim_start_matches(' ').trim_end_matches(['\n', '\r']);
    rest.is_empty() || rest.starts_with('#')
}

/// How many spaces indent `line`; `None` when a tab does.
fn indentation(line: &str) -> Option<usize> {
    let rest = line.trim_start_matches(' ');
    (!rest.starts_with('\t')).then_some(line.len() - rest.len())
}

/// The key of an entry line `key:` or `key: value` (without its indentation), and what
/// follows the colon: a plain key of letters, digits and `_-./(){}=$` (starting with a
/// letter or `_`, or with `/` below the top level), or one in single quotes, given as
/// written between them (see [`unquoted`]).
fn entry_key(line: &str, top: bool) -> Option<(&str, &str)> {
    let (key, rest) = if let Some(quoted) = line.strip_prefix('\'') {
        // The closing quote is the first one not doubled (`''` stands for one quote).
        let bytes = quoted.as_bytes();
        let mut close = 0;
        loop {
            close += quoted[close..].find('\'')?;
            if bytes.get(close + 1) == Some(&b'\'') {
                close += 2;
            } else {
                break;
            }
        }
        (&quoted[..close], quoted[close + 1..].strip_prefix(':')?)
    } else {
        let colon = line.find(':')?;
        let key = &line[..colon];
        let first_ok =
            key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || (!top && c == '/'));
        let plain = first_ok
            && key.chars().all(|c| {
                c.is_ascii_alphanumeric()
                    || matches!(c, '_' | '-' | '.')
                    || (!top && matches!(c, '/' | '(' | ')' | '{' | '}' | '=' | '$'))
            });
        (plain.then_some(key)?, &line[colon + 1..])
    };
    (!key.is_empty() && (rest.is_empty() || rest.starts_with(' '))).then_some((key, rest))
}

/// A key as [`entry_key`] gives it, as the parser reads it: a doubled quote is one.
fn unquoted(key: &str) -> std::borrow::Cow<'_, str> {
    if key.contains("''") {
        key.replace("''", "'").into()
    } else {
        key.into()
    }
}

/// The piece's mapping, when it parses to exactly its keys in order.
fn parse_piece(piece: &Piece<'_>) -> Option<Mapping> {
    let Value::Mapping(map) = serde_yaml::from_str::<Value>(piece.text).ok()? else {
        return None;
    };
    let same = map.len() == piece.keys.len()
        && map
            .keys()
            .zip(&piece.keys)
            .all(|(found, key)| found.as_str() == Some(&*unquoted(key)));
    same.then_some(map)
}

/// The pieces' mappings put back together, in document order.
fn join(pieces: &[Piece<'_>], parsed: Vec<Option<Mapping>>) -> Option<Value> {
    let mut root = Mapping::new();
    for (piece, mapping) in pieces.iter().zip(parsed) {
        let mut target = &mut root;
        for key in &piece.path {
            let key = Value::String(unquoted(key).into_owned());
            if !target.contains_key(&key) {
                target.insert(key.clone(), Value::Mapping(Mapping::new()));
            }
            let Some(Value::Mapping(inner)) = target.get_mut(&key) else {
                return None;
            };
            target = inner;
        }
        for (key, value) in mapping? {
            if target.insert(key, value).is_some() {
                return None;
            }
        }
    }
    Some(Value::Mapping(root))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

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

    /// A document like Graph's: `paths` and `components/schemas` each larger than a piece,
    /// with quoted path keys, block scalars, comments and blank lines.
    fn graph_like() -> String {
        let mut text = String::from("openapi: 3.0.4\ninfo:\n  title: T\n  version: v1\npaths:\n");
        for i in 0..2000 {
            text.push_str(&format!(
                "  '/things/{{thing-id}}/part{i}':\n    get:\n      summary: Get part {i}\n      description: |\n        Two lines,\n\n        with a blank one: {i}\n    # a comment\n\n  /plain{i}/$count:\n    get:\n      summary: \"Count {i}\"\n"
            ));
        }
        text.push_str("components:\n  schemas:\n");
        for i in 0..3000 {
            text.push_str(&format!(
                "    microsoft.graph.thing{i}:\n      type: object\n      properties:\n        id:\n          type: string\n          description: 'The id, #{i}'\n"
            ));
        }
        text.push_str("  responses:\n    error:\n      description: An error\nsecurity:\n  - azureaadv2: []\n");
        text
    }

    #[test]
    fn pieces_join_into_the_whole_documents_value() {
        let text = big(
            "# a comment\nopenapi: 3.0.4\ninfo:\n  title: T\n  description: |\n    two\n    lines\npaths:\n  /a:\n    get: {}\n\ncomponents:\n  schemas: {}\n",
        );
        let sections = entries(&text, 0).expect("splits");
        assert_eq!(sections.len(), 5);
        assert!(parse(&text, 2) == Some(whole(&text)));
        assert!(parse(&text, 4) == Some(whole(&text)));
    }

    #[test]
    fn large_sections_are_cut_at_their_own_entries() {
        let text = graph_like();
        let mut pieces = Vec::new();
        plan(&text, &[], entries(&text, 0).unwrap(), 0, &mut pieces).expect("plans");
        let paths: BTreeSet<Vec<&str>> = pieces.iter().map(|p| p.path.clone()).collect();
        assert!(paths.contains(&vec!["paths"]), "{paths:?}");
        assert!(paths.contains(&vec!["components", "schemas"]), "{paths:?}");
        assert!(paths.contains(&vec!["components"]), "{paths:?}");
        assert!(pieces.len() > 10, "{}", pieces.len());
        assert!(parse(&text, 2) == Some(whole(&text)));
        assert!(parse(&text, 3) == Some(whole(&text)));
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
            let text = big(doc);
            // Where the whole text parses, the pieces may be used only if they agree (an
            // alias within one piece resolves as in the whole); where it does not, never.
            match serde_yaml::from_str::<Value>(&text) {
                Ok(full) => assert!(
                    parse(&text, 2).is_none() || parse(&text, 2) == Some(full),
                    "{doc:?}"
                ),
                Err(_) => assert!(parse(&text, 2).is_none(), "{doc:?}"),
            }
        }
        // An alias to an anchor in another piece fails to resolve there: the whole parse.
        let mut far = String::from("info: &i\n  title: T\n");
        far.push_str(&big("")[..]);
        far.push_str("paths:\n  x: *i\n");
        assert!(serde_yaml::from_str::<Value>(&far).is_ok());
        assert!(parse(&far, 2).is_none());
    }

    #[test]
    fn anything_unusual_inside_a_large_section_falls_back_too() {
        let text = graph_like();
        let at = text.find("    microsoft.graph.thing2000:").unwrap();
        let (before, after) = text.split_at(at);
        let with = |middle: &str| format!("{before}{middle}{after}");
        for (what, doc) in [
            // a double-quoted string running across an entry line
            (
                "quoted string",
                with("    a:\n      description: \"one\n    b: two\"\n"),
            ),
            // a flow sequence running across an entry line
            ("flow sequence", with("    a: [1,\n    b: 2]\n")),
            // a repeated schema name, far apart
            (
                "repeated key",
                with("    microsoft.graph.thing1:\n      type: object\n"),
            ),
            // an alias to an anchor in another piece
            (
                "alias",
                format!(
                    "{}    z: *anchor\n",
                    with("    a: &anchor\n      type: object\n")
                ),
            ),
            // a tab before an entry
            ("tab", with("\t  a: 1\n")),
        ] {
            let split = parse(&doc, 2);
            let full: Result<Value, _> = serde_yaml::from_str(&doc);
            match full {
                // Where the whole text parses, the pieces may be used only if they agree.
                Ok(full) => assert!(split.is_none() || split == Some(full), "{what}"),
                Err(_) => assert!(
                    split.is_none(),
                    "{what}: the pieces parsed, the whole does not"
                ),
            }
        }
        // `x: a:` is not a bare `key:` line: the section is not opened, and the whole
        // parse's error stands.
        let doc = with("    bad: a:\n      b: 1\n");
        assert!(serde_yaml::from_str::<Value>(&doc).is_err());
        assert!(parse(&doc, 2).is_none());
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
        let sections = entries(&text, 0).expect("the module splits");
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
        let mut pieces = Vec::new();
        plan(&text, &[], sections, 0, &mut pieces).expect("plans");
        let opened: BTreeSet<Vec<&str>> = pieces.iter().map(|p| p.path.clone()).collect();
        assert!(opened.contains(&vec!["paths"]), "{opened:?}");
        assert!(
            opened.contains(&vec!["components", "schemas"]),
            "{opened:?}"
        );
        assert!(parse(&text, 2) == Some(whole(&text)));
    }

    #[test]
    fn small_documents_are_parsed_whole() {
        assert_eq!(parse("openapi: 3.0.4\ninfo: {}\n", 2), None);
    }
}
