import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { gzipSync } from 'zlib';
import { ADDON_STATE_NAMESPACE } from '../modules/addons/namespaces';
import { realStack, resources } from './helpers';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS, run by move-helm-state.sh
const helmState = require('../scripts/helm-state.cjs') as {
  STATE_NAMESPACE: string;
  relocate: (secret: unknown, namespace: string) => Secret;
  decodeRecord: (data: string) => Record<string, unknown>;
};

const ROOT = join(__dirname, '..');
const STUB = join(__dirname, 'fixtures', 'helm-state-world.cjs');

interface Secret {
  apiVersion?: string;
  kind?: string;
  type: string;
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  data: Record<string, string>;
}

interface World {
  namespaces: Record<string, { labels: Record<string, string>; annotations: Record<string, string> }>;
  secrets: Secret[];
  state: Record<string, string>;
}

/** A Helm record as Helm's Secret driver writes it: Secret data (base64) of base64 of the gzipped release JSON. */
function helmRecord(release: string, namespace: string, revision: number): Secret {
  const json = JSON.stringify({ name: release, namespace, version: revision, info: { status: 'deployed' } });
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
      ].map(n => [n, { labels: {}, annotations: {} }])
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
  const dir = mkdtempSync(join(tmpdir(), 'move-helm-state-'));
  const bin = join(dir, 'bin');
  const out = join(dir, 'cdktf.out');
  const log = join(dir, 'calls.log');
  const worldFile = join(dir, 'world.json');
  mkdirSync(bin);
  writeFileSync(log, '');
  writeFileSync(worldFile, JSON.stringify(world));
  for (const tool of ['aws', 'kubectl', 'terraform']) symlinkSync(STUB, join(bin, tool));
  for (const stack of ['dev-eks', 'dev-addons']) {
    mkdirSync(join(out, 'stacks', stack), { recursive: true });
    writeFileSync(join(out, 'stacks', stack, 'cdk.tf.json'), JSON.stringify(realStack(stack)));
  }
  const run = () =>
    spawnSync('bash', [join(ROOT, 'scripts/move-helm-state.sh'), 'dev'], {
      cwd: ROOT,
      encoding: 'utf8',
      input: '',
      env: {
        PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`,
        HOME: dir,
        STUB_LOG: log,
        WORLD: worldFile,
        CDKTF_OUT: out,
      },
    });
  const calls = () => readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const state = () => JSON.parse(readFileSync(worldFile, 'utf8')) as World;
  return { run, calls, state, log };
}

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
      'addon-releases'
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
      /not a Helm release record/
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
      'kube-system'
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
    const dir = mkdtempSync(join(tmpdir(), 'deploy-guard-'));
    const bin = join(dir, 'bin');
    const out = join(dir, 'cdktf.out');
    const log = join(dir, 'calls.log');
    mkdirSync(bin);
    mkdirSync(join(out, 'stacks', 'dev-addons'), { recursive: true });
    writeFileSync(log, '');
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
    const terraform = [
      '#!/usr/bin/env bash',
      'echo "terraform $*" >> "$STUB_LOG"',
      'case " $* " in *" show "*) cat "$PLAN_JSON" ;; esac',
    ].join('\n');
    writeFileSync(join(bin, 'terraform'), terraform, { mode: 0o755 });
    const r = spawnSync('bash', [join(ROOT, 'scripts/deploy.sh'), '--skip-synth', 'dev-addons'], {
      cwd: ROOT,
      encoding: 'utf8',
      input: '',
      env: {
        PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`,
        HOME: dir,
        STUB_LOG: log,
        CDKTF_OUT: out,
        PLAN_JSON: join(dir, 'plan.json'),
      },
    });
    const applied = readFileSync(log, 'utf8')
      .split('\n')
      .some(c => / apply /.test(c));
    return { status: r.status, stderr: r.stderr, applied };
  }

  test('with the old layout: fails before applying and names the one-off', () => {
    const r = deploy(
      planOf('helm_release.karpenter_crd_release_0', ['delete', 'create'], 'kube-system', 'addon-releases')
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
