#!/usr/bin/env bash
# Checks the library the way a team uses it (`npm run check:example`):
#  1. packs it once (prepack builds build/);
#  2. copies examples/team-payments, points its dependency at the tarball, installs it from the npm registry, builds it
#     with its own `tsc` (the strictest consumer settings), compiles and runs scripts/package-check (the check of
#     scripts/check-package.sh, on this install: no second pack or install) and, with plain node and no TypeScript
#     loader resolvable:
#     synthesises manifests and Terraform (`npm run synth`, and the cdk8s and cdktf apps one by one), runs the README's
#     composition (`npm run compose`), the package's `platform` bin over the compiled definitions (diff, promote
#     --dry-run), and `cdk8s synth` with the guardrails validation plugin loaded from the installed package;
#  3. checks that every expected output exists, and that TypeScript handed to the bin or the plugin is refused with
#     a message that says what to do.
# Needs the npm registry (the example's dependencies); nothing else from outside.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
example="$root/examples/team-payments"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Resolution must see only what the example installs: nothing from the repository or a global folder.
unset NODE_PATH NODE_OPTIONS

step() { printf '\n== %s (%ss)\n' "$1" "$SECONDS"; }
fail() { echo "check-example: $*" >&2; exit 1; }
expect_file() { [ -s "$1" ] || fail "expected $1 after $2"; }

step "pack"
tarball="$work/$(cd "$root" && npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "packed $(basename "$tarball"): $(tar tzf "$tarball" | wc -l) files"

step "install examples/team-payments against the tarball"
app="$work/team-payments"
mkdir "$app"
(cd "$example" && tar cf - --exclude=node_modules --exclude=build --exclude=dist --exclude=cdktf.out --exclude=composed --exclude=.cdk8s.out --exclude='*.tgz' .) \
  | (cd "$app" && tar xf -)
cd "$app"
npm pkg set "dependencies.@platform/multi-env=file:$tarball"
# No lockfile: the example pins every direct dependency exactly, and a lockfile would pin this run's tarball path.
npm install --no-audit --no-fund --no-package-lock --loglevel=error
for loader in tsx ts-node; do
  if node -e "require.resolve('$loader')" 2>/dev/null; then fail "$loader is resolvable from the example; the check must run without a TypeScript loader"; fi
done
echo "no TypeScript loader resolvable (tsx, ts-node)"

step "build (tsc, strict consumer settings)"
npm run --silent build
expect_file build/definitions/index.js "npm run build"

step "strict consumer (scripts/package-check, on the example's install)"
# The check of scripts/check-package.sh without a second install: the same file and tsconfig, compiled and run in a
# folder of the example, so the package and its peers resolve from the example's node_modules.
mkdir package-check
cp "$root/scripts/package-check/index.ts" "$root/scripts/package-check/tsconfig.json" package-check/
npx --no-install tsc -p package-check
node package-check/out/index.js

step "cdk8s synth with the guardrails plugin from the package"
cdk8s_cli="$root/node_modules/.bin/cdk8s"
if [ -x "$cdk8s_cli" ]; then
  # cdk8s-cli comes from the repository (a dev tool there); it runs the example's compiled app and requires the plugin
  # from the example's node_modules, so nothing of the repository's library is loaded.
  "$cdk8s_cli" synth --no-check-upgrade > "$work/cdk8s.log" 2>&1 || { cat "$work/cdk8s.log"; fail "cdk8s synth failed"; }
  grep -q 'Validation Report (.*node_modules/@platform/multi-env/cdk8s-plugin' "$work/cdk8s.log" \
    || { cat "$work/cdk8s.log"; fail "cdk8s synth ran no guardrails plugin"; }
  grep -Eq 'Status +│ +success' "$work/cdk8s.log" || { cat "$work/cdk8s.log"; fail "the guardrails plugin did not report success"; }
  expect_file dist/staging/Kustomization "cdk8s synth"
  echo "cdk8s synth: $(grep -c '^  - dist/' "$work/cdk8s.log") manifest files, guardrails plugin: success"
else
  echo "skipped: cdk8s-cli is not installed in the repository (npm ci brings it)"
fi

step "synth: manifests and Terraform (plain node)"
npm run --silent synth
for environment in staging production; do
  expect_file "dist/$environment/Kustomization" "npm run synth"
  expect_file "cdktf.out/stacks/$environment/cdk.tf.json" "npm run synth"
done
expect_file dist/clusters/payments/Kustomization "npm run synth"
expect_file cdktf.out/stacks/cluster-payments/cdk.tf.json "npm run synth"
stacks="$(node -p "Object.keys(require('./cdktf.out/manifest.json').stacks).sort().join(' ')")"
[ "$stacks" = "cluster-payments governance-production governance-staging production staging" ] \
  || fail "cdktf.out/manifest.json has stacks '$stacks', expected 'cluster-payments governance-production governance-staging production staging'"

step "the cdk8s and cdktf apps one by one (plain node)"
CDK8S_OUTDIR=apps/manifests npm run --silent synth:k8s
CDKTF_OUTDIR=apps/terraform npm run --silent synth:tf
cmp -s dist/production/Kustomization apps/manifests/production/Kustomization || fail "the cdk8s app and npm run synth disagree on production"
expect_file apps/terraform/stacks/production/cdk.tf.json "npm run synth:tf"

step "compose (the README's example)"
npm run --silent compose
expect_file composed/manifests/payments.k8s.yaml "npm run compose"
expect_file composed/terraform/stacks/payments/cdk.tf.json "npm run compose"

step "the platform bin over the compiled definitions"
npx --no-install platform diff staging production --definitions build/definitions > "$work/diff.txt"
grep -q 'ledger' "$work/diff.txt" || { cat "$work/diff.txt"; fail "platform diff listed no difference of the ledger app"; }
npx --no-install platform promote staging production --definitions build/definitions --source src/definitions --dry-run > "$work/promote.txt"
grep -q '3.7.2' "$work/promote.txt" && grep -q '3.8.0' "$work/promote.txt" \
  || { cat "$work/promote.txt"; fail "platform promote --dry-run did not plan ledger 3.7.2 -> 3.8.0"; }
cat "$work/promote.txt"
npx --no-install platform synth --definitions build/definitions --manifests "$work/bin-dist" --terraform "$work/bin-tf" > "$work/synth.txt"
grep -q '^guardrails passed' "$work/synth.txt" || { cat "$work/synth.txt"; fail "platform synth printed no guardrail summary"; }
diff -r dist/production "$work/bin-dist/production" > /dev/null || fail "platform synth wrote other manifests than npm run synth"
[ -f "$work/bin-tf/stacks/governance-production/cdk.tf.json" ] || fail "platform synth wrote no governance-production stack"
echo "platform synth: the same manifests as npm run synth, and the Terraform stacks"

step "TypeScript handed to plain node is refused with a message that says what to do"
if npx --no-install platform diff staging production --definitions src/definitions > /dev/null 2> "$work/ts.txt"; then fail "platform loaded TypeScript definitions"; fi
grep -q 'is TypeScript, which node cannot load without a loader; compile the definitions (tsc)' "$work/ts.txt" || { cat "$work/ts.txt"; fail "unexpected message"; }
if node -e "new (require('@platform/multi-env/cdk8s-plugin').GuardrailsValidation)({ definition: './src/definitions/index.ts' }).check([])" \
  2> "$work/plugin.txt"; then fail "the plugin loaded a TypeScript definition"; fi
grep -q 'src/definitions/index.ts: is TypeScript, which node cannot load without a loader' "$work/plugin.txt" || { cat "$work/plugin.txt"; fail "unexpected message"; }
echo "refused, with the fix named: platform --definitions src/definitions, plugin definition ./src/definitions/index.ts"

step "done"
echo "example check passed in ${SECONDS}s"
