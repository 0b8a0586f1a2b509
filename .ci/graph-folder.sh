#!/bin/sh
# CI step (issue 14): all of Graph beta from one command. Generates ../shared/specs/graph-beta/
# as one crate (`cargo xtask codegen --spec DIR`: the 42 modules merged, a Cargo feature per
# module), then checks it with every module enabled and with one module alone, and builds it
# with every module. Prints the generation time and memory, and each check's and build's
# time and peak memory (one process). Then the
# builds a user waits for: Users + Groups + Applications cold, Applications alone, and
# Applications again after a one-line change in its document (regenerated; incremental).
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
# No rustdoc page lists more than 1,000 methods: count each operation trait's methods in the
# files as written (independently of the generator's rule, lower/modules.rs).
largest=$(for file in "$out"/src/operations/*.rs; do
    awk '/^pub trait [A-Za-z0-9]*Operations/ { t = 1; next } t && /^}/ { t = 0 } t && /^    fn / { n++ } END { print n + 0, FILENAME }' "$file"
done | sort -rn | head -1)
echo "graph-folder: the largest operation trait: ${largest% *} methods (${largest#* })"
if [ "${largest% *}" -gt 1000 ]; then
    echo "graph-folder: an operation trait lists more than 1,000 methods" >&2
    exit 1
fi
# The dependencies first, so that the checks below time the crate alone.
CARGO_TARGET_DIR="$target" cargo check --quiet --manifest-path "$out/Cargo.toml" \
    --no-default-features
measure "cargo check, one module (applications)" env CARGO_TARGET_DIR="$target" \
    cargo check --quiet --manifest-path "$out/Cargo.toml" --no-default-features --features applications
measure "cargo check, all 42 modules" env CARGO_TARGET_DIR="$target" \
    cargo check --quiet --manifest-path "$out/Cargo.toml"
# The build of all 42 together (a figure only; dependencies built first).
CARGO_TARGET_DIR="$target" cargo build --quiet --manifest-path "$out/Cargo.toml" \
    --no-default-features
measure "cargo build, all 42 modules" env CARGO_TARGET_DIR="$target" \
    cargo build --quiet --manifest-path "$out/Cargo.toml"

# Builds (codegen, not only checks), with incremental compilation as a developer has it.
build="env CARGO_TARGET_DIR=$target CARGO_INCREMENTAL=1 cargo build --quiet --manifest-path $out/Cargo.toml --no-default-features"
$build
measure "cargo build, users + groups + applications (cold)" $build --features users,groups,applications
measure "cargo build, applications alone" $build --features applications
# The standalone Applications crate (`--spec Applications.yml`), built in the same target
# folder right after, for the comparison.
standalone="$out-standalone"
"$root/target/debug/xtask" codegen --spec "$specs/Applications.yml" --out "$standalone" >/dev/null
grep -q '^\[workspace\]' "$standalone/Cargo.toml" || printf '\n[workspace]\n' >>"$standalone/Cargo.toml"
env CARGO_TARGET_DIR="$target" cargo build --quiet --manifest-path "$standalone/Cargo.toml" \
    --no-default-features
measure "cargo build, the standalone Applications crate (every feature)" env \
    CARGO_TARGET_DIR="$target" CARGO_INCREMENTAL=1 \
    cargo build --quiet --manifest-path "$standalone/Cargo.toml"
rm -rf "$standalone"
# One line of the Applications document changed (an operation's summary), the folder regenerated
# (unchanged files keep their time), the same build again.
# The same folder name, which names the crate and its identity type.
changed="$out-changed/$(basename "$specs")"
rm -rf "$out-changed"
mkdir -p "$changed"
for doc in "$specs"/*.yml; do
    ln -s "$doc" "$changed/$(basename "$doc")"
done
rm "$changed/Applications.yml"
sed '0,/summary: /s/summary: /summary: Changed. /' "$specs/Applications.yml" \
    >"$changed/Applications.yml"
"$root/target/debug/xtask" codegen --spec "$changed" --out "$out" --deny-unsupported
grep -q '^\[workspace\]' "$out/Cargo.toml" || printf '\n[workspace]\n' >>"$out/Cargo.toml"
git --no-pager diff --no-index --stat "$specs/Applications.yml" "$changed/Applications.yml" || true
measure "cargo build, applications, after a one-line change in its document" \
    $build --features applications
rm -rf "$out-changed"
echo "graph-folder: ok"
