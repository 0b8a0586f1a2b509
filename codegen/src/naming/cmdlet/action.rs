//! Rule 3: which words of an operation name are its action, and which go to the noun.

use super::case::pascal_plain;
use super::verbs::{APPROVED_VERBS, powershell_verb};

/// English verbs (lowercase) that start or appear in Graph operation names, beyond the keys
/// of [`VERB_MAPPING`](super::verbs::VERB_MAPPING) and the [`APPROVED_VERBS`]. Used only to find which word of a
/// multi-word operation name is the action when its first word is a [`NON_VERBS`] word
/// (`reminderView` -> `view`, `supportedTimeZones` -> `time`).
#[rustfmt::skip]
const EXTRA_VERBS: &[&str] = &[
    "accept", "activate", "answer", "archive", "assign", "calculate", "calendar", "cancel",
    "change", "claim", "clean", "commit", "consent", "decline", "deprovision", "dismiss",
    "download", "enroll", "estimate", "extend", "extract", "filter", "force", "forward",
    "instantiate", "invalidate", "invite", "keep", "logout", "mark", "mute", "parse", "play",
    "preview", "query", "reassign", "reauthorize", "record", "redirect", "reject", "renew",
    "reopen", "reply", "reprovision", "retire", "retry", "reupload", "rotate", "scan",
    "schedule", "share", "snooze", "subscribe", "summarize", "time", "translate",
    "troubleshoot", "unarchive", "unassign", "unhide", "unmute", "unshare", "unsubscribe",
    "upload", "view",
];

/// Words that start Graph operation names but are not verbs to AutoRest, so the action is
/// looked for further on (`reminderView`, `supportedTimeZones`, `allowedCalendarSharingRoles`).
#[rustfmt::skip]
const NON_VERBS: &[&str] = &[
    "allowed", "delta", "function", "functions", "recent", "reminder", "shared", "supported",
];

/// Prepositions that cut an operation name of three or more words: what follows is a
/// parameter-set suffix, not part of the noun (`DoActionWithStyle`). Checked in this order.
const PREPOSITIONS: &[&str] = &["with", "at", "by", "for", "in", "of"];

/// The action words of an operation name and the words of its noun (before the Invoke
/// prefix, singularization and repeat removal).
pub(super) struct Inference {
    pub(super) action: Vec<String>,
    pub(super) subject: Vec<String>,
}

impl Inference {
    fn new(action: &[String], group: &[String], rest: &[String]) -> Self {
        Inference {
            action: action.to_vec(),
            subject: [group, rest].concat(),
        }
    }
}

/// Rule 3 over the group and operation-name words.
pub(super) fn infer(group: &[String], name: Vec<String>) -> Inference {
    let name: Vec<String> = name.into_iter().filter(|w| w != "all").collect();
    if name.len() > 1 && powershell_verb(&pascal_plain(&name)).is_some() {
        return Inference::new(&name, group, &[]);
    }
    infer_words(group, &name)
}

fn infer_words(group: &[String], name: &[String]) -> Inference {
    match name {
        [] => Inference::new(&[], group, &[]),
        [only] => Inference::new(std::slice::from_ref(only), group, &[]),
        [first, second] if !acts_as_verb(first, 0) && acts_as_verb(second, 1) => Inference::new(
            std::slice::from_ref(second),
            group,
            std::slice::from_ref(first),
        ),
        [first, second] => Inference::new(
            std::slice::from_ref(first),
            group,
            std::slice::from_ref(second),
        ),
        _ => infer_long(group, name),
    }
}

/// Rule 3 for names of three or more words.
fn infer_long(group: &[String], name: &[String]) -> Inference {
    if name[1..].iter().any(|w| w == "or") {
        return Inference::new(name, group, &[]);
    }
    if let Some(head) = before_preposition(name) {
        return infer_words(group, head);
    }
    let last = name.len() - 1;
    match name
        .iter()
        .enumerate()
        .position(|(i, w)| acts_as_verb(w, i))
    {
        None | Some(0) => Inference::new(&name[..1], group, &name[1..]),
        Some(i) if i == last => Inference::new(&name[last..], group, &name[..last]),
        Some(i) => Inference::new(&name[i..=i], group, &[]),
    }
}

/// The words before the first preposition that cuts the name, if one does.
fn before_preposition(name: &[String]) -> Option<&[String]> {
    PREPOSITIONS.iter().find_map(|&preposition| {
        let index = name
            .iter()
            .enumerate()
            .filter(|(_, w)| *w == preposition)
            .map(|(i, _)| i)
            .find(|&i| i == 0 || preposition != "in" || name[i - 1] != "sign")?;
        (index > 0).then(|| &name[..index])
    })
}

/// Whether a word counts as a verb at this position of an operation name: the first word
/// does unless it is one of [`NON_VERBS`]; a later one only if it is a known verb.
fn acts_as_verb(word: &str, position: usize) -> bool {
    if position == 0 {
        return !NON_VERBS.contains(&word);
    }
    powershell_verb(word).is_some()
        || APPROVED_VERBS.iter().any(|v| v.eq_ignore_ascii_case(word))
        || EXTRA_VERBS.contains(&word)
}
