#!/usr/bin/env bash
# Checks the library as a team installs it: packs it, installs the tarball into an empty project (npm brings the
# peer dependencies), compiles scripts/package-check/index.ts against the shipped declarations with the strictest
# consumer settings (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes, noPropertyAccessFromIndexSignature,
# noImplicitOverride, skipLibCheck false), and runs it with plain node: no TypeScript loader.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

version() { node -p "require('$root/package.json').$1"; }

tarball="$(cd "$root" && npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "packed $tarball: $(tar tzf "$work/$tarball" | wc -l) files"
mkdir "$work/consumer"
cp "$root/scripts/package-check/index.ts" "$root/scripts/package-check/tsconfig.json" "$work/consumer/"
cd "$work/consumer"
echo '{ "name": "package-check", "private": true }' > package.json
npm install --no-audit --no-fund --silent "$work/$tarball" \
  "typescript@$(version "dependencies.typescript")" "@types/node@$(version "devDependencies['@types/node']")"
npx tsc -p .
node out/index.js
echo "package check passed"
