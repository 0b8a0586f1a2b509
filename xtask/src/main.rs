//! `cargo xtask`: the workspace's command line, a thin layer over the `codegen` library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

mod bench;
mod bench_client;
mod bench_modules;
mod diff;
/// Where the real Graph documents are (`../shared/specs`): the one helper the tests use.
#[path = "../../tests/src/shared.rs"]
#[allow(dead_code)]
mod shared;

/// Generation builds and drops millions of small token trees and strings on two threads;
/// with the system allocator a fifth of its time went to malloc and free (measured with
/// `perf`). mimalloc trades some peak memory for that time (figures in ARCHITECTURE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (the same index in its v2 and v3 headers; the Rust
/// bindings name only its neighbours).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps the memory mimalloc frees instead of returning it to the system after 10 ms: a
/// generation run frees and allocates again all the time, and each page given back came
/// back zeroed by the kernel (`perf`: 15 % of the 42 modules' time in `clear_page_erms`).
/// The 42 modules' generation: 9.2-10.2 s -> 7.9-8.9 s wall, the same peak memory (0.95 GB);
/// the process is short-lived, so nothing is held for long.
fn keep_freed_memory() {
    // SAFETY: `mi_option_set` takes any option index and value; -1 means "never purge".
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

/// The default input, in the workspace: our fragment of the Graph beta Applications
/// description.
const DEFAULT_SPEC: &str = "specs/graph-beta-synchronization-secrets.yaml";
/// The default output, in the workspace: the checked-in generated crate.
const DEFAULT_OUT: &str = "generated";
/// The permissions side file of the default input (see `codegen::permissions`), in the
/// workspace.
const DEFAULT_PERMISSIONS: &str = "specs/permissions.yaml";
/// The package and module names of the crate generated from the default document.
const DEFAULT_PACKAGE: &str = "graph-beta-applications";
const DEFAULT_MODULE: &str = "Applications";

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Workspace tasks")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the client crate from an OpenAPI description.
    Codegen(CodegenArgs),
    /// Write the slice of a description: the matching operations and the components they need.
    Slice(SliceArgs),
    /// Measure generation (per stage), memory, output size and build times, against progenitor.
    Bench(bench::BenchArgs),
    /// Per-module figures over a folder of Graph documents (default: the 42 beta modules):
    /// generation time, lines, cold check time beyond dependencies, sorted by size.
    BenchModules(bench_modules::BenchModulesArgs),
    /// The generated client's cost per request against bare reqwest, on a loopback server
    /// (sequential and 64 in flight; the table of docs/performance.md, "Client overhead").
    BenchClient(bench_client::BenchClientArgs),
    /// What changed between two versions of a description: operations, models, properties,
    /// enum members, deprecations, each classified breaking, additive or documentation-only.
    Diff(diff::DiffArgs),
}

#[derive(clap::Args)]
struct SliceArgs {
    /// The OpenAPI document to slice (a relative path is taken from the current folder).
    #[arg(long)]
    spec: PathBuf,
    /// Operations to keep: `PATH[#METHODS]`, `*` one segment, `**` any number
    /// (`/servicePrincipals/*/synchronization/secrets#PUT`). Repeatable; none keeps all.
    #[arg(long)]
    include: Vec<String>,
    /// Operations to drop from those included, same syntax. Repeatable.
    #[arg(long)]
    exclude: Vec<String>,
    /// The file to write (a relative path is taken from the current folder).
    #[arg(long)]
    out: PathBuf,
}

fn slice(args: &SliceArgs) -> Result<(), String> {
    let parse = |list: &[String]| {
        list.iter()
            .map(|p| codegen::slice::Pattern::parse(p))
            .collect::<Result<Vec<_>, _>>()
    };
    let include = parse(&args.include)?;
    let exclude = parse(&args.exclude)?;
    let yaml =
        codegen::slice::slice_file(&args.spec, &include, &exclude).map_err(|e| e.to_string())?;
    std::fs::write(&args.out, yaml).map_err(|e| format!("{}: {e}", args.out.display()))?;
    println!("wrote {}", args.out.display());
    Ok(())
}

#[derive(clap::Args)]
struct CodegenArgs {
    /// Write nothing; fail with a diff if the output differs from what would be generated.
    #[arg(long)]
    check: bool,
    /// The OpenAPI document, or a folder of documents (one Graph module each, merged into
    /// one crate: every path and component once) (a relative path is taken from the
    /// current folder) [default: the workspace's specs/graph-beta-synchronization-secrets.yaml]
    #[arg(long)]
    spec: Option<PathBuf>,
    /// The permissions side file (operationId to permissions); `none` for no file. When
    /// not given: the workspace's `specs/permissions.yaml` for the default document (the
    /// file is written for it), no file for any other `--spec`.
    #[arg(long)]
    permissions: Option<PathBuf>,
    /// The crate folder to write (a relative path is taken from the current folder)
    /// [default: the workspace's generated/]
    #[arg(long)]
    out: Option<PathBuf>,
    /// The generated package's name [default: from the document: `graph-beta-<module>`
    /// for a Graph beta module, `graph-<module>` for v1.0; `graph-beta-applications` for
    /// the workspace's default document]
    #[arg(long)]
    crate_name: Option<String>,
    /// The Graph PowerShell module the document describes, which names the identity type
    /// [default: the document's title where it is a module name (`Users.Actions`), else
    /// its file name; `Applications` for the workspace's default document]
    #[arg(long)]
    module: Option<String>,
    /// Print how long each stage took.
    #[arg(long)]
    timings: bool,
    /// Fail if anything was generated with a fallback (the unsupported list is not empty).
    #[arg(long)]
    deny_unsupported: bool,
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen(args) => codegen(&args).map_err(|e| e.to_string()),
        Command::Slice(args) => slice(&args),
        Command::Bench(args) => bench::bench(&args, &workspace_root()),
        Command::BenchModules(args) => bench_modules::bench_modules(&args, &workspace_root()),
        Command::BenchClient(args) => bench_client::bench_client(&args, &workspace_root()),
        Command::Diff(args) => match diff::diff(&args, &workspace_root()) {
            Ok(diff::Outcome::Pass) => Ok(()),
            Ok(diff::Outcome::Breaking) => return ExitCode::from(2),
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root, where the default paths are: the parent of this package's folder,
/// whatever the current folder. (Paths the user types are taken from the current folder.)
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ lives in the workspace")
        .to_owned()
}

/// Whether `a` and `b` name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn codegen(args: &CodegenArgs) -> Result<(), codegen::Error> {
    let root = workspace_root();
    let default_spec = root.join(DEFAULT_SPEC);
    let spec = args.spec.clone().unwrap_or_else(|| default_spec.clone());
    let out = args.out.clone().unwrap_or_else(|| root.join(DEFAULT_OUT));
    let mut options = codegen::Options::default();
    options.krate.runtime_path = codegen::runtime_path(&out);
    // The default document is a fragment of the Applications module (its title is a
    // sentence): the committed crate keeps that module's names.
    let default = same_file(&spec, &default_spec);
    options.lower.package = args
        .crate_name
        .clone()
        .or_else(|| default.then(|| DEFAULT_PACKAGE.to_owned()));
    options.lower.module = args
        .module
        .clone()
        .or_else(|| default.then(|| DEFAULT_MODULE.to_owned()));
    options.permissions = match &args.permissions {
        Some(file) if file == Path::new("none") => None,
        Some(file) => Some(file.clone()),
        None if default => Some(root.join(DEFAULT_PERMISSIONS)),
        None => None,
    };

    let report = codegen::generate(&spec, &options)?;
    for item in &report.unsupported {
        eprintln!("unsupported: {item}");
    }
    if !report.unsupported.is_empty() {
        eprintln!(
            "{} constructs generated with a fallback (listed above)",
            report.unsupported.len()
        );
    }
    if args.deny_unsupported && !report.unsupported.is_empty() {
        return Err(codegen::Error::Refused {
            path: spec,
            message: format!(
                "{} constructs are not supported yet (--deny-unsupported)",
                report.unsupported.len()
            ),
        });
    }
    let (files, timings) = (report.files, report.timings);
    if args.check {
        return match codegen::write::check(&out, &files)? {
            None => {
                println!("{} is up to date ({} files)", out.display(), files.len());
                Ok(())
            }
            Some(report) => Err(codegen::Error::Stale(format!(
                "{} is not what the generator writes; run `cargo xtask codegen`:\n{report}",
                out.display()
            ))),
        };
    }
    let start = Instant::now();
    codegen::write::write(&out, &files)?;
    let write = start.elapsed();
    println!("wrote {} files to {}", files.len(), out.display());
    if args.timings {
        println!(
            "load {:?}, lower {:?}, emit {:?}, format {:?}, write {:?}",
            timings.load, timings.lower, timings.emit, timings.format, write
        );
    }
    Ok(())
}
