#!/bin/sh
# CI step (issue 16): when the commit under test changes a description in specs/, print
# what changed in the generated API (`cargo xtask diff`, markdown) against the same file at
# a base revision, and fail on a breaking change unless the commit message acknowledges
# it with the line
#
#     Breaking-Graph-Change: acknowledged
#
# Environment: SPEC_DIFF_BASE, the base revision (default HEAD~1, the previous commit).
# Nothing to do (exit 0) when no spec changed or there is no base revision.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
base="${SPEC_DIFF_BASE:-HEAD~1}"
if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
    echo "spec-diff: no base revision $base (a shallow or one-commit clone): nothing to compare"
    exit 0
fi
changed=$(git diff --name-only "$base" HEAD -- specs | grep -E '\.(ya?ml|json)$' | grep -v '^specs/permissions\.yaml$' || true)
if [ -z "$changed" ]; then
    echo "spec-diff: no description under specs/ changed since $base"
    exit 0
fi
cargo build --quiet --package xtask
acknowledged=no
if git log -1 --format=%B HEAD | grep -q '^Breaking-Graph-Change: acknowledged$'; then
    acknowledged=yes
fi
status=0
for file in $changed; do
    if ! git cat-file -e "$base:$file" 2>/dev/null; then
        echo "spec-diff: $file is new since $base: every operation in it is added"
        continue
    fi
    if [ ! -f "$file" ]; then
        echo "spec-diff: $file was removed since $base: every operation in it is removed (breaking)"
        [ "$acknowledged" = yes ] || status=1
        continue
    fi
    echo "spec-diff: $file against $base"
    set +e
    "$root/target/debug/xtask" diff --from "git:$base:$file" --to "$file" --deny-breaking
    code=$?
    set -e
    case $code in
        0) ;;
        2)
            if [ "$acknowledged" = yes ]; then
                echo "spec-diff: breaking changes in $file, acknowledged by the commit message"
            else
                echo "spec-diff: breaking changes in $file; add the line 'Breaking-Graph-Change: acknowledged' to the commit message to accept them" >&2
                status=1
            fi
            ;;
        *) status=1 ;;
    esac
done
exit $status
