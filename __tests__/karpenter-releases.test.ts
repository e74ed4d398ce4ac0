import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { realStack, resources } from './read-helpers';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS: destroy.sh runs it with node
const { karpenterReleases, releaseLines, NODE_POOLS_RELEASE } = require('../scripts/karpenter-releases.cjs') as {
  karpenterReleases: (stack: unknown) => Array<{ namespace: string; name: string }>;
  releaseLines: (stackFile: string) => string;
  NODE_POOLS_RELEASE: string;
};

/**
 * Which Helm releases destroy.sh uninstalls while the Karpenter nodes still exist, and in what order
 * (scripts/karpenter-releases.cjs, in-process). Terraform's `depends_on` is the dependency graph
 * (https://developer.hashicorp.com/terraform/language/meta-arguments/depends_on); Helm uninstalls one release at a
 * time, so a release must go before every release it depends on, directly or not.
 */

interface Release {
  readonly name: string;
  readonly namespace?: string;
  readonly dependsOn?: readonly string[];
}
/** A synthesized addons stack with these helm_release resources (keyed by their Terraform id). */
const stackOf = (releases: Record<string, Release>) => ({
  resource: {
    helm_release: Object.fromEntries(
      Object.entries(releases).map(([id, r]) => [
        id,
        { name: r.name, namespace: r.namespace ?? 'kube-system', ...(r.dependsOn ? { depends_on: r.dependsOn } : {}) },
      ]),
    ),
  },
});
const pools: Release = { name: NODE_POOLS_RELEASE, dependsOn: ['aws_eks_access_entry.node'] };
const names = (stack: unknown) => karpenterReleases(stack).map(r => r.name);

/** Every Terraform id a helm_release of `stack` depends on, directly or through other releases. */
function dependencies(stack: ReturnType<typeof stackOf>, id: string, seen = new Set<string>()): Set<string> {
  const release = (stack.resource.helm_release as Record<string, { depends_on?: string[] }>)[id];
  for (const dep of release?.depends_on ?? []) {
    const depId = dep.replace(/^helm_release\./, '');
    if (dep.startsWith('helm_release.') && !seen.has(depId)) {
      seen.add(depId);
      dependencies(stack, depId, seen);
    }
  }
  return seen;
}
/** The pairs [release, dependency] that the listed order uninstalls the wrong way round (dependency first). */
function dependencyFirst(stack: ReturnType<typeof stackOf>): string[][] {
  const idOf = (name: string) =>
    Object.entries(stack.resource.helm_release).find(([, r]) => (r as { name: string }).name === name)![0];
  const listed = names(stack).map(idOf);
  return listed.flatMap((id, i) =>
    listed
      .slice(0, i)
      .filter(earlier => dependencies(stack, id).has(earlier))
      .map(d => [id, d]),
  );
}

describe('the releases on Karpenter capacity are those that depend on the NodePool release, directly or not', () => {
  test('of the synthesized dev-addons, dependents first', () => {
    const stack = realStack('dev-addons');
    const listed = karpenterReleases(stack);
    expect(new Set(listed.map(r => r.name)).size).toBe(listed.length);
    expect(listed.map(r => r.name).sort()).toEqual([
      'alloy',
      'argocd',
      'argocd-apps',
      'external-secrets',
      'external-secrets-store',
      'ingress-alb',
      'ingress-nginx',
      'kube-prometheus-stack',
      'loki',
      'monitoring-secrets',
    ]);
    // each is listed with the namespace Helm knows it by (destroy.sh runs `helm uninstall -n <namespace> <name>`)
    const synthesized = Object.values(resources(stack, 'helm_release'));
    for (const r of listed)
      expect(synthesized.filter(s => s.name === r.name).map(s => s.namespace)).toEqual([r.namespace]);
    expect(dependencyFirst(stack as never)).toEqual([]);
  });

  const stack = stackOf({
    pool: { ...pools, dependsOn: ['helm_release.controller', 'aws_eks_access_entry.node'] },
    controller: { name: 'karpenter', dependsOn: ['time_sleep.identity'] },
    crds: { name: 'crds' },
    direct: { name: 'direct', namespace: 'apps', dependsOn: ['helm_release.pool', 'helm_release.crds'] },
    'through-direct': { name: 'through-direct', dependsOn: ['aws_iam_role.x', 'helm_release.direct'] },
    'through-two': { name: 'through-two', dependsOn: ['helm_release.crds', 'helm_release.through-direct'] },
    system: { name: 'system', dependsOn: ['helm_release.crds', 'time_sleep.identity'] },
    'on-system': { name: 'on-system', dependsOn: ['helm_release.system'] },
    'only-other-resources': { name: 'only-other-resources', dependsOn: ['aws_iam_role.pool'] },
  });

  test.each([
    ['the NodePool release itself', 'karpenter-nodepools', false],
    ['a release the NodePools depend on', 'karpenter', false],
    ['a release without depends_on', 'crds', false],
    ['a direct dependent', 'direct', true],
    ['a dependent through one release', 'through-direct', true],
    ['a dependent through two releases', 'through-two', true],
    ['a release pinned to the system nodes', 'system', false],
    ['a dependent of a system release only', 'on-system', false],
    ['a release depending on other resource types only', 'only-other-resources', false],
  ])('%s (%s): listed %s', (_, name, listed) => expect(names(stack).includes(name)).toBe(listed));

  test('each release with its own namespace', () => {
    expect(karpenterReleases(stack).find(r => r.name === 'direct')).toEqual({ namespace: 'apps', name: 'direct' });
  });
});

describe('the order uninstalls a release before every release it depends on', () => {
  test('a chain listed dependency first is reversed', () => {
    const chain = stackOf({
      a: { name: 'a', dependsOn: ['helm_release.pool'] },
      b: { name: 'b', dependsOn: ['helm_release.a'] },
      c: { name: 'c', dependsOn: ['helm_release.b'] },
      pool: pools,
    });
    expect(names(chain)).toEqual(['c', 'b', 'a']);
  });

  test('a diamond: the release on top first, the shared dependency last, each once', () => {
    const diamond = stackOf({
      pool: pools,
      base: { name: 'base', dependsOn: ['helm_release.pool'] },
      left: { name: 'left', dependsOn: ['helm_release.base'] },
      right: { name: 'right', dependsOn: ['helm_release.base', 'helm_release.pool'] },
      top: { name: 'top', dependsOn: ['helm_release.right', 'helm_release.left'] },
      alone: { name: 'alone', dependsOn: ['helm_release.pool'] },
    });
    const listed = names(diamond);
    expect([...listed].sort()).toEqual(['alone', 'base', 'left', 'right', 'top']);
    expect(listed.indexOf('top')).toBe(0);
    expect(listed.indexOf('base')).toBeGreaterThan(Math.max(listed.indexOf('left'), listed.indexOf('right')));
    expect(dependencyFirst(diamond)).toEqual([]);
  });
});

describe('a stack it cannot read fails destroy.sh rather than uninstall nothing', () => {
  test.each([
    ['no NodePool release', { resource: { helm_release: { a: { name: 'a' } } } }, 'found 0'],
    ['no helm_release at all', { resource: { aws_iam_role: {} } }, 'found 0'],
    ['no resource at all', {}, 'found 0'],
    ['two NodePool releases', stackOf({ p1: pools, p2: pools }), 'found 2'],
  ])('%s', (_, stack, found) => {
    expect(() => karpenterReleases(stack)).toThrow(`expected one helm_release named karpenter-nodepools, ${found}`);
  });

  test('a depends_on cycle (Terraform refuses to plan one) ends instead of recursing forever', () => {
    const cyclic = stackOf({
      pool: pools,
      x: { name: 'x', dependsOn: ['helm_release.y'] },
      y: { name: 'y', dependsOn: ['helm_release.x'] },
      z: { name: 'z', dependsOn: ['helm_release.pool'] },
    });
    expect(names(cyclic)).toEqual(['z']);
  });
});

test('destroy.sh reads one release a line, namespace then name (`while read -r ns name`), in uninstall order', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'karpenter-releases-')), 'cdk.tf.json');
  writeFileSync(
    file,
    JSON.stringify(
      stackOf({
        pool: pools,
        store: { name: 'store', namespace: 'external-secrets', dependsOn: ['helm_release.operator'] },
        operator: { name: 'operator', namespace: 'external-secrets', dependsOn: ['helm_release.pool'] },
      }),
    ),
  );
  const text = releaseLines(file);
  expect(text.endsWith('\n')).toBe(true);
  // bash's read splits each line on IFS whitespace: the first word, then the rest
  const read = text
    .split('\n')
    .filter(Boolean)
    .map(line => /^(\S+)\s+(.*)$/.exec(line)!.slice(1));
  expect(read).toEqual([
    ['external-secrets', 'store'],
    ['external-secrets', 'operator'],
  ]);
});
