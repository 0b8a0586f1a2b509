//! Mutation fuzzing of the generator (issue 5, point 2): documents seeded from `specs/`
//! and `../shared/specs` are mutated, as text and as YAML trees, and run through load +
//! lower + emit + format. Errors are expected; a panic, a hang (one run over
//! [`HANG_LIMIT`]), memory past [`RSS_LIMIT_MB`], or an internal error (the generator
//! emitting Rust that does not parse) is a finding, saved under
//! `target/fuzz-findings/` and failing the test.
//!
//! How long: `FUZZ_SECONDS` (CI sets `CI=true`, which means 60 s), else a 3 s smoke run.
//! The seed: `FUZZ_SEED` if set (replays a run); in CI the checked-out commit's hash;
//! otherwise the clock. libFuzzer (cargo-fuzz) needs a nightly toolchain this
//! project does not have, hence a plain test with its own small mutator.

use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_yaml::Value;

/// One run taking longer than this is a hang.
const HANG_LIMIT: Duration = Duration::from_secs(30);
/// Resident memory past this is unbounded growth.
const RSS_LIMIT_MB: u64 = 2048;

/// SplitMix64: small, seedable, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

struct Seed {
    name: String,
    text: String,
    tree: Value,
    /// Every node's path, for tree mutations.
    paths: Vec<Vec<Step>>,
    big: bool,
}

#[derive(Clone, Debug)]
enum Step {
    Key(Value),
    Index(usize),
}

fn seeds() -> Vec<Seed> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files: Vec<PathBuf> = Vec::new();
    // Our documents and the real ones; a missing folder fails the test.
    for dir in [root.join("specs"), graph_tests::shared_specs()] {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("fuzz: cannot list the seeds in {}: {e}", dir.display()));
        for entry in entries.flatten() {
            let path = entry.path();
            if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            ) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let tree: Value = serde_yaml::from_str(&text).unwrap();
            let mut paths = Vec::new();
            collect_paths(&tree, &mut Vec::new(), &mut paths);
            Seed {
                name: path.file_name().unwrap().to_string_lossy().into_owned(),
                big: text.len() > 100_000,
                text,
                tree,
                paths,
            }
        })
        .collect()
}

fn collect_paths(value: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(at.clone());
    match value {
        Value::Mapping(map) => {
            for (k, v) in map {
                at.push(Step::Key(k.clone()));
                collect_paths(v, at, out);
                at.pop();
            }
        }
        Value::Sequence(seq) => {
            for (i, v) in seq.iter().enumerate() {
                at.push(Step::Index(i));
                collect_paths(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(root: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut current = root;
    for step in path {
        current = match (step, current) {
            (Step::Key(k), Value::Mapping(map)) => map.get_mut(k)?,
            (Step::Index(i), Value::Sequence(seq)) => seq.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(current)
}

fn node<'a>(root: &'a Value, path: &[Step]) -> Option<&'a Value> {
    let mut current = root;
    for step in path {
        current = match (step, current) {
            (Step::Key(k), Value::Mapping(map)) => map.get(k)?,
            (Step::Index(i), Value::Sequence(seq)) => seq.get(*i)?,
            _ => return None,
        };
    }
    Some(current)
}

/// Strings that mean something to the generator.
const WORDS: &[&str] = &[
    "$ref",
    "#/components/schemas/microsoft.graph.synchronizationSecretKeyStringValuePair",
    "#/components/schemas/microsoft.graph.ODataErrors.ODataError",
    "#/components/schemas/",
    "#/components/responses/error",
    "#/nowhere",
    "other.yaml#/components/schemas/x",
    "https://example.com/x.yaml",
    "object",
    "array",
    "string",
    "integer",
    "number",
    "boolean",
    "null",
    "allOf",
    "anyOf",
    "oneOf",
    "items",
    "properties",
    "required",
    "nullable",
    "enum",
    "additionalProperties",
    "format",
    "binary",
    "password",
    "int64",
    "path",
    "query",
    "header",
    "cookie",
    "body",
    "/x/{id}",
    "{id}",
    "{",
    "}",
    "'",
    "",
    "self",
    "type",
    "Self",
    "crate",
    "r#",
    "_",
    "0",
    "9XX",
    "default",
    "application/json",
    "text/plain",
    "3.1.0",
    "2.0",
    "\u{0}",
    "é😀",
];

fn random_scalar(rng: &mut Rng) -> Value {
    match rng.below(7) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(50)),
        2 => Value::Number((rng.next() as i64 % 100_000).into()),
        3 => Value::Mapping(Default::default()),
        4 => Value::Sequence(Vec::new()),
        _ => Value::String((*rng.pick(WORDS)).to_owned()),
    }
}

/// One structural mutation of `tree`.
fn mutate_tree(rng: &mut Rng, seed: &Seed, tree: &mut Value) {
    let path = rng.pick(&seed.paths).clone();
    let other = rng.pick(&seed.paths).clone();
    let donor = node(&seed.tree, &other).cloned();
    let Some(target) = node_mut(tree, &path) else {
        return;
    };
    match rng.below(11) {
        0 => *target = random_scalar(rng),
        // Point a node at the schema it sits in, or at any schema of the seed: loops
        // through arrays, `anyOf` wrappers, `allOf` and properties. (A named array of
        // itself overflowed the stack; CI found it.)
        10 => {
            let name = match path.as_slice() {
                [Step::Key(c), Step::Key(s), Step::Key(name), ..]
                    if c.as_str() == Some("components")
                        && s.as_str() == Some("schemas")
                        && rng.chance(70) =>
                {
                    name.as_str().map(str::to_owned)
                }
                _ => {
                    let names = schema_names(&seed.tree);
                    names.get(rng.below(names.len())).cloned()
                }
            };
            if let Some(name) = name {
                let mut map = serde_yaml::Mapping::new();
                map.insert("$ref".into(), format!("#/components/schemas/{name}").into());
                *target = Value::Mapping(map);
            }
        }
        // Splice another node here (makes cycles, wrong shapes, duplicates).
        1 | 2 => {
            if let Some(donor) = donor {
                *target = donor;
            }
        }
        3 => {
            if let Value::Mapping(map) = target {
                if !map.is_empty() {
                    let i = rng.below(map.len());
                    let key = map.keys().nth(i).cloned().unwrap();
                    map.remove(&key);
                }
            } else if let Value::Sequence(seq) = target
                && !seq.is_empty()
            {
                let i = rng.below(seq.len());
                seq.remove(i);
            }
        }
        4 => {
            let mut map = serde_yaml::Mapping::new();
            let reference = match rng.below(3) {
                0 => format!("#/components/schemas/{}", rng.pick(WORDS)),
                _ => (*rng.pick(WORDS)).to_owned(),
            };
            map.insert("$ref".into(), reference.into());
            *target = Value::Mapping(map);
        }
        5 => {
            if let Value::Mapping(map) = target {
                let key = (*rng.pick(WORDS)).to_owned();
                map.insert(key.into(), random_scalar(rng));
            }
        }
        // Rename a key, perhaps onto a name that collides after sanitizing.
        6 => {
            if let Value::Mapping(map) = target
                && !map.is_empty()
            {
                let i = rng.below(map.len());
                let key = map.keys().nth(i).cloned().unwrap();
                let value = map.remove(&key).unwrap();
                let new = match key.as_str() {
                    Some(k) if rng.chance(50) => k.to_uppercase(),
                    Some(k) => format!("{k}_"),
                    None => (*rng.pick(WORDS)).to_owned(),
                };
                map.insert(new.into(), value);
            }
        }
        // Make every property required (by-value cycles).
        7 => {
            if let Value::Mapping(map) = target
                && let Some(Value::Mapping(props)) = map.get("properties")
            {
                let names: Vec<Value> = props.keys().cloned().collect();
                map.insert("required".into(), Value::Sequence(names));
            }
        }
        // Deep nesting.
        8 => {
            let depth = 1 + rng.below(200);
            let mut value = std::mem::take(target);
            for _ in 0..depth {
                let mut map = serde_yaml::Mapping::new();
                map.insert("type".into(), "array".into());
                map.insert("items".into(), value);
                value = Value::Mapping(map);
            }
            *target = value;
        }
        _ => {
            if let Value::Sequence(seq) = target
                && let Some(first) = seq.first().cloned()
            {
                seq.push(first);
            } else if let Value::Mapping(map) = target {
                map.insert("allOf".into(), Value::Sequence(vec![target_clone(map)]));
            }
        }
    }
}

fn schema_names(tree: &Value) -> Vec<String> {
    tree.get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_mapping)
        .map(|m| {
            m.keys()
                .filter_map(|k| k.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn target_clone(map: &serde_yaml::Mapping) -> Value {
    Value::Mapping(map.clone())
}

/// One textual mutation of `text`.
fn mutate_text(rng: &mut Rng, text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    if lines.is_empty() {
        return (*rng.pick(WORDS)).to_owned();
    }
    let junk = [
        "{",
        "[",
        "]",
        ":",
        ": ",
        "- ",
        "'",
        "\"",
        "&a ",
        "*a",
        "!!str ",
        "!!binary ",
        "\t",
        "? ",
        "|",
        ">",
        "#",
        "%YAML 1.2",
        "---",
        "...",
        "<<: *a",
    ];
    match rng.below(7) {
        0 => {
            let i = rng.below(lines.len());
            let n = 1 + rng.below(8);
            lines.drain(i..(i + n).min(lines.len()));
            lines.join("\n")
        }
        1 => {
            let i = rng.below(lines.len());
            let line = lines[i];
            lines.insert(i, line);
            lines.join("\n")
        }
        2 => {
            let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
            lines.swap(a, b);
            lines.join("\n")
        }
        3 => {
            let cut = rng.below(text.len());
            let cut = (0..=cut)
                .rev()
                .find(|&c| text.is_char_boundary(c))
                .unwrap_or(0);
            text[..cut].to_owned()
        }
        _ => {
            let i = rng.below(lines.len());
            let line = lines[i];
            let at = rng.below(line.len() + 1);
            let at = (0..=at)
                .rev()
                .find(|&c| line.is_char_boundary(c))
                .unwrap_or(0);
            let insert = if rng.chance(50) {
                *rng.pick(&junk)
            } else {
                *rng.pick(WORDS)
            };
            let changed = format!("{}{insert}{}", &line[..at], &line[at..]);
            let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
            out[i] = changed;
            out.join("\n")
        }
    }
}

fn generate_input(rng: &mut Rng, seeds: &[Seed], allow_big: bool) -> (String, String) {
    let small: Vec<&Seed> = seeds.iter().filter(|s| !s.big).collect();
    let seed = if allow_big && rng.chance(1) || small.is_empty() {
        rng.pick(seeds)
    } else {
        *rng.pick(&small)
    };
    let mut description = seed.name.clone();
    let text = if rng.chance(70) {
        let mut tree = seed.tree.clone();
        let n = 1 + rng.below(4);
        for _ in 0..n {
            mutate_tree(rng, seed, &mut tree);
        }
        description.push_str(&format!(" +{n} tree"));
        let mut text = serde_yaml::to_string(&tree).unwrap_or_default();
        if rng.chance(20) {
            text = mutate_text(rng, &text);
            description.push_str(" +text");
        }
        text
    } else {
        let n = 1 + rng.below(3);
        let mut text = seed.text.clone();
        for _ in 0..n {
            text = mutate_text(rng, &text);
        }
        description.push_str(&format!(" +{n} text"));
        text
    };
    (description, text)
}

fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn findings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fuzz-findings")
}

fn save_finding(kind: &str, seed: u64, exec: u64, text: &str) -> PathBuf {
    let dir = findings_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{kind}-{seed:016x}-{exec}.yaml"));
    std::fs::write(&path, text).unwrap();
    path
}

/// The first 64 bits of the checked-out commit, if this is a git checkout.
fn commit_seed() -> Option<u64> {
    let out = std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    let hex = String::from_utf8(out.stdout).ok()?;
    u64::from_str_radix(hex.trim().get(..16)?, 16).ok()
}

#[derive(Default)]
struct Current {
    started: Option<Instant>,
    input: String,
    exec: u64,
}

#[test]
fn mutated_documents_never_crash_hang_or_blow_up() {
    let seconds: u64 = match std::env::var("FUZZ_SECONDS") {
        Ok(s) => s.parse().expect("FUZZ_SECONDS is a number of seconds"),
        Err(_) if std::env::var_os("CI").is_some() => 60,
        Err(_) => 3,
    };
    let seed: u64 = match std::env::var("FUZZ_SEED") {
        Ok(s) => s.parse().expect("FUZZ_SEED is a number"),
        // CI: the commit under test picks the seed, so each commit explores new inputs
        // and a red run replays exactly (`FUZZ_SEED=<printed seed>`).
        Err(_) if std::env::var_os("CI").is_some() && commit_seed().is_some() => {
            commit_seed().unwrap()
        }
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64,
    };
    // Straight to the process's stderr, past the test harness's capture: an abort (stack
    // overflow) loses captured output, and the seed is what replays the run.
    {
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "fuzz: seed {seed} ({seconds} s); the input being run is kept in {}",
            findings_dir()
                .join(format!("in-flight-{seed:016x}.yaml"))
                .display()
        );
    }
    let seeds = seeds();
    assert!(!seeds.is_empty(), "no seed documents");
    let budget = Duration::from_secs(seconds);
    let current = Arc::new(Mutex::new(Current::default()));
    let done = Arc::new(AtomicBool::new(false));

    // Quiet the default hook: panics are caught, counted and saved.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        eprintln!("fuzz: panic: {info}");
    }));

    let worker = {
        let current = Arc::clone(&current);
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            let mut rng = Rng(seed);
            let start = Instant::now();
            let options = codegen::Options::default();
            let file = Path::new("fuzz.yaml");
            let (mut execs, mut ok, mut rejected, mut unlocated) = (0u64, 0u64, 0u64, 0u64);
            let mut findings: Vec<String> = Vec::new();
            let mut messages: std::collections::BTreeMap<String, u64> = Default::default();
            let mut peak_rss_mb = 0;
            let mut slowest = (Duration::ZERO, String::new());
            let _ = std::fs::create_dir_all(findings_dir());
            let in_flight = findings_dir().join(format!("in-flight-{seed:016x}.yaml"));
            while start.elapsed() < budget {
                let (description, text) = generate_input(&mut rng, &seeds, seconds >= 30);
                execs += 1;
                {
                    let mut c = current.lock().unwrap();
                    c.started = Some(Instant::now());
                    c.input.clone_from(&text);
                    c.exec = execs;
                }
                // A stack overflow aborts the process before any report: keep the input
                // on disk while it runs, so the crash leaves its evidence behind.
                let _ = std::fs::write(&in_flight, &text);
                let run = Instant::now();
                let result = catch_unwind(AssertUnwindSafe(|| {
                    codegen::generate(
                        codegen::Input::Text {
                            name: file,
                            text: &text,
                        },
                        &options,
                    )
                }));
                if run.elapsed() > slowest.0 {
                    slowest = (run.elapsed(), description.clone());
                }
                current.lock().unwrap().started = None;
                match result {
                    Ok(Ok(_)) => ok += 1,
                    Ok(Err(codegen::Error::Spec {
                        location, message, ..
                    })) => {
                        rejected += 1;
                        if location.line_col.is_none() {
                            unlocated += 1;
                        }
                        let class: String = message
                            .split([':', '"'])
                            .next()
                            .unwrap_or_default()
                            .chars()
                            .take(50)
                            .collect();
                        *messages.entry(class).or_default() += 1;
                    }
                    Ok(Err(e)) => {
                        let path = save_finding("error", seed, execs, &text);
                        findings.push(format!("{description}: {e} (input {})", path.display()));
                    }
                    Err(_) => {
                        let path = save_finding("panic", seed, execs, &text);
                        findings.push(format!("{description}: panic (input {})", path.display()));
                    }
                }
                let rss_mb = status_kb("VmRSS:") / 1024;
                peak_rss_mb = peak_rss_mb.max(rss_mb);
                if rss_mb > RSS_LIMIT_MB {
                    let path = save_finding("memory", seed, execs, &text);
                    findings.push(format!(
                        "{description}: resident memory {rss_mb} MB (input {})",
                        path.display()
                    ));
                    break;
                }
            }
            let _ = std::fs::remove_file(&in_flight);
            done.store(true, Ordering::SeqCst);
            let mut report = format!(
                "fuzz: seed {seed}, {seconds} s: {execs} executions ({:.0}/s), {ok} generated, {rejected} rejected with a document error ({unlocated} without line and column), {} findings, peak RSS {peak_rss_mb} MB (VmHWM {} MB), slowest run {:?} ({})\n",
                execs as f64 / start.elapsed().as_secs_f64(),
                findings.len(),
                status_kb("VmHWM:") / 1024,
                slowest.0,
                slowest.1,
            );
            let mut classes: Vec<(&String, &u64)> = messages.iter().collect();
            classes.sort_by(|a, b| b.1.cmp(a.1));
            for (class, n) in classes.iter().take(15) {
                let _ = writeln!(report, "  {n:>6}  {class}");
            }
            (report, findings)
        })
    };

    // Watch for a hang: one run that does not finish within HANG_LIMIT.
    while !done.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(100));
        let c = current.lock().unwrap();
        if let Some(started) = c.started
            && started.elapsed() > HANG_LIMIT
        {
            let path = save_finding("hang", seed, c.exec, &c.input);
            panic!(
                "fuzz: execution {} has run for over {HANG_LIMIT:?} (seed {seed}; input {})",
                c.exec,
                path.display()
            );
        }
    }
    let (report, findings) = worker.join().unwrap();
    std::panic::set_hook(default_hook);
    // Past the capture too, so CI's log shows the figures.
    {
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), "{report}");
    }
    assert!(
        findings.is_empty(),
        "{} findings (replay with FUZZ_SEED={seed}):\n{}",
        findings.len(),
        findings.join("\n")
    );
}
