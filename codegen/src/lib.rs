//! The generator: turns a Microsoft Graph OpenAPI description into a typed Rust client crate.
//!
//! The pipeline, one module per stage:
//! [`load`] (YAML to `openapiv3`) -> [`lower`] (to the intermediate model, [`ir`]) ->
//! [`emit`] (tokens with `quote`, formatted with `prettyplease`) -> [`write`] (all or
//! nothing, or `--check` against disk). Naming rules live in [`naming`], errors in
//! [`diagnostics`] (located by [`locate`] and [`shape`]), `$ref` lookups in [`resolve`]. ARCHITECTURE.md tells the whole story.

pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod load;
pub mod locate;
pub mod lower;
pub mod naming;
pub mod permissions;
pub mod resolve;
pub mod shape;
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
    /// The permissions side file (see [`permissions`]), if any.
    pub permissions: Option<std::path::PathBuf>,
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
    let start = Instant::now();
    let text = load::read(spec)?;
    let read = start.elapsed();
    let (files, mut timings) = generate_from_str(spec, &text, options)?;
    timings.load += read;
    Ok((files, timings))
}

/// [`generate_timed`] on a document already in memory; `spec` names it in errors and
/// headers. The fuzz test drives this.
pub fn generate_from_str(spec: &Path, text: &str, options: &Options) -> Result<(Files, Timings)> {
    let mut timings = Timings::default();
    let start = Instant::now();
    let doc = load::parse(spec, text)?;
    timings.load = start.elapsed();

    let start = Instant::now();
    // Errors of lowering carry a JSON pointer; the line and column are looked up in the
    // text only when there is an error.
    let mut api = lower::lower(&doc, &options.lower).map_err(|e| locate::fill(e, text))?;
    if let Some(path) = &options.permissions {
        let map = permissions::load(path)?;
        permissions::check_keys(
            path,
            &map,
            api.operations.iter().map(|o| o.operation_id.as_str()),
        )?;
        for op in &mut api.operations {
            op.permissions = map.get(&op.operation_id).cloned();
        }
    }
    timings.lower = start.elapsed();

    let spec_name = spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "the description".to_owned());
    let start = Instant::now();
    let emitted = emit::emit(&api, &options.krate);
    timings.emit = start.elapsed();

    let start = Instant::now();
    let mut files = emit::files_without_modules(&api, &options.krate, &spec_name)?;
    let header = emit::header("//", &spec_name);
    for (path, tokens) in emitted {
        let text = emit::format(&path, tokens)?;
        files.insert(path, format!("{header}{text}"));
    }
    timings.format = start.elapsed();
    Ok((files, timings))
}
