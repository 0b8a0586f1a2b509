//! `cargo xtask bench`: how the generator and its output scale, measured.
//!
//! For each input (our fragment, and the whole Applications module from `../shared/specs`,
//! which must be there) it prints the generation time per stage (best of several
//! in-process runs), the peak memory of one generation in a fresh process, the files and
//! lines written, the wall time a user waits for `cargo xtask codegen`, the generated
//! crate's cold build (beyond its dependencies, which are built first) and its rebuild
//! after a one-line change to the description, and what `cargo progenitor` makes of the
//! same input. Then how long the generator takes to refuse documents nested too deep, and
//! how fast the generated client's retries, timeouts and fault reports are against the
//! tests' loopback server (the `client_timings` example of `graph-tests`, a few hundred
//! ms). Figures here, not limits in the tests: a shared machine is too noisy for those.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Options of `cargo xtask bench`.
#[derive(clap::Args)]
pub struct BenchArgs {
    /// In-process generation runs per input (the best is reported).
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Rebuilds measured per one-line change (median and range reported).
    #[arg(long, default_value_t = 3)]
    rebuilds: usize,
    /// Skip building the generated crates.
    #[arg(long)]
    no_build: bool,
    /// Skip progenitor.
    #[arg(long)]
    no_progenitor: bool,
    /// Skip the generated client's timings against the loopback server.
    #[arg(long)]
    no_client: bool,
    /// Where generated crates and their target folder go.
    #[arg(long, default_value = "/tmp/xtask-bench")]
    work: PathBuf,
    /// The `cargo-progenitor` binary (installed with
    /// `cargo install cargo-progenitor --root /tmp/progenitor` when absent).
    #[arg(long, default_value = "/tmp/progenitor/bin/cargo-progenitor")]
    progenitor: PathBuf,
}

struct Input {
    name: &'static str,
    spec: PathBuf,
}

/// Runs the benchmark and prints the figures.
pub fn bench(args: &BenchArgs, root: &Path) -> Result<(), String> {
    let inputs = [
        Input {
            name: "fragment",
            spec: root.join("specs/graph-beta-synchronization-secrets.yaml"),
        },
        Input {
            name: "module",
            spec: crate::shared::try_shared_spec("graph-beta-applications.yml")?,
        },
    ];
    std::fs::create_dir_all(&args.work).map_err(|e| format!("{}: {e}", args.work.display()))?;
    for input in &inputs {
        println!("== {} ({})", input.name, input.spec.display());
        bench_one(args, root, input)?;
    }
    println!("== refusals");
    refusals(args)?;
    if !args.no_client {
        println!("== client (the generated client against the tests' loopback server)");
        client_timings(root)?;
    }
    Ok(())
}

/// How fast the generated client's retries, timeouts and fault reports are: the figures
/// the tests in `tests/tests/client_pipeline.rs` and `tests/tests/load.rs` used to bound
/// (what happens stays asserted there). They come from the `client_timings` example of
/// `graph-tests`, run as its own process: the xtask must build without the generated
/// crate, which it writes.
fn client_timings(root: &Path) -> Result<(), String> {
    let output = Command::new("cargo")
        .current_dir(root)
        .args([
            "run",
            "--quiet",
            "--package",
            "graph-tests",
            "--example",
            "client_timings",
        ])
        .output()
        .map_err(|e| format!("cargo run --example client_timings: {e}"))?;
    print!("{}", String::from_utf8_lossy(&output.stdout));
    if !output.status.success() {
        return Err(format!(
            "the client timings failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(())
}

/// A small document with `SCHEMA` as a property's schema and `YAML` as an extension's
/// value (the one of `tests/tests/diagnostics.rs`).
const NESTED: &str = "\
openapi: 3.0.4
info: {title: Things, version: '1.0'}
paths:
  /things/{thing-id}:
    get:
      operationId: things.GetThing
      parameters:
        - {name: thing-id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: the thing
          content:
            application/json:
              schema: {$ref: '#/components/schemas/thing'}
components:
  schemas:
    thing:
      type: object
      x-deep: YAML
      properties:
        name: SCHEMA
";

/// How long the generator takes to refuse documents nested too deep: a mistake under 30
/// levels of schemas in schemas (which made openapiv3 backtrack for minutes before the
/// loader bounded the depth) and plain YAML 60 levels deep. Both must be refused.
fn refusals(args: &BenchArgs) -> Result<(), String> {
    let mut schemas = "string".to_owned(); // wrong: `items` must be a schema
    for _ in 0..30 {
        schemas = format!("{{type: array, items: {schemas}}}");
    }
    let mut yaml = "{leaf: 1}".to_owned();
    for _ in 0..60 {
        yaml = format!("{{inner: {yaml}}}");
    }
    let cases = [
        (
            "schemas nested 30 deep",
            NESTED
                .replace("SCHEMA", &schemas)
                .replace("YAML", "{leaf: 1}"),
        ),
        (
            "YAML nested 60 deep",
            NESTED
                .replace("SCHEMA", "{type: string}")
                .replace("YAML", &yaml),
        ),
    ];
    let dir = args.work.join("refusals");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (what, text) in cases {
        let spec = dir.join("nested.yaml");
        std::fs::write(&spec, &text).map_err(|e| format!("{}: {e}", spec.display()))?;
        let mut times = Vec::new();
        for _ in 0..args.runs.max(1) {
            let start = Instant::now();
            let result = codegen::generate(&spec, &codegen::Options::default());
            times.push(start.elapsed());
            if result.is_ok() {
                return Err(format!("a document with {what} was accepted"));
            }
        }
        let (median, best) = spread(times);
        println!(
            "refusing a document with {what} ({} runs): median {} (best {})",
            args.runs.max(1),
            ms(median),
            ms(best)
        );
    }
    Ok(())
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn bench_one(args: &BenchArgs, root: &Path, input: &Input) -> Result<(), String> {
    let options = codegen::Options::default();
    // A crate build just before (the previous input's, or an earlier bench's) leaves
    // hundreds of MB of incremental state being written back to disk; flush it first, so
    // the generation figures are the generator's and not that write-back's.
    let _ = Command::new("sync").status();
    // Generation in process, best of `runs`.
    let mut best: Option<(Duration, codegen::Timings, Duration)> = None;
    let out = args.work.join(format!("{}-crate", input.name));
    let mut report = None;
    let mut peak_kib = 0;
    for _ in 0..args.runs.max(1) {
        // One run's output alive at a time, and the peak reset before each run, so the
        // figure is one run's peak (on top of whatever the process holds already).
        drop(report.take());
        reset_peak();
        let start = Instant::now();
        let r = codegen::generate(&input.spec, &options).map_err(|e| e.to_string())?;
        let write_start = Instant::now();
        codegen::write::write(&out, &r.files).map_err(|e| e.to_string())?;
        let write = write_start.elapsed();
        let total = start.elapsed();
        if best.is_none_or(|(t, _, _)| total < t) {
            best = Some((total, r.timings, write));
        }
        report = Some(r);
        peak_kib = peak_kib.max(status_kib("VmHWM:").unwrap_or(0));
    }
    let (total, t, write) = best.expect("at least one run");
    let report = report.expect("at least one run");
    let lines: usize = report.files.values().map(|f| f.lines().count()).sum();
    let bytes: usize = report.files.values().map(String::len).sum();
    println!(
        "generation (in process, best of {}): {} = load {} + lower {} + emit {} + format {} + write {}",
        args.runs,
        ms(total),
        ms(t.load),
        ms(t.lower),
        ms(t.emit),
        ms(t.format),
        ms(write)
    );
    println!(
        "output: {} operations, {} models, {} files, {lines} lines, {} KiB; {} unsupported",
        report.operations,
        report.models,
        report.files.len(),
        bytes / 1024,
        report.unsupported.len()
    );
    println!(
        "peak memory of an in-process run (VmHWM, reset before each run): at most {} MiB; this process now {} MiB",
        peak_kib / 1024,
        status_kib("VmRSS:").unwrap_or(0) / 1024
    );

    // The machine's speed, for reading the figures below: the plain single-threaded YAML
    // parse of the same text, which the scale issue puts at about 0.15 s for the module on
    // the machine its targets were set on. (Not a ratio to report against: the parse and
    // the generator scale differently with the machine, e.g. with the cost of fresh pages.)
    let text = std::fs::read_to_string(&input.spec).map_err(|e| e.to_string())?;
    let reference = (0..args.runs.max(1))
        .map(|_| {
            let start = Instant::now();
            codegen::load::parse_plain_yaml(&text).map(|()| start.elapsed())
        })
        .collect::<Result<Vec<_>, _>>()?;
    drop(text);
    let (reference, reference_best) = spread(reference);
    println!(
        "machine reference: the plain YAML parse alone (one thread, into a serde_yaml::Value, {} runs): median {} (best {})",
        args.runs,
        ms(reference),
        ms(reference_best)
    );

    // One generation in a fresh process: peak memory and wall time as a user sees them.
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let spec = input.spec.display().to_string();
    let out_s = out.display().to_string();
    let gen_args = ["codegen", "--spec", &spec, "--out", &out_s];
    // Progenitor runs as a process: it is compared with ours as a process. A shared
    // machine is noisy: several runs, the median and the best reported.
    let mut ours_process = total;
    let runs: Vec<(Duration, u64, Duration)> = (0..args.runs.max(1))
        .filter_map(|_| time_v(&exe, &gen_args, None))
        .collect();
    if runs.is_empty() {
        println!("fresh process: /usr/bin/time not available");
    } else {
        let wall = spread(runs.iter().map(|r| r.0).collect());
        let cpu = spread(runs.iter().map(|r| r.2).collect());
        let rss = runs.iter().map(|r| r.1).max().unwrap_or(0);
        ours_process = wall.0;
        println!(
            "fresh process `xtask codegen` ({} runs): wall median {} (best {}), CPU median {}, peak memory at most {} MiB",
            runs.len(),
            ms(wall.0),
            ms(wall.1),
            ms(cpu.0),
            rss / 1024
        );
    }
    // What a user waits for, and how much of it is cargo's own work (loading and resolving
    // the workspace, checking the xtask is fresh): the same command line with `--help`,
    // which starts the binary and returns at once.
    let waits = cargo_xtask_runs(root, &gen_args, args.runs);
    let cargo_only = cargo_xtask_runs(root, &["--help"], args.runs);
    if let (Some((median, best)), Some((cargo, _))) = (waits, cargo_only) {
        println!(
            "`cargo xtask codegen` as a user waits (generator built): median {} (best {}); cargo's own part (`cargo xtask --help`): median {}",
            ms(median),
            ms(best),
            ms(cargo)
        );
    }

    if !args.no_build {
        build_figures(args, input, &out)?;
    }
    if !args.no_progenitor {
        progenitor(args, input, ours_process);
    }
    Ok(())
}

/// Median and best wall time of `runs` successful `cargo xtask ARGS` in `root`.
fn cargo_xtask_runs(root: &Path, args: &[&str], runs: usize) -> Option<(Duration, Duration)> {
    let mut times = Vec::new();
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let output = Command::new("cargo")
            .current_dir(root)
            .arg("xtask")
            .args(args)
            .output();
        if output.is_ok_and(|o| o.status.success()) {
            times.push(start.elapsed());
        }
    }
    (!times.is_empty()).then(|| spread(times))
}

/// Where the value of the first `key` line at or after `from` starts, for the first such
/// line whose value is a one-line scalar (plain or quoted; not a block scalar).
fn plain_value(text: &str, from: usize, key: &str) -> Option<usize> {
    let mut search = from;
    while let Some(found) = text[search..].find(key) {
        let at = search + found + key.len();
        match text[at..].chars().next() {
            Some('\'' | '"') => return Some(at + 1),
            Some(c) if c.is_alphanumeric() => return Some(at),
            _ => search = at,
        }
    }
    None
}

/// The median and the smallest of `times`.
fn spread(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    (times[times.len() / 2], times[0])
}

/// A memory figure of this process from `/proc/self/status` (`VmHWM:`, `VmRSS:`), in KiB.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets this process's peak resident memory (VmHWM) to its current resident memory
/// (Linux: `5` written to `/proc/self/clear_refs`).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Runs `exe args` under `/usr/bin/time`; returns wall time, peak RSS in KiB and CPU time
/// (user + system: what the run costs on a machine shared with other work).
fn time_v(exe: &Path, args: &[&str], dir: Option<&Path>) -> Option<(Duration, u64, Duration)> {
    let mut cmd = Command::new("/usr/bin/time");
    cmd.args(["-f", "%e %M %U %S"]).arg(exe).args(args);
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    // `/usr/bin/time` reports wall time in hundredths: the clock here is finer.
    let start = Instant::now();
    let output = cmd.output().ok()?;
    let wall = start.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().last()?;
    let fields: Vec<&str> = last.split_whitespace().collect();
    let rss: u64 = fields.get(1)?.parse().ok()?;
    let user: f64 = fields.get(2)?.parse().ok()?;
    let system: f64 = fields.get(3)?.parse().ok()?;
    Some((wall, rss, Duration::from_secs_f64(user + system)))
}

fn cargo_build(manifest: &Path, target: &Path) -> Result<Duration, String> {
    cargo_build_with(manifest, target, &[])
}

fn cargo_build_with(manifest: &Path, target: &Path, extra: &[&str]) -> Result<Duration, String> {
    let start = Instant::now();
    let output = Command::new("cargo")
        .args(["build", "--quiet", "--manifest-path"])
        .arg(manifest)
        .args(extra)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!(
            "cargo build {} failed:\n{}",
            manifest.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(start.elapsed())
}

/// Removes the build products of the generated package only (like `cargo clean -p`), in
/// the bench's own target folder, so that the next build is cold for it alone.
pub(crate) fn forget_package(target: &Path, package: &str) {
    let stem = package.replace('-', "_");
    for dir in ["debug/.fingerprint", "debug/deps", "debug/incremental"] {
        let Ok(entries) = std::fs::read_dir(target.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(&format!("{package}-"))
                || name.starts_with(&format!("{stem}-"))
                || name.starts_with(&format!("lib{stem}-"))
            {
                let path = entry.path();
                let _ = if path.is_dir() {
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::remove_file(&path)
                };
            }
        }
    }
}

fn build_figures(args: &BenchArgs, input: &Input, out: &Path) -> Result<(), String> {
    let target = args.work.join("target");
    let manifest = out.join("Cargo.toml");
    let package = "graph-beta-applications";
    // Dependencies first (shared by both inputs), then the crate alone, cold.
    let first = cargo_build(&manifest, &target)?;
    forget_package(&target, package);
    let cold = cargo_build(&manifest, &target)?;
    println!(
        "generated crate: first build {} (with any dependencies not built yet), cold build beyond dependencies {}",
        ms(first),
        ms(cold)
    );
    // What the per-segment features buy: the models and runtime alone, and the largest
    // operations module alone, each built cold.
    let largest = std::fs::read_dir(out.join("src/operations"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.metadata().ok()?.len(), e.path())))
        .filter(|(_, p)| p.file_stem().is_some_and(|s| s != "mod"))
        .max()
        .and_then(|(_, p)| Some(p.file_stem()?.to_string_lossy().into_owned()));
    let no_default = "--no-default-features".to_owned();
    let mut subsets = vec![(
        "no operations (--no-default-features)".to_owned(),
        vec![no_default.clone()],
    )];
    if let Some(feature) = largest {
        let what = format!("only the feature {feature}");
        subsets.push((what, vec![no_default, "--features".to_owned(), feature]));
    }
    for (what, extra) in subsets {
        let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
        forget_package(&target, package);
        let cold = cargo_build_with(&manifest, &target, &extra)?;
        println!(
            "generated crate, {what}: cold build beyond dependencies {}",
            ms(cold)
        );
    }
    // One-line changes, as a maintainer regenerating after Microsoft edits the description
    // would make them: a word added to an operation's summary (one operations file
    // changes), then to a schema property's description (the models file changes). The
    // spec keeps its file name (it is in every file's header) and unchanged files keep
    // their modification time (`codegen::write`), so cargo sees only the real change.
    let original = std::fs::read_to_string(&input.spec).map_err(|e| e.to_string())?;
    let dir = args.work.join(format!("{}-changed", input.name));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let spec = dir.join(input.spec.file_name().unwrap_or_default());
    let regenerate = |text: &str| -> Result<(), String> {
        std::fs::write(&spec, text).map_err(|e| e.to_string())?;
        let report =
            codegen::generate(&spec, &codegen::Options::default()).map_err(|e| e.to_string())?;
        codegen::write::write(out, &report.files).map_err(|e| e.to_string())
    };
    regenerate(&original)?;
    cargo_build(&manifest, &target)?;
    let components = original.find("\ncomponents:").unwrap_or(original.len());
    let changes = [
        (
            "an operation's summary",
            plain_value(&original, 0, "summary: "),
        ),
        (
            "a schema's description",
            plain_value(&original, components, "description: "),
        ),
    ];
    for (what, at) in changes {
        let Some(at) = at else {
            println!("incremental: no {what} to change");
            continue;
        };
        // Each round changes the spec, regenerates and rebuilds (measured), then puts the
        // original back and rebuilds (not measured); a different word each round, so no
        // round finds its result already cached.
        let mut rebuilds = Vec::new();
        for round in 0..args.rebuilds.max(1) {
            let changed = format!("{}Changed{round} {}", &original[..at], &original[at..]);
            regenerate(&changed)?;
            rebuilds.push(cargo_build(&manifest, &target)?);
            regenerate(&original)?;
            cargo_build(&manifest, &target)?;
        }
        let worst = rebuilds.iter().max().copied().unwrap_or_default();
        let (median, best) = spread(rebuilds.clone());
        println!(
            "generated crate: rebuild after a one-line change to {what}: median {} ({} runs, {} to {})",
            ms(median),
            rebuilds.len(),
            ms(best),
            ms(worst)
        );
    }
    Ok(())
}

fn progenitor(args: &BenchArgs, input: &Input, ours: Duration) {
    if !args.progenitor.exists() {
        println!(
            "progenitor: not installed at {} (cargo install cargo-progenitor --root /tmp/progenitor)",
            args.progenitor.display()
        );
        return;
    }
    let out = args.work.join(format!("{}-progenitor", input.name));
    let failure = run_progenitor(args, &input.spec, &out, "progenitor", ours);
    // Graph reuses some operationIds, which progenitor refuses outright; so that the
    // comparison gets further, try once more on a copy with those made unique.
    if failure.is_some_and(|reason| reason.contains("duplicate operation ID")) {
        let Ok(text) = std::fs::read_to_string(&input.spec) else {
            return;
        };
        let (unique, renamed) = unique_operation_ids(&text);
        let spec = args.work.join(format!("{}-unique-ids.yml", input.name));
        if std::fs::write(&spec, unique).is_ok() {
            let what = format!("progenitor, {renamed} repeated operationIds renamed");
            run_progenitor(args, &spec, &out, &what, ours);
        }
    }
}

/// Runs progenitor on `spec` and prints how it went under the label `what`; returns the
/// reason when it failed.
fn run_progenitor(
    args: &BenchArgs,
    spec: &Path,
    out: &Path,
    what: &str,
    ours: Duration,
) -> Option<String> {
    let _ = std::fs::remove_dir_all(out);
    let start = Instant::now();
    let output = Command::new(&args.progenitor)
        .args(["progenitor", "-i"])
        .arg(spec)
        .arg("-o")
        .arg(out)
        .args(["-n", "progenitor-bench", "-v", "0.1.0"])
        .output();
    let elapsed = start.elapsed();
    match output {
        Ok(o) if o.status.success() => {
            println!(
                "{what}: generated in {} ({:.1}x our fresh-process `xtask codegen` time)",
                ms(elapsed),
                elapsed.as_secs_f64() / ours.as_secs_f64()
            );
            None
        }
        Ok(o) => {
            let stderr = String::from_utf8_lossy(&o.stderr);
            let stdout = String::from_utf8_lossy(&o.stdout);
            // The cause, not the backtrace after it.
            let reason: String = stdout
                .lines()
                .chain(stderr.lines())
                .map(str::trim)
                .filter(|l| {
                    !l.is_empty()
                        && !l.starts_with(|c: char| c.is_ascii_digit())
                        && !l.starts_with("at ")
                        && !l.starts_with("Stack backtrace")
                        && !l.starts_with("---")
                })
                .filter(|l| l.contains("fail") || l.contains("rror") || l.contains("overflow"))
                .take(4)
                .collect::<Vec<_>>()
                .join("\n    ");
            println!(
                "{what}: failed after {} ({}):\n    {reason}",
                ms(elapsed),
                o.status
            );
            Some(reason)
        }
        Err(e) => {
            println!("{what}: could not run: {e}");
            Some(e.to_string())
        }
    }
}

/// `text` with every `operationId:` line whose value was seen before given a `_2`, `_3`,
/// ... suffix, and how many were renamed.
fn unique_operation_ids(text: &str) -> (String, usize) {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut renamed = 0;
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let key = body.trim_start();
        if let Some(id) = key.strip_prefix("operationId: ") {
            let count = seen.entry(id).or_default();
            *count += 1;
            if *count > 1 {
                renamed += 1;
                let indent = &body[..body.len() - key.len()];
                out.push_str(&format!("{indent}operationId: {id}_{count}"));
                out.push_str(&line[body.len()..]);
                continue;
            }
        }
        out.push_str(line);
    }
    (out, renamed)
}

#[cfg(test)]
mod tests {
    use super::unique_operation_ids;

    #[test]
    fn repeated_operation_ids_get_a_suffix_and_the_rest_is_unchanged() {
        let text = "a:\n  operationId: x\nb:\n    operationId: y\r\nc:\n  operationId: x\n  operationId: x";
        let (unique, renamed) = unique_operation_ids(text);
        assert_eq!(
            unique,
            "a:\n  operationId: x\nb:\n    operationId: y\r\nc:\n  operationId: x_2\n  operationId: x_3"
        );
        assert_eq!(renamed, 2);
    }
}
