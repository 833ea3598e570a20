#!/usr/bin/env bash
# End-to-end check of the deploy path on a disposable kind cluster (docs/deploy.md, "Verify on a real cluster"):
#   1. bootstrap the cluster stack (TF_VAR_bootstrap_cluster=true), its state in a Secret on the cluster;
#   2. deploy governance-dev with the cluster's admin context (the platform's identity), then check what dev's deployer
#      may and may not do (kubectl auth can-i);
#   3. deploy dev as its deployer (a token of the deployer ServiceAccount); 4. deploy dev again with web's version
#      changed; 5. kubectl scale and rollout undo in between; 6. deploy dev again: the declared spec wins
#      (force_conflicts), nothing is re-created, every step succeeds;
#   7. worker moves from fixed replicas to an autoscaler and keeps its count (the hand-over step);
#   8. a fresh working copy (a new "runner") plans no change: the state outlived the runner;
#   9. the store's claim template changes: the deploy stops before the StatefulSet, with the procedure.
# Needs docker, kind, kubectl, terraform (>= 1.10) and the provider registry. Where any is missing, or no container
# engine runs, it prints SKIPPED and exits 77: a skip is never a pass (CI must treat 77 as "not run").
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
cluster="platform-deploy-e2e"
SKIP=77

for tool in docker kind kubectl terraform; do
  command -v "$tool" >/dev/null 2>&1 || { echo "e2e-deploy SKIPPED (not a pass): '$tool' is not installed"; exit $SKIP; }
done
docker info >/dev/null 2>&1 || { echo "e2e-deploy SKIPPED (not a pass): no container engine is running"; exit $SKIP; }

work="$(mktemp -d)"
trap 'kind delete cluster --name "$cluster" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
step() { echo "== $*"; }
AUTOSCALED_WORKER="worker: { version: '2.3.0', replicas: null, autoscaling: { minReplicas: 1, maxReplicas: 3 } }"

# The reference nonprod cluster is reached through context "nonprod" in ~/.kube/config (its definition): give the
# kind cluster that name in a private HOME, so the provider, the state backend and kubectl all reach it unchanged.
export HOME="$work/home"
mkdir -p "$HOME/.kube"
kind create cluster --name "$cluster" --kubeconfig "$HOME/.kube/config" --wait 180s
kubectl config rename-context "kind-$cluster" nonprod
export TF_VAR_kube_context=nonprod TF_VAR_kube_config_path="$HOME/.kube/config"

# Prerequisites a platform team provides once per cluster: the state namespace, the node pool label the environment
# pins its pods to, and the Secrets the apps reference by name (from an external store in real life).
kubectl create namespace terraform-state
kubectl label node --all platform.example.com/pool=dev --overwrite >/dev/null

# Stand-in images: the reference images (registry.example.com/shop/*) do not exist; a stand-in under their names is
# loaded into the node (E2E_STANDIN_IMAGE must serve the apps' ports and probes for rollouts to complete).
standin="${E2E_STANDIN_IMAGE:-nginxinc/nginx-unprivileged:1.27}"
docker pull -q "$standin" >/dev/null
for image in web:1.5.0 web:1.5.1 api:2.3.0 worker:2.3.0 store:7.2.5; do
  docker tag "$standin" "registry.example.com/shop/$image"
  kind load docker-image --name "$cluster" "registry.example.com/shop/$image" >/dev/null
done

# A working copy per "runner", so that nothing survives between runs but what the state backend keeps.
runner() { # name → a fresh copy of the project, without outputs or state
  local dir="$work/$1"
  mkdir -p "$dir"
  (cd "$root" && tar --exclude=./node_modules --exclude=./cdktf.out --exclude=./dist --exclude=./.terraform-state --exclude=./.git -cf - .) \
    | tar -C "$dir" -xf -
  ln -s "$root/node_modules" "$dir/node_modules"
  echo "$dir"
}

first="$(runner run-1)"
cd "$first"
step "bootstrap cluster-nonprod (named step)"
TF_VAR_bootstrap_cluster=true npx cdktf deploy cluster-nonprod --auto-approve
step "the guard now refuses nothing: cluster-nonprod deploys again without bootstrap"
npx cdktf deploy cluster-nonprod --auto-approve
step "deploy governance-dev with the platform's identity: namespace, quota, limits, policies, RBAC, the deployer"
npx cdktf deploy governance-dev --ignore-missing-stack-dependencies --auto-approve
# The Secrets the apps reference come from the platform (an external store in real life): the deployer cannot write them.
for s in store-credentials payments-api; do kubectl -n dev create secret generic "$s" --from-literal=password=e2e >/dev/null; done
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=e2e -keyout "$work/tls.key" -out "$work/tls.crt" >/dev/null 2>&1
kubectl -n dev create secret tls web-tls --cert="$work/tls.crt" --key="$work/tls.key" >/dev/null

step "dev's deployer: a context with a token of its ServiceAccount, and what it may do"
kubectl config set-credentials dev-deployer --token="$(kubectl -n dev create token deployer --duration=2h)" >/dev/null
kubectl config set-context dev-deployer --cluster="kind-$cluster" --user=dev-deployer --namespace=dev >/dev/null
as_deployer=(--context dev-deployer)
may() { test "$(kubectl "${as_deployer[@]}" auth can-i "$@")" = yes || { echo "the deployer should be allowed: $*"; exit 1; }; }
may_not() { test "$(kubectl "${as_deployer[@]}" auth can-i "$@" || true)" = no || { echo "the deployer must not be allowed: $*"; exit 1; }; }
may patch deployments -n dev
may list customresourcedefinitions.apiextensions.k8s.io
may get configmaps/platform-identity -n kube-system
may create secrets -n terraform-state-dev
may_not patch namespaces/dev
may_not create networkpolicies -n dev
may_not patch resourcequotas -n dev
may_not create rolebindings -n dev
may_not get secrets -n dev
may_not create pods/exec -n dev
may_not get secrets -n terraform-state
# The deployer's stack: provider and rollout checks through TF_VAR_kube_context, the state backend through TF_CLI_ARGS_init.
deployer_env=(TF_VAR_kube_context=dev-deployer TF_CLI_ARGS_init=-backend-config=config_context=dev-deployer)

step "deploy dev as its deployer (first run)"
env "${deployer_env[@]}" npx cdktf deploy dev --ignore-missing-stack-dependencies --auto-approve

second="$(runner run-2)"
cd "$second"
step "deploy dev again from a fresh runner, with web's version changed (1.5.0 -> 1.5.1)"
sed -i "s/web: { version: '1.5.0' }/web: { version: '1.5.1' }/" environments/dev.ts
env "${deployer_env[@]}" npx cdktf deploy dev --ignore-missing-stack-dependencies --auto-approve
kubectl -n dev get deployment web -o jsonpath='{.spec.template.spec.containers[0].image}' | grep -q ':1.5.1$'

step "hands on the cluster: kubectl scale and rollout undo"
kubectl -n dev scale deployment worker --replicas=3
kubectl -n dev rollout undo deployment web
kubectl -n dev rollout status deployment web --timeout=180s

step "deploy dev again as its deployer: the declared spec wins, no field-manager conflict"
env "${deployer_env[@]}" npx cdktf deploy dev --ignore-missing-stack-dependencies --auto-approve
kubectl -n dev get deployment web -o jsonpath='{.spec.template.spec.containers[0].image}' | grep -q ':1.5.1$'
test "$(kubectl -n dev get deployment worker -o jsonpath='{.spec.replicas}')" = "1"

step "worker from fixed replicas to an autoscaler: the deploy hands the count over (docs/deploy.md, 9)"
sed -i "s/worker: { version: '2.3.0' }/worker: { version: '2.3.0', replicas: 2 }/" environments/dev.ts
env "${deployer_env[@]}" npx cdktf deploy dev --ignore-missing-stack-dependencies --auto-approve
test "$(kubectl -n dev get deployment worker -o jsonpath='{.spec.replicas}')" = "2"
sed -i "s/worker: { version: '2.3.0', replicas: 2 }/$AUTOSCALED_WORKER/" environments/dev.ts
env "${deployer_env[@]}" npx cdktf deploy dev --ignore-missing-stack-dependencies --auto-approve
# Without the hand-over the Deployment would be at 1 now; no metrics server runs, so the autoscaler keeps 2 (within 1..3).
test "$(kubectl -n dev get deployment worker -o jsonpath='{.spec.replicas}')" = "2"
kubectl -n dev get deployment worker -o yaml --show-managed-fields | grep -q 'manager: handover-to-hpa'

third="$(runner run-3)"
cd "$third"
sed -i "s/web: { version: '1.5.0' }/web: { version: '1.5.1' }/" environments/dev.ts
sed -i "s/worker: { version: '2.3.0' }/$AUTOSCALED_WORKER/" environments/dev.ts
step "a fresh runner plans no change: state outlived the runners"
npx cdktf synth >/dev/null
(cd cdktf.out/stacks/governance-dev && terraform init -input=false >/dev/null && terraform plan -input=false -detailed-exitcode >/dev/null)
(cd cdktf.out/stacks/dev && terraform init -input=false -backend-config=config_context=dev-deployer >/dev/null \
  && TF_VAR_kube_context=dev-deployer terraform plan -input=false -detailed-exitcode >/dev/null)

step "the store's volume grows: the deploy stops before the StatefulSet, with the procedure (docs/deploy.md, 9)"
sed -i "s/store: { version: '7.2.5' }/store: { version: '7.2.5', storage: { size: '20Gi' } }/" environments/dev.ts
npx cdktf synth >/dev/null
if (cd cdktf.out/stacks/dev && TF_VAR_kube_context=dev-deployer terraform apply -input=false -auto-approve >"$work/claims.log" 2>&1); then
  echo "the deploy accepted a changed claim template"; exit 1
fi
grep -q 'updates to statefulset spec for fields other than' "$work/claims.log"
grep -q 'delete statefulset store --cascade=orphan' "$work/claims.log"
test "$(kubectl -n dev get statefulset store -o jsonpath='{.spec.volumeClaimTemplates[0].spec.resources.requests.storage}')" = "10Gi"
echo "e2e-deploy passed"
