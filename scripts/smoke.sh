#!/usr/bin/env bash
# Smoke test of a deployed environment: read-only checks of the running platform, plus a short-lived test
# Deployment and PVC in a namespace of their own and a test ExternalSecret in a namespace its ClusterSecretStore admits
# (all deleted on exit). Every failed check is named;
# an empty answer is a failure, never a pass. Run it after every first deployment and every upgrade.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: scripts/smoke.sh [options] <env>

Checks <env>'s cluster: nodes Ready; EKS add-ons ACTIVE at the pinned versions; Karpenter launches a node for a
pending pod and removes it again; the ClusterSecretStore is Ready and a test ExternalSecret syncs in a namespace the
store admits; the edge's ALB (of the alb Ingress, or of the Gateway) answers (HTTP 200 or a redirect); Argo CD
applications Synced and Healthy; a gp3 PVC binds; kubectl top nodes works.
Exit 1 naming every failed check.

options:
  --skip-synth        use the existing cdktf.out instead of running npx cdktf synth
  --timeout SECONDS   how long to wait for a node, a sync, a bind or a node removal (default 600)
  --secret NAME       Secrets Manager secret the test ExternalSecret reads (default: the environment's first
                      secret container under the store's prefix, e.g. dev/...; it must hold a value)
  -h, --help          this text

environment: CDKTF_OUT (default cdktf.out), SMOKE_POLL_SECONDS (default 10)
USAGE
}

die_usage() {
  echo "smoke.sh: $*" >&2
  usage >&2
  exit 2
}

own_option() {
  case "$1" in
    --secret)
      [ $# -ge 2 ] || die_usage "--secret needs a secret name"
      secret=$2
      taken=2
      ;;
    *) return 1 ;;
  esac
}

timeout=600
secret=""
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/env-args.sh
source scripts/lib/env-args.sh
parse_env_args "$@"

export CDKTF_OUT=${CDKTF_OUT:-cdktf.out}
export CHECKPOINT_DISABLE=1
poll_seconds=${SMOKE_POLL_SECONDS:-10}

if [ "$skip_synth" = false ]; then
  echo "==> synth"
  npx cdktf synth
fi
# cluster, region and pinned add-on versions from the synthesized <env>-eks stack, the secret store and the edge from
# the <env>-addons stack's charts: no configuration is repeated here
facts=$(node --disable-warning=DEP0044 scripts/launch.mjs scripts/smoke-facts.ts --lines "$env") || exit 1
declare -A fact=()
addons=""
while IFS=$'\t' read -r key value; do
  [ -n "$key" ] || continue
  if [ "$key" = addon ]; then addons+="$value"$'\n'; else fact[$key]=$value; fi
done <<<"$facts"
cluster=${fact[cluster]}
region=${fact[region]}
[ -n "$secret" ] || secret=${fact[testSecret]}

failed=()
passed=0
pass() { echo "  ok    $1"; passed=$((passed + 1)); }
fail() { echo "  FAIL  $1: $2"; failed+=("$1"); }
# <check> <listing> <bad entries> <what is listed> <what bad means>: an empty listing fails, never passes
listing_check() {
  if [ -z "${2//[[:space:]]/}" ]; then
    fail "$1" "no $4 listed"
  elif [ -n "$3" ]; then
    fail "$1" "$5: $3"
  else
    pass "$1"
  fi
}

# Runs "$@" until it succeeds, at most $timeout seconds; its last output is in $answer.
answer=""
poll() {
  local deadline=$((SECONDS + timeout))
  while :; do
    if answer=$("$@" 2>/dev/null); then return 0; fi
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep "$poll_seconds"
  done
}

KUBECONFIG=$(mktemp)
export KUBECONFIG
ns="smoke-$(date +%s)"
ns_created=false
secret_ns=${fact[secretNamespace]}
es_created=false
cleanup() {
  if [ "$es_created" = true ] &&
    ! kubectl delete externalsecret "$ns" -n "$secret_ns" --ignore-not-found --wait=true --timeout=2m \
      >/dev/null 2>&1; then
    echo "smoke.sh: could not delete the test ExternalSecret: kubectl delete externalsecret $ns -n $secret_ns" >&2
  fi
  if [ "$ns_created" = true ] &&
    ! kubectl delete namespace "$ns" --ignore-not-found --wait=true --timeout=5m >/dev/null 2>&1; then
    echo "smoke.sh: could not delete the test namespace $ns: kubectl delete namespace $ns" >&2
  fi
  rm -f "$KUBECONFIG"
}
trap cleanup EXIT

echo "==> smoke test of $env (cluster $cluster, $region)"
if ! aws eks update-kubeconfig --name "$cluster" --region "$region" --kubeconfig "$KUBECONFIG" >/dev/null; then
  echo "smoke.sh: cannot reach cluster $cluster in $region (aws eks update-kubeconfig failed)" >&2
  exit 1
fi

# 1. every node Ready
ready_path='{.status.conditions[?(@.type=="Ready")].status}'
nodes=$(kubectl get nodes -o jsonpath="{range .items[*]}{.metadata.name}{\" \"}$ready_path{\"\\n\"}{end}") || nodes=""
not_ready=$(awk 'NF && $2 != "True" {print $1}' <<<"$nodes" | tr '\n' ' ')
listing_check nodes-ready "$nodes" "$not_ready" nodes "not Ready"

# 2. each pinned EKS add-on ACTIVE at its pinned version
while read -r name version; do
  [ -n "$name" ] || continue
  got=$(aws eks describe-addon --cluster-name "$cluster" --addon-name "$name" --region "$region" \
    --query '[addon.status, addon.addonVersion]' --output text) || got=""
  read -r status live <<<"$got" || true
  if [ "${status:-}" = ACTIVE ] && [ "${live:-}" = "$version" ]; then
    pass "addon-$name"
  else
    fail "addon-$name" "expected ACTIVE $version, got '${got//$'\n'/ }'"
  fi
done <<<"$addons"

# 3. Karpenter launches a node for a pending pod, 4. a gp3 PVC binds (the same pod consumes it): the pod may not run
# on any node that exists now, so only a new Karpenter node can take it
existing=$(kubectl get nodes -o jsonpath='{.items[*].metadata.name}') || existing=""
storage_class=${fact[storageClass]}
node_pool=${fact[nodePool]}
values=""
read -ra existing_nodes <<<"$existing"
for n in "${existing_nodes[@]}"; do values+="\"$n\","; done
if [ -z "$values" ]; then
  fail karpenter-launch "could not list the nodes that exist now"
elif ! kubectl create namespace "$ns" >/dev/null; then
  fail karpenter-launch "could not create namespace $ns"
else
  ns_created=true
  kubectl apply -n "$ns" -f - >/dev/null <<YAML || fail karpenter-launch "could not create the test Deployment"
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: smoke-gp3}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: $storage_class
  resources: {requests: {storage: 1Gi}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: smoke}
spec:
  replicas: 1
  selector: {matchLabels: {app: smoke}}
  template:
    metadata: {labels: {app: smoke}}
    spec:
      nodeSelector: {karpenter.sh/nodepool: $node_pool}
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions: [{key: kubernetes.io/hostname, operator: NotIn, values: [${values%,}]}]
      terminationGracePeriodSeconds: 0
      containers:
        - name: pause
          image: registry.k8s.io/pause:3.10
          resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 64Mi}}
          volumeMounts: [{name: data, mountPath: /data}]
      volumes: [{name: data, persistentVolumeClaim: {claimName: smoke-gp3}}]
YAML
fi
pod_on_new_node() {
  local out node phase
  out=$(kubectl get pods -n "$ns" -l app=smoke \
    -o jsonpath='{.items[0].spec.nodeName}{" "}{.items[0].status.phase}') || return 1
  read -r node phase <<<"$out" || true
  if [ -z "${node:-}" ] || [ "${phase:-}" != Running ]; then return 1; fi
  case " $existing " in *" $node "*) return 1 ;; esac
  echo "$node"
}
new_node=""
if [[ " ${failed[*]} " != *" karpenter-launch "* ]]; then
  if poll pod_on_new_node; then
    new_node=$answer
    pass "karpenter-launch ($new_node)"
  else
    fail karpenter-launch "no new node ran the test pod within ${timeout}s"
  fi
fi
pvc=$(kubectl get pvc smoke-gp3 -n "$ns" -o jsonpath='{.status.phase}' 2>/dev/null) || pvc=""
if [ "$pvc" = Bound ]; then pass gp3-pvc; else fail gp3-pvc "PVC smoke-gp3 ($storage_class) is '${pvc}', not Bound"; fi

# 5. Karpenter removes the node again once the pod is gone (consolidation)
node_gone() { [ -z "$(kubectl get node "$new_node" -o name --ignore-not-found)" ]; }
if [ -n "$new_node" ]; then
  kubectl delete deployment smoke -n "$ns" --wait=true --timeout=5m >/dev/null 2>&1 || true
  if poll node_gone; then
    pass karpenter-remove
  else
    fail karpenter-remove "node $new_node still there after ${timeout}s"
  fi
else
  fail karpenter-remove "no test node was launched"
fi

# 6. the ClusterSecretStore is Ready and a test ExternalSecret syncs. It lives in a namespace the store's
# spec.conditions admit (the store's prefix namespace, e.g. dev; External Secrets refuses the store to any other),
# under a name of its own (its target Secret is owned by it, so both go on exit)
store=${fact[clusterSecretStore]}
ready=$(kubectl get clustersecretstore "$store" -o jsonpath="$ready_path") || ready=""
if [ "$ready" = True ]; then pass secret-store; else fail secret-store "ClusterSecretStore $store Ready is '$ready'"; fi
synced() { [ "$(kubectl get externalsecret "$ns" -n "$secret_ns" -o jsonpath="$ready_path")" = True ]; }
if [ -z "$secret" ]; then
  fail external-secret "no secret container under $secret_ns/ to read: pass --secret NAME"
else
  es_created=true
  if ! kubectl apply -n "$secret_ns" -f - >/dev/null 2>&1 <<YAML; then
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: $ns}
spec:
  refreshInterval: 1h
  secretStoreRef: {kind: ClusterSecretStore, name: $store}
  target: {name: $ns}
  data: [{secretKey: value, remoteRef: {key: $secret}}]
YAML
    fail external-secret "could not create the test ExternalSecret $ns in namespace $secret_ns"
  elif poll synced; then
    pass external-secret
  else
    fail external-secret "ExternalSecret $secret_ns/$ns of $secret (store $store) not Ready within ${timeout}s"
  fi
fi

# 7. the edge: the ALB of the alb Ingress (ingress-nginx) and of the Gateway (Gateway API), whichever the addons
# stack installs (both while an environment moves over), answers 200 or a redirect
edge_failures=()
edge_answers=()
joined() { local out; out=$(printf '%s; ' "$@"); echo "${out%; }"; }
check_alb() { # <what> <host>
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 15 "http://$2/") || code=${code:-}
  [ -n "$code" ] || code="no answer"
  case "$code" in
    200 | 301 | 302 | 307 | 308) edge_answers+=("HTTP $code from $2") ;;
    *) edge_failures+=("http://$2/ answered '$code', expected 200 or a redirect ($1)") ;;
  esac
}
if [ -n "${fact[edgeIngress]}" ]; then
  ingress=${fact[edgeIngress]}
  host=$(kubectl get ingress "${ingress#*/}" -n "${ingress%%/*}" \
    -o jsonpath='{.status.loadBalancer.ingress[0].hostname}') || host=""
  if [ -z "$host" ]; then
    edge_failures+=("no ALB hostname on the Ingress $ingress (class alb)")
  else
    check_alb "Ingress $ingress" "$host"
  fi
fi
if [ -n "${fact[edgeGateway]}" ]; then
  gateway=${fact[edgeGateway]}
  # the full resource name: another API (Istio's networking.istio.io) may also serve a kind Gateway
  host=$(kubectl get gateways.gateway.networking.k8s.io "${gateway#*/}" -n "${gateway%%/*}" \
    -o jsonpath='{.status.addresses[0].value}') || host=""
  if [ -z "$host" ]; then
    edge_failures+=("no ALB address on the Gateway $gateway")
  else
    check_alb "Gateway $gateway" "$host"
  fi
fi
if [ ${#edge_failures[@]} -gt 0 ]; then
  fail edge "$(joined "${edge_failures[@]}")"
elif [ ${#edge_answers[@]} -eq 0 ]; then
  fail edge "no edge object (alb Ingress or Gateway) in the synthesized addons stack"
else
  pass "edge ($(joined "${edge_answers[@]}"))"
fi

# 8. Argo CD applications Synced and Healthy
apps=$(kubectl get applications.argoproj.io -n "${fact[argocdNamespace]}" \
  -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.status.sync.status}{" "}{.status.health.status}{"\n"}{end}') ||
  apps=""
bad_apps=$(awk 'NF && !($2 == "Synced" && $3 == "Healthy") {print $1 "=" $2 "/" $3}' <<<"$apps" | tr '\n' ' ')
listing_check argocd-apps "$apps" "$bad_apps" "Argo CD applications" "not Synced/Healthy"

# 9. metrics-server answers
top=$(kubectl top nodes --no-headers) || top=""
if [ -n "${top//[[:space:]]/}" ]; then pass metrics; else fail metrics "kubectl top nodes gave no answer"; fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "smoke.sh: FAILED ${#failed[@]} check(s): ${failed[*]}" >&2
  exit 1
fi
echo "==> $env: all $passed checks passed"
