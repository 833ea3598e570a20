#!/usr/bin/env bash
# Checks the library as a team installs it: packs it, installs the tarball into an empty project (npm brings the
# peer dependencies), compiles scripts/package-check/index.ts against the shipped declarations with the strictest
# consumer settings (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes, noPropertyAccessFromIndexSignature,
# noImplicitOverride, skipLibCheck false), and runs it with plain node: no TypeScript loader.
# Usage: scripts/check-package.sh [tarball] — with a tarball (scripts/check-example.sh passes its own), nothing is packed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

version() { node -p "require('$root/package.json').$1"; }

if [ $# -gt 0 ]; then
  tarball="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
else
  tarball="$work/$(cd "$root" && npm pack --silent --pack-destination "$work" | tail -n 1)"
  echo "packed $(basename "$tarball"): $(tar tzf "$tarball" | wc -l) files"
fi
mkdir "$work/consumer"
cp "$root/scripts/package-check/index.ts" "$root/scripts/package-check/tsconfig.json" "$work/consumer/"
cd "$work/consumer"
echo '{ "name": "package-check", "private": true }' > package.json
npm install --no-audit --no-fund --silent "$tarball" \
  "typescript@$(version "dependencies.typescript")" "@types/node@$(version "devDependencies['@types/node']")"
npx tsc -p .
node out/index.js
echo "package check passed"
