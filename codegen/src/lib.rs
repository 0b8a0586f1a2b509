//! The generator: turns a Microsoft Graph OpenAPI description into a typed Rust client crate.
//!
//! [`generate`] runs the pipeline, one module per stage: [`load`] (YAML to `openapiv3`) ->
//! [`lower`] (to the intermediate model, [`ir`]) -> [`emit`] (tokens with `quote`) ->
//! [`format`] (text with `prettyplease`); then [`write`] (all or nothing, or `--check`
//! against disk). Naming rules live in [`naming`], errors in [`diagnostics`] (located by
//! [`load::locate`] and [`load::shape`]), `$ref` lookups in [`resolve`]. ARCHITECTURE.md tells the
//! whole story.

pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod permissions;
pub mod resolve;
pub mod slice;
pub mod write;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use diagnostics::{Error, Result};
pub use emit::{CrateOptions, runtime_path};
pub use format::Files;
pub use lower::LowerOptions;

/// Everything a generation run takes besides the document.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Lowering settings (module name, cmdlet prefix).
    pub lower: LowerOptions,
    /// Crate settings (package name and version).
    pub krate: CrateOptions,
    /// The permissions side file (see [`permissions`]), if any.
    pub permissions: Option<PathBuf>,
}

/// What to generate from.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    /// A file, read by the load stage.
    File(&'a Path),
    /// A document already in memory (the fuzz test's); `name` names it in errors and in
    /// the generated files' headers.
    Text {
        /// The document's name.
        name: &'a Path,
        /// Its text.
        text: &'a str,
    },
}

impl<'a> From<&'a Path> for Input<'a> {
    fn from(file: &'a Path) -> Self {
        Input::File(file)
    }
}

impl<'a> From<&'a PathBuf> for Input<'a> {
    fn from(file: &'a PathBuf) -> Self {
        Input::File(file)
    }
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
    /// Formatting with prettyplease, adding headers and joining parts.
    pub format: Duration,
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

/// Generates the crate for the document `input`, in memory: load -> lower -> emit ->
/// format. [`write`] puts the files on disk or checks them against it.
pub fn generate<'a>(input: impl Into<Input<'a>>, options: &Options) -> Result<Report> {
    let mut timings = Timings::default();
    let input = input.into();
    let (api, lower_start) = load_and_lower(input, &options.lower, &mut timings)?;
    let spec = match input {
        Input::File(file) => file,
        Input::Text { name, .. } => name,
    };
    finish(spec, api, options, timings, lower_start)
}

/// Loads and lowers the document or folder `input` into the intermediate model, emitting
/// nothing: what `cargo xtask diff` compares.
pub fn lower_input<'a>(input: impl Into<Input<'a>>, options: &LowerOptions) -> Result<ir::Api> {
    load_and_lower(input.into(), options, &mut Timings::default()).map(|(api, _)| api)
}

/// Load and lower, for a document or a folder ([`generate_folder`]); records the load
/// time and returns when lowering started.
fn load_and_lower(
    input: Input<'_>,
    options: &LowerOptions,
    timings: &mut Timings,
) -> Result<(ir::Api, Instant)> {
    let start = Instant::now();
    if let Input::File(dir) = input
        && dir.is_dir()
    {
        return lower_folder(dir, options, timings);
    }
    let (spec, text) = match input {
        Input::File(file) => (file, Cow::Owned(load::read(file)?)),
        Input::Text { name, text } => (name, Cow::Borrowed(text)),
    };
    let doc = load::parse(spec, &text)?;
    timings.load = start.elapsed();

    let start = Instant::now();
    // Errors of lowering carry a JSON pointer; the line and column are looked up in the
    // text only when there is an error.
    let api = lower::lower(&doc, options).map_err(|e| load::locate::fill(e, &text))?;
    // The parsed document is not needed past lowering: free it before the emitting
    // threads build their token trees (peak memory of the module: see ARCHITECTURE.md).
    drop(doc);
    Ok((api, start))
}

/// Loads every document of the folder `dir` and lowers them merged ([`load::merge`]):
/// each document one module, every path and component once.
fn lower_folder(
    dir: &Path,
    options: &LowerOptions,
    timings: &mut Timings,
) -> Result<(ir::Api, Instant)> {
    let start = Instant::now();
    let files = load::merge::documents(dir)?;
    let size = |f: &PathBuf| std::fs::metadata(f).map_or(0, |m| m.len() as usize);
    let parsed = on_every_core(&files, size, |file| {
        let text = load::read(file)?;
        let doc = load::parse(file, &text)?;
        Ok((doc, text))
    })
    .into_iter()
    .collect::<Result<Vec<_>>>()?;
    let merged = load::merge::merge(dir, parsed)?;
    timings.load = start.elapsed();

    let start = Instant::now();
    let mut lower_options = options.clone();
    lower_options.path_modules = Some(merged.modules.clone());
    let api = lower::lower(&merged.doc, &lower_options).map_err(|e| merged.locate(e))?;
    drop(merged);
    Ok((api, start))
}

/// The stages after lowering, for one document or a folder: the permissions, then emit
/// and format. `start` is when lowering started.
fn finish(
    spec: &Path,
    mut api: ir::Api,
    options: &Options,
    mut timings: Timings,
    start: Instant,
) -> Result<Report> {
    if let Some(path) = &options.permissions {
        let map = permissions::load(path)?;
        permissions::check_keys(
            path,
            &map,
            api.operations
                .iter()
                .filter_map(|o| o.operation_id.as_deref()),
        )?;
        for op in &mut api.operations {
            op.permissions = op.operation_id.as_ref().and_then(|id| map.get(id)).cloned();
        }
    }
    timings.lower = start.elapsed();

    // Emission and formatting, job by job on every core: a job's tokens are formatted on
    // the thread that emitted them (a `TokenStream` cannot move between threads).
    let start = Instant::now();
    let jobs = emit::jobs(&api);
    let shared = emit::Shared::new(&api, &options.krate);
    let done = on_every_core(
        &jobs,
        |job| job.weight,
        |job| {
            let start = Instant::now();
            let tokens = emit::run(&api, job, &shared);
            let emitted = start.elapsed();
            let start = Instant::now();
            (format::items(&job.path, tokens), emitted, start.elapsed())
        },
    );
    let (mut emit_time, mut format_time) = (Duration::ZERO, Duration::ZERO);
    let mut parts = Vec::with_capacity(jobs.len());
    for (job, (text, emitted, formatted)) in jobs.into_iter().zip(done) {
        parts.push((job.path, text?));
        emit_time += emitted;
        format_time += formatted;
    }
    let spec_name = spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "the description".to_owned());
    let text_files = emit::text_files(&api, &options.krate);
    let files = format::files(&spec_name, text_files, parts);
    // The two stages run interleaved on several threads: the wall time is split between
    // them in proportion to the time the threads spent in each.
    let wall = start.elapsed();
    let busy = (emit_time + format_time).as_secs_f64().max(f64::EPSILON);
    timings.emit = wall.mul_f64(emit_time.as_secs_f64() / busy);
    timings.format = wall.saturating_sub(timings.emit);
    Ok(Report {
        files,
        timings,
        operations: api.operations.len(),
        models: api.models.len(),
        unsupported: api.unsupported,
    })
}

/// Runs `work` on each of `items` on up to one thread per core (this one included), the
/// heaviest by `weight` first, and returns the results in the order of `items`.
fn on_every_core<T: Sync, R: Send>(
    items: &[T],
    weight: impl Fn(&T) -> usize,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(weight(&items[i])));
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, items.len().max(1));
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push((i, work(&items[i])));
        }
        done
    };
    let mut results: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads).map(|_| scope.spawn(worker)).collect();
        let mine = worker();
        let theirs = others
            .into_iter()
            .flat_map(|h| h.join().expect("a worker thread panicked"));
        for (i, result) in mine.into_iter().chain(theirs) {
            results[i] = Some(result);
        }
    });
    results
        .into_iter()
        .map(|r| r.expect("every item ran"))
        .collect()
}
