#!/bin/sh
# CI step: generate the whole Graph beta Applications module from ../shared/specs and
# lint the crate with `cargo clippy -- -D warnings` (which also type-checks it), with and
# without the opt-in `partial-eq` feature: the generated code must be warning-free. Nothing
# may be generated with a fallback (--deny-unsupported).
# Fails, naming the path expected, where the document is absent (as the tests do).
#
# Environment: FULL_MODULE_OUT (the crate folder, default $TMPDIR/full-module-crate) and
# FULL_MODULE_TARGET (its target folder, default $TMPDIR/full-module-target; keep it
# between runs to reuse the built dependencies); GRAPH_SHARED_DIR (the folder holding the
# documents' specs/, default ../shared beside the workspace root).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
# Where the tests find it too (tests/src/shared.rs): ../shared/specs, or $GRAPH_SHARED_DIR/specs.
spec="${GRAPH_SHARED_DIR:-$root/../shared}/specs/graph-beta-applications.yml"
if [ ! -f "$spec" ]; then
    echo "full-module: $spec not found: the real Graph documents are expected in ../shared/specs beside the workspace root (or \$GRAPH_SHARED_DIR/specs)" >&2
    exit 1
fi
tmp="${TMPDIR:-/tmp}"
out="${FULL_MODULE_OUT:-$tmp/full-module-crate}"
target="${FULL_MODULE_TARGET:-$tmp/full-module-target}"

cd "$root"
echo "full-module: generating $spec into $out"
cargo xtask codegen --spec "$spec" --out "$out" --timings --deny-unsupported
# The crate lies outside this workspace, so it builds on its own, with its own target folder.
echo "full-module: cargo clippy -- -D warnings"
CARGO_TARGET_DIR="$target" cargo clippy --quiet --manifest-path "$out/Cargo.toml" -- -D warnings
# Model equality is opt-in (the `partial-eq` feature): it must lint clean for the whole module too.
echo "full-module: cargo clippy --features partial-eq -- -D warnings"
CARGO_TARGET_DIR="$target" cargo clippy --quiet --manifest-path "$out/Cargo.toml" --features partial-eq -- -D warnings
echo "full-module: ok"
