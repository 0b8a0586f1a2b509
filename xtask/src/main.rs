//! `cargo xtask`: the workspace's command line, a thin layer over the `codegen` library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

/// The default input: our fragment of the Graph beta Applications description.
const DEFAULT_SPEC: &str = "specs/graph-beta-synchronization-secrets.yaml";
/// The default output: the checked-in generated crate.
const DEFAULT_OUT: &str = "generated";

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
}

#[derive(clap::Args)]
struct CodegenArgs {
    /// Write nothing; fail with a diff if the output differs from what would be generated.
    #[arg(long)]
    check: bool,
    /// The OpenAPI document (relative paths are taken from the workspace root).
    #[arg(long, default_value = DEFAULT_SPEC)]
    spec: PathBuf,
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen(args) => codegen(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's folder.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
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
