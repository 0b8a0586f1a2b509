//! `cargo xtask diff`: what changed between two versions of a description, for a reviewer
//! (markdown) or a tool (JSON), with a gate on breaking changes. The comparison is
//! `codegen::diff`; this file reads the two sides and prints.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Arguments of `cargo xtask diff`.
#[derive(clap::Args)]
pub struct DiffArgs {
    /// The older side: a document, a folder of documents, or `git:REV:PATH` (a spec file
    /// at a revision of this repository, PATH from the repository's root).
    #[arg(long)]
    from: String,
    /// The newer side, in the same forms.
    #[arg(long)]
    to: String,
    /// `markdown` (a report for a pull request) or `json` (the same facts for tools).
    #[arg(long, default_value = "markdown")]
    format: Format,
    /// Exit with status 2 when a change is breaking (status 1 is an error).
    #[arg(long)]
    deny_breaking: bool,
    /// Write the report to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Markdown,
    Json,
}

/// What `diff` found, for the exit status.
pub enum Outcome {
    /// Nothing breaking, or breaking changes allowed.
    Pass,
    /// Breaking changes under `--deny-breaking`.
    Breaking,
}

/// Runs `cargo xtask diff`.
pub fn diff(args: &DiffArgs, root: &Path) -> Result<Outcome, String> {
    let (old, new) = std::thread::scope(|s| {
        let old = s.spawn(|| lower(&args.from, root));
        let new = lower(&args.to, root);
        (old.join().expect("the lowering thread"), new)
    });
    let (old, new) = (old?, new?);
    let report = codegen::diff::compare(&args.from, &old, &args.to, &new);
    let text = match args.format {
        Format::Markdown => codegen::diff::markdown(&report),
        Format::Json => codegen::diff::json(&report),
    };
    match &args.out {
        Some(file) => {
            std::fs::write(file, text).map_err(|e| format!("{}: {e}", file.display()))?;
        }
        None => print!("{text}"),
    }
    let s = report.summary;
    eprintln!(
        "diff: {} breaking, {} additive, {} documentation-only",
        s.breaking, s.additive, s.documentation
    );
    Ok(if args.deny_breaking && report.has_breaking() {
        eprintln!("diff: breaking changes found (--deny-breaking)");
        Outcome::Breaking
    } else {
        Outcome::Pass
    })
}

/// Loads and lowers one side.
fn lower(side: &str, root: &Path) -> Result<codegen::ir::Api, String> {
    let options = codegen::LowerOptions::default();
    match side.strip_prefix("git:") {
        Some(rest) => {
            let (rev, path) = rest
                .split_once(':')
                .ok_or_else(|| format!("{side}: expected git:REV:PATH"))?;
            let output = Command::new("git")
                .arg("-C")
                .arg(root)
                .arg("show")
                .arg(format!("{rev}:{path}"))
                .output()
                .map_err(|e| format!("{side}: cannot run git: {e}"))?;
            if !output.status.success() {
                return Err(format!(
                    "{side}: {}",
                    String::from_utf8_lossy(&output.stderr).trim()
                ));
            }
            let text = String::from_utf8(output.stdout)
                .map_err(|_| format!("{side}: the file is not UTF-8"))?;
            let name = Path::new(side);
            codegen::lower_input(codegen::Input::Text { name, text: &text }, &options)
                .map_err(|e| e.to_string())
        }
        None => codegen::lower_input(Path::new(side), &options).map_err(|e| e.to_string()),
    }
}
