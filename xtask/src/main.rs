//! `cargo xtask`: the workspace's command line, a thin layer over the `codegen` library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

mod bench;

/// Generation builds and drops millions of small token trees and strings on two threads;
/// with the system allocator a fifth of its time went to malloc and free (measured with
/// `perf`). mimalloc trades some peak memory for that time (figures in ARCHITECTURE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The default input: our fragment of the Graph beta Applications description.
const DEFAULT_SPEC: &str = "specs/graph-beta-synchronization-secrets.yaml";
/// The default output: the checked-in generated crate.
const DEFAULT_OUT: &str = "generated";
/// The permissions side file of the default input (see `codegen::permissions`).
const DEFAULT_PERMISSIONS: &str = "specs/permissions.yaml";

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
}

#[derive(clap::Args)]
struct SliceArgs {
    /// The OpenAPI document to slice (relative paths are taken from the workspace root).
    #[arg(long)]
    spec: PathBuf,
    /// Operations to keep: `PATH[#METHODS]`, `*` one segment, `**` any number
    /// (`/servicePrincipals/*/synchronization/secrets#PUT`). Repeatable; none keeps all.
    #[arg(long)]
    include: Vec<String>,
    /// Operations to drop from those included, same syntax. Repeatable.
    #[arg(long)]
    exclude: Vec<String>,
    /// The file to write.
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
    let spec = from_root(&args.spec);
    let out = from_root(&args.out);
    let yaml = codegen::slice::slice_file(&spec, &include, &exclude).map_err(|e| e.to_string())?;
    std::fs::write(&out, yaml).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("wrote {}", out.display());
    Ok(())
}

#[derive(clap::Args)]
struct CodegenArgs {
    /// Write nothing; fail with a diff if the output differs from what would be generated.
    #[arg(long)]
    check: bool,
    /// The OpenAPI document (relative paths are taken from the workspace root).
    #[arg(long, default_value = DEFAULT_SPEC)]
    spec: PathBuf,
    /// The permissions side file (operationId to permissions); `none` for no file. When
    /// not given: `specs/permissions.yaml` for the default document (the file is written
    /// for it), no file for any other `--spec`.
    #[arg(long)]
    permissions: Option<PathBuf>,
    /// The crate folder to write.
    #[arg(long, default_value = DEFAULT_OUT)]
    out: PathBuf,
    /// The generated package's name.
    #[arg(long, default_value = "graph-beta-applications")]
    crate_name: String,
    /// The Graph PowerShell module the document describes (names the identity type).
    #[arg(long, default_value = "Applications")]
    module: String,
    /// Print how long each stage took.
    #[arg(long)]
    timings: bool,
    /// Fail if anything was generated with a fallback (the unsupported list is not empty).
    #[arg(long)]
    deny_unsupported: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen(args) => codegen(&args).map_err(|e| e.to_string()),
        Command::Slice(args) => slice(&args),
        Command::Bench(args) => bench::bench(&args, &workspace_root()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the folder holding `xtask/` and `codegen/`. This binary is built
/// from `xtask/` (tests) or from `xtask/launcher/` (`cargo xtask`), so the root is the
/// nearest such ancestor of the manifest's folder.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .find(|dir| dir.join("xtask").is_dir() && dir.join("codegen").is_dir())
        .expect("xtask lives in the workspace")
        .to_owned()
}

fn from_root(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_owned()
    } else {
        workspace_root().join(path)
    }
}

fn codegen(args: &CodegenArgs) -> Result<(), codegen::Error> {
    let spec = from_root(&args.spec);
    let out = from_root(&args.out);
    let mut options = codegen::Options::default();
    options.krate.name = args.crate_name.clone();
    options.lower.module = args.module.clone();
    options.permissions = match &args.permissions {
        Some(file) if file == Path::new("none") => None,
        Some(file) => Some(from_root(file)),
        None if spec == from_root(Path::new(DEFAULT_SPEC)) => {
            Some(from_root(Path::new(DEFAULT_PERMISSIONS)))
        }
        None => None,
    };

    let report = codegen::generate_report(&spec, &options)?;
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
