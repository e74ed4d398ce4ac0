import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import { dev } from '../environments/dev';
import { LocalChart } from '../modules/addons/local-chart';
import { chartObjects } from '../modules/analysis/chart-objects';
import { loadModel, modelOf, PlatformModel, writeModel } from '../modules/analysis/platform-model';
import { blocksOf, resourcesOf, StackModel } from '../modules/analysis/stack-model';
import { ALL_STACK_IDS, buildTestPlatform, withEnv } from './helpers';
import { realModel, realOutdir } from './real-platform';

/** What a stack model says, in plain values: the JSON, both indexes and the chart objects. */
const contents = (stack: StackModel) => ({
  json: stack.json,
  byAddress: [...stack.byAddress.entries()],
  byPath: [...stack.byPath.entries()],
  objects: stack.objects,
});

describe('the platform model', () => {
  let inProcess: PlatformModel;
  beforeAll(() => {
    inProcess = modelOf(buildTestPlatform());
  });

  test('modelOf (from the construct tree) and loadModel (what global-setup wrote) agree on every stack', () => {
    const loaded = realModel();
    expect(Object.keys(loaded.stacks)).toEqual(ALL_STACK_IDS);
    expect(Object.keys(inProcess.stacks)).toEqual(ALL_STACK_IDS);
    for (const id of ALL_STACK_IDS) expect(contents(loaded.stacks[id])).toEqual(contents(inProcess.stacks[id]));
  });

  test('both give each stack the same role: state backend, shared, and vpc/eks/addons per environment', () => {
    const roles = (m: PlatformModel) => ({
      stateBackend: m.stateBackend.id,
      shared: m.shared.id,
      environments: Object.entries(m.environments).map(([env, e]) => [env, e.vpc.id, e.eks.id, e.addons.id]),
      accounts: Object.keys(m.accounts),
    });
    expect(roles(realModel())).toEqual({
      stateBackend: 'state-backend',
      shared: 'shared',
      environments: [
        ['dev', 'dev-vpc', 'dev-eks', 'dev-addons'],
        ['prod', 'prod-vpc', 'prod-eks', 'prod-addons'],
      ],
      accounts: [],
    });
    expect(roles(inProcess)).toEqual(roles(realModel()));
    expect(realModel().environments.dev.eks).toBe(realModel().stacks['dev-eks']);
  });

  test('a written model loads back equal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-'));
    try {
      writeModel(dir, inProcess);
      const back = loadModel(dir);
      for (const id of ALL_STACK_IDS) expect(contents(back.stacks[id])).toEqual(contents(inProcess.stacks[id]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the chart objects are what the local charts write into the assets (what Helm installs)', () => {
    for (const id of ALL_STACK_IDS) {
      const stackDir = join(realOutdir(), 'stacks', id);
      const written = Object.values(resourcesOf(realModel().stacks[id], 'helm_release'))
        .map(r => String(r.chart))
        .filter(chart => chart.startsWith('assets/'))
        .flatMap(chart => {
          const files = join(stackDir, chart, 'files');
          return readdirSync(files)
            .sort()
            .map(f => parse(readFileSync(join(files, f), 'utf8')) as unknown);
        });
      const sorted = (objects: readonly unknown[]) => objects.map(o => JSON.stringify(o)).sort();
      expect(sorted(realModel().stacks[id].objects.map(o => o.object))).toEqual(sorted(written));
    }
    expect(realModel().stacks['dev-addons'].objects.length).toBeGreaterThan(10);
  });
});

describe('the block index', () => {
  test('finds the dev cluster by its construct path and by its address', () => {
    const eks = realModel().stacks['dev-eks'];
    const cluster = eks.byPath.get('dev-eks/cluster/cluster');
    expect(cluster).toMatchObject({ kind: 'resource', type: 'aws_eks_cluster', path: 'dev-eks/cluster/cluster' });
    expect(cluster?.body.name).toBe('myapp-dev');
    expect(cluster?.address).toBe(`aws_eks_cluster.${cluster?.name}`);
    expect(eks.byAddress.get(cluster?.address ?? '')).toBe(cluster);
    expect(cluster?.body).toBe(eks.json.resource?.aws_eks_cluster[cluster?.name ?? '']);
  });

  test('indexes every resource and data source (as data.<type>.<name>); the remote state has no path', () => {
    const eks = realModel().stacks['dev-eks'];
    const count = (kind: 'resource' | 'data') =>
      Object.values(eks.json[kind] ?? {}).reduce((n, named) => n + Object.keys(named).length, 0);
    expect(eks.byAddress.size).toBe(count('resource') + count('data'));
    const remote = eks.byAddress.get('data.terraform_remote_state.vpc-state');
    expect(remote).toMatchObject({ kind: 'data', type: 'terraform_remote_state', name: 'vpc-state' });
    expect(remote?.path).toBeUndefined();
    // every other block has the construct path of its `//` comment, and the path finds it
    expect(eks.byPath.size).toBe(eks.byAddress.size - 1);
    for (const block of eks.byPath.values()) {
      expect(block.path).toBe((block.body['//'] as { metadata: { path: string } }).metadata.path);
    }
  });

  test('blocksOf reads hand-made JSON: no comment, no path', () => {
    expect(blocksOf({ resource: { aws_s3_bucket: { b: { bucket: 'x' } } }, data: { aws_region: { r: {} } } })).toEqual([
      { kind: 'resource', type: 'aws_s3_bucket', name: 'b', address: 'aws_s3_bucket.b', body: { bucket: 'x' } },
      { kind: 'data', type: 'aws_region', name: 'r', address: 'data.aws_region.r', body: {} },
    ]);
  });
});

describe('a variant built in-process', () => {
  test('has the objects of its construct tree, with the installing chart path', () => {
    const env = withEnv(dev, e => {
      e.karpenter.cpuLimit = 12;
    });
    const built = buildTestPlatform([env]);
    const model = modelOf(built);
    const addons = model.environments.dev.addons;
    const tree = built.environments.dev.addons.node.findAll().filter((c): c is LocalChart => c instanceof LocalChart);
    // the very objects of the LocalChart constructs, not a copy read back from the written YAML
    expect(addons.objects.map(o => o.object)).toEqual(tree.flatMap(c => c.objects));
    addons.objects.forEach((o, i) => expect(o.object).toBe(tree.flatMap(c => c.objects)[i]));
    expect(addons.objects).toEqual(chartObjects(built.environments.dev.addons));
    // the NodePools share the environment's CPU limit (one pool per capacity group)
    const cpu = (stack: StackModel) =>
      stack.objects
        .filter(o => o.object.kind === 'NodePool')
        .reduce((sum, o) => sum + (o.object.spec as { limits: { cpu: number } }).limits.cpu, 0);
    expect(cpu(addons)).toBe(12);
    expect(cpu(realModel().environments.dev.addons)).toBe(20);
    const pool = addons.objects.find(o => o.object.kind === 'NodePool');
    expect(pool?.installedBy).toMatch(/^dev-addons\/karpenter\/.+-chart$/);
    expect(built.app.node.findAll().find(c => c.node.path === pool?.installedBy)).toBeInstanceOf(LocalChart);
  });
});
