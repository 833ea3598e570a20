#!/usr/bin/env bash
# What a newcomer does, then the whole test suite: copies the repository, adds an environment and an app with the
# scaffolding (`platform new environment perf --from qa`, `platform new app search …`, as the README's "Adding an
# environment or an app" shows), type-checks the copy and runs every jest test in it. The suite must stay green: library
# tests read their own fixtures, and the reference platform's contract tests derive what they expect from environments/.
# Ends with `jest: N passed, N failed` (from jest's JSON results) and the time the whole run took.
#
#   bash scripts/check-newcomer.sh                 # the whole suite
#   bash scripts/check-newcomer.sh test/stacks     # arguments go to jest
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CHECKPOINT_DISABLE=1 DISABLE_VERSION_CHECK=1

run() {
  local copy="$work/repo"
  mkdir "$copy"
  # The repository as committed and edited, without installed or generated files.
  tar -C "$root" --exclude=./node_modules --exclude=./dist --exclude=./cdktf.out --exclude=./build --exclude=./.cdk8s.out \
    --exclude=./.git --exclude='./.synth-staging-*' --exclude=./.terraform-state -cf - . | tar -C "$copy" -xf -
  ln -s "$(realpath "$root/node_modules")" "$copy/node_modules"
  cd "$copy"

  npm run -s platform -- new environment perf --from qa
  npm run -s platform -- new app search --image registry.example.com/shop/search --version 1.0.0
  npx tsc --noEmit -p .

  local results="$work/jest.json" rc=0
  npx jest --silent --json --outputFile="$results" "$@" || rc=$?
  node -e '
    const fs = require("fs");
    const file = process.argv[1];
    if (!fs.existsSync(file)) { console.log("jest: 0 passed, 0 failed"); process.exit(0); }
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed`);
  ' "$results"
  return "$rc"
}

time run "$@"
