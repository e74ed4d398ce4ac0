import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { ENVIRONMENTS, platform } from '../environments';
import { ADDON_VERSIONS } from '../modules/cluster/addon-versions';
import { platformSecretNames } from '../modules/naming';
import { al2023AmiParameter, preflightFacts, renderFactLines } from '../modules/preflight/facts';
import { joinedRegExp } from './regexp';
import { ROOT, scriptSandbox } from './script-sandbox';

const SCRIPT = 'scripts/preflight.sh';
const dev = ENVIRONMENTS.find(e => e.name === 'dev')!;
const prod = ENVIRONMENTS.find(e => e.name === 'prod')!;
const pinned = ADDON_VERSIONS[dev.cluster.kubernetesVersion];
/** The read-only calls the script may make: get-*, describe-*, list-*, sts get-caller-identity (never a value). */
const READ_ONLY_CALL = new RegExp(
  '^aws (sts get-caller-identity|iam get-|eks describe-|ssm get-parameter |' +
    'service-quotas get-service-quota |route53 list-hosted-zones-by-name |secretsmanager describe-secret )',
);
const lines = (out: string, prefix: string) => out.split('\n').filter(l => l.startsWith(prefix));

type Schema = { properties: Record<string, Schema> };
/** A JSON schema declaring the given dotted keys, the shape of an add-on's `configurationSchema`. */
function schemaOf(keys: readonly string[]): Schema {
  const root: Schema = { properties: {} };
  for (const key of keys) {
    let level = root;
    for (const segment of key.split('.')) level = level.properties[segment] ??= { properties: {} };
  }
  return root;
}
const FULL_SCHEMA = schemaOf(preflightFacts(platform, ENVIRONMENTS, dev).addons.flatMap(a => a.configKeys));

/**
 * A stub `aws` CLI: answers like AWS for this account, unless a rule of $AWS_RULES (lines `<substring>|<action>`)
 * matches the call: `fail` (AccessDenied), `absent` (NoSuchEntity), `error:<code>` (that AWS error code), `empty`
 * (exit 0, no output), `out:<text>`. By default every hosted zone asked for exists (public) and every secret has a
 * version staged AWSCURRENT. One sandbox serves the whole file: the stub is the same for every test, and a run
 * answers the same for the same arguments and rules, so a repeated run is shared.
 */
function sandbox() {
  const box = scriptSandbox({ prefix: 'preflight-test-' });
  box.stub(
    'aws',
    `while IFS='|' read -r match action; do
  [ -n "$match" ] || continue
  if [[ "$*" == *"$match"* ]]; then
    case "$action" in
      fail) echo "An error occurred (AccessDenied) when calling the operation" >&2; exit 254 ;;
      absent) echo "An error occurred (NoSuchEntity) when calling the operation: not found" >&2; exit 254 ;;
      error:*) echo "An error occurred (\${action#error:}) when calling the operation" >&2; exit 254 ;;
      empty) exit 0 ;;
      out:*) echo "\${action#out:}"; exit 0 ;;
    esac
  fi
done <<<"\${AWS_RULES:-}"
case "$*" in
  "sts get-caller-identity"*) echo ${platform.aws.accountId} ;;
  "iam get-role --role-name platform-admin"*) echo arn:aws:iam::${platform.aws.accountId}:role/platform-admin ;;
  "iam get-open-id-connect-provider"*) echo "An error occurred (NoSuchEntity)" >&2; exit 254 ;;
  "iam get-role --role-name AWSServiceRoleForEC2Spot"*) echo "An error occurred (NoSuchEntity)" >&2; exit 254 ;;
  "eks describe-addon-versions"*) echo "${Object.values(pinned).join('\t')}" ;;
  "eks describe-addon-configuration"*) echo '${JSON.stringify(FULL_SCHEMA)}' ;;
  "ssm get-parameter"*) echo ami-0123456789abcdef0 ;;
  "service-quotas get-service-quota"*) echo 64.0 ;;
  "route53 list-hosted-zones-by-name --dns-name "*)
    args="$*"; zone=\${args#*--dns-name }; printf '%s\\tFalse\\n' "\${zone%% *}" ;;
  "secretsmanager describe-secret --secret-id "*)
    args="$*"; id=\${args#*--secret-id }; printf '%s\\tAWSCURRENT AWSPREVIOUS\\n' "\${id%% *}" ;;
  *) echo "unexpected call: $*" >&2; exit 1 ;;
esac`,
  );
  /** A run of its own: `calls` are the stub calls of this run only. */
  const runOnce = (args: string[], rules: string[]) => {
    box.clearCalls();
    const r = box.run(SCRIPT, args, { AWS_RULES: rules.join('\n') });
    return { ...r, calls: box.calls() };
  };
  const runs = new Map<string, ReturnType<typeof runOnce>>();
  const run = (args: string[], rules: string[] = []) => {
    const key = JSON.stringify([args, rules]);
    if (!runs.has(key)) runs.set(key, runOnce(args, rules));
    return runs.get(key)!;
  };
  return { run };
}
const box = sandbox();

describe('scripts/preflight.sh', () => {
  test('is valid bash (bash -n), strict mode', () => {
    const r = spawnSync('bash', ['-n', join(ROOT, SCRIPT)], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(readFileSync(join(ROOT, SCRIPT), 'utf8')).toContain('set -euo pipefail\nshopt -s inherit_errexit');
  });

  test('success: every check passes, with read-only calls only, each fact from the configuration', () => {
    const r = box.run(['dev']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(lines(r.stdout, 'MISSING')).toEqual([]);
    expect(r.stdout).toContain('preflight of dev: every check passed');
    // every call reads: get-*, describe-*, sts get-caller-identity
    for (const call of r.calls) expect(call).toMatch(READ_ONLY_CALL);
    const facts = preflightFacts(platform, ENVIRONMENTS, dev);
    for (const a of facts.addons) expect(r.calls).toContainEqual(expect.stringContaining(`--addon-name ${a.name}`));
    expect(r.calls).toContainEqual(
      expect.stringContaining(`ssm get-parameter --name ${al2023AmiParameter(dev.cluster.kubernetesVersion)}`),
    );
    expect(r.calls).toContainEqual(expect.stringContaining('--quota-code L-1216C47A'));
    expect(r.calls).toContainEqual(expect.stringContaining('--quota-code L-34B43A08'));
    expect(r.calls.every(c => c.includes(`--region ${platform.aws.region}`))).toBe(true);
  });

  test('names each missing prerequisite; empty or failing answers are failures, never passes', () => {
    const r = box.run(
      ['dev'],
      [
        'get-role --role-name platform-admin|absent',
        'describe-addon-versions --kubernetes-version 1.35 --addon-name coredns|out:v0.0.1-eksbuild.1',
        'describe-addon-versions --kubernetes-version 1.35 --addon-name kube-proxy|empty',
        'ssm get-parameter|empty',
        'L-1216C47A|out:8.0',
        'L-34B43A08|fail',
      ],
    );
    expect(r.status).toBe(1);
    const missing = lines(r.stdout, 'MISSING');
    expect(missing).toEqual([
      expect.stringContaining('admin arn:aws:iam::123456789012:role/platform-admin does not exist'),
      expect.stringMatching(/add-on kube-proxy: describe-addon-versions for Kubernetes 1\.35 failed: \(empty answer\)/),
      expect.stringMatching(
        new RegExp(
          `add-on coredns ${pinned.coredns} is not offered for Kubernetes 1\\.35 \\(offered: ` +
            `v0\\.0\\.1-eksbuild\\.1\\)`,
        ),
      ),
      expect.stringContaining('Karpenter AMI alias does not resolve'),
      expect.stringMatching(/vCPU quota L-1216C47A .* is 8\.0, the platform needs 32/),
      expect.stringMatching(/vCPU quota L-34B43A08 .*: could not read it \(An error occurred \(AccessDenied\)/),
    ]);
    expect(r.stdout).toContain(`preflight of dev: ${missing.length} problem(s)`);
  });

  test('an add-on configuration key the pinned version does not declare is named', () => {
    const facts = preflightFacts(platform, ENVIRONMENTS, dev);
    const ebs = facts.addons.find(a => a.name === 'aws-ebs-csi-driver')!;
    expect(ebs.configKeys).toContain('node.reservedVolumeAttachments');
    const without = schemaOf(ebs.configKeys.filter(k => k !== 'node.reservedVolumeAttachments'));
    const r = box.run(
      ['dev'],
      [`describe-addon-configuration --addon-name aws-ebs-csi-driver|out:${JSON.stringify(without)}`],
    );
    expect(r.status).toBe(1);
    expect(lines(r.stdout, 'MISSING')).toEqual([
      `MISSING  add-on aws-ebs-csi-driver ${ebs.version}: its configuration schema has no ` +
        `node.reservedVolumeAttachments (modules/cluster/managed-addons.ts)`,
    ]);
    for (const a of facts.addons.filter(x => x.configKeys.length > 0 && x.name !== 'aws-ebs-csi-driver')) {
      expect(r.stdout).toContain(`ok       add-on ${a.name} ${a.version} accepts its configuration keys`);
    }
  });

  test('wrong credentials and an unreadable admin are failures', () => {
    const r = box.run(
      ['dev'],
      ['sts get-caller-identity|out:999999999999', 'get-role --role-name platform-admin|fail'],
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      'MISSING  credentials are for account 999999999999, not the platform account 123456789012',
    );
    expect(r.stdout).toMatch(
      joinedRegExp(
        /MISSING {2}admin arn:aws:iam::123456789012:role\/platform-admin: could not check \(An error occurred /,
        /\(AccessDenied\)/,
      ),
    );
  });

  test('first apply: an existing GitHub OIDC provider or Spot role must be imported, not created', () => {
    const r = box.run(
      ['dev'],
      [
        'get-open-id-connect-provider|out:token.actions.githubusercontent.com',
        'AWSServiceRoleForEC2Spot|out:arn:aws:iam::123456789012:role/aws-service-role/spot.amazonaws.com/' +
          'AWSServiceRoleForEC2Spot',
      ],
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      joinedRegExp(
        /ACTION {3}GitHub OIDC provider /,
        /arn:aws:iam::123456789012:oidc-provider\/token\.actions\.githubusercontent\.com already exists /,
        /.*import it into the shared stack/,
      ),
    );
    expect(r.stdout).toMatch(
      joinedRegExp(
        /ACTION {3}EC2 Spot service-linked role AWSServiceRoleForEC2Spot already exists: import it /,
        /.*createSpotServiceLinkedRole: false/,
      ),
    );
  });

  test('upgrade: both must exist; missing ones are named, and a failing check is not read as absent', () => {
    const missing = box.run(['dev', '--upgrade']);
    expect(missing.status).toBe(1);
    expect(missing.stdout).toContain(
      'MISSING  GitHub OIDC provider arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com ' +
        'does not exist',
    );
    expect(missing.stdout).toMatch(
      /MISSING {2}EC2 Spot service-linked role AWSServiceRoleForEC2Spot does not exist: EC2 launches no spot instance/,
    );
    const unknown = box.run(['dev'], ['get-open-id-connect-provider|fail', 'AWSServiceRoleForEC2Spot|fail']);
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toMatch(/MISSING {2}GitHub OIDC provider: could not check/);
    expect(unknown.stdout).toMatch(/MISSING {2}EC2 Spot service-linked role: could not check/);
  });

  describe('first-apply prerequisites of the addons layer', () => {
    const zone = prod.ingress.domain!.zoneName;
    const grafana = platformSecretNames(prod).grafanaAdmin!;
    const TAB = '\t';

    test('success: the public hosted zone and the secrets with a value pass; the values are never read', () => {
      const r = box.run(['prod']);
      expect(r.status).toBe(0);
      expect(lines(r.stdout, 'MISSING')).toEqual([]);
      // exact name with the trailing dot, the first zone from it (Route 53 sorts by name)
      const lookup = `route53 list-hosted-zones-by-name --dns-name ${zone}. --max-items 1 `;
      expect(r.calls).toContainEqual(expect.stringContaining(lookup));
      expect(r.stdout).toContain(`ok       Route 53 hosted zone ${zone} exists and is public`);
      expect(r.calls).toContainEqual(expect.stringContaining(`secretsmanager describe-secret --secret-id ${grafana} `));
      expect(r.stdout).toContain(`ok       secret ${grafana} (Grafana's admin login) has a value`);
      for (const call of r.calls) expect(call).toMatch(READ_ONLY_CALL);
      expect(r.calls.filter(c => c.includes('get-secret-value'))).toEqual([]);
    });

    test('an environment without a domain looks no zone up; its Grafana secret is still checked', () => {
      const r = box.run(['dev']);
      expect(dev.ingress.domain).toBeUndefined();
      expect(r.calls.filter(c => c.includes('route53'))).toEqual([]);
      const grafanaDev = platformSecretNames(dev).grafanaAdmin!;
      expect(r.calls).toContainEqual(expect.stringContaining(`describe-secret --secret-id ${grafanaDev} `));
    });

    // list-hosted-zones-by-name answers the zones from --dns-name on: a missing zone shows as the next one, or none
    test.each([
      [
        'absent (the next zone answers)',
        `out:${zone}.example.org.${TAB}False`,
        `Route 53 hosted zone ${zone} does not exist`,
      ],
      ['absent (no zone after it)', 'empty', `Route 53 hosted zone ${zone} does not exist`],
      ['private', `out:${zone}.${TAB}True`, `Route 53 hosted zone ${zone} is private: ACM DNS validation`],
      ['unreadable', 'fail', `Route 53 hosted zone ${zone}: could not check (An error occurred (AccessDenied)`],
    ])('hosted zone %s: named, with its fix', (_, action, message) => {
      const r = box.run(['prod'], [`list-hosted-zones-by-name|${action}`]);
      expect(r.status).toBe(1);
      const missing = lines(r.stdout, 'MISSING');
      expect(missing).toEqual([expect.stringContaining(message)]);
      const fix = `create or delegate a public hosted zone ${zone}, or change ingress.domain.zoneName of prod`;
      if (action !== 'fail') expect(missing[0]).toContain(fix);
      expect(r.stdout).toContain('preflight of prod: 1 problem(s)');
    });

    test.each([
      ['does not exist', 'error:ResourceNotFoundException', ' does not exist: apply the shared stack first'],
      // shared creates the container with no version: describe-secret has no VersionIdsToStages
      ['has no value', `out:${grafana}${TAB}`, ' has no value (no version staged AWSCURRENT)'],
      ['has only a pending version', `out:${grafana}${TAB}AWSPENDING`, ' has no value (no version staged AWSCURRENT)'],
      ['answers nothing', 'empty', ': could not check ((empty answer))'],
      ['is unreadable', 'fail', ': could not check (An error occurred (AccessDenied)'],
    ])('the Grafana secret %s: named, never passed', (_, action, message) => {
      const r = box.run(['prod'], [`describe-secret --secret-id ${grafana}|${action}`]);
      expect(r.status).toBe(1);
      const expected = `MISSING  secret ${grafana} (Grafana's admin login)${message}`;
      expect(lines(r.stdout, 'MISSING')).toEqual([expect.stringContaining(expected)]);
    });

    test('a secret without a value: the put-secret-value command, a placeholder of the shape Grafana reads', () => {
      const r = box.run(['dev'], [`describe-secret|out:${platformSecretNames(dev).grafanaAdmin}${TAB}`]);
      expect(r.status).toBe(1);
      const [line] = lines(r.stdout, 'MISSING');
      const command = line.slice(line.indexOf('aws secretsmanager put-secret-value'));
      expect(command).toBe(
        `aws secretsmanager put-secret-value --secret-id ${platformSecretNames(dev).grafanaAdmin} ` +
          `--secret-string '{"username":"admin","password":"<a long random password>"}'`,
      );
      // the keys External Secrets maps into Grafana's admin Secret (modules/observability/observability.ts)
      const value = JSON.parse(/--secret-string '(.*)'$/.exec(command)![1]) as Record<string, string>;
      expect(Object.keys(value).sort()).toEqual(['password', 'username']);
    });

    test('facts: the zone only with a domain, Grafana only with observability, the webhook when configured', () => {
      const webhook = 'dev/platform/alert-webhook';
      const withWebhook = { ...dev, observability: { ...dev.observability, alertWebhookSecret: webhook } };
      const secrets = (env: typeof dev) => preflightFacts(platform, ENVIRONMENTS, env).platformSecrets.map(x => x.name);
      expect(secrets(dev)).toEqual(['dev/platform/grafana-admin']);
      expect(secrets(withWebhook)).toEqual(['dev/platform/grafana-admin', webhook]);
      expect(secrets({ ...withWebhook, observability: { ...withWebhook.observability, enabled: false } })).toEqual([]);
      expect(preflightFacts(platform, ENVIRONMENTS, dev).hostedZone).toBeUndefined();
      const rendered = renderFactLines(preflightFacts(platform, ENVIRONMENTS, withWebhook)).split('\n');
      const webhookLine = ['secret', webhook, 'the alert webhook URL', 'https://hooks.example.com/<your webhook>'];
      expect(rendered).toContain(webhookLine.join(TAB));
      expect(renderFactLines(preflightFacts(platform, ENVIRONMENTS, prod)).split('\n')).toContain(`zone${TAB}${zone}`);
    });
  });

  test('usage errors exit 2 before any AWS call', () => {
    for (const args of [[], ['--bogus', 'dev'], ['staging'], ['dev', 'prod']]) {
      const r = box.run(args);
      expect({ args, status: r.status }).toEqual({ args, status: 2 });
      expect(r.calls).toEqual([]);
    }
    const help = box.run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: scripts\/preflight\.sh <env> \[--upgrade\]/);
  });
});
