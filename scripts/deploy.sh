#!/usr/bin/env bash
# Deploys stacks in order: state-backend (only when asked), shared, then vpc -> eks -> addons per environment.
# Synthesizes once, then runs Terraform in each cdktf.out/stacks/<stack>: plan to a file, apply that file.
# Stops at the first failure and names the stack.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: scripts/deploy.sh [options] <target>...

targets (deployed in this order whatever order they are given in):
  all              shared, then every environment (vpc -> eks -> addons)
  <env>            one environment's stacks, e.g. dev: dev-vpc dev-eks dev-addons
  <stack>          one stack, e.g. shared, prod-eks, state-backend

options:
  --plan               dry run: terraform plan for each stack, apply nothing
  --plan-out DIR       with --plan: write DIR/<stack>.json (terraform show -json) or DIR/<stack>.error,
                       and go on with the next stack after a failed plan (for npm run plan-review)
  --no-lock            plan with -lock=false (the read-only CI plan roles cannot take the state lock)
  --skip-synth         use the existing cdktf.out instead of running npx cdktf synth
  --with-state-backend 'all' also applies state-backend first (rebuilding from nothing: its state is local
                       until platform.state.stateBackendInS3 is set, see docs/DEPLOYMENT.md)
  -h, --help           this text

Before an <env>-eks apply it asks an existing cluster (aws, kubectl) whether Helm state is still to be moved by
scripts/move-helm-state.sh <env>, and refuses until it is (docs/DEPLOYMENT.md).

environment: CDKTF_OUT (default cdktf.out), TF_LOCK_TIMEOUT (how long plan and apply wait for the state lock,
             default 10m: a concurrent run finishes instead of this one failing at once)
USAGE
}

die_usage() {
  echo "deploy.sh: $*" >&2
  usage >&2
  exit 2
}

plan_only=false
plan_out=""
lock=true
skip_synth=false
with_state_backend=false
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --plan) plan_only=true ;;
    --plan-out)
      [ $# -ge 2 ] || die_usage "--plan-out needs a directory"
      plan_out=$2
      shift
      ;;
    --no-lock) lock=false ;;
    --skip-synth) skip_synth=true ;;
    --with-state-backend) with_state_backend=true ;;
    -*) die_usage "unknown option $1" ;;
    *) targets+=("$1") ;;
  esac
  shift
done
[ ${#targets[@]} -gt 0 ] || die_usage "no target given"
if [ -n "$plan_out" ] && [ "$plan_only" = false ]; then die_usage "--plan-out needs --plan"; fi

cd "$(dirname "$0")/.."
out=${CDKTF_OUT:-cdktf.out}
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
lock_timeout=${TF_LOCK_TIMEOUT:-10m}

# Every stack in deploy order, from the configuration (the same list CI uses).
mapfile -t order < <(node --disable-warning=DEP0044 scripts/launch.mjs scripts/plan-review.ts --list-stacks)
[ ${#order[@]} -gt 0 ] || { echo "deploy.sh: could not list the stacks" >&2; exit 1; }

selected=" "
for target in "${targets[@]}"; do
  matched=false
  for stack in "${order[@]}"; do
    case "$target" in
      all) [ "$stack" != state-backend ] || [ "$with_state_backend" = true ] || continue ;;
      *)
        case "$stack" in
          "$target" | "$target"-vpc | "$target"-eks | "$target"-addons) ;;
          *) continue ;;
        esac
        ;;
    esac
    selected+="$stack "
    matched=true
  done
  [ "$matched" = true ] || die_usage "unknown target '$target' (expected all, an environment, or one of: ${order[*]})"
done
stacks=()
for stack in "${order[@]}"; do
  case "$selected" in *" $stack "*) stacks+=("$stack") ;; esac
done

if [ "$skip_synth" = false ]; then
  echo "==> synth"
  npx cdktf synth
fi
[ -z "$plan_out" ] || mkdir -p "$plan_out"

# Runs terraform in the stack's directory; on failure the last lines of its output go to $2 (when given).
tf() {
  local dir=$1 errfile=$2
  shift 2
  local log status
  log=$(mktemp)
  set +e
  terraform -chdir="$dir" "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -ne 0 ] && [ -n "$errfile" ]; then tail -n 60 "$log" >"$errfile"; fi
  rm -f "$log"
  return "$status"
}

# An environment deployed before its add-ons kept their Helm state in addon-releases still has it in kube-system,
# ingress-nginx, external-secrets, ...: the eks layer of this version stops the CI plan role reading Secrets there
# (its access policy association), so applying it first would fail every plan of <env>-addons until
# scripts/move-helm-state.sh ran. Asks the cluster before anything is applied; a cluster not created yet has none.
check_helm_state_moved() {
  local env=$1 eks="$out/stacks/$1-eks/cdk.tf.json" addons="$out/stacks/$1-addons/cdk.tf.json"
  local cluster region err kubeconfig records unmoved
  [ -f "$addons" ] || { echo "deploy.sh: no synthesized stack at $addons (run without --skip-synth)" >&2; exit 1; }
  read -r cluster region < <(node scripts/eks-cluster.cjs "$eks") ||
    { echo "deploy.sh: no EKS cluster in $eks" >&2; exit 1; }
  err=$(mktemp)
  if ! aws eks describe-cluster --name "$cluster" --region "$region" --query cluster.status --output text \
    >/dev/null 2>"$err"; then
    if grep -q ResourceNotFoundException "$err"; then
      rm -f "$err"
      return 0
    fi
    cat "$err" >&2
    rm -f "$err"
    echo "deploy.sh: could not read whether cluster $cluster exists (aws eks describe-cluster); nothing was applied" >&2
    exit 1
  fi
  rm -f "$err"
  kubeconfig=$(mktemp)
  if ! aws eks update-kubeconfig --name "$cluster" --region "$region" --kubeconfig "$kubeconfig" >/dev/null ||
    ! records=$(KUBECONFIG=$kubeconfig kubectl get secrets -A -l owner=helm \
      -o jsonpath='{range .items[*]}{.metadata.namespace}{" "}{.metadata.labels.name}{"\n"}{end}'); then
    rm -f "$kubeconfig"
    echo "deploy.sh: could not list the Helm records of cluster $cluster; nothing was applied" >&2
    exit 1
  fi
  rm -f "$kubeconfig"
  unmoved=$(node scripts/helm-state.cjs unmoved "$addons" <<<"$records")
  if [ -n "$unmoved" ]; then
    echo "deploy.sh: $env keeps Helm state outside addon-releases: ${unmoved//$'\n'/ }" >&2
    echo "deploy.sh: $env-eks would stop the CI plan role reading it (every plan of $env-addons would fail): run" \
      "scripts/move-helm-state.sh $env first (docs/DEPLOYMENT.md); nothing was applied" >&2
    exit 1
  fi
}

if [ "$plan_only" = false ]; then
  for stack in "${stacks[@]}"; do
    case "$stack" in *-eks) check_helm_state_moved "${stack%-eks}" ;; esac
  done
fi

failed=()
for stack in "${stacks[@]}"; do
  dir="$out/stacks/$stack"
  [ -d "$dir" ] || { echo "deploy.sh: no synthesized stack at $dir (run without --skip-synth)" >&2; exit 1; }
  echo "==> $stack"
  errfile=""
  [ -z "$plan_out" ] || errfile="$plan_out/$stack.error"
  lock_arg=("-lock-timeout=$lock_timeout")
  [ "$lock" = true ] || lock_arg=(-lock=false)
  if ! tf "$dir" "$errfile" init -input=false; then
    echo "deploy.sh: terraform init failed for stack $stack" >&2
    [ -n "$plan_out" ] || exit 1
    failed+=("$stack")
    continue
  fi
  if ! tf "$dir" "$errfile" plan -input=false "${lock_arg[@]}" -out=tfplan; then
    echo "deploy.sh: terraform plan failed for stack $stack" >&2
    [ -n "$plan_out" ] || exit 1
    failed+=("$stack")
    continue
  fi
  if [ "$plan_only" = true ]; then
    if [ -n "$plan_out" ]; then
      # stderr goes to <stack>.error only on failure: the report treats any .error file as a failed plan
      show_err=$(mktemp)
      if ! terraform -chdir="$dir" show -json tfplan >"$plan_out/$stack.json" 2>"$show_err"; then
        rm -f "$plan_out/$stack.json"
        mv "$show_err" "$errfile"
        echo "deploy.sh: terraform show failed for stack $stack" >&2
        failed+=("$stack")
      fi
      rm -f "$show_err"
    fi
    rm -f "$dir/tfplan" # a saved plan holds sensitive values in clear
    continue
  fi
  # an environment deployed before addon-releases: applying would uninstall karpenter-crd (and its CRDs, NodePools,
  # NodeClaims) to move its Helm state; scripts/move-helm-state.sh moves it in place (docs/DEPLOYMENT.md)
  if [[ "$stack" == *-addons ]]; then
    if ! plan_json=$(terraform -chdir="$dir" show -json tfplan); then
      rm -f "$dir/tfplan"
      echo "deploy.sh: cannot read the plan of $stack (terraform show); nothing was applied" >&2
      exit 1
    fi
    if ! node scripts/helm-state.cjs guard <<<"$plan_json"; then
      rm -f "$dir/tfplan"
      echo "deploy.sh: $stack would replace Helm releases to move their state: run scripts/move-helm-state.sh" \
        "${stack%-addons} first (docs/DEPLOYMENT.md); nothing was applied" >&2
      exit 1
    fi
  fi
  if ! tf "$dir" "" apply -input=false "-lock-timeout=$lock_timeout" tfplan; then
    rm -f "$dir/tfplan"
    echo "deploy.sh: FAILED at stack $stack; later stacks were not deployed" >&2
    exit 1
  fi
  rm -f "$dir/tfplan"
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "deploy.sh: plan failed for: ${failed[*]}" >&2
  exit 1
fi
echo "==> done: ${stacks[*]}"
