//! Rule 7: Graph's directives (`readme.graph.md`) over the verb and noun.

/// Graph's preposition escapes and the words they stand for.
pub(super) const ESCAPES: &[(&str, &str)] = &[
    ("GraphBPre", "By"),
    ("GraphWPre", "With"),
    ("GraphAPre", "At"),
    ("GraphFPre", "For"),
    ("GraphOPre", "Of"),
];

pub(super) fn apply_graph_directives(
    verb: &'static str,
    noun: String,
    action: &[String],
) -> (&'static str, String) {
    let (mut verb, mut noun) = (verb, noun);
    if verb == "Invoke"
        && let Some(rest) = noun.strip_prefix("Delta")
    {
        noun = format!("{rest}Delta");
        verb = "Get";
    }
    if verb == "Test" && matches!(action.first().map(String::as_str), Some("check" | "verify")) {
        verb = "Confirm";
    }
    noun = noun
        .replace("IoLob", "iOSLob")
        .replace("IoManaged", "iOSManaged");
    if let Some(rest) = noun.strip_prefix("OfficeConfigurationClientConfiguration") {
        noun = format!("OfficeClientConfiguration{rest}");
    }
    for (token, word) in ESCAPES {
        noun = noun.replace(token, word);
    }
    (verb, noun)
}
