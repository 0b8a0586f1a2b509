#!/bin/sh
# Issue 17: our generator against progenitor (cargo-progenitor 0.15.1, Oxide's generator)
# on the same third-party OpenAPI documents (tests/specs/third-party/), in one sitting.
# Per document and generator: whether it generates, the generation time (one fresh
# process each), the lines of Rust written, and whether the crate compiles
# (`cargo check`), with the check time of the crate alone (its dependencies built
# beforehand, so only the crate is timed). Prints a markdown table (docs/other-apis.md
# records one). Figures only: it fails only when it cannot run.
#
# Not run by CI: installing cargo-progenitor builds about 200 crates (about 10 minutes on
# two shared cores; `cargo install cargo-progenitor --version 0.15.1 --locked --root
# /tmp/progenitor`, done here when the binary is missing, the place `cargo xtask bench`
# looks too). Building progenitor's crates' dependencies takes a few minutes more.
#
# Environment: PROGENITOR (the cargo-progenitor binary, default
# /tmp/progenitor/bin/cargo-progenitor), COMPARE_OUT (the work folder, default
# $TMPDIR/progenitor-compare; its target folders are kept between runs), COMPARE_SPECS (the
# folder of documents, default tests/specs/third-party).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
specs="${COMPARE_SPECS:-$root/tests/specs/third-party}"
out="${COMPARE_OUT:-${TMPDIR:-/tmp}/progenitor-compare}"
progenitor="${PROGENITOR:-/tmp/progenitor/bin/cargo-progenitor}"

if [ ! -x "$progenitor" ]; then
    echo "progenitor-compare: $progenitor missing: installing cargo-progenitor 0.15.1 into /tmp/progenitor"
    start=$(date +%s)
    cargo install cargo-progenitor --version 0.15.1 --locked --root /tmp/progenitor
    echo "progenitor-compare: installed in $(($(date +%s) - start)) s"
    progenitor=/tmp/progenitor/bin/cargo-progenitor
fi
# The installed version, where cargo install recorded it beside the binary.
sed -n 's/^"\(cargo-progenitor [^ ]*\) .*/progenitor-compare: \1/p' "$(dirname "$progenitor")/../.crates.toml" 2>/dev/null || true

now() { date +%s.%N; }
since() { awk "BEGIN { printf \"%.2f\", $(now) - $1 }"; }
rust_lines() { find "$1" -name '*.rs' -exec cat {} + 2>/dev/null | wc -l; }
package_of() { sed -n 's/^name = "\(.*\)"$/\1/p' "$1/Cargo.toml" | head -1; }

rm -rf "$out/ours/crates" "$out/progenitor/crates" "$out/logs"
mkdir -p "$out/ours/crates" "$out/progenitor/crates" "$out/logs"
for side in ours progenitor; do
    cat >"$out/$side/Cargo.toml" <<'EOF'
# Written by .ci/progenitor-compare.sh: one workspace, one target.
[workspace]
resolver = "3"
members = ["crates/*"]
EOF
done

cd "$root"
cargo build --quiet --package xtask
xtask="$root/target/debug/xtask"

names=""
for spec in "$specs"/*.json "$specs"/*.yaml "$specs"/*.yml; do
    [ -f "$spec" ] || continue
    name=$(basename "$spec")
    name=${name%.*}
    names="$names $name"

    start=$(now)
    if "$xtask" codegen --spec "$spec" --out "$out/ours/crates/$name" >"$out/logs/$name.ours.log" 2>&1; then
        echo "yes $(since "$start") $(rust_lines "$out/ours/crates/$name")" >"$out/logs/$name.ours.gen"
    else
        echo "no $(since "$start") -" >"$out/logs/$name.ours.gen"
        rm -rf "$out/ours/crates/$name"
    fi

    start=$(now)
    if "$progenitor" progenitor -i "$spec" -o "$out/progenitor/crates/$name" -n "progenitor-$name" \
        -v 0.1.0 >"$out/logs/$name.progenitor.log" 2>&1; then
        echo "yes $(since "$start") $(rust_lines "$out/progenitor/crates/$name")" >"$out/logs/$name.progenitor.gen"
    else
        echo "no $(since "$start") -" >"$out/logs/$name.progenitor.gen"
        rm -rf "$out/progenitor/crates/$name"
    fi
done

# Dependencies first (the crates too, errors ignored), then each crate alone, from clean.
for side in ours progenitor; do
    echo "progenitor-compare: building $side's dependencies"
    start=$(now)
    CARGO_TARGET_DIR="$out/$side/target" cargo check --quiet --manifest-path "$out/$side/Cargo.toml" \
        --workspace --keep-going >/dev/null 2>&1 || true
    echo "progenitor-compare: $side: first check of the whole workspace: $(since "$start") s"
done
for name in $names; do
    for side in ours progenitor; do
        crate="$out/$side/crates/$name"
        result="$out/logs/$name.$side.check"
        if [ ! -d "$crate" ]; then
            echo "- -" >"$result"
            continue
        fi
        package=$(package_of "$crate")
        CARGO_TARGET_DIR="$out/$side/target" cargo clean --quiet --manifest-path "$out/$side/Cargo.toml" \
            --package "$package" >/dev/null 2>&1 || true
        start=$(now)
        if CARGO_TARGET_DIR="$out/$side/target" cargo check --quiet --manifest-path "$out/$side/Cargo.toml" \
            --package "$package" --message-format short >"$out/logs/$name.$side.check.log" 2>&1; then
            echo "yes $(since "$start")" >"$result"
        else
            echo "no $(since "$start")" >"$result"
        fi
    done
done

# Why a generator or a check failed: the first line that says so.
reason() {
    grep -m1 -E 'gen fail|panicked|assertion|^Error|: error|error\[|^error' "$1" 2>/dev/null |
        sed 's/|/\\|/g' | cut -c1-120
}

echo
echo "| document | ours: generates | time (s) | lines | compiles (check s) | progenitor: generates | time (s) | lines | compiles (check s) |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for name in $names; do
    row="| $name"
    for side in ours progenitor; do
        read -r gen took lines <"$out/logs/$name.$side.gen"
        read -r ok check <"$out/logs/$name.$side.check"
        if [ "$gen" = yes ]; then
            gen_cell="yes"
        else
            gen_cell="**no**: $(reason "$out/logs/$name.$side.log")"
        fi
        case "$ok" in
            yes) check_cell="yes ($check)" ;;
            no) check_cell="**no** ($check): $(reason "$out/logs/$name.$side.check.log")" ;;
            *) check_cell="-" ;;
        esac
        row="$row | $gen_cell | $took | $lines | $check_cell"
    done
    echo "$row |"
done
echo
echo "progenitor-compare: logs in $out/logs"
