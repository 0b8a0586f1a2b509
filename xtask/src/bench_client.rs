//! `cargo xtask bench-client`: the generated client's cost per request against bare
//! reqwest, on a loopback server (the `bench_client` example of `graph-tests`, built in
//! release mode and run as its own process: the xtask must build without the generated
//! crate, which it writes). The table it prints is recorded in docs/performance.md,
//! "Client overhead".

use std::path::Path;
use std::process::Command;

/// Options of `cargo xtask bench-client`.
#[derive(clap::Args)]
pub struct BenchClientArgs {
    /// Interleaved rounds (each runs every variant once sequentially and once with 64
    /// requests in flight).
    #[arg(long, default_value_t = 9)]
    rounds: usize,
    /// Requests per sequential run.
    #[arg(long, default_value_t = 2000)]
    sequential: usize,
    /// Requests per run with 64 in flight.
    #[arg(long, default_value_t = 6400)]
    in_flight: usize,
}

/// Builds and runs the example, printing its table.
pub fn bench_client(args: &BenchClientArgs, root: &Path) -> Result<(), String> {
    let status = Command::new("cargo")
        .current_dir(root)
        .args([
            "run",
            "--quiet",
            "--release",
            "--package",
            "graph-tests",
            "--example",
            "bench_client",
            "--",
        ])
        .arg(args.rounds.to_string())
        .arg(args.sequential.to_string())
        .arg(args.in_flight.to_string())
        .status()
        .map_err(|e| format!("cargo run --example bench_client: {e}"))?;
    if !status.success() {
        return Err(format!("the client benchmark failed ({status})"));
    }
    Ok(())
}
