import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';

const ROOT = join(__dirname, '..');
const LIFT = 'aws eks update-cluster-config --name myapp-prod --region us-east-1 --no-deletion-protection';

/**
 * scripts/destroy.sh against stub terraform, kubectl and aws. `live` is what the stub EKS answers for the cluster's
 * `deletionProtection` (describe-cluster --query cluster.deletionProtection --output text prints True or False).
 */
function destroyProd(options: { synthesized: boolean; live?: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'destroy-protection-'));
  const bin = join(dir, 'bin');
  const out = join(dir, 'cdktf.out');
  const log = join(dir, 'calls.log');
  mkdirSync(bin);
  writeFileSync(log, '');
  const stub = (name: string, body = '') =>
    writeFileSync(join(bin, name), `#!/usr/bin/env bash\necho "${name} $*" >> "$STUB_LOG"\n${body}\n`, { mode: 0o755 });
  for (const name of ['terraform', 'npx', 'kubectl', 'curl']) stub(name);
  stub(
    'aws',
    options.live === undefined ? 'exit 254' : `case "$*" in *describe-cluster*) echo "${options.live}" ;; esac`,
  );
  for (const stack of ['prod-vpc', 'prod-eks', 'prod-addons'])
    mkdirSync(join(out, 'stacks', stack), { recursive: true });
  writeFileSync(
    join(out, 'stacks', 'prod-eks', 'cdk.tf.json'),
    JSON.stringify({
      provider: { aws: [{ region: 'us-east-1' }] },
      resource: { aws_eks_cluster: { cluster_1: { name: 'myapp-prod', deletion_protection: options.synthesized } } },
    }),
  );
  const r = spawnSync(
    'bash',
    [join(ROOT, 'scripts/destroy.sh'), '--yes', '--skip-synth', '--skip-cluster-cleanup', 'prod'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      input: '',
      env: { PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: dir, STUB_LOG: log, CDKTF_OUT: out },
    },
  );
  return { ...r, calls: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

describe('destroy.sh and EKS deletion protection', () => {
  test('a protected cluster stops the destroy before anything is removed and prints the command that lifts it', () => {
    const r = destroyProd({ synthesized: true, live: 'True' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'destroy.sh: cluster myapp-prod has deletion protection; nothing was destroyed. Lift it with:',
    );
    expect(r.stderr).toContain(`  ${LIFT}\n`);
    expect(r.calls).toEqual([
      'aws eks describe-cluster --name myapp-prod --region us-east-1 --query cluster.deletionProtection --output text',
    ]);
  });

  test('once protection is lifted (EKS answers False) the destroy goes on', () => {
    const r = destroyProd({ synthesized: true, live: 'False' });
    expect(r.status).toBe(0);
    expect(r.calls.filter(c => c.includes(' destroy ')).map(c => /-chdir=\S+\/(\S+)/.exec(c)![1])).toEqual([
      'prod-addons',
      'prod-eks',
      'prod-vpc',
    ]);
  });

  test('a cluster that no longer exists (describe-cluster fails) does not block the destroy', () => {
    const r = destroyProd({ synthesized: true });
    expect(r.status).toBe(0);
    expect(r.calls.some(c => c.includes(' destroy '))).toBe(true);
  });

  test('a cluster synthesized without protection is not looked up', () => {
    const r = destroyProd({ synthesized: false, live: 'True' });
    expect(r.status).toBe(0);
    expect(r.calls.some(c => c.startsWith('aws'))).toBe(false);
  });
});
