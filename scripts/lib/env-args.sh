# shellcheck shell=bash
# The arguments scripts/destroy.sh and scripts/smoke.sh share: one <env>, --skip-synth, --timeout SECONDS and
# -h/--help, each with the same meaning and the same usage errors. A script sources this file after defining usage,
# die_usage and own_option, sets its defaults (timeout among them), then calls parse_env_args "$@". own_option is
# called with the arguments left at any other option: it returns 1 for one it does not know, else sets `taken` to
# how many arguments it used when that is more than 1.

# env, skip_synth, timeout and taken are the sourcing script's (shellcheck reads this file alone too)
# shellcheck disable=SC2034
parse_env_args() {
  env=""
  skip_synth=false
  while [ $# -gt 0 ]; do
    taken=1
    case "$1" in
      -h | --help) usage; exit 0 ;;
      --skip-synth) skip_synth=true ;;
      --timeout)
        if [ $# -lt 2 ] || ! [[ $2 =~ ^[0-9]+$ ]]; then die_usage "--timeout needs a number of seconds"; fi
        timeout=$2
        taken=2
        ;;
      -*) own_option "$@" || die_usage "unknown option $1" ;;
      *)
        [ -z "$env" ] || die_usage "one environment at a time (got '$env' and '$1')"
        env=$1
        ;;
    esac
    shift "$taken"
  done
  [ -n "$env" ] || die_usage "no environment given"
}
