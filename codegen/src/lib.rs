//! The generator: turns a Microsoft Graph OpenAPI description into a typed Rust client crate.
//!
//! The pipeline, one module per stage:
//! [`load`] (YAML to `openapiv3`) -> [`lower`] (to the intermediate model, [`ir`]) ->
//! [`emit`] (tokens with `quote`, formatted with `prettyplease`) -> [`write`] (all or
//! nothing, or `--check` against disk). Naming rules live in [`naming`], errors in
//! [`diagnostics`], `$ref` lookups in [`resolve`]. ARCHITECTURE.md tells the whole story.

pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod resolve;
pub mod write;

use std::path::Path;
use std::time::{Duration, Instant};

pub use diagnostics::{Error, Result};
pub use emit::{CrateOptions, Files};
pub use lower::LowerOptions;

/// Everything a generation run takes besides the document.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Lowering settings (module name, cmdlet prefix).
    pub lower: LowerOptions,
    /// Crate settings (package name and version).
    pub krate: CrateOptions,
}

/// How long each stage took.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Reading and parsing the document.
    pub load: Duration,
    /// Lowering into the intermediate model.
    pub lower: Duration,
    /// Emitting tokens.
    pub emit: Duration,
    /// Formatting with prettyplease (and adding headers).
    pub format: Duration,
}

/// Generates the crate for the document at `spec`, in memory.
pub fn generate(spec: &Path, options: &Options) -> Result<Files> {
    generate_timed(spec, options).map(|(files, _)| files)
}

/// [`generate`], also reporting how long each stage took.
pub fn generate_timed(spec: &Path, options: &Options) -> Result<(Files, Timings)> {
    generate_report(spec, options).map(|r| (r.files, r.timings))
}

/// What a generation run produced and learned.
#[derive(Debug, Clone)]
pub struct Report {
    /// The generated files.
    pub files: Files,
    /// How long each stage took.
    pub timings: Timings,
    /// How many operations were generated.
    pub operations: usize,
    /// How many models were generated.
    pub models: usize,
    /// Where lowering fell back on a looser type ([`ir::Api::unsupported`]).
    pub unsupported: Vec<ir::Unsupported>,
}

/// [`generate`], reporting timings, counts and everything not fully supported.
pub fn generate_report(spec: &Path, options: &Options) -> Result<Report> {
    let mut timings = Timings::default();
    let start = Instant::now();
    let doc = load::load(spec)?;
    timings.load = start.elapsed();

    let start = Instant::now();
    let api = lower::lower(&doc, &options.lower)?;
    timings.lower = start.elapsed();

    let spec_name = spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "the description".to_owned());
    let start = Instant::now();
    let emitted = emit::emit(&api);
    timings.emit = start.elapsed();

    let start = Instant::now();
    let mut files = emit::files_without_modules(&api, &options.krate, &spec_name)?;
    let header = emit::header("//", &spec_name);
    for (path, tokens) in emitted {
        let text = emit::format(&path, tokens)?;
        files.insert(path, format!("{header}{text}"));
    }
    timings.format = start.elapsed();
    Ok(Report {
        files,
        timings,
        operations: api.operations.len(),
        models: api.models.len(),
        unsupported: api.unsupported,
    })
}
