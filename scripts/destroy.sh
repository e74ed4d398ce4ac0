#!/usr/bin/env bash
# Destroys one environment so that nothing is left behind in the account:
#   1. Argo CD applications, then every ALB Ingress and LoadBalancer Service (their load balancers are made by the
#      AWS Load Balancer Controller, not by Terraform), waiting until AWS shows no load balancer of the cluster;
#   2. the Karpenter NodePools, waiting until their nodes (NodeClaims) are gone (Karpenter's instances are not in
#      Terraform state either, and their network interfaces would keep the VPC from being deleted);
#   3. terraform destroy of <env>-addons, <env>-eks, <env>-vpc, in that order.
# state-backend and shared are never touched unless a flag names them.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: scripts/destroy.sh [options] <env>

Destroys <env>-addons, <env>-eks and <env>-vpc after removing what the controllers made in AWS.

options:
  --yes                     do not ask for confirmation (CI)
  --skip-synth              use the existing cdktf.out instead of running npx cdktf synth
  --skip-cluster-cleanup    skip step 1-2 (the cluster is already gone); load balancers or nodes left by the
                            controllers must then be removed by hand
  --timeout SECONDS         how long to wait for load balancers and nodes to go (default 900)
  --include-shared          afterwards also destroy the shared stack (ECR, secrets, CI roles: every environment's;
                            its ECR repositories and KMS keys carry prevent_destroy, so Terraform refuses until
                            that is removed from the code)
  --include-state-backend   afterwards also destroy state-backend (every stack's state; its prevent_destroy
                            makes Terraform refuse until that is removed from the code)
  -h, --help                this text

environment: CDKTF_OUT (default cdktf.out)
USAGE
}

die_usage() {
  echo "destroy.sh: $*" >&2
  usage >&2
  exit 2
}

yes=false
skip_synth=false
cleanup=true
timeout=900
include_shared=false
include_state_backend=false
env=""
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --yes) yes=true ;;
    --skip-synth) skip_synth=true ;;
    --skip-cluster-cleanup) cleanup=false ;;
    --timeout)
      if [ $# -lt 2 ] || ! [[ $2 =~ ^[0-9]+$ ]]; then die_usage "--timeout needs a number of seconds"; fi
      timeout=$2
      shift
      ;;
    --include-shared) include_shared=true ;;
    --include-state-backend) include_state_backend=true ;;
    -*) die_usage "unknown option $1" ;;
    *)
      [ -z "$env" ] || die_usage "one environment at a time (got '$env' and '$1')"
      env=$1
      ;;
  esac
  shift
done
[ -n "$env" ] || die_usage "no environment given"

cd "$(dirname "$0")/.."
out=${CDKTF_OUT:-cdktf.out}
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1

mapfile -t order < <(node --import tsx scripts/plan-review.ts --list-stacks)
case " ${order[*]} " in
  *" $env-vpc "*) ;;
  *) die_usage "unknown environment '$env' (stacks: ${order[*]})" ;;
esac

stacks=("$env-addons" "$env-eks" "$env-vpc")
[ "$include_shared" = false ] || stacks+=(shared)
[ "$include_state_backend" = false ] || stacks+=(state-backend)

if [ "$yes" = false ]; then
  [ -t 0 ] || die_usage "not a terminal: pass --yes to destroy without confirmation"
  echo "This destroys: ${stacks[*]}"
  read -r -p "Type the environment name ($env) to go on: " answer
  [ "$answer" = "$env" ] || { echo "destroy.sh: not confirmed, nothing done" >&2; exit 1; }
fi

if [ "$skip_synth" = false ]; then
  echo "==> synth"
  npx cdktf synth
fi
for stack in "${stacks[@]}"; do
  [ -d "$out/stacks/$stack" ] || { echo "destroy.sh: no synthesized stack at $out/stacks/$stack" >&2; exit 1; }
done

# Polls "$@" until it prints nothing, or fails after $timeout seconds naming $what.
wait_until_empty() {
  local what=$1
  shift
  local deadline=$((SECONDS + timeout)) left
  while :; do
    left=$("$@")
    [ -n "$left" ] || return 0
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "destroy.sh: still present after ${timeout}s: $what: $left" >&2
      return 1
    fi
    echo "    waiting for $what: $(echo "$left" | wc -w) left"
    sleep 15
  done
}

# Load balancers the AWS Load Balancer Controller tagged with this cluster's name.
cluster_load_balancers() {
  local listed arns i
  listed=$(aws elbv2 describe-load-balancers --region "$region" --query 'LoadBalancers[].LoadBalancerArn' --output text)
  read -ra arns <<<"${listed/None/}"
  # describe-tags takes at most 20 ARNs per call
  for ((i = 0; i < ${#arns[@]}; i += 20)); do
    aws elbv2 describe-tags --region "$region" --output text --resource-arns "${arns[@]:i:20}" \
      --query "TagDescriptions[?Tags[?Key=='elbv2.k8s.aws/cluster' && Value=='$cluster']].ResourceArn"
  done
}

node_claims() {
  kubectl get nodeclaims.karpenter.sh -o name 2>/dev/null || true
}

if [ "$cleanup" = true ]; then
  read -r cluster region < <(node -e '
    const s = require(require("path").resolve(process.argv[1]));
    const c = Object.values((s.resource || {}).aws_eks_cluster || {})[0];
    if (!c) process.exit(1);
    console.log(c.name, s.provider.aws[0].region);' "$out/stacks/$env-eks/cdk.tf.json") ||
    { echo "destroy.sh: no EKS cluster in $out/stacks/$env-eks/cdk.tf.json" >&2; exit 1; }
  echo "==> cluster $cluster ($region): removing what the controllers made"
  KUBECONFIG=$(mktemp)
  export KUBECONFIG
  trap 'rm -f "$KUBECONFIG"' EXIT
  aws eks update-kubeconfig --name "$cluster" --region "$region" --kubeconfig "$KUBECONFIG" >/dev/null

  # Argo CD would re-create what comes next; its application sets own the applications
  if kubectl get crd applicationsets.argoproj.io >/dev/null 2>&1; then
    kubectl delete applicationsets.argoproj.io --all -A --ignore-not-found --timeout=10m
    kubectl delete applications.argoproj.io --all -A --ignore-not-found --timeout=10m
  fi
  kubectl get ingress -A -o jsonpath='{range .items[?(@.spec.ingressClassName=="alb")]}{.metadata.namespace}{" "}{.metadata.name}{"\n"}{end}' |
    while read -r ns name; do
      [ -n "$name" ] || continue
      kubectl delete ingress -n "$ns" "$name" --ignore-not-found --timeout=10m
    done
  # the Gateway API edge: the load balancer controller deletes each Gateway's ALB
  if kubectl get crd gateways.gateway.networking.k8s.io >/dev/null 2>&1; then
    kubectl delete gateways.gateway.networking.k8s.io --all -A --ignore-not-found --timeout=10m
  fi
  kubectl get svc -A -o jsonpath='{range .items[?(@.spec.type=="LoadBalancer")]}{.metadata.namespace}{" "}{.metadata.name}{"\n"}{end}' |
    while read -r ns name; do
      [ -n "$name" ] || continue
      kubectl delete svc -n "$ns" "$name" --ignore-not-found --timeout=10m
    done
  wait_until_empty "load balancers of $cluster" cluster_load_balancers

  if kubectl get crd nodepools.karpenter.sh >/dev/null 2>&1; then
    kubectl delete nodepools.karpenter.sh --all --ignore-not-found --timeout=10m
    wait_until_empty "Karpenter nodes (nodeclaims)" node_claims
  fi
fi

for stack in "${stacks[@]}"; do
  echo "==> destroy $stack"
  dir="$out/stacks/$stack"
  if ! terraform -chdir="$dir" init -input=false || ! terraform -chdir="$dir" destroy -input=false -auto-approve; then
    echo "destroy.sh: FAILED at stack $stack; the stacks after it were not destroyed" >&2
    exit 1
  fi
done
echo "==> destroyed: ${stacks[*]}"
