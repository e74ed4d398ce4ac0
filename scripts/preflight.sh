#!/usr/bin/env bash
# Read-only checks against AWS before a first apply or an upgrade of one environment: names every missing
# prerequisite. The values checked come from the configuration (scripts/preflight-facts.ts), never from this file.
set -euo pipefail
shopt -s inherit_errexit

usage() {
  cat <<'EOF'
usage: scripts/preflight.sh <env> [--upgrade]

Read-only AWS calls (sts, iam get-*, eks describe-addon-versions, ssm get-parameter, service-quotas get-service-quota,
route53 list-hosted-zones-by-name, secretsmanager describe-secret) that name each missing prerequisite of <env>:
  - the credentials are for the platform account
  - every cluster admin principal exists
  - the GitHub OIDC provider and the EC2 Spot service-linked role: absent (the shared stack creates them) or, when
    they already exist, to be imported (with --upgrade: they must exist)
  - the pinned EKS add-on versions exist for the cluster's Kubernetes version, and their configuration schemas
    declare every key the eks layer sends
  - the Karpenter AMI alias resolves (its SSM parameter)
  - the EC2 vCPU quotas cover the NodePool CPU limits and the system nodes of every environment
  - with a domain: its public Route 53 hosted zone exists (the addons layer looks it up, never creates it)
  - the secrets the platform reads at the first addons apply (Grafana's login, the alert webhook) have a value
    (a version staged AWSCURRENT); their values are never read
Exit status: 0 when every check passes, 1 when one fails (an empty or failing AWS answer is a failure), 2 on usage.
EOF
}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
env_name=""
upgrade=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --upgrade) upgrade=true ;;
    -*) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
    *)
      if [[ -n "$env_name" ]]; then echo "one environment only, got $env_name and $1" >&2; usage >&2; exit 2; fi
      env_name=$1
      ;;
  esac
  shift
done
if [[ -z "$env_name" ]]; then usage >&2; exit 2; fi

if ! facts=$(cd "$ROOT" && node --disable-warning=DEP0044 scripts/launch.mjs scripts/preflight-facts.ts \
  "$env_name"); then
  echo "cannot read the configuration of environment \"$env_name\"" >&2
  exit 2
fi

problems=0
ok() { printf 'ok       %s\n' "$*"; }
fail() { printf 'MISSING  %s\n' "$*"; problems=$((problems + 1)); }
act() { printf 'ACTION   %s\n' "$*"; problems=$((problems + 1)); }

# aws_read <var> <aws args...>: one read-only call. Status 0 only when it succeeds with a non-empty answer; the
# answer (or the error text) goes into <var>.
aws_read() {
  local var=$1 out status=0
  shift
  out=$(aws "$@" --region "$region" --output text 2>&1) || status=$?
  out=${out//$'\r'/}
  if [[ $status -ne 0 ]]; then printf -v "$var" '%s' "$out"; return 1; fi
  if [[ -z "${out//[[:space:]]/}" || "$out" == "None" ]]; then printf -v "$var" '%s' '(empty answer)'; return 1; fi
  printf -v "$var" '%s' "$out"
}

# exists <var> <aws args...>: 0 exists, 1 absent (NoSuchEntity), 2 the call failed otherwise (unknown).
exists() {
  local var=$1
  shift
  if aws_read "$var" "$@"; then return 0; fi
  if [[ "${!var}" == *NoSuchEntity* ]]; then return 1; fi
  return 2
}

account="" region="" cluster="" version=""
admins=() addons=() addon_configs=() quotas=() secrets=()
oidc_arn="" spot_name="" spot_mode="" spot_needed="" ami_parameter="" zone=""
while IFS=$'\t' read -r kind a b c; do
  case "$kind" in
    account) account=$a ;;
    region) region=$a ;;
    cluster) cluster=$a; version=$b ;;
    admin) admins+=("$a"$'\t'"$b"$'\t'"$c") ;;
    oidc) oidc_arn=$a ;;
    spot-role) spot_name=$a; spot_mode=$b; spot_needed=$c ;;
    addon) addons+=("$a"$'\t'"$b") ;;
    addon-config) addon_configs+=("$a"$'\t'"$b"$'\t'"$c") ;;
    ami) ami_parameter=$a ;;
    quota) quotas+=("$a"$'\t'"$b"$'\t'"$c") ;;
    zone) zone=$a ;;
    secret) secrets+=("$a"$'\t'"$b"$'\t'"$c") ;;
    *) echo "unknown fact \"$kind\" from scripts/preflight-facts.ts" >&2; exit 2 ;;
  esac
done <<<"$facts"
if [[ -z "$account" || -z "$region" || -z "$cluster" ]]; then
  echo "scripts/preflight-facts.ts gave no account, region or cluster for \"$env_name\"" >&2
  exit 2
fi

echo "preflight of $env_name: cluster $cluster (Kubernetes $version), account $account, $region"

answer=""
if aws_read answer sts get-caller-identity --query Account; then
  if [[ "$answer" == "$account" ]]; then
    ok "credentials are for account $account"
  else
    fail "credentials are for account $answer, not the platform account $account"
  fi
else
  fail "credentials: aws sts get-caller-identity failed: $answer"
fi

for entry in "${admins[@]}"; do
  IFS=$'\t' read -r kind name arn <<<"$entry"
  if [[ "$kind" == role ]]; then
    lookup=(iam get-role --role-name "$name" --query Role.Arn)
  else
    lookup=(iam get-user --user-name "$name" --query User.Arn)
  fi
  status=0
  exists answer "${lookup[@]}" || status=$?
  case $status in
    0)
      if [[ "$answer" == "$arn" ]]; then
        ok "admin $arn exists"
      else
        fail "admin $arn: the $kind $name exists as $answer (another path)"
      fi
      ;;
    1) fail "admin $arn does not exist: create it or fix adminPrincipalArns of $env_name" ;;
    *) fail "admin $arn: could not check ($answer)" ;;
  esac
done

status=0
exists answer iam get-open-id-connect-provider --open-id-connect-provider-arn "$oidc_arn" --query Url || status=$?
case "$status,$upgrade" in
  0,true) ok "GitHub OIDC provider $oidc_arn exists" ;;
  0,false)
    message="GitHub OIDC provider $oidc_arn already exists (one per account): import it into the shared stack instead"
    message+=" of creating it (terraform import <its aws_iam_openid_connect_provider address in"
    act "$message cdktf.out/stacks/shared/cdk.tf.json> $oidc_arn)"
    ;;
  1,false) ok "GitHub OIDC provider absent: the shared stack creates it" ;;
  1,true) fail "GitHub OIDC provider $oidc_arn does not exist: apply the shared stack first" ;;
  *) fail "GitHub OIDC provider: could not check ($answer)" ;;
esac

if [[ "$spot_needed" == needed ]]; then
  status=0
  exists answer iam get-role --role-name "$spot_name" --query Role.Arn || status=$?
  case "$status,$spot_mode,$upgrade" in
    0,existing,* | 0,create,true) ok "EC2 Spot service-linked role $spot_name exists" ;;
    0,create,false)
      message="EC2 Spot service-linked role $spot_name already exists: import it (docs/DEPLOYMENT.md section 3)"
      act "$message or set createSpotServiceLinkedRole: false"
      ;;
    1,create,false) ok "EC2 Spot service-linked role absent: the shared stack creates it" ;;
    1,*)
      message="EC2 Spot service-linked role $spot_name does not exist: EC2 launches no spot instance without it"
      message+=" (aws iam create-service-linked-role --aws-service-name spot.amazonaws.com,"
      fail "$message or createSpotServiceLinkedRole: true)"
      ;;
    *) fail "EC2 Spot service-linked role: could not check ($answer)" ;;
  esac
fi

for entry in "${addons[@]}"; do
  IFS=$'\t' read -r name pinned <<<"$entry"
  if aws_read answer eks describe-addon-versions --kubernetes-version "$version" --addon-name "$name" \
    --query 'addons[].addonVersions[].addonVersion'; then
    read -r -a offered <<<"$(tr -s '[:space:]' ' ' <<<"$answer")"
    if [[ " ${offered[*]} " == *" $pinned "* ]]; then
      ok "add-on $name $pinned exists for Kubernetes $version"
    else
      message="add-on $name $pinned is not offered for Kubernetes $version (offered: ${offered[*]:0:6})"
      fail "$message; update modules/cluster/addon-versions.ts"
    fi
  else
    fail "add-on $name: describe-addon-versions for Kubernetes $version failed: $answer"
  fi
done

# every add-on's configuration schema first, then one Node process reads them all (one per add-on cost ~40 ms each)
schemas=$(mktemp -d)
trap 'rm -rf "$schemas"' EXIT
schema_answers=() undeclared_args=()
for i in "${!addon_configs[@]}"; do
  IFS=$'\t' read -r name pinned keys <<<"${addon_configs[$i]}"
  if aws_read answer eks describe-addon-configuration --addon-name "$name" --addon-version "$pinned" \
    --query configurationSchema; then
    printf '%s\n' "$answer" >"$schemas/$i.json"
    undeclared_args+=("$keys" "$schemas/$i.json")
  fi
  schema_answers[i]=$answer
done
declared=()
if [[ ${#undeclared_args[@]} -gt 0 ]] && checked=$(cd "$ROOT" && node --disable-warning=DEP0044 \
  scripts/launch.mjs scripts/preflight-facts.ts --undeclared "${undeclared_args[@]}"); then
  mapfile -t declared <<<"$checked"
fi
n=0
for i in "${!addon_configs[@]}"; do
  IFS=$'\t' read -r name pinned keys <<<"${addon_configs[$i]}"
  answer=${schema_answers[i]}
  verdict=unread
  if [[ -f "$schemas/$i.json" ]]; then verdict=${declared[n]:-unread}; n=$((n + 1)); fi
  if [[ "$verdict" == $'ok\t' ]]; then
    ok "add-on $name $pinned accepts its configuration keys"
  elif [[ "$verdict" == $'ok\t'* ]]; then
    fail "add-on $name $pinned: its configuration schema has no ${verdict#ok$'\t'} (modules/cluster/managed-addons.ts)"
  else
    fail "add-on $name $pinned: could not read its configuration schema ($answer)"
  fi
done

if aws_read answer ssm get-parameter --name "$ami_parameter" --query Parameter.Value && [[ "$answer" == ami-* ]]; then
  ok "Karpenter AMI alias resolves: $ami_parameter = $answer"
else
  message="Karpenter AMI alias does not resolve: ssm get-parameter $ami_parameter gave $answer"
  fail "$message; change AL2023_AMI_ALIAS in modules/karpenter/node-pool.ts"
fi

for entry in "${quotas[@]}"; do
  IFS=$'\t' read -r code needed name <<<"$entry"
  if aws_read answer service-quotas get-service-quota --service-code ec2 --quota-code "$code" --query Quota.Value &&
    [[ "$answer" =~ ^[0-9]+(\.[0-9]+)?$ ]]; then
    if (( ${answer%.*} >= needed )); then
      ok "vCPU quota $code ($name): $answer >= $needed"
    else
      fail "vCPU quota $code ($name) is $answer, the platform needs $needed: request an increase in Service Quotas"
    fi
  else
    fail "vCPU quota $code ($name): could not read it ($answer)"
  fi
done

# The addons layer looks the zone up (data aws_route53_zone, private_zone = false) for the ACM certificate's DNS
# validation and external-dns. Zones come sorted by name from --dns-name on: the first is the zone when it exists,
# another zone or none when it does not.
if [[ -n "$zone" ]]; then
  fix="create or delegate a public hosted zone $zone, or change ingress.domain.zoneName of $env_name in environments/"
  status=0 found="" private=""
  aws_read answer route53 list-hosted-zones-by-name --dns-name "$zone." --max-items 1 \
    --query 'HostedZones[].[Name,Config.PrivateZone]' || status=$?
  if [[ $status -eq 0 ]]; then read -r found private <<<"$answer"; fi
  if [[ $status -ne 0 && "$answer" != '(empty answer)' ]]; then
    fail "Route 53 hosted zone $zone: could not check ($answer)"
  elif [[ "$found" == "$zone." && "${private,,}" == false ]]; then
    ok "Route 53 hosted zone $zone exists and is public"
  elif [[ "$found" == "$zone." ]]; then
    fail "Route 53 hosted zone $zone is private: ACM DNS validation and the addons layer need a public zone; $fix"
  else
    fail "Route 53 hosted zone $zone does not exist (the addons layer looks it up, never creates it): $fix"
  fi
fi

# Shared creates these containers empty; without a value External Secrets cannot sync them and the addons layer's
# kube-prometheus-stack release times out. Only the version stages are read, never the value.
for entry in "${secrets[@]}"; do
  IFS=$'\t' read -r name purpose example <<<"$entry"
  status=0
  aws_read answer secretsmanager describe-secret --secret-id "$name" \
    --query "[Name, join(' ', VersionIdsToStages.*[] || \`[]\`)]" || status=$?
  read -r -a stages <<<"$answer"
  if [[ $status -eq 0 && "${stages[0]}" == "$name" && " ${stages[*]:1} " == *" AWSCURRENT "* ]]; then
    ok "secret $name ($purpose) has a value"
  elif [[ $status -eq 0 && "${stages[0]}" == "$name" ]]; then
    message="secret $name ($purpose) has no value (no version staged AWSCURRENT): put one in before the addons layer:"
    fail "$message aws secretsmanager put-secret-value --secret-id $name --secret-string '$example'"
  elif [[ "$answer" == *ResourceNotFoundException* ]]; then
    message="secret $name ($purpose) does not exist: apply the shared stack first (it creates the container),"
    fail "$message then put its value in"
  else
    fail "secret $name ($purpose): could not check ($answer)"
  fi
done

if [[ $problems -gt 0 ]]; then
  echo "preflight of $env_name: $problems problem(s)"
  exit 1
fi
echo "preflight of $env_name: every check passed"
