import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { gzipSync } from 'zlib';
import { createHash } from 'crypto';
import { ADDON_STATE_NAMESPACE } from '../modules/addons/namespaces';
import { realStack, resources, startStubServer, stopStubServers, STUB_CLIENT } from './read-helpers';
import { scriptSandbox } from './script-sandbox';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS, run by move-helm-state.sh
const helmState = require('../scripts/helm-state.cjs') as {
  STATE_NAMESPACE: string;
  relocate: (secret: unknown, namespace: string) => Secret;
  decodeRecord: (data: string) => Record<string, unknown>;
};

const STUB = join(__dirname, 'fixtures', 'helm-state-world.cjs');

interface Secret {
  apiVersion?: string;
  kind?: string;
  type: string;
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  data: Record<string, string>;
}

interface World {
  cluster?: boolean;
  namespaces: Record<string, { labels: Record<string, string>; annotations: Record<string, string> }>;
  secrets: Secret[];
  state: Record<string, string>;
}

/** A Helm record as Helm's Secret driver writes it: Secret data (base64) of base64 of the gzipped release JSON. */
function helmRecord(release: string, namespace: string, revision: number, manifest = ''): Secret {
  const json = JSON.stringify({ name: release, namespace, version: revision, info: { status: 'deployed' }, manifest });
  const helmEncoded = gzipSync(Buffer.from(json)).toString('base64');
  return {
    type: 'helm.sh/release.v1',
    metadata: {
      name: `sh.helm.release.v1.${release}.v${revision}`,
      namespace,
      labels: {
        owner: 'helm',
        name: release,
        status: revision === 2 ? 'deployed' : 'superseded',
        version: String(revision),
      },
    },
    data: { release: Buffer.from(helmEncoded).toString('base64') },
  };
}

/** Where the releases of an environment deployed before this change keep their Helm state (the old layout). */
const BEFORE: Record<string, string> = {
  'karpenter-crd': 'kube-system',
  karpenter: 'kube-system',
  'karpenter-nodepools': 'kube-system',
  'aws-load-balancer-controller': 'kube-system',
  'storage-class': 'kube-system',
  'argocd-namespace': 'kube-system',
  'ingress-nginx': 'ingress-nginx',
  'ingress-alb': 'ingress-nginx',
  'external-secrets': 'external-secrets',
  'external-secrets-store': 'external-secrets',
};

/** A running dev environment of the old layout; the releases new in this version are not installed yet. */
function deployedWorld(): World {
  const world: World = {
    namespaces: Object.fromEntries(
      [
        'kube-system',
        'ingress-nginx',
        'external-secrets',
        'argocd',
        'argocd-releases',
        'monitoring',
        'monitoring-releases',
      ].map(n => [n, { labels: {}, annotations: {} }]),
    ),
    // a Secret that is no Helm record stays where it is
    secrets: [
      { type: 'kubernetes.io/tls', metadata: { name: 'aws-load-balancer-tls', namespace: 'kube-system' }, data: {} },
    ],
    state: {},
  };
  for (const [id, r] of Object.entries(resources(realStack('dev-addons'), 'helm_release'))) {
    const name = r.name as string;
    const namespace = BEFORE[name] ?? (r.namespace as string);
    if (name.endsWith('-namespace') && name !== 'argocd-namespace') continue; // new releases
    world.secrets.push(helmRecord(name, namespace, 1), helmRecord(name, namespace, 2));
    world.state[`helm_release.${id}`] = namespace;
  }
  return world;
}

function sandbox(world: World) {
  const box = scriptSandbox({ prefix: 'move-helm-state-' });
  const worldFile = join(box.dir, 'world.json');
  writeFileSync(worldFile, JSON.stringify(world));
  // aws, kubectl and terraform answered by one process running the stub (fixtures/stub-server.cjs)
  Object.assign(box.env, { WORLD: worldFile, ...startStubServer(STUB, box.dir) });
  for (const tool of ['aws', 'kubectl', 'terraform']) box.stubFrom(tool, STUB_CLIENT);
  for (const stack of ['dev-vpc', 'dev-eks', 'dev-addons']) box.stack(stack, realStack(stack));
  const run = () => box.run('scripts/move-helm-state.sh', ['dev']);
  const deploy = () => box.run('scripts/deploy.sh', ['--skip-synth', 'dev']);
  const state = () => JSON.parse(readFileSync(worldFile, 'utf8')) as World;
  /** One call of the stub cluster, as the script would make it. */
  const kubectl = (args: string[], input: string) => box.tool('kubectl', args, input);
  return { run, deploy, calls: box.calls, state, kubectl };
}

afterAll(stopStubServers);

const releases = () => Object.entries(resources(realStack('dev-addons'), 'helm_release'));
const recordsOf = (world: World, release: string) => world.secrets.filter(s => s.metadata.labels?.name === release);

describe('scripts/helm-state.cjs', () => {
  test('its state namespace is the one the releases use (ADDON_STATE_NAMESPACE)', () => {
    expect(helmState.STATE_NAMESPACE).toBe(ADDON_STATE_NAMESPACE);
  });

  test('relocate: same name, labels and release, the record itself now names the new namespace', () => {
    const before = helmRecord('ingress-nginx', 'ingress-nginx', 2);
    const moved = helmState.relocate(
      { ...before, metadata: { ...before.metadata, uid: 'u', resourceVersion: '1' } },
      'addon-releases',
    );
    expect(moved.metadata).toEqual({
      name: before.metadata.name,
      namespace: 'addon-releases',
      labels: before.metadata.labels,
    });
    expect(moved.type).toBe('helm.sh/release.v1');
    expect(helmState.decodeRecord(moved.data.release)).toEqual({
      ...helmState.decodeRecord(before.data.release),
      namespace: 'addon-releases',
    });
  });

  test('relocate refuses a Secret that is no Helm record', () => {
    expect(() => helmState.relocate({ type: 'Opaque', metadata: { name: 'x' }, data: { a: 'b' } }, 'n')).toThrow(
      /not a Helm release record/,
    );
  });
});

describe('scripts/move-helm-state.sh on an environment deployed with the old layout', () => {
  const box = sandbox(deployedWorld());
  const first = box.run();
  const after = box.state();

  test('succeeds', () => {
    expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: '' });
  });

  test('every release kept in addon-releases has its records and its Terraform state there, as Helm reads them', () => {
    const moved = releases().filter(([, r]) => r.namespace === ADDON_STATE_NAMESPACE);
    expect(moved.length).toBeGreaterThanOrEqual(8);
    for (const [id, r] of moved) {
      const name = r.name as string;
      if (name.endsWith('-namespace') && name !== 'argocd-namespace') {
        expect(recordsOf(after, name)).toEqual([]); // installed by the next apply
        expect(after.state[`helm_release.${id}`]).toBeUndefined();
        continue;
      }
      const records = recordsOf(after, name);
      expect(records.map(s => [s.metadata.namespace, s.metadata.labels?.version]).sort()).toEqual([
        [ADDON_STATE_NAMESPACE, '1'],
        [ADDON_STATE_NAMESPACE, '2'],
      ]);
      for (const s of records) expect(helmState.decodeRecord(s.data.release).namespace).toBe(ADDON_STATE_NAMESPACE);
      // what the provider's import read back from the record: the next plan updates in place, no replacement
      expect([name, after.state[`helm_release.${id}`]]).toEqual([name, ADDON_STATE_NAMESPACE]);
    }
  });

  test('Karpenter and the load balancer controller are left to the apply (their objects move: a replacement)', () => {
    for (const name of ['karpenter', 'aws-load-balancer-controller']) {
      expect(recordsOf(after, name).map(s => s.metadata.namespace)).toEqual(['kube-system', 'kube-system']);
      const [id] = releases().find(([, r]) => r.name === name)!;
      expect(after.state[`helm_release.${id}`]).toBe('kube-system');
    }
    expect(after.secrets.find(s => s.metadata.name === 'aws-load-balancer-tls')?.metadata.namespace).toBe(
      'kube-system',
    );
  });

  test('the Namespaces of the new Namespace releases carry their ownership, so Helm adopts them', () => {
    for (const ns of ['ingress-nginx', 'external-secrets', 'argocd']) {
      expect(after.namespaces[ns]).toEqual({
        labels: { 'app.kubernetes.io/managed-by': 'Helm' },
        annotations: {
          'meta.helm.sh/release-name': `${ns}-namespace`,
          'meta.helm.sh/release-namespace': ADDON_STATE_NAMESPACE,
        },
      });
    }
    expect(after.namespaces['addon-releases']).toBeDefined();
  });

  test('a second run changes nothing', () => {
    const before = box.calls().length;
    const second = box.run();
    expect(second.status).toBe(0);
    const again = box.calls().slice(before);
    expect(again.filter(c => /^kubectl (apply|delete|create)|^terraform \S+ (state rm|import)/.test(c))).toEqual([]);
    expect(box.state().secrets).toEqual(after.secrets);
    expect(box.state().state).toEqual(after.state);
  });
});

/** Text that gzip cannot shrink (hex of a SHA-256 chain), as a manifest of every CRD is for the size limit's sake. */
function incompressible(bytes: number): string {
  const chunks: string[] = [];
  let h = 'seed';
  for (let n = 0; n < bytes; n += 64) chunks.push((h = createHash('sha256').update(h).digest('hex')));
  return chunks.join('').slice(0, bytes);
}

/** Kubernetes' cap on all annotations of an object together (apimachinery TotalAnnotationSizeLimitB). */
const ANNOTATION_LIMIT = 256 * 1024;

describe('scripts/move-helm-state.sh with a Helm record over 256 KiB (external-secrets with installCRDs: true)', () => {
  const world = deployedWorld();
  const big = helmRecord('external-secrets', 'external-secrets', 2, incompressible(400 * 1024));
  world.secrets = world.secrets.map(s => (s.metadata.name === big.metadata.name ? big : s));
  const box = sandbox(world);

  test(
    'the record is over the limit, and the stub cluster refuses a client-side apply of it as the API server ' + 'does',
    () => {
      expect(big.data.release.length).toBeGreaterThan(ANNOTATION_LIMIT);
      expect(box.kubectl(['create', 'namespace', ADDON_STATE_NAMESPACE], '').status).toBe(0);
      const copy = helmState.relocate(big, ADDON_STATE_NAMESPACE);
      const r = box.kubectl(['apply', '-f', '-'], JSON.stringify(copy));
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('metadata.annotations: Too long: must have at most 262144 bytes');
      // a small record goes through client-side apply, its last-applied annotation within the limit
      const small = helmState.relocate(helmRecord('x', 'kube-system', 1), ADDON_STATE_NAMESPACE);
      expect(box.kubectl(['apply', '-f', '-'], JSON.stringify(small)).status).toBe(0);
      box.kubectl(['delete', 'secret', '-n', ADDON_STATE_NAMESPACE, small.metadata.name], '');
    },
  );

  test('moves it whole, with no last-applied annotation', () => {
    const r = box.run();
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const moved = recordsOf(box.state(), 'external-secrets').find(s => s.metadata.labels?.version === '2')!;
    expect(moved.metadata).toEqual({ ...big.metadata, namespace: ADDON_STATE_NAMESPACE });
    expect(helmState.decodeRecord(moved.data.release)).toEqual({
      ...helmState.decodeRecord(big.data.release),
      namespace: ADDON_STATE_NAMESPACE,
    });
    expect(box.state().secrets.filter(s => s.metadata.name === big.metadata.name)).toHaveLength(1);
  });
});

describe('scripts/move-helm-state.sh after a run that stopped between the copy and the delete', () => {
  /** The copy of the ingress-nginx record v2 is in addon-releases already, its original still in ingress-nginx. */
  function halfMoved(copy: Secret) {
    const world = deployedWorld();
    world.namespaces[ADDON_STATE_NAMESPACE] = { labels: {}, annotations: {} };
    world.secrets.push(copy);
    return sandbox(world);
  }
  const original = helmRecord('ingress-nginx', 'ingress-nginx', 2);

  test('an identical copy counts as done: the original goes, one record is left', () => {
    const box = halfMoved(helmState.relocate(original, ADDON_STATE_NAMESPACE));
    const r = box.run();
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const records = box.state().secrets.filter(s => s.metadata.name === original.metadata.name);
    expect(records.map(s => s.metadata.namespace)).toEqual([ADDON_STATE_NAMESPACE]);
    expect(helmState.decodeRecord(records[0].data.release).namespace).toBe(ADDON_STATE_NAMESPACE);
  });

  test('a copy that differs stops the script and keeps the original', () => {
    const other = helmState.relocate(helmRecord('ingress-nginx', 'ingress-nginx', 2, 'kind: Other'), 'addon-releases');
    const box = halfMoved(other);
    const r = box.run();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `addon-releases/${original.metadata.name} exists and differs from ingress-nginx/${original.metadata.name}`,
    );
    expect(box.state().secrets.filter(s => s.metadata.name === original.metadata.name)).toEqual([original, other]);
  });
});

describe('scripts/deploy.sh <env> checks the cluster before its eks layer narrows what the plan role reads', () => {
  const applies = (calls: string[]) => calls.filter(c => /^terraform \S+ apply /.test(c));

  test('with Helm state still in the old namespaces: refuses before applying anything, naming the one-off', () => {
    const box = sandbox(deployedWorld());
    const r = box.deploy();
    expect(r.status).toBe(1);
    expect(applies(box.calls())).toEqual([]);
    expect(r.stderr).toContain('run scripts/move-helm-state.sh dev first (docs/DEPLOYMENT.md); nothing was applied');
    const listed = /outside addon-releases: (.*)/.exec(r.stderr)![1].split(' ');
    // what the one-off moves: every release the stack keeps in addon-releases, where the old layout had it
    const kept = new Set(
      releases()
        .filter(([, x]) => x.namespace === ADDON_STATE_NAMESPACE)
        .map(([, x]) => x.name),
    );
    const expected = Object.entries(BEFORE).filter(([name]) => kept.has(name));
    expect(listed).toEqual(expected.map(([name, ns]) => `${ns}/${name}`).sort());
    expect(listed).toEqual(expect.arrayContaining(['kube-system/karpenter-crd', 'external-secrets/external-secrets']));
    // Karpenter's and the load balancer controller's state moves with their objects, at the addons apply
    expect(listed.filter(l => /\/(karpenter|aws-load-balancer-controller)$/.test(l))).toEqual([]);
  });

  test('after scripts/move-helm-state.sh: applies vpc, eks, addons', () => {
    const box = sandbox(deployedWorld());
    expect(box.run().status).toBe(0);
    const before = box.calls().length;
    const r = box.deploy();
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(applies(box.calls().slice(before)).map(c => /-chdir=\S*\/(\S+)/.exec(c)![1])).toEqual([
      'dev-vpc',
      'dev-eks',
      'dev-addons',
    ]);
  });

  test('a first deployment (no cluster yet) has nothing to move', () => {
    const box = sandbox({ cluster: false, namespaces: {}, secrets: [], state: {} });
    const r = box.deploy();
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(box.calls().filter(c => c.startsWith('kubectl'))).toEqual([]);
    expect(applies(box.calls())).toHaveLength(3);
  });
});

/** A `terraform show -json` plan with one change of a helm_release. */
const planOf = (address: string, actions: string[], before: string, after: string) => ({
  format_version: '1.2',
  resource_changes: [
    { address, type: 'helm_release', change: { actions, before: { namespace: before }, after: { namespace: after } } },
  ],
});

describe('scripts/deploy.sh refuses to apply an addons plan that would replace a release to move its state', () => {
  const guard = (helmState as unknown as { stateMoveReplacements: (plan: unknown) => string[] }).stateMoveReplacements;

  test('the guard flags a replacement into addon-releases only', () => {
    const crd = 'helm_release.karpenter_crd_release_0';
    expect(guard(planOf(crd, ['delete', 'create'], 'kube-system', 'addon-releases'))).toEqual([crd]);
    // Karpenter's and the load balancer controller's objects move with their state: their replacement is expected
    expect(guard(planOf('helm_release.k', ['delete', 'create'], 'kube-system', 'karpenter'))).toEqual([]);
    // after scripts/move-helm-state.sh: an in-place update
    expect(guard(planOf(crd, ['update'], 'addon-releases', 'addon-releases'))).toEqual([]);
    expect(guard({ format_version: '1.2', resource_changes: [] })).toEqual([]);
  });

  function deploy(plan: unknown) {
    const box = scriptSandbox({ prefix: 'deploy-guard-' });
    box.stack('dev-addons');
    box.env.PLAN_JSON = join(box.dir, 'plan.json');
    writeFileSync(box.env.PLAN_JSON, JSON.stringify(plan));
    box.stub('terraform', 'case " $* " in *" show "*) cat "$PLAN_JSON" ;; esac');
    const r = box.run('scripts/deploy.sh', ['--skip-synth', 'dev-addons']);
    return { status: r.status, stderr: r.stderr, applied: box.calls().some(c => / apply /.test(c)) };
  }

  test('with the old layout: fails before applying and names the one-off', () => {
    const r = deploy(
      planOf('helm_release.karpenter_crd_release_0', ['delete', 'create'], 'kube-system', 'addon-releases'),
    );
    expect(r.status).toBe(1);
    expect(r.applied).toBe(false);
    expect(r.stderr).toContain('would be replaced to move its Helm state: helm_release.karpenter_crd_release_0');
    expect(r.stderr).toContain('run scripts/move-helm-state.sh dev first');
  });

  test('after the one-off: applies', () => {
    const r = deploy(planOf('helm_release.karpenter_crd_release_0', ['update'], 'addon-releases', 'addon-releases'));
    expect({ status: r.status, applied: r.applied }).toEqual({ status: 0, applied: true });
  });
});
