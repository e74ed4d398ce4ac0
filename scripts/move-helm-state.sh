#!/usr/bin/env bash
# One-off for an environment deployed before its add-ons kept their Helm state in `addon-releases`
# (docs/DEPLOYMENT.md, "Helm state in addon-releases"). Moves each such release's Helm records there, points its
# Terraform state at them (state rm + import), and lets the new Namespace releases adopt the existing Namespaces. The
# next apply then upgrades those releases in place instead of replacing them: a replaced karpenter-crd release would
# delete the Karpenter CRDs, and every NodePool and NodeClaim with them. Safe to run again: it skips what is done.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: scripts/move-helm-state.sh <env>

Run after `npx cdktf synth` of this version and before its first apply of <env>-eks or <env>-addons (right before
merging it), with credentials that may administer the cluster and write the addons layer's state.

environment: CDKTF_OUT (default cdktf.out)
USAGE
}

die() {
  echo "move-helm-state.sh: $*" >&2
  exit 1
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "" | -*) usage >&2; exit 2 ;;
esac
env=$1
out=${CDKTF_OUT:-cdktf.out}
dir="$out/stacks/$env-addons"
[ -f "$dir/cdk.tf.json" ] || die "no synthesized stack at $dir (run npx cdktf synth first)"
[ -f "$out/stacks/$env-eks/cdk.tf.json" ] || die "no synthesized stack at $out/stacks/$env-eks"

here=$(dirname "$0")
KUBECONFIG=$(mktemp)
export KUBECONFIG
copy=$(mktemp)
record=$(mktemp)
answer=$(mktemp)
trap 'rm -f "$KUBECONFIG" "$copy" "$record" "$answer"' EXIT

# One Node process answers every helm-state.cjs command of this run (its `serve`), instead of one per Helm record.
coproc HELM_STATE { node "$here/helm-state.cjs" serve; }
# helm_state <command> <arg> <input file or ""> <output file>: the command's exit status
helm_state() {
  local status
  printf '%s\t%s\t%s\t%s\n' "$@" >&"${HELM_STATE[1]}"
  read -r status <&"${HELM_STATE[0]}" || die "scripts/helm-state.cjs stopped"
  return "$status"
}
helm_state namespace "" "" "$answer"
target=$(<"$answer")
helm_state releases "$dir/cdk.tf.json" "" "$answer"
releases=$(<"$answer")
helm_state namespaces "$dir/cdk.tf.json" "" "$answer"
namespace_releases=$(<"$answer")
read -r cluster region < <(node "$here/eks-cluster.cjs" "$out/stacks/$env-eks/cdk.tf.json") ||
  die "no EKS cluster in $out/stacks/$env-eks/cdk.tf.json"

aws eks update-kubeconfig --name "$cluster" --region "$region" --kubeconfig "$KUBECONFIG" >/dev/null ||
  die "cannot reach cluster $cluster ($region)"
terraform -chdir="$dir" init -input=false >/dev/null || die "terraform init failed in $dir"

echo "==> namespace $target"
kubectl get namespace "$target" >/dev/null 2>&1 || kubectl create namespace "$target"

# Namespaces that Helm's create_namespace made for the old releases now belong to <namespace>-namespace releases:
# Helm adopts an existing object only when it carries the new release's ownership metadata (Helm 3.2+).
echo "==> Namespaces owned by their releases"
while read -r release namespace <&3; do
  [ -n "$namespace" ] || continue
  kubectl get namespace "$namespace" >/dev/null 2>&1 || continue
  kubectl label namespace "$namespace" app.kubernetes.io/managed-by=Helm --overwrite >/dev/null
  kubectl annotate namespace "$namespace" --overwrite >/dev/null \
    "meta.helm.sh/release-name=$release" "meta.helm.sh/release-namespace=$target"
  echo "    $namespace -> $target/$release"
done 3<<<"$namespace_releases"

echo "==> Helm state"
while read -r address release <&3; do
  [ -n "$release" ] || continue
  records=$(kubectl get secrets -A -l "owner=helm,name=$release" \
    -o jsonpath='{range .items[*]}{.metadata.namespace}{" "}{.metadata.name}{"\n"}{end}') ||
    die "cannot list the Helm records of $release"
  while read -r namespace secret <&4; do
    if [ -z "$secret" ] || [ "$namespace" = "$target" ]; then continue; fi
    { kubectl get secret -n "$namespace" "$secret" -o json >"$record" &&
      helm_state relocate "$target" "$record" "$copy"; } || die "cannot read $namespace/$secret"
    # create, not apply: client-side apply keeps the whole object in the last-applied-configuration annotation, and
    # the API server caps an object's annotations at 256 KiB (apimachinery pkg/api/validation/objectmeta.go,
    # TotalAnnotationSizeLimitB): a record with CRDs in its manifest (external-secrets) would be refused. A copy left
    # by a run that stopped before the delete below is done when it holds the same record.
    if ! created=$(kubectl create -f "$copy" 2>&1 >/dev/null); then
      case "$created" in
        *AlreadyExists*)
          { kubectl get secret -n "$target" "$secret" -o json >"$record" &&
            helm_state same "$copy" "$record" "$answer"; } ||
            die "$target/$secret exists and differs from $namespace/$secret: compare them, delete the wrong one"
          ;;
        *) die "cannot copy $namespace/$secret to $target: $created" ;;
      esac
    fi
    kubectl delete secret -n "$namespace" "$secret" >/dev/null || die "cannot delete $namespace/$secret"
    echo "    $namespace/$secret -> $target"
  done 4<<<"$records"

  # not in the state (never applied): the apply installs it
  shown=$(terraform -chdir="$dir" state show -no-color "$address" 2>/dev/null) || continue
  current=$(sed -n 's/^ *namespace *= *"\(.*\)"$/\1/p' <<<"$shown" | head -n 1)
  [ "$current" != "$target" ] || continue
  terraform -chdir="$dir" state rm "$address" >/dev/null </dev/null || die "terraform state rm $address failed"
  terraform -chdir="$dir" import -input=false "$address" "$target/$release" >/dev/null </dev/null ||
    die "terraform import $address $target/$release failed: import it by hand before any apply"
  echo "    $address: $current -> $target"
done 3<<<"$releases"

echo "==> done: plan $env-addons (scripts/deploy.sh $env-addons --plan); no karpenter-crd replacement may remain"
