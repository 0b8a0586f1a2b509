//! The generator: turns a Microsoft Graph OpenAPI description into a typed Rust client crate.
//!
//! The pipeline, one module per stage:
//! [`load`] (YAML to `openapiv3`) -> [`lower`] (to the intermediate model, [`ir`]) ->
//! [`emit`] (tokens with `quote` formatted with `prettyplease`, or text written as it
//! prints) -> [`write`] (all or nothing, or `--check` against disk). Naming rules live in [`naming`], errors in
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
pub mod slice;
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

/// Formatted parts of files: (path, text), in file order.
type Parts = Vec<(String, String)>;

/// Emits and formats every job of [`emit::jobs`] on up to one thread per core; returns the
/// formatted parts in job order (file order), and the time spent emitting and formatting,
/// summed over the threads.
fn emit_and_format(api: &ir::Api, krate: &CrateOptions) -> Result<(Parts, Duration, Duration)> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let jobs = emit::jobs(api);
    let shared = emit::Shared::new(api);
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(jobs[i].weight));
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        let (mut emit_time, mut format_time) = (Duration::ZERO, Duration::ZERO);
        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            let (text, emitted, formatted) = emit::run(api, &jobs[i], krate, &shared);
            emit_time += emitted;
            format_time += formatted;
            done.push((i, text));
        }
        (done, emit_time, format_time)
    };
    let results = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = vec![work()];
        all.extend(
            handles
                .into_iter()
                .map(|h| h.join().expect("an emitting thread panicked")),
        );
        all
    });
    let mut parts: Vec<Option<Result<String>>> = (0..jobs.len()).map(|_| None).collect();
    let (mut emit_time, mut format_time) = (Duration::ZERO, Duration::ZERO);
    for (done, e, f) in results {
        emit_time += e;
        format_time += f;
        for (i, text) in done {
            parts[i] = Some(text);
        }
    }
    let mut out = Vec::with_capacity(jobs.len());
    for (job, text) in jobs.into_iter().zip(parts) {
        out.push((job.path, text.expect("every job ran")?));
    }
    Ok((out, emit_time, format_time))
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
    let start = Instant::now();
    let text = load::read(spec)?;
    let read = start.elapsed();
    let mut report = generate_report_from_str(spec, &text, options)?;
    report.timings.load += read;
    Ok(report)
}

/// [`generate_timed`] on a document already in memory; `spec` names it in errors and
/// headers. The fuzz test drives this.
pub fn generate_from_str(spec: &Path, text: &str, options: &Options) -> Result<(Files, Timings)> {
    generate_report_from_str(spec, text, options).map(|r| (r.files, r.timings))
}

/// [`generate_report`] on a document already in memory.
pub fn generate_report_from_str(spec: &Path, text: &str, options: &Options) -> Result<Report> {
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
    // The parsed document is not needed past lowering: free it before the emitting
    // threads build their token trees (peak memory of the module: see ARCHITECTURE.md).
    drop(doc);
    timings.lower = start.elapsed();

    let spec_name = spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "the description".to_owned());
    let start = Instant::now();
    let mut files = emit::files_without_modules(&api, &options.krate, &spec_name)?;
    let (parts, emit_time, format_time) = emit_and_format(&api, &options.krate)?;
    let header = emit::header("//", &spec_name);
    // Each file is allocated once at its final size: grown part by part, the module's
    // megabyte files were copied into fresh memory again and again (`perf`: the kernel
    // zeroing those pages was most of the time spent joining).
    let mut sizes: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for (path, text) in &parts {
        *sizes.entry(path.clone()).or_insert(header.len()) += text.len() + 1;
    }
    for (path, text) in parts {
        let file = files.entry(path).or_insert_with_key(|path| {
            let mut file = String::with_capacity(sizes.get(path).copied().unwrap_or(0));
            file.push_str(&header);
            file
        });
        emit::join_part(file, &text);
    }
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
