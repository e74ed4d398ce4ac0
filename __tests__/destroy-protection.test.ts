import { scriptSandbox } from './script-sandbox';

const LIFT = 'aws eks update-cluster-config --name myapp-prod --region us-east-1 --no-deletion-protection';

/**
 * scripts/destroy.sh against stub terraform, kubectl and aws. `live` is what the stub EKS answers for the cluster's
 * `deletionProtection` (describe-cluster --query cluster.deletionProtection --output text prints True or False).
 */
function destroyProd(options: { synthesized: boolean; live?: string }) {
  const box = scriptSandbox({ prefix: 'destroy-protection-' });
  for (const name of ['terraform', 'npx', 'kubectl', 'curl']) box.stub(name);
  box.stub(
    'aws',
    options.live === undefined ? 'exit 254' : `case "$*" in *describe-cluster*) echo "${options.live}" ;; esac`,
  );
  box.stack('prod-vpc');
  box.stack('prod-addons');
  box.stack('prod-eks', {
    provider: { aws: [{ region: 'us-east-1' }] },
    resource: { aws_eks_cluster: { cluster_1: { name: 'myapp-prod', deletion_protection: options.synthesized } } },
  });
  const r = box.run('scripts/destroy.sh', ['--yes', '--skip-synth', '--skip-cluster-cleanup', 'prod']);
  return { ...r, calls: box.calls() };
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
