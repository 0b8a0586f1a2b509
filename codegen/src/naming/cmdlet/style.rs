//! Whether a cmdlet name is in PowerShell's style: an approved verb, a PascalCase noun of
//! letters and digits, no escape token left.

use super::CmdletName;
use super::directives::ESCAPES;
use super::verbs::is_approved_verb;

/// Why a [`CmdletName`] is not in PowerShell's style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StyleIssue {
    /// The verb is not one of [`APPROVED_VERBS`](super::APPROVED_VERBS).
    UnapprovedVerb(String),
    /// The noun is empty.
    EmptyNoun,
    /// The noun has a character other than an ASCII letter or digit.
    NotAlphanumeric,
    /// The noun does not start with a capital letter (`iOS…` is allowed, as Graph writes it).
    NotPascalCase,
    /// An escape token of Graph's documents (`GraphBPre`, ...) survived.
    EscapeToken(&'static str),
}

impl CmdletName {
    /// Everything that keeps the name from PowerShell's style; empty when it is in style.
    pub fn style_issues(&self) -> Vec<StyleIssue> {
        let mut issues = Vec::new();
        if !is_approved_verb(&self.verb) {
            issues.push(StyleIssue::UnapprovedVerb(self.verb.clone()));
        }
        if self.noun.is_empty() {
            issues.push(StyleIssue::EmptyNoun);
            return issues;
        }
        if !self.noun.chars().all(|c| c.is_ascii_alphanumeric()) {
            issues.push(StyleIssue::NotAlphanumeric);
        }
        if !(self.noun.starts_with(|c: char| c.is_ascii_uppercase())
            || self.noun.starts_with("iOS"))
        {
            issues.push(StyleIssue::NotPascalCase);
        }
        let lower = self.noun.to_ascii_lowercase();
        issues.extend(
            ESCAPES
                .iter()
                .filter(|(token, _)| lower.contains(&token.to_ascii_lowercase()))
                .map(|(token, _)| StyleIssue::EscapeToken(token)),
        );
        issues
    }

    /// Whether the name is in PowerShell's style (see [`CmdletName::style_issues`]).
    pub fn is_in_style(&self) -> bool {
        self.style_issues().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::naming::cmdlet::APPROVED_VERBS;
    use crate::naming::cmdlet::verbs;

    #[test]
    fn style_check_reports_each_problem() {
        let bad = CmdletName {
            verb: "Fetch".into(),
            noun: "applicationGraphBPreAppId-x".into(),
        };
        let issues = bad.style_issues();
        assert!(issues.contains(&StyleIssue::UnapprovedVerb("Fetch".into())));
        assert!(issues.contains(&StyleIssue::NotAlphanumeric));
        assert!(issues.contains(&StyleIssue::NotPascalCase));
        assert!(issues.contains(&StyleIssue::EscapeToken("GraphBPre")));
        assert_eq!(
            CmdletName {
                verb: "Get".into(),
                noun: String::new()
            }
            .style_issues(),
            [StyleIssue::EmptyNoun]
        );
        assert!(
            CmdletName {
                verb: "Get".into(),
                noun: "DeviceAppManagementiOSLob".into()
            }
            .is_in_style()
        );
        assert!(
            CmdletName {
                verb: "Get".into(),
                noun: "iOSUpdateStatus".into()
            }
            .is_in_style()
        );
        assert_eq!(APPROVED_VERBS.len(), 100);
        assert!(
            verbs::VERB_MAPPING
                .iter()
                .all(|(_, verb)| is_approved_verb(verb))
        );
    }
}
