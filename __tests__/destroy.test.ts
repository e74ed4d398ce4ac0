import { SpawnSyncReturns } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { realStack, resources, startStubServer, stopStubServers, STUB_CLIENT } from './read-helpers';
import { scriptSandbox } from './script-sandbox';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS: destroy.sh runs it with node
const { karpenterReleases } = require('../scripts/karpenter-releases.cjs') as {
  karpenterReleases: (stack: unknown) => Array<{ namespace: string; name: string }>;
};

const WORLD_STUB = join(__dirname, 'fixtures', 'destroy-world.cjs');
const LB_APP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/k8s-dev-myapp/1';
const LB_ALB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/k8s-ingress-alb/2';

interface World {
  cluster: boolean;
  failEksOnce: boolean;
  crds: string[];
  releases: Record<string, string>;
  externalSecrets: Array<{ namespace: string; name: string }>;
  argoObjects: string[];
  appNamespaces: string[];
  ingresses: Array<{ namespace: string; name: string; alb: boolean; loadBalancer: string; release?: string }>;
  pvcs: Array<{ namespace: string; name: string; volume: string; release?: string }>;
  pvs: string[];
  loadBalancers: string[];
  otherClusterLoadBalancer: string;
  nodePools: boolean;
  nodes: string[];
  drainPolls: number;
  states: Record<string, boolean>;
}

/** A running dev environment: every release of the synthesized dev-addons stack installed, apps with data. */
function runningWorld(): World {
  const releases = Object.fromEntries(
    Object.values(resources(realStack('dev-addons'), 'helm_release')).map(r => [r.name, r.namespace]),
  );
  return {
    cluster: true,
    failEksOnce: false,
    crds: ['externalsecrets.external-secrets.io', 'applicationsets.argoproj.io', 'nodepools.karpenter.sh'],
    releases: releases as Record<string, string>,
    externalSecrets: [
      { namespace: 'dev', name: 'myapp-database' },
      { namespace: 'staging', name: 'myapp-database' },
    ],
    argoObjects: ['applicationsets.argoproj.io', 'applications.argoproj.io'],
    appNamespaces: ['dev', 'staging'],
    ingresses: [
      { namespace: 'dev', name: 'myapp', alb: true, loadBalancer: LB_APP },
      { namespace: 'ingress-nginx', name: 'ingress-alb', alb: true, loadBalancer: LB_ALB, release: 'ingress-alb' },
    ],
    pvcs: [
      { namespace: 'dev', name: 'myapp-data', volume: 'pvc-dev' },
      { namespace: 'argocd', name: 'redis-data', volume: 'pvc-redis', release: 'argocd' },
      { namespace: 'tools', name: 'scratch', volume: 'pvc-tools' },
    ],
    pvs: ['pvc-dev', 'pvc-redis', 'pvc-tools'],
    loadBalancers: [LB_APP, LB_ALB],
    otherClusterLoadBalancer: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/other-cluster/3',
    nodePools: true,
    nodes: ['default-x7k2p'],
    drainPolls: 0,
    states: { 'dev-addons': true, 'dev-eks': true, 'dev-vpc': true },
  };
}

/** aws, kubectl, helm and terraform on PATH are the world stub; the synthesized dev stacks are the real ones. */
function sandbox(world: World) {
  const box = scriptSandbox({ prefix: 'destroy-test-' });
  const worldFile = join(box.dir, 'world.json');
  writeFileSync(worldFile, JSON.stringify(world));
  // aws, kubectl, helm and terraform answered by one process running the stub (fixtures/stub-server.cjs)
  Object.assign(box.env, { WORLD: worldFile, DESTROY_POLL_SECONDS: '0', ...startStubServer(WORLD_STUB, box.dir) });
  for (const tool of ['aws', 'kubectl', 'helm', 'terraform']) box.stubFrom(tool, STUB_CLIENT);
  box.stub('npx');
  for (const stack of ['dev-vpc', 'dev-eks', 'dev-addons']) box.stack(stack, realStack(stack));
  const run = (args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> =>
    box.run('scripts/destroy.sh', ['--yes', '--skip-synth', ...args], env);
  const state = () => JSON.parse(readFileSync(worldFile, 'utf8')) as World;
  /** One call of a stubbed tool, as destroy.sh would make it. */
  const tool = (name: string, args: string[]) => box.tool(name, args);
  return { run, calls: box.stackCalls, state, tool };
}

afterAll(stopStubServers);

const destroys = (calls: string[]) =>
  calls.filter(c => /^terraform \S+ destroy/.test(c)).map(c => /-chdir=(\S+)/.exec(c)![1]);

function indexOf(calls: string[], prefix: string): number {
  const i = calls.findIndex(c => c.startsWith(prefix));
  if (i < 0) throw new Error(`no call starting with "${prefix}" in:\n${calls.join('\n')}`);
  return i;
}

describe('destroy.sh against a modelled environment', () => {
  test('removes ExternalSecrets, apps, releases on Karpenter capacity, volumes, LBs, nodes, then the layers', () => {
    const box = sandbox(runningWorld());
    const r = box.run(['dev']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const calls = box.calls();
    const at = (prefix: string) => indexOf(calls, prefix);
    expect(at('aws eks describe-cluster --name myapp-dev --region us-east-1')).toBeLessThan(
      at('aws eks update-kubeconfig'),
    );
    // ExternalSecrets go first, while their controller still runs, before anything else is deleted
    expect(calls.findIndex(c => / delete | uninstall | destroy /.test(` ${c} `))).toBe(
      at('kubectl delete externalsecrets.external-secrets.io --all -A'),
    );
    expect(at('kubectl get externalsecrets.external-secrets.io -A')).toBeLessThan(
      at('kubectl delete applicationsets.argoproj.io'),
    );
    expect(at('kubectl delete applications.argoproj.io')).toBeLessThan(
      at('kubectl delete namespaces -l platform.eks/argocd-project'),
    );
    expect(at('kubectl delete namespaces')).toBeLessThan(at('helm uninstall'));
    const uninstalled = calls.filter(c => c.startsWith('helm uninstall')).map(c => c.split(' ')[2]);
    expect(uninstalled).toEqual(karpenterReleases(realStack('dev-addons')).map(r => r.name));
    expect(uninstalled).toEqual(expect.arrayContaining(['argocd', 'external-secrets-store', 'ingress-nginx', 'loki']));
    expect(at('helm uninstall ingress-nginx')).toBeLessThan(at('kubectl delete pvc --all -A'));
    expect(at('kubectl get pv')).toBeLessThan(at('aws elbv2 describe-load-balancers'));
    expect(at('aws elbv2 describe-load-balancers')).toBeLessThan(at('kubectl delete nodepools.karpenter.sh --all'));
    expect(at('kubectl delete nodepools.karpenter.sh')).toBeLessThan(at('kubectl get nodeclaims.karpenter.sh'));
    expect(calls.filter(c => c.startsWith('kubectl get nodeclaims')).length).toBe(2); // the nodes took one poll to go
    expect(calls.findIndex(c => c.startsWith('terraform'))).toBeGreaterThan(
      calls.map(c => c.startsWith('kubectl')).lastIndexOf(true),
    );
    expect(destroys(calls)).toEqual(['dev-addons', 'dev-eks', 'dev-vpc']);
    const after = box.state();
    expect([after.externalSecrets, after.pvs, after.loadBalancers, after.nodes, after.appNamespaces]).toEqual([
      [],
      [],
      [],
      [],
      [],
    ]);
    expect(after.cluster).toBe(false);
  });

  test.each([
    ['ExternalSecrets', 'externalsecrets', 'could not read ExternalSecrets'],
    ['load balancers', 'describe-load-balancers', 'could not read load balancers of myapp-dev'],
    ['NodeClaims', 'nodeclaims', 'could not read Karpenter nodes'],
    ['nodes', 'nodes', 'could not read Karpenter nodes'],
    ['PersistentVolumes', 'pv', 'could not read PersistentVolumes'],
    ['Helm records', 'helm-records', 'could not read the Helm releases of the cluster'],
    ['the cluster', 'describe-cluster', 'could not read whether cluster myapp-dev exists'],
  ])('a failing read of %s stops the script before any terraform destroy', (_what, failRead, message) => {
    const box = sandbox(runningWorld());
    const r = box.run(['dev'], { FAIL_READ: failRead });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`destroy.sh: ${message}`);
    expect(r.stderr).toContain('stopping, nothing more is destroyed');
    expect(destroys(box.calls())).toEqual([]);
    expect(box.state().states).toEqual({ 'dev-addons': true, 'dev-eks': true, 'dev-vpc': true });
  });

  test('a re-run after a partial destroy (cluster gone) needs no flag: no kubectl or helm, the layers left', () => {
    const box = sandbox({ ...runningWorld(), failEksOnce: true });
    const first = box.run(['dev']);
    expect(first.status).toBe(1);
    expect(first.stderr).toContain('destroy.sh: FAILED at stack dev-eks');
    expect(box.state()).toMatchObject({
      cluster: false,
      states: { 'dev-addons': false, 'dev-eks': true, 'dev-vpc': true },
    });

    const before = box.calls().length;
    const second = box.run(['dev']);
    expect(second.stderr).toBe('');
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('cluster myapp-dev (us-east-1) does not exist');
    const calls = box.calls().slice(before);
    expect(calls.filter(c => /^(kubectl|helm|aws eks update-kubeconfig)/.test(c))).toEqual([]);
    expect(destroys(calls)).toEqual(['dev-addons', 'dev-eks', 'dev-vpc']);
    expect(box.state().states).toEqual({ 'dev-addons': false, 'dev-eks': false, 'dev-vpc': false });
  });

  test('fails, naming what is left, when the load balancers outlive the timeout, and destroys nothing', () => {
    const world = runningWorld();
    const stuck = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/k8s-left/4';
    const box = sandbox({ ...world, loadBalancers: [...world.loadBalancers, stuck] });
    const r = box.run(['--timeout', '0', 'dev']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`still present after 0s: load balancers of myapp-dev: ${stuck}`);
    expect(destroys(box.calls())).toEqual([]);
    // only this cluster's load balancers count: the other cluster's is listed but not tagged for myapp-dev
    expect(box.calls().find(c => c.startsWith('aws elbv2 describe-tags'))).toContain(world.otherClusterLoadBalancer);
    expect(r.stderr).not.toContain('other-cluster');
  });

  describe('an environment whose Helm state scripts/move-helm-state.sh has not moved yet', () => {
    /** Where these releases kept their Helm state before addon-releases (the old layout). */
    const BEFORE_MOVE: Record<string, string> = {
      'ingress-nginx': 'ingress-nginx',
      'ingress-alb': 'ingress-nginx',
      'external-secrets': 'external-secrets',
      'external-secrets-store': 'external-secrets',
    };
    const notMovedWorld = (): World => {
      const world = runningWorld();
      for (const [name, ns] of Object.entries(BEFORE_MOVE)) {
        expect([name, world.releases[name]]).toEqual([name, 'addon-releases']); // the stack keeps them there now
        world.releases[name] = ns;
      }
      return world;
    };

    test('uninstalls each release where its records are, in the same order, and destroys the layers', () => {
      const box = sandbox(notMovedWorld());
      const r = box.run(['dev']);
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
      const uninstalls = box.calls().filter(c => c.startsWith('helm uninstall'));
      const listed = karpenterReleases(realStack('dev-addons'));
      expect(uninstalls.map(c => [c.split(' ')[2], /--namespace (\S+)/.exec(c)![1]])).toEqual(
        listed.map(l => [l.name, BEFORE_MOVE[l.name] ?? l.namespace]),
      );
      for (const name of Object.keys(BEFORE_MOVE)) expect(box.state().releases).not.toHaveProperty(name);
      // the store went while the webhook answered, before the NodePools
      expect(indexOf(box.calls(), 'helm uninstall external-secrets-store')).toBeLessThan(
        indexOf(box.calls(), 'kubectl delete nodepools.karpenter.sh'),
      );
      expect(r.stdout).toContain('external-secrets-store: Helm state still in external-secrets, not addon-releases');
      expect(destroys(box.calls())).toEqual(['dev-addons', 'dev-eks', 'dev-vpc']);
    });

    test('the model bites: helm uninstall --ignore-not-found in the listed namespace succeeds, removes nothing', () => {
      const box = sandbox(notMovedWorld());
      const uninstall = ['uninstall', 'external-secrets-store', '--namespace', 'addon-releases'];
      const r = box.tool('helm', [...uninstall, '--ignore-not-found']);
      expect(r.status).toBe(0);
      expect(box.state().releases['external-secrets-store']).toBe('external-secrets');
      const strict = box.tool('helm', uninstall);
      expect(strict.stderr).toContain('release: not found');
    });
  });

  test('the model bites: skipping the cleanup on a running cluster fails at addons (webhook gone)', () => {
    const box = sandbox({ ...runningWorld(), nodes: [] });
    const r = box.run(['--skip-cluster-cleanup', 'dev']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('failed calling webhook "validate.clustersecretstore.external-secrets.io"');
    expect(r.stderr).toContain('destroy.sh: FAILED at stack dev-addons');
    expect(box.calls().filter(c => c.startsWith('kubectl') || c.startsWith('helm'))).toEqual([]);
  });
});
