//! The English singularizer of AutoRest (a port of the Entity Framework pluralization
//! service), with its tables: `policies` -> `policy`, `premises` -> `premise`, `status` stays.

use super::case::upper_first;

/// The singular of an English word or identifier, as AutoRest's pluralization service makes
/// it (only the last word of an identifier changes; case is kept): `policies` -> `policy`,
/// `premises` -> `premise`, `OnPremisesAgents` -> `OnPremisesAgent`, `status` -> `status`,
/// `processes` -> `process`, `aliases` -> `alias`, `credentials` -> `credentials`.
pub fn singularize(word: &str) -> String {
    singularize_last_word(word, singular_word).unwrap_or_else(|| word.to_owned())
}

/// `identifier` with its last word replaced by `singular` of that word in lowercase, written
/// in the last word's case; `None` for an identifier without letters. Shared by
/// [`singularize`] and the alternate keys' entity in `identity.rs`.
pub(super) fn singularize_last_word(
    identifier: &str,
    singular: impl FnOnce(&str) -> String,
) -> Option<String> {
    let start = last_word_start(identifier)?;
    let (head, last) = identifier.split_at(start);
    let singular = singular(&last.to_ascii_lowercase());
    Some(format!("{head}{}", with_case_of(last, &singular)))
}

/// The singular of one lowercase word.
pub(super) fn singular_word(word: &str) -> String {
    let lookup = |table: &[(&str, &'static str)]| {
        table
            .iter()
            .find(|(plural, _)| *plural == word)
            .map(|&(_, s)| s)
    };
    if let Some(singular) = lookup(USER_PLURALS) {
        return singular.to_owned();
    }
    if is_uninflected(word) || KNOWN_SINGULARS.contains(&word) {
        return word.to_owned();
    }
    if let Some(singular) = lookup(IRREGULAR_PLURALS) {
        return singular.to_owned();
    }
    PLURAL_ENDINGS
        .iter()
        .find(|(ending, _, _)| word.ends_with(ending))
        .map_or_else(
            || word.to_owned(),
            |&(_, drop, append)| format!("{}{append}", &word[..word.len() - drop]),
        )
}

/// Words the singularizer leaves alone: one letter, anything with a non-letter, pronouns,
/// and words with the same singular and plural.
fn is_uninflected(word: &str) -> bool {
    word.len() <= 1
        || !word.chars().all(|c| c.is_ascii_alphabetic())
        || PRONOUNS.contains(&word)
        || UNINFLECTED.contains(&word)
        || UNINFLECTED_SUFFIXES.iter().any(|s| word.ends_with(s))
}

/// Byte index where the last word of an identifier starts (after the last case change or
/// separator); `None` for an identifier without letters.
fn last_word_start(identifier: &str) -> Option<usize> {
    let bytes = identifier.as_bytes();
    let end = bytes.iter().rposition(u8::is_ascii_alphanumeric)?;
    let mut start = end;
    while start > 0 {
        let (previous, current) = (bytes[start - 1], bytes[start]);
        if !previous.is_ascii_alphanumeric()
            || (previous.is_ascii_lowercase() && current.is_ascii_uppercase())
        {
            break;
        }
        if current.is_ascii_uppercase() && previous.is_ascii_uppercase() {
            let next_lower = bytes.get(start + 1).is_some_and(u8::is_ascii_lowercase);
            if next_lower {
                break;
            }
        }
        start -= 1;
    }
    Some(start)
}

/// `singular` with the case of `original`: capitalized, all capitals or as is.
fn with_case_of(original: &str, singular: &str) -> String {
    if original.len() > 1 && original.chars().all(|c| !c.is_ascii_lowercase()) {
        singular.to_ascii_uppercase()
    } else if original.starts_with(|c: char| c.is_ascii_uppercase()) {
        upper_first(singular)
    } else {
        singular.to_owned()
    }
}

// ---------------------------------------------------------------------------------------
// Singularizer tables (English; after the Entity Framework pluralization service that
// AutoRest ports). All entries are lowercase.
// ---------------------------------------------------------------------------------------

/// Plural -> singular pairs added on top of the English rules by AutoRest.PowerShell.
const USER_PLURALS: &[(&str, &str)] = &[("premises", "premise"), ("databases", "database")];

/// Pronouns and determiners: never inflected.
#[rustfmt::skip]
const PRONOUNS: &[&str] = &[
    "i", "we", "you", "he", "she", "they", "it", "me", "us", "him", "her", "them", "myself",
    "ourselves", "yourself", "himself", "herself", "itself", "oneself", "oneselves", "my",
    "our", "your", "his", "their", "its", "mine", "yours", "hers", "theirs", "this", "that",
    "these", "those", "all", "another", "any", "anybody", "anyone", "anything", "both",
    "each", "other", "either", "everyone", "everybody", "everything", "most", "much",
    "nothing", "nobody", "none", "one", "others", "some", "somebody", "someone", "something",
    "what", "whatever", "which", "whichever", "who", "whoever", "whom", "whomever", "whose",
];

/// Words that are the same in singular and plural (or must not be touched).
#[rustfmt::skip]
pub(super) const UNINFLECTED: &[&str] = &[
    "acls", "aircraft", "alias", "as", "asparagus", "bps", "cattle", "corps", "credentials",
    "ddos", "debris", "diabetes", "dns", "fips", "gbps", "headquarters", "homework", "https",
    "information", "innings", "kbps", "mbps", "measles", "media", "ms", "news", "offspring",
    "os", "pliers", "police", "proceedings", "rabies", "rights", "sas", "scissors", "series",
    "shambles", "shingles", "species", "statistics", "statuses", "traffic", "vmss",
];

/// Endings of words that are the same in singular and plural.
const UNINFLECTED_SUFFIXES: &[&str] = &["fish", "ois", "sheep", "deer", "pos", "itis", "ism"];

/// Singular words the suffix rules would otherwise damage (`status`, `analysis`, `specimen`).
#[rustfmt::skip]
const KNOWN_SINGULARS: &[&str] = &[
    "alias", "am", "analysis", "apparatus", "axis", "basis", "bonus", "bus", "cantus",
    "census", "consensus", "corpus", "crisis", "diagnosis", "ephemeris", "focus", "foramen",
    "fungus", "gas", "genius", "has", "hiatus", "hypothesis", "impetus", "iris", "is", "lens",
    "lumen", "mythos", "neurosis", "nexus", "oasis", "octopus", "parenthesis", "plexus",
    "prospectus", "radius", "redis", "sinus", "specimen", "stamen", "status", "stimulus",
    "stylus", "synopsis", "synthesis", "thesis", "torus", "uterus", "was",
];

/// Irregular and classical plurals -> singular (`children`, `criteria`, `indices`, `aliases`,
/// words ending in `-se` and `-sis`, ...).
const IRREGULAR_PLURALS: &[(&str, &str)] = &[
    // irregular
    ("aliases", "alias"),
    ("axes", "axis"),
    ("bonuses", "bonus"),
    ("brothers", "brother"),
    ("buses", "bus"),
    ("calories", "calorie"),
    ("casinos", "casino"),
    ("changes", "change"),
    ("children", "child"),
    ("chilies", "chili"),
    ("clothes", "cloth"),
    ("corpora", "corpus"),
    ("cows", "cow"),
    ("freebies", "freebie"),
    ("gases", "gas"),
    ("genies", "genie"),
    ("lenses", "lens"),
    ("lies", "lie"),
    ("memos", "memo"),
    ("moneys", "money"),
    ("movies", "movie"),
    ("octopuses", "octopus"),
    ("oxen", "ox"),
    ("people", "person"),
    ("pies", "pie"),
    ("silos", "silo"),
    ("specimens", "specimen"),
    ("stereos", "stereo"),
    ("studios", "studio"),
    ("ties", "tie"),
    ("traces", "trace"),
    ("valves", "valve"),
    // -sis -> -ses
    ("analyses", "analysis"),
    ("bases", "basis"),
    ("crises", "crisis"),
    ("diagnoses", "diagnosis"),
    ("hypotheses", "hypothesis"),
    ("neuroses", "neurosis"),
    ("oases", "oasis"),
    ("parentheses", "parenthesis"),
    ("prognoses", "prognosis"),
    ("synopses", "synopsis"),
    ("syntheses", "synthesis"),
    ("theses", "thesis"),
    // -se -> -ses
    ("briefcases", "briefcase"),
    ("bruises", "bruise"),
    ("cases", "case"),
    ("catchphrases", "catchphrase"),
    ("compromises", "compromise"),
    ("concourses", "concourse"),
    ("curses", "curse"),
    ("discourses", "discourse"),
    ("diseases", "disease"),
    ("enterprises", "enterprise"),
    ("expertises", "expertise"),
    ("franchises", "franchise"),
    ("fuses", "fuse"),
    ("houses", "house"),
    ("impulses", "impulse"),
    ("licenses", "license"),
    ("merchandises", "merchandise"),
    ("misuses", "misuse"),
    ("noises", "noise"),
    ("nurses", "nurse"),
    ("paraphrases", "paraphrase"),
    ("phases", "phase"),
    ("phrases", "phrase"),
    ("promises", "promise"),
    ("purchases", "purchase"),
    ("purses", "purse"),
    ("recourses", "recourse"),
    ("releases", "release"),
    ("responses", "response"),
    ("roses", "rose"),
    ("suitcases", "suitcase"),
    ("surprises", "surprise"),
    ("universes", "universe"),
    ("vases", "vase"),
    ("warehouses", "warehouse"),
    // -us -> -uses
    ("censuses", "census"),
    ("consensuses", "consensus"),
    // classical
    ("addenda", "addendum"),
    ("algae", "alga"),
    ("alumni", "alumnus"),
    ("antennae", "antenna"),
    ("apices", "apex"),
    ("automata", "automaton"),
    ("bacteria", "bacterium"),
    ("codices", "codex"),
    ("criteria", "criterion"),
    ("curricula", "curriculum"),
    ("errata", "erratum"),
    ("foci", "focus"),
    ("formulae", "formula"),
    ("fungi", "fungus"),
    ("genii", "genius"),
    ("indices", "index"),
    ("maxima", "maximum"),
    ("memoranda", "memorandum"),
    ("minima", "minimum"),
    ("optima", "optimum"),
    ("phenomena", "phenomenon"),
    ("quanta", "quantum"),
    ("radii", "radius"),
    ("schemata", "schema"),
    ("spectra", "spectrum"),
    ("stimuli", "stimulus"),
    ("strata", "stratum"),
    ("vertices", "vertex"),
    ("vortices", "vortex"),
    // -nx
    ("larynges", "larynx"),
    ("lynxes", "lynx"),
    ("phalanxes", "phalanx"),
    ("pharynxes", "pharynx"),
    ("sphinxes", "sphinx"),
    // -o -> -os
    ("commandos", "commando"),
    ("dynamos", "dynamo"),
    ("embryos", "embryo"),
    ("infernos", "inferno"),
    ("manifestos", "manifesto"),
    ("photos", "photo"),
    ("pros", "pro"),
];

/// Plural endings and how to undo them, tried in order after the tables above:
/// (ending, characters to drop, text to append).
const PLURAL_ENDINGS: &[(&str, usize, &str)] = &[
    ("men", 2, "an"),
    ("lice", 3, "ouse"),
    ("mice", 3, "ouse"),
    ("teeth", 4, "ooth"),
    ("geese", 4, "oose"),
    ("feet", 3, "oot"),
    ("zoa", 2, "oon"),
    ("ches", 2, ""),
    ("shes", 2, ""),
    ("sses", 2, ""),
    ("trices", 3, "x"),
    ("eaux", 1, ""),
    ("ieux", 1, ""),
    ("alves", 3, "f"),
    ("elves", 3, "f"),
    ("olves", 3, "f"),
    ("eaves", 3, "f"),
    ("arves", 3, "f"),
    ("nives", 3, "fe"),
    ("lives", 3, "fe"),
    ("wives", 3, "fe"),
    ("ays", 1, ""),
    ("eys", 1, ""),
    ("iys", 1, ""),
    ("oys", 1, ""),
    ("uys", 1, ""),
    ("ies", 3, "y"),
    ("aos", 1, ""),
    ("eos", 1, ""),
    ("ios", 1, ""),
    ("oos", 1, ""),
    ("uos", 1, ""),
    ("ces", 1, ""),
    ("ses", 2, ""),
    ("xes", 2, ""),
    ("oes", 2, ""),
    ("ss", 0, ""),
    ("s", 1, ""),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singularizer_handles_tricky_words() {
        let cases = [
            ("applications", "applications", "application"),
            ("policies", "policies", "policy"),
            ("premises", "premises", "premise"),
            ("OnPremises", "OnPremises", "OnPremise"),
            ("status", "status", "status"),
            ("statuses", "statuses", "statuses"),
            ("settings", "settings", "setting"),
            ("synchronization", "synchronization", "synchronization"),
            ("process", "process", "process"),
            ("processes", "processes", "process"),
            ("address", "address", "address"),
            ("addresses", "addresses", "address"),
            ("alias", "alias", "alias"),
            ("aliases", "aliases", "alias"),
            ("credentials", "credentials", "credentials"),
            ("claims", "claims", "claim"),
            ("teams", "teams", "team"),
            ("keys", "keys", "key"),
            ("devices", "devices", "device"),
            ("responses", "responses", "response"),
            ("licenses", "licenses", "license"),
            ("databases", "databases", "database"),
            ("analyses", "analyses", "analysis"),
            ("indices", "indices", "index"),
            ("children", "children", "child"),
            ("people", "people", "person"),
            ("branches", "branches", "branch"),
            ("videos", "videos", "video"),
            ("shelves", "shelves", "shelf"),
            ("matrices", "matrices", "matrix"),
            ("media", "media", "media"),
            ("series", "series", "series"),
            ("as", "as", "as"),
            ("os", "os", "os"),
            ("oauth2", "oauth2", "oauth2"),
            ("b", "b", "b"),
            ("others", "others", "others"),
            ("ios", "ios", "io"),
            ("servicePrincipals", "servicePrincipals", "servicePrincipal"),
            (
                "ApplicationSegments",
                "ApplicationSegments",
                "ApplicationSegment",
            ),
            ("IPs", "IPs", "IP"),
            ("", "", ""),
        ];
        for (input, _, expected) in cases {
            assert_eq!(singularize(input), expected, "{input}");
        }
    }
}
