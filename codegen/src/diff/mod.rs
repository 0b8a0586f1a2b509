//! What changed between two versions of a description, in Graph's terms with the Rust names
//! beside them, and what each change does to code that compiles against the older crate
//! (`cargo xtask diff`).
//!
//! Both sides are lowered ([`crate::lower_input`]) and compared as intermediate models, so
//! the report names what the generated crates have: a method, a setter, a field, a variant.
//! [`compare`] finds and classifies the changes, [`markdown`] writes the reviewer's report;
//! the JSON report is [`Report`] through serde.

mod compare;
mod markdown;

use serde::Serialize;

pub use compare::compare;
pub use markdown::markdown;

/// What a change does to a user of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Code that compiled against the older crate may not compile against the newer one.
    Breaking,
    /// Something new; what compiled still compiles.
    Additive,
    /// Docs and warnings only (a deprecation is a warning).
    Documentation,
}

impl Class {
    /// The word the reports use.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::Documentation => "documentation",
        }
    }
}

/// One operation, as both Graph and the crate name it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct OperationRef {
    /// The HTTP method, upper case.
    pub method: String,
    /// The path template.
    pub path: String,
    /// The operationId, if any.
    pub operation_id: Option<String>,
    /// The Graph PowerShell cmdlet (Graph documents).
    pub cmdlet: Option<String>,
    /// The client method.
    pub rust_method: String,
}

/// One change, classified.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// Breaking, additive or documentation.
    pub class: Class,
    /// What changed, in the description's terms (`property "notes" added`).
    pub what: String,
    /// The Rust item it touches (`models::Application::notes`).
    pub rust: String,
    /// Why it is in its class.
    pub why: String,
}

/// An operation added or removed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct OperationChange {
    /// The operation.
    #[serde(flatten)]
    pub operation: OperationRef,
    /// Its class.
    pub class: Class,
    /// Why.
    pub why: String,
}

/// An operation present on both sides whose Rust surface changed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ChangedOperation {
    /// The operation (its newer form).
    #[serde(flatten)]
    pub operation: OperationRef,
    /// What changed in it.
    pub changes: Vec<Change>,
}

/// A model added, removed or changed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ModelChange {
    /// The Rust type (`models::Application`).
    pub rust: String,
    /// Where it comes from in the description (the component key, or the inline place).
    pub schema: String,
    /// What changed (for an added or removed model, one change saying so).
    pub changes: Vec<Change>,
}

/// Counts by class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Breaking changes.
    pub breaking: usize,
    /// Additive changes.
    pub additive: usize,
    /// Documentation-only changes.
    pub documentation: usize,
}

/// The whole report: the same facts in markdown and JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The older side, as given.
    pub from: String,
    /// The newer side, as given.
    pub to: String,
    /// Counts by class, over every change below.
    pub summary: Summary,
    /// Operations only the newer side has.
    pub added_operations: Vec<OperationChange>,
    /// Operations only the older side has.
    pub removed_operations: Vec<OperationChange>,
    /// Operations on both sides whose parameters, body, response, name or deprecation
    /// changed.
    pub changed_operations: Vec<ChangedOperation>,
    /// Models only the newer side has.
    pub added_models: Vec<ModelChange>,
    /// Models only the older side has.
    pub removed_models: Vec<ModelChange>,
    /// Models on both sides whose properties or members changed.
    pub changed_models: Vec<ModelChange>,
}

impl Report {
    /// Whether anything is breaking.
    pub fn has_breaking(&self) -> bool {
        self.summary.breaking > 0
    }

    /// Every change's class, for the summary.
    fn classes(&self) -> impl Iterator<Item = Class> + '_ {
        let ops = self
            .added_operations
            .iter()
            .chain(&self.removed_operations)
            .map(|o| o.class);
        let changed = self
            .changed_operations
            .iter()
            .flat_map(|o| o.changes.iter().map(|c| c.class));
        let models = self
            .added_models
            .iter()
            .chain(&self.removed_models)
            .chain(&self.changed_models)
            .flat_map(|m| m.changes.iter().map(|c| c.class));
        ops.chain(changed).chain(models)
    }

    /// Recounts [`Report::summary`].
    fn count(&mut self) {
        let mut summary = Summary::default();
        for class in self.classes() {
            match class {
                Class::Breaking => summary.breaking += 1,
                Class::Additive => summary.additive += 1,
                Class::Documentation => summary.documentation += 1,
            }
        }
        self.summary = summary;
    }
}

/// `report` as JSON, for tools: [`Report`]'s fields, pretty-printed.
pub fn json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("the report serializes");
    text.push('\n');
    text
}
