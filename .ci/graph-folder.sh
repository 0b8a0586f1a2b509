#!/bin/sh
# CI step (issue 14): all of Graph beta from one command. Generates ../shared/specs/graph-beta/
# as one crate (`cargo xtask codegen --spec DIR`: the 42 modules merged, a Cargo feature per
# module), then checks it with every module enabled and with one module alone. Prints the
# generation time and memory, and each check's time and peak memory (one rustc).
#
# Environment: GRAPH_FOLDER_OUT (the crate folder, default $TMPDIR/graph-beta; its target/
# beside it is kept between runs), GRAPH_SHARED_DIR (the folder holding specs/).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
specs="${GRAPH_SHARED_DIR:-$root/../shared}/specs/graph-beta"
if [ ! -d "$specs" ]; then
    echo "graph-folder: $specs not found: the real Graph documents are expected in ../shared/specs beside the workspace root (or \$GRAPH_SHARED_DIR/specs)" >&2
    exit 1
fi
out="${GRAPH_FOLDER_OUT:-${TMPDIR:-/tmp}/graph-beta}"
target="$out-target"

cd "$root"
cargo build --quiet --package xtask
measure() {
    label=$1
    shift
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "graph-folder: $label: %e s, peak memory of one process %M KB" "$@"
    else
        start=$(date +%s)
        "$@"
        echo "graph-folder: $label: $(( $(date +%s) - start )) s"
    fi
}
measure "generate all 42 modules into one crate" \
    "$root/target/debug/xtask" codegen --spec "$specs" --out "$out" --deny-unsupported
grep -q '^\[workspace\]' "$out/Cargo.toml" || printf '\n[workspace]\n' >>"$out/Cargo.toml"
# The dependencies first, so that the checks below time the crate alone.
CARGO_TARGET_DIR="$target" cargo check --quiet --manifest-path "$out/Cargo.toml" \
    --no-default-features
measure "cargo check, one module (applications)" env CARGO_TARGET_DIR="$target" \
    cargo check --quiet --manifest-path "$out/Cargo.toml" --no-default-features --features applications
measure "cargo check, all 42 modules" env CARGO_TARGET_DIR="$target" \
    cargo check --quiet --manifest-path "$out/Cargo.toml"
echo "graph-folder: ok"
