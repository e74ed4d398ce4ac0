import { spawnSync } from 'child_process';
import { existsSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { STACKS_IN_DEPLOY_ORDER } from './deploy-order';
import { ROOT, scriptSandbox } from './script-sandbox';

const SCRIPTS = ['scripts/deploy.sh', 'scripts/destroy.sh'];
const STUBBED = ['terraform', 'npx', 'npm', 'kubectl', 'aws', 'curl', 'wget'];

/** Stubs that record every call in the log instead of reaching Terraform, AWS or a cluster. */
function sandbox(options: { stubNode?: boolean; aws?: string } = {}) {
  const box = scriptSandbox({ prefix: 'scripts-test-', node: !options.stubNode });
  for (const name of STUBBED) box.stub(name);
  // terraform: fails when "terraform <args>" contains $FAIL_MATCH; `show -json` prints an empty plan
  box.stub(
    'terraform',
    [
      'if [ -n "${FAIL_MATCH:-}" ] && [[ "terraform $*" == *"$FAIL_MATCH"* ]]; then echo "Error: stubbed failure" ' +
        '>&2; exit 1; fi',
      'case " $* " in *" show "*) echo \'{"format_version":"1.2","resource_changes":[]}\' ;; esac',
    ].join('\n'),
  );
  box.stub(
    'kubectl',
    ['case "$*" in', '  "get ingress"*) echo "apps myapp" ;;', '  "get svc"*) echo "" ;;', 'esac'].join('\n'),
  );
  if (options.aws !== undefined) box.stub('aws', options.aws);
  if (options.stubNode) box.stub('node');
  for (const stack of ['state-backend', 'shared', 'prod-vpc', 'prod-eks', 'prod-addons', 'dev-vpc']) box.stack(stack);
  box.stack('dev-eks', {
    provider: { aws: [{ region: 'us-east-1' }] },
    resource: { aws_eks_cluster: { cluster_1: { name: 'myapp-dev' } } },
  });
  box.stack('dev-addons', {
    resource: { helm_release: { crd: { name: 'karpenter-crd', namespace: 'addon-releases' } } },
  });
  return { run: box.run, calls: box.stackCalls, out: box.out };
}

describe.each(SCRIPTS)('%s', script => {
  test('is valid bash (bash -n)', () => {
    const r = spawnSync('bash', ['-n', join(ROOT, script)], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('--help prints usage and runs nothing (no node, terraform, AWS or network call)', () => {
    const box = sandbox({ stubNode: true });
    const r = box.run(script, ['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: scripts\/(deploy|destroy)\.sh/);
    expect(box.calls()).toEqual([]);
  });

  test('fails with usage on an unknown option, before running anything', () => {
    const box = sandbox({ stubNode: true });
    const r = box.run(script, ['--bogus', 'dev']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown option --bogus');
    expect(r.stderr).toContain('usage:');
    expect(box.calls()).toEqual([]);
  });

  test('fails with usage without a target', () => {
    const r = sandbox({ stubNode: true }).run(script, []);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage:');
  });
});

describe('deploy.sh', () => {
  test('fails with usage on an unknown target, naming the known stacks', () => {
    const box = sandbox();
    const r = box.run('scripts/deploy.sh', ['--plan', 'staging']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      "unknown target 'staging' (expected all, an environment, or one of: state-backend shared dev-vpc",
    );
    expect(box.calls()).toEqual([]);
  });

  test('synthesizes once, then plans the stacks in deploy order whatever the argument order', () => {
    const box = sandbox();
    const r = box.run('scripts/deploy.sh', ['--plan', 'dev', 'shared']);
    expect(r.status).toBe(0);
    const calls = box.calls();
    expect(calls.filter(c => c.startsWith('npx'))).toEqual(['npx cdktf synth']);
    expect(calls[0]).toBe('npx cdktf synth');
    expect(calls.filter(c => c.startsWith('terraform')).map(c => c.split(' ').slice(1, 3).join(' '))).toEqual([
      '-chdir=shared init',
      '-chdir=shared plan',
      '-chdir=dev-vpc init',
      '-chdir=dev-vpc plan',
      '-chdir=dev-eks init',
      '-chdir=dev-eks plan',
      '-chdir=dev-addons init',
      '-chdir=dev-addons plan',
    ]);
    expect(calls.some(c => c.includes(' apply'))).toBe(false);
  });

  test('all is shared and every environment; state-backend only when asked', () => {
    const stacksOf = (args: string[]) => {
      const box = sandbox();
      expect(box.run('scripts/deploy.sh', ['--plan', '--skip-synth', ...args]).status).toBe(0);
      return [
        ...new Set(
          box
            .calls()
            .map(c => /-chdir=(\S+)/.exec(c)?.[1])
            .filter(Boolean),
        ),
      ];
    };
    expect(stacksOf(['all'])).toEqual(STACKS_IN_DEPLOY_ORDER);
    expect(stacksOf(['all', '--with-state-backend'])[0]).toBe('state-backend');
    expect(stacksOf(['prod-eks'])).toEqual(['prod-eks']);
  });

  test('applies the saved plan of each stack', () => {
    const box = sandbox();
    expect(box.run('scripts/deploy.sh', ['--skip-synth', 'dev-eks']).status).toBe(0);
    const kubeconfig = /--kubeconfig (\S+)/.exec(box.calls()[1])?.[1];
    expect(box.calls()).toEqual([
      // an existing cluster with no Helm state left to move (scripts/move-helm-state.sh): see move-helm-state.test
      'aws eks describe-cluster --name myapp-dev --region us-east-1 --query cluster.status --output text',
      `aws eks update-kubeconfig --name myapp-dev --region us-east-1 --kubeconfig ${kubeconfig}`,
      'kubectl get secrets -A -l owner=helm -o ' +
        'jsonpath={range .items[*]}{.metadata.namespace}{" "}{.metadata.labels.name}{"\\n"}{end}',
      'terraform -chdir=dev-eks init -input=false',
      'terraform -chdir=dev-eks plan -input=false -lock-timeout=10m -out=tfplan',
      'terraform -chdir=dev-eks apply -input=false -lock-timeout=10m tfplan',
    ]);
  });

  test('fails at the first failing stack, names it, and deploys nothing after it', () => {
    const box = sandbox();
    const r = box.run('scripts/deploy.sh', ['--skip-synth', 'dev'], { FAIL_MATCH: 'dev-eks apply' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('deploy.sh: FAILED at stack dev-eks');
    expect(box.calls().some(c => c.includes('dev-addons'))).toBe(false);
    expect(box.calls()).toContain('terraform -chdir=dev-vpc apply -input=false -lock-timeout=10m tfplan');
  });

  test('--plan-out writes a JSON plan per stack, an .error for a failed one, and goes on', () => {
    const box = sandbox();
    const dir = join(box.out, 'plans');
    const r = box.run('scripts/deploy.sh', ['--plan', '--plan-out', dir, '--no-lock', '--skip-synth', 'dev'], {
      FAIL_MATCH: 'dev-eks plan',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('plan failed for: dev-eks');
    expect(JSON.parse(readFileSync(join(dir, 'dev-vpc.json'), 'utf8'))).toEqual({
      format_version: '1.2',
      resource_changes: [],
    });
    expect(readFileSync(join(dir, 'dev-eks.error'), 'utf8')).toContain('Error: stubbed failure');
    expect(existsSync(join(dir, 'dev-addons.json'))).toBe(true);
    // a successful plan leaves no .error beside its .json (the report would show it as failed)
    expect(['dev-vpc', 'dev-addons'].filter(s => existsSync(join(dir, `${s}.error`)))).toEqual([]);
    expect(box.calls()).toContain('terraform -chdir=dev-vpc plan -input=false -lock=false -out=tfplan');
  });
});

describe('destroy.sh', () => {
  test('refuses to go on without a terminal or --yes, and runs nothing', () => {
    const box = sandbox();
    const r = box.run('scripts/destroy.sh', ['dev']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('pass --yes');
    expect(box.calls()).toEqual([]);
  });

  test('fails with usage on an unknown environment', () => {
    const r = sandbox().run('scripts/destroy.sh', ['--yes', 'staging']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown environment 'staging'");
  });

  // the cleanup inside the cluster (ExternalSecrets, releases, volumes, load balancers, nodes) is tested in
  // destroy.test.ts against a model of the environment
  test('shared and state-backend only with their flags, after the environment', () => {
    const box = sandbox();
    expect(
      box.run('scripts/destroy.sh', ['--yes', '--skip-synth', '--skip-cluster-cleanup', '--include-shared', 'prod'])
        .status,
    ).toBe(0);
    expect(
      box
        .calls()
        .filter(c => c.includes(' destroy '))
        .map(c => /-chdir=(\S+)/.exec(c)![1]),
    ).toEqual(['prod-addons', 'prod-eks', 'prod-vpc', 'shared']);
    // a destroy waits for a lock a concurrent run holds instead of failing at once
    for (const c of box.calls().filter(x => x.includes(' destroy ')))
      expect(c).toMatch(/ destroy -input=false -auto-approve -lock-timeout=10m$/);
    expect(box.calls().some(c => c.startsWith('kubectl') || c.startsWith('aws'))).toBe(false);
  });

  test('stops at a failed destroy, naming the stack', () => {
    const box = sandbox();
    const r = box.run('scripts/destroy.sh', ['--yes', '--skip-synth', '--skip-cluster-cleanup', 'dev'], {
      FAIL_MATCH: 'dev-eks destroy',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('destroy.sh: FAILED at stack dev-eks');
    expect(box.calls().some(c => c.includes('dev-vpc'))).toBe(false);
  });
});

describe.each(['scripts/destroy.sh', 'scripts/smoke.sh'])(
  '%s takes its common arguments from scripts/lib/env-args.sh',
  script => {
    const name = script.split('/')[1];
    test.each([
      [['--timeout', 'soon', 'dev'], '--timeout needs a number of seconds'],
      [['--timeout'], '--timeout needs a number of seconds'],
      [['dev', 'prod'], "one environment at a time (got 'dev' and 'prod')"],
      [['--skip-synth'], 'no environment given'],
      [['--bogus', 'dev'], 'unknown option --bogus'],
    ])('%j is a usage error before anything runs', (args, message) => {
      const box = sandbox({ stubNode: true });
      const r = box.run(script, args);
      expect(r.status).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(`${name}: ${message}`);
      expect(r.stderr).toContain(`usage: scripts/${name} [options] <env>`);
      expect(box.calls()).toEqual([]);
    });
  },
);

test('the scripts are executable', () => {
  for (const script of SCRIPTS) expect(statSync(join(ROOT, script)).mode & 0o111).toBe(0o111);
});
