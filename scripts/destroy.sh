#!/usr/bin/env bash
# Destroys one environment so that nothing is left behind in the account. While the cluster exists, in this order:
#   1. every ExternalSecret, while the External Secrets controller still runs to remove its finalizer;
#   2. Argo CD's ApplicationSets and Applications, then the application namespaces (workloads, PVCs, Ingresses);
#   3. the Helm releases that run on Karpenter capacity (dependents first: the ClusterSecretStore goes while the
#      External Secrets webhook still answers), then every PVC, waiting until no PersistentVolume (EBS) is left;
#   4. every ALB Ingress and LoadBalancer Service left, waiting until AWS shows no load balancer of the cluster
#      (made by the AWS Load Balancer Controller, not by Terraform);
#   5. the Karpenter NodePools, waiting until their NodeClaims and nodes are gone (their instances are not in
#      Terraform state either, and their network interfaces would keep the VPC from being deleted);
# then terraform destroy of <env>-addons, <env>-eks, <env>-vpc, in that order. Every read that decides whether to go
# on stops the script when it fails. When AWS says the cluster no longer exists (a re-run after a partial destroy),
# steps 1-5 are skipped. state-backend and shared are never touched unless a flag names them.
set -euo pipefail
shopt -s inherit_errexit

usage() {
  cat <<'USAGE'
usage: scripts/destroy.sh [options] <env>

Destroys <env>-addons, <env>-eks and <env>-vpc after removing what the controllers made in AWS.

options:
  --yes                     do not ask for confirmation (CI)
  --skip-synth              use the existing cdktf.out instead of running npx cdktf synth
  --skip-cluster-cleanup    skip steps 1-5 even though the cluster exists; load balancers, volumes or nodes
                            left by the controllers must then be removed by hand (not needed when the cluster
                            is gone: AWS says so and the steps are skipped)
  --timeout SECONDS         how long to wait for each of ExternalSecrets, volumes, load balancers and nodes to go
                            (default 900)
  --include-shared          afterwards also destroy the shared stack (ECR, secrets, CI roles: every environment's;
                            its ECR repositories and KMS keys carry prevent_destroy, so Terraform refuses until
                            that is removed from the code)
  --include-state-backend   afterwards also destroy state-backend (every stack's state; its prevent_destroy
                            makes Terraform refuse until that is removed from the code)
  -h, --help                this text

needs: aws (CLI v2), kubectl, helm (3.14 or newer: uninstall --ignore-not-found), terraform, node
environment: CDKTF_OUT (default cdktf.out)
USAGE
}

die_usage() {
  echo "destroy.sh: $*" >&2
  usage >&2
  exit 2
}

own_option() {
  case "$1" in
    --yes) yes=true ;;
    --skip-cluster-cleanup) cleanup=false ;;
    --include-shared) include_shared=true ;;
    --include-state-backend) include_state_backend=true ;;
    *) return 1 ;;
  esac
}

yes=false
cleanup=true
timeout=900
include_shared=false
include_state_backend=false
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/env-args.sh
source scripts/lib/env-args.sh
parse_env_args "$@"

out=${CDKTF_OUT:-cdktf.out}
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1

listed_stacks=$(node --disable-warning=DEP0044 scripts/launch.mjs scripts/plan-review.ts --list-stacks)
mapfile -t order <<<"$listed_stacks"
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

poll_seconds=${DESTROY_POLL_SECONDS:-15}

# Stops the script: something it must know before destroying more could not be read or did not go.
die() {
  echo "destroy.sh: $*; stopping, nothing more is destroyed" >&2
  exit 1
}

# Runs "$@" and keeps its output in $REPLY. A failing read stops the script: an empty answer must mean "none left",
# never "the call failed".
read_or_die() {
  local what=$1
  shift
  REPLY=$("$@") || die "could not read $what (exit $?: $*)"
}

# EKS deletion protection (prod sets cluster.deletionProtection): DeleteCluster is refused until it is lifted, so
# stop before removing anything and say how. Asks AWS only when the synthesized cluster has it on. A failed answer
# (a cluster already gone included) goes on: AWS itself refuses to delete a protected cluster, so nothing is lost.
# https://docs.aws.amazon.com/eks/latest/userguide/deletion-protection.html
read -r protected_cluster protected_region < <(node -e '
  try {
    const s = require(require("path").resolve(process.argv[1]));
    const c = Object.values((s.resource || {}).aws_eks_cluster || {})[0];
    if (c && c.deletion_protection === true) console.log(c.name, s.provider.aws[0].region);
  } catch (e) {}' "$out/stacks/$env-eks/cdk.tf.json") || true
if [ -n "${protected_cluster:-}" ]; then
  live=$(aws eks describe-cluster --name "$protected_cluster" --region "$protected_region" \
    --query cluster.deletionProtection --output text 2>/dev/null) || live=""
  if [ "${live,,}" = true ]; then
    echo "destroy.sh: cluster $protected_cluster has deletion protection; nothing was destroyed. Lift it with:" >&2
    lift="aws eks update-cluster-config --name $protected_cluster --region $protected_region"
    echo "  $lift --no-deletion-protection" >&2
    exit 1
  fi
fi

# Polls "$@" until it prints nothing, or stops after $timeout seconds naming $what. A failing poll stops too.
wait_until_empty() {
  local what=$1
  shift
  local deadline=$((SECONDS + timeout))
  while :; do
    read_or_die "$what" "$@"
    [ -n "$REPLY" ] || return 0
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "destroy.sh: still present after ${timeout}s: $what: $REPLY" >&2
      exit 1
    fi
    echo "    waiting for $what: $(wc -w <<<"$REPLY") left"
    sleep "$poll_seconds"
  done
}

# The functions below run as `read_or_die` commands, inside `... || die`, where bash ignores errexit even with
# inherit_errexit: each of their reads checks its own status.

# Load balancers the AWS Load Balancer Controller tagged with this cluster's name.
cluster_load_balancers() {
  local listed arns i tagged
  listed=$(aws elbv2 describe-load-balancers --region "$region" --query 'LoadBalancers[].LoadBalancerArn' \
    --output text) || return 1
  read -ra arns <<<"${listed/None/}"
  # describe-tags takes at most 20 ARNs per call
  for ((i = 0; i < ${#arns[@]}; i += 20)); do
    tagged=$(aws elbv2 describe-tags --region "$region" --output text --resource-arns "${arns[@]:i:20}" \
      --query "TagDescriptions[?Tags[?Key=='elbv2.k8s.aws/cluster' && Value=='$cluster']].ResourceArn") || return 1
    echo "$tagged"
  done
}

# NodeClaims, then the nodes Karpenter launched (a node can outlive its NodeClaim while it drains).
karpenter_nodes() {
  local claims nodes left
  claims=$(kubectl get nodeclaims.karpenter.sh -o name) || return 1
  nodes=$(kubectl get nodes -l karpenter.sh/nodepool -o name) || return 1
  read -ra left <<<"${claims//$'\n'/ } ${nodes//$'\n'/ }"
  echo "${left[*]}"
}

# Succeeds when the CRD exists; a failing read stops the script (it is not "no such CRD").
has_crd() {
  read_or_die "CRD $1" kubectl get crd "$1" --ignore-not-found -o name
  [ -n "$REPLY" ]
}

# "present" or "gone"; any other failure of describe-cluster stops the script.
cluster_status() {
  local err status
  err=$(mktemp)
  if aws eks describe-cluster --name "$cluster" --region "$region" --query cluster.status --output text \
    2>"$err" >/dev/null; then
    status=present
  elif grep -q ResourceNotFoundException "$err"; then
    status=gone
  else
    cat "$err" >&2
    rm -f "$err"
    die "could not read whether cluster $cluster exists (aws eks describe-cluster)"
  fi
  rm -f "$err"
  echo "$status"
}

# Deletes "namespace name" pairs of $kind listed in $REPLY.
delete_listed() {
  local kind=$1 ns name
  while read -r ns name; do
    [ -n "$name" ] || continue
    kubectl delete "$kind" -n "$ns" "$name" --ignore-not-found --timeout=10m
  done <<<"$REPLY"
}

# ESO 2.9 puts a finalizer on every ExternalSecret that only its running controller removes.
delete_external_secrets() {
  kubectl delete externalsecrets.external-secrets.io --all -A --ignore-not-found --timeout=10m ||
    die "could not delete the ExternalSecrets (is the External Secrets controller running?)"
  wait_until_empty "ExternalSecrets" kubectl get externalsecrets.external-secrets.io -A -o name
}

if [ "$cleanup" = true ]; then
  read -r cluster region < <(node scripts/eks-cluster.cjs "$out/stacks/$env-eks/cdk.tf.json") ||
    { echo "destroy.sh: no EKS cluster in $out/stacks/$env-eks/cdk.tf.json" >&2; exit 1; }
  status=$(cluster_status)
  if [ "$status" = gone ]; then
    echo "==> cluster $cluster ($region) does not exist (a partial destroy?): nothing to remove inside it"
    cleanup=false
  fi
fi

if [ "$cleanup" = true ]; then
  # the releases to uninstall come from the synthesized addons stack; read them before touching anything
  read_or_die "the releases on Karpenter capacity in $out/stacks/$env-addons" \
    node scripts/karpenter-releases.cjs "$out/stacks/$env-addons/cdk.tf.json"
  karpenter_releases=$REPLY

  echo "==> cluster $cluster ($region): removing what the controllers made"
  KUBECONFIG=$(mktemp)
  export KUBECONFIG
  trap 'rm -f "$KUBECONFIG"' EXIT
  aws eks update-kubeconfig --name "$cluster" --region "$region" --kubeconfig "$KUBECONFIG" >/dev/null

  # 1. ExternalSecrets carry the controller's finalizer: delete them while the controller runs, or they (and their
  # namespaces) never go
  if has_crd externalsecrets.external-secrets.io; then
    echo "==> ExternalSecrets"
    delete_external_secrets
  fi

  # 2. Argo CD would re-create what comes next; its application sets own the applications. The application
  # namespaces (modules/argocd/argocd-objects.ts labels them, Helm keeps them) hold the workloads and their PVCs.
  if has_crd applicationsets.argoproj.io; then
    echo "==> Argo CD applications and their namespaces"
    kubectl delete applicationsets.argoproj.io --all -A --ignore-not-found --timeout=10m ||
      die "could not delete the Argo CD ApplicationSets"
    kubectl delete applications.argoproj.io --all -A --ignore-not-found --timeout=10m ||
      die "could not delete the Argo CD Applications"
  fi
  kubectl delete namespaces -l platform.eks/argocd-project --ignore-not-found --timeout=10m ||
    die "could not delete the application namespaces"

  # Argo CD's self-heal may have re-created ExternalSecrets from Git before its Applications went: the controller
  # still runs, so remove those too before it goes
  if has_crd externalsecrets.external-secrets.io; then
    delete_external_secrets
  fi

  # 3. releases on Karpenter capacity, while their nodes (and the External Secrets webhook) still run. Helm finds a
  # release only in the namespace of its records, and --ignore-not-found skips one that is elsewhere: an environment
  # whose Helm state scripts/move-helm-state.sh has not moved to addon-releases yet keeps these releases in their old
  # namespaces, so each is uninstalled where its records are
  echo "==> releases on Karpenter capacity"
  read_or_die "the Helm releases of the cluster" kubectl get secrets -A -l owner=helm \
    -o jsonpath='{range .items[*]}{.metadata.labels.name}{" "}{.metadata.namespace}{"\n"}{end}'
  helm_records=$REPLY
  while read -r ns name; do
    [ -n "$name" ] || continue
    found=$(awk -v release="$name" '$1 == release { print $2 }' <<<"$helm_records" | sort -u)
    if [ -n "$found" ] && ! grep -qxF "$ns" <<<"$found"; then
      [ "$(wc -l <<<"$found")" -eq 1 ] ||
        die "release $name has Helm records in ${found//$'\n'/ } and not in $ns: uninstall it by hand"
      echo "    $name: Helm state still in $found, not $ns (scripts/move-helm-state.sh $env not run)"
      ns=$found
    fi
    helm uninstall "$name" --namespace "$ns" --ignore-not-found --wait --timeout 10m ||
      die "could not uninstall release $name (namespace $ns)"
  done <<<"$karpenter_releases"
  # the EBS volumes of dynamically provisioned PVs are in no Terraform state: the CSI driver deletes those whose
  # reclaim policy is Delete (a Retain volume outlives the cluster on purpose)
  kubectl delete pvc --all -A --ignore-not-found --timeout=10m || die "could not delete the PersistentVolumeClaims"
  wait_until_empty "PersistentVolumes (EBS volumes)" kubectl get pv \
    -o jsonpath='{range .items[?(@.spec.persistentVolumeReclaimPolicy=="Delete")]}{.metadata.name}{"\n"}{end}'

  # 4. load balancers of whatever is left
  echo "==> load balancers"
  read_or_die "ALB Ingresses" kubectl get ingress -A \
    -o jsonpath='{range .items[?(@.spec.ingressClassName=="alb")]}{.metadata.namespace}{" "}{.metadata.name}{"\n"}{end}'
  delete_listed ingress
  # the Gateway API edge: the load balancer controller deletes each Gateway's ALB
  if has_crd gateways.gateway.networking.k8s.io; then
    kubectl delete gateways.gateway.networking.k8s.io --all -A --ignore-not-found --timeout=10m ||
      die "could not delete the Gateways"
  fi
  read_or_die "LoadBalancer Services" kubectl get svc -A \
    -o jsonpath='{range .items[?(@.spec.type=="LoadBalancer")]}{.metadata.namespace}{" "}{.metadata.name}{"\n"}{end}'
  delete_listed svc
  wait_until_empty "load balancers of $cluster" cluster_load_balancers

  # 5. Karpenter's nodes
  if has_crd nodepools.karpenter.sh; then
    echo "==> Karpenter NodePools"
    kubectl delete nodepools.karpenter.sh --all --ignore-not-found --timeout=10m || die "could not delete the NodePools"
    wait_until_empty "Karpenter nodes (nodeclaims, nodes)" karpenter_nodes
  fi
fi

for stack in "${stacks[@]}"; do
  echo "==> destroy $stack"
  dir="$out/stacks/$stack"
  if ! terraform -chdir="$dir" init -input=false ||
    ! terraform -chdir="$dir" destroy -input=false -auto-approve -lock-timeout="${TF_LOCK_TIMEOUT:-10m}"; then
    echo "destroy.sh: FAILED at stack $stack; the stacks after it were not destroyed" >&2
    exit 1
  fi
done
echo "==> destroyed: ${stacks[*]}"
