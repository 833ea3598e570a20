#!/usr/bin/env bash
# End-to-end check on a disposable kind cluster: apply the nonprod cluster and two environments, then probe that
# isolation holds (dev reaches DNS and itself, never qa). Needs docker, kind (>= 0.24, whose kindnet enforces
# NetworkPolicy) and kubectl. Where any is missing it says so and exits 0: nothing here can be checked offline.
#
#   npm run synth && bash scripts/e2e-kind.sh            # kubectl apply of dist/
#   E2E_TERRAFORM=1 bash scripts/e2e-kind.sh             # cdktf deploy cluster-nonprod dev qa instead (needs terraform
#                                                        # and network access to the provider registry)
set -euo pipefail
cd "$(dirname "$0")/.."
cluster="platform-e2e"

for tool in docker kind kubectl; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "e2e skipped: '$tool' is not installed (needs docker, kind >= 0.24 and kubectl)"; exit 0
  fi
done
if ! docker info >/dev/null 2>&1; then
  echo "e2e skipped: no container engine is running (docker info failed)"; exit 0
fi
[ -d dist/dev ] || { echo "run 'npm run synth' first"; exit 1; }

kind create cluster --name "$cluster" --wait 120s
trap 'kind delete cluster --name "$cluster"' EXIT
ctx="kind-$cluster"
# The probe pods and the test server are created here with kubectl, not rendered by the platform, so they carry no
# node-pool selector and run on kind's single node; what is under test is the namespaces' isolation.

if [ "${E2E_TERRAFORM:-}" = "1" ]; then
  # The full stacks, apps included: their images must be pullable from the cluster, or the rollout waits time out.
  TF_VAR_kube_context="$ctx" npx cdktf deploy cluster-nonprod dev qa --auto-approve
else
  # Only the in-cluster objects of the cluster, and each environment's namespace with its isolation and RBAC: the
  # reference apps' images are not pullable here, and what is under test is the isolation between environments.
  kubectl --context "$ctx" apply -f dist/clusters/nonprod/cluster.k8s.yaml
  kubectl --context "$ctx" apply -f dist/dev/environment.k8s.yaml -f dist/qa/environment.k8s.yaml
fi

# A test server in qa, and an allow inside qa for pods labelled e2e-probe: the only path the test opens. The same
# label in dev opens nothing, because dev's policies never name qa.
kubectl --context "$ctx" -n qa create deployment e2e-echo --image=nginxinc/nginx-unprivileged:1.27 --port=8080
kubectl --context "$ctx" -n qa expose deployment e2e-echo --port=8080
kubectl --context "$ctx" -n qa apply -f - <<'POLICY'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: e2e-probe-to-echo }
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  ingress: [{ from: [{ podSelector: { matchLabels: { e2e: probe } } }], ports: [{ port: 8080 }] }]
  egress: [{ to: [{ podSelector: { matchLabels: { app: e2e-echo } } }], ports: [{ port: 8080 }] }]
POLICY
kubectl --context "$ctx" -n qa rollout status deployment e2e-echo --timeout=120s

probe() { # namespace, target, expectation (reach|blocked)
  local ns=$1 target=$2 want=$3
  kubectl --context "$ctx" -n "$ns" run "probe-$RANDOM" --rm -i --restart=Never --quiet --image=busybox:1.36 --labels=e2e=probe \
    --overrides='{"spec":{"securityContext":{"runAsNonRoot":true,"runAsUser":65534,"seccompProfile":{"type":"RuntimeDefault"}},"containers":[{"name":"p","image":"busybox:1.36","command":["sh","-c","wget -q -T 3 -O- '"$target"' >/dev/null && echo reach || echo blocked"],"securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}}]}}' \
    | grep -qx "$want" && echo "ok: $ns -> $target is $want" || { echo "FAIL: $ns -> $target is not $want"; exit 1; }
}
probe qa http://e2e-echo.qa.svc.cluster.local:8080 reach
probe dev http://e2e-echo.qa.svc.cluster.local:8080 blocked
echo "e2e passed"
