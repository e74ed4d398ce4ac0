import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';
import { parse } from '@cdktf/hcl2json';
import {
  checkUnitGraph,
  renderRootHcl,
  renderTerragruntTree,
  TERRAGRUNT_ONLY_S3_CONFIG,
  terragruntUnits,
  TerragruntUnit,
  unitSource,
} from '../backend/terragrunt';
import { checkUnitStacks, writeTerragruntTree } from '../backend/terragrunt-writer';
import { ENVIRONMENTS, platform } from '../environments';
import { dev } from '../environments/dev';
import { realStack, withPlatform } from './read-helpers';
import { realOutdir } from './real-platform';

interface UnitHcl {
  include: { root: Array<{ path: string }> };
  terraform: Array<{ source: string }>;
  dependencies?: Array<{ paths: string[] }>;
}

interface SynthesizedTree {
  readonly outdir: string;
  readonly tree: string;
  readonly files: Record<string, string>;
}

/** The tree the one synth of the test run wrote (`global-setup.ts` runs the writer as `main.ts` does). */
function realTree(): SynthesizedTree {
  const outdir = realOutdir();
  const tree = join(outdir, 'terragrunt');
  const files = readdirSync(tree, { recursive: true, encoding: 'utf8' }).filter(p => statSync(join(tree, p)).isFile());
  return { outdir, tree, files: Object.fromEntries(files.map(p => [p, readFileSync(join(tree, p), 'utf8')])) };
}

/** The stack's backend key without `/terraform.tfstate`. */
function keyPrefix(outdir: string, stackId: string): string {
  const stack = JSON.parse(readFileSync(join(outdir, 'stacks', stackId, 'cdk.tf.json'), 'utf8'));
  return String(stack.terraform.backend.s3.key).replace(/\/terraform\.tfstate$/, '');
}

describe('generated Terragrunt tree after a real synth', () => {
  let real: SynthesizedTree;
  beforeAll(() => {
    real = realTree();
  });

  test('has root.hcl, README.md and exactly the shared unit plus three units per environment', () => {
    expect(Object.keys(real.files).sort()).toEqual(
      [
        'root.hcl',
        'README.md',
        'shared/terragrunt.hcl',
        ...['dev', 'prod'].flatMap(e => ['vpc', 'eks', 'addons'].map(l => `${e}/${l}/terragrunt.hcl`)),
      ].sort(),
    );
    expect(existsSync(join(real.tree, 'state-backend'))).toBe(false);
  });

  test('every .hcl file parses as HCL', async () => {
    const hcl = Object.entries(real.files).filter(([p]) => p.endsWith('.hcl'));
    expect(hcl).toHaveLength(8);
    for (const [path, text] of hcl) await expect(parse(path, text)).resolves.toEqual(expect.any(Object));
  });

  test(
    "root.hcl's remote_state.config equals every stack's backend (Terraform keys) except the key expression, and " +
      'has no generate',
    async () => {
      const root = (await parse('root.hcl', real.files['root.hcl'])) as {
        remote_state: Array<Record<string, unknown>>;
        generate?: unknown;
      };
      expect(root.generate).toBeUndefined();
      expect(root.remote_state).toHaveLength(1);
      expect(Object.keys(root.remote_state[0]).sort()).toEqual(['backend', 'config']);
      expect(root.remote_state[0].backend).toBe('s3');
      const { key, disable_bucket_update, ...config } = root.remote_state[0].config as Record<string, unknown>;
      expect(key).toBe('${path_relative_to_include()}/terraform.tfstate');
      expect(disable_bucket_update).toBe(true); // Terragrunt-only, asserted in its own test below
      for (const id of ['shared', 'dev-vpc', 'dev-eks', 'dev-addons', 'prod-vpc', 'prod-eks', 'prod-addons']) {
        const { key: _stackKey, ...backend } = realStack(id).terraform?.backend?.s3 ?? {};
        expect(config).toEqual(backend);
      }
    },
  );

  test(
    'root.hcl adds exactly the Terragrunt-only key disable_bucket_update, so Terragrunt never rewrites the ' +
      'stack-owned bucket',
    async () => {
      const root = (await parse('root.hcl', real.files['root.hcl'])) as {
        remote_state: Array<{ config: Record<string, unknown> }>;
      };
      const config = root.remote_state[0].config;
      const terraformKeys = new Set(['key', ...Object.keys(realStack('shared').terraform?.backend?.s3 ?? {})]);
      const terragruntOnly = Object.fromEntries(Object.entries(config).filter(([k]) => !terraformKeys.has(k)));
      expect(terragruntOnly).toEqual({ disable_bucket_update: true });
      expect(TERRAGRUNT_ONLY_S3_CONFIG).toEqual({ disable_bucket_update: true });
      // a Terragrunt-only key must never reach a stack's terraform.backend.s3 (Terraform would reject it)
      for (const id of ['shared', 'dev-vpc', 'prod-addons'])
        expect(realStack(id).terraform?.backend?.s3).not.toHaveProperty('disable_bucket_update');
      expect(real.files['README.md']).toContain('disable_bucket_update');
    },
  );

  test('each unit includes root.hcl and its source resolves to an existing synthesized stack directory', async () => {
    for (const unit of terragruntUnits(ENVIRONMENTS)) {
      const hcl = (await parse('terragrunt.hcl', real.files[`${unit.path}/terragrunt.hcl`])) as unknown as UnitHcl;
      expect(hcl.include.root).toEqual([{ path: '${find_in_parent_folders("root.hcl")}' }]);
      const source = hcl.terraform[0].source;
      expect(source).toMatch(/^(\.\.\/)+stacks\/\/[a-z0-9-]+$/); // relative, with Terragrunt's `//` copy anchor
      const dir = resolve(real.tree, unit.path, source.replace('//', '/'));
      expect(dir).toBe(join(real.outdir, 'stacks', unit.stackId));
      expect(existsSync(join(dir, 'cdk.tf.json'))).toBe(true);
    }
  });

  test("each unit's path equals its stack's state key prefix", () => {
    for (const unit of terragruntUnits(ENVIRONMENTS)) expect(keyPrefix(real.outdir, unit.stackId)).toBe(unit.path);
  });

  test('dependencies: shared first, then vpc -> eks -> addons per environment', async () => {
    const edges: Record<string, string[]> = {};
    for (const unit of terragruntUnits(ENVIRONMENTS)) {
      const hcl = (await parse('terragrunt.hcl', real.files[`${unit.path}/terragrunt.hcl`])) as unknown as UnitHcl;
      const paths = hcl.dependencies?.[0].paths ?? [];
      edges[unit.path] = paths.map(p => resolve(real.tree, unit.path, p).slice(real.tree.length + 1));
      for (const p of paths) expect(existsSync(join(real.tree, unit.path, p, 'terragrunt.hcl'))).toBe(true);
    }
    expect(edges).toEqual({
      shared: [],
      'dev/vpc': ['shared'],
      'dev/eks': ['dev/vpc'],
      'dev/addons': ['dev/eks'],
      'prod/vpc': ['shared'],
      'prod/eks': ['prod/vpc'],
      'prod/addons': ['prod/eks'],
    });
    // acyclic: the check orders every unit after its dependencies
    const order = checkUnitGraph(terragruntUnits(ENVIRONMENTS)).map(u => u.path);
    for (const [unit, deps] of Object.entries(edges))
      for (const d of deps) expect(order.indexOf(d)).toBeLessThan(order.indexOf(unit));
  });

  test('README explains run --all and applying state-backend first', () => {
    expect(real.files['README.md']).toContain('terragrunt run --all plan');
    expect(real.files['README.md']).toContain('terragrunt run --all apply');
    expect(real.files['README.md']).toMatch(/state-backend.*once/s);
  });

  test('removes the unit files of an environment that no longer exists', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'tg-stale-'));
    for (const id of terragruntUnits(ENVIRONMENTS).map(u => u.stackId)) {
      mkdirSync(join(outdir, 'stacks', id), { recursive: true });
      writeFileSync(join(outdir, 'stacks', id, 'cdk.tf.json'), '{}');
    }
    const stale = join(outdir, 'terragrunt', 'old', 'vpc', 'terragrunt.hcl');
    mkdirSync(dirname(stale), { recursive: true });
    writeFileSync(stale, '');
    writeTerragruntTree(outdir, platform, ENVIRONMENTS);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(join(outdir, 'terragrunt', 'dev', 'vpc', 'terragrunt.hcl'))).toBe(true);
  });
});

describe('renderer (pure)', () => {
  test('units: the state-backend stack is none; paths come from the state paths', () => {
    expect(terragruntUnits([dev])).toEqual([
      { path: 'shared', stackId: 'shared', dependsOn: [] },
      { path: 'dev/vpc', stackId: 'dev-vpc', dependsOn: ['shared'] },
      { path: 'dev/eks', stackId: 'dev-eks', dependsOn: ['dev/vpc'] },
      { path: 'dev/addons', stackId: 'dev-addons', dependsOn: ['dev/eks'] },
    ]);
  });

  test('source paths climb out of terragrunt/ to stacks/', () => {
    expect(unitSource({ path: 'shared', stackId: 'shared', dependsOn: [] })).toBe('../../stacks//shared');
    expect(unitSource({ path: 'dev/vpc', stackId: 'dev-vpc', dependsOn: [] })).toBe('../../../stacks//dev-vpc');
  });

  test('use_lockfile appears in root.hcl exactly when the platform turns it on', async () => {
    const on = (await parse(
      'root.hcl',
      renderRootHcl(
        withPlatform(p => {
          p.state.useLockfile = true;
        }),
      ),
    )) as { remote_state: Array<{ config: Record<string, unknown> }> };
    expect(on.remote_state[0].config.use_lockfile).toBe(true);
    expect(renderRootHcl(platform)).not.toContain('use_lockfile');
  });

  test('root.hcl locals carry the project, account and region', async () => {
    const root = (await parse('root.hcl', renderRootHcl(platform))) as { locals: Array<Record<string, string>> };
    expect(root.locals).toEqual([
      { project: 'myapp', aws_account_id: platform.aws.accountId, aws_region: platform.aws.region },
    ]);
  });

  test('strings with quotes or ${ stay literal', async () => {
    const odd = withPlatform(p => {
      p.project = 'a"b${c}';
    });
    const text = renderRootHcl(odd);
    expect(text).toContain('project        = "a\\"b$${c}"'); // `$${` is HCL's escape for a literal `${`
    const root = (await parse('root.hcl', text)) as { locals: Array<Record<string, string>> };
    // hcl2json answers in Terraform's JSON syntax, where `$${` is the same escape: a literal, not an interpolation
    expect(root.locals[0].project).toBe('a"b$${c}');
  });

  const unit = (path: string, ...dependsOn: string[]): TerragruntUnit => ({
    path,
    stackId: path.replace('/', '-'),
    dependsOn,
  });

  test('fails on a cycle, naming the unit and the cycle', () => {
    const units = [
      unit('shared'),
      unit('x/vpc', 'shared', 'x/addons'),
      unit('x/eks', 'x/vpc'),
      unit('x/addons', 'x/eks'),
    ];
    expect(() => checkUnitGraph(units)).toThrow(
      'Terragrunt unit "x/vpc" is part of a dependency cycle: x/vpc -> x/addons -> x/eks -> x/vpc',
    );
    expect(() => renderTerragruntTree(platform, units)).toThrow(/dependency cycle/);
  });

  test('fails on a unit that depends on itself', () => {
    expect(() => checkUnitGraph([unit('a', 'a')])).toThrow('Terragrunt unit "a" is part of a dependency cycle: a -> a');
  });

  test('fails on a dependency that is not a unit, naming both', () => {
    expect(() => checkUnitGraph([unit('shared'), unit('x/eks', 'x/vpc')])).toThrow(
      'Terragrunt unit "x/eks" depends on "x/vpc", which is not a unit (units: shared, x/eks)',
    );
  });

  test('fails on a unit path defined twice', () => {
    expect(() => checkUnitGraph([unit('shared'), { path: 'shared', stackId: 'other', dependsOn: [] }])).toThrow(
      'Terragrunt unit "shared" is defined twice (stacks shared and other)',
    );
  });

  test('checkUnitStacks fails naming the unit whose stack is missing', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'tg-missing-'));
    expect(() => checkUnitStacks(outdir, [unit('qa/vpc')])).toThrow(/Terragrunt unit "qa\/vpc" runs stack "qa-vpc"/);
  });
});

/**
 * Terragrunt over a model of the state bucket. `run --all <cmd>` runs every unit after its `dependencies`, and skips
 * the dependents of a unit that failed (Terragrunt's run queue); `run --all apply` applies without a per-unit
 * prompt. Terraform's `terraform_remote_state` fails the plan with "Unable to find remote state" when the key it reads
 * holds no state and the data source has no `defaults` (builtin/providers/terraform/data_source_state.go); an apply
 * writes the unit's own key.
 */
interface ModelUnit {
  readonly path: string;
  readonly dependsOn: string[];
  readonly reads: string[];
  readonly writes: string;
}

async function modelUnits(t: SynthesizedTree): Promise<ModelUnit[]> {
  const root = (await parse('root.hcl', t.files['root.hcl'])) as {
    remote_state: Array<{ config: { bucket: string } }>;
  };
  const units: ModelUnit[] = [];
  for (const path of Object.keys(t.files)
    .filter(p => p.endsWith('/terragrunt.hcl'))
    .map(p => p.slice(0, -'/terragrunt.hcl'.length))) {
    const hcl = (await parse('terragrunt.hcl', t.files[`${path}/terragrunt.hcl`])) as unknown as UnitHcl;
    const stackDir = resolve(t.tree, path, hcl.terraform[0].source.replace('//', '/'));
    const stack = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
    const remote = Object.values(
      (stack.data?.terraform_remote_state ?? {}) as Record<
        string,
        { config: { bucket: string; key: string }; defaults?: unknown }
      >,
    );
    for (const r of remote)
      expect([r.config.bucket, r.defaults]).toEqual([root.remote_state[0].config.bucket, undefined]);
    units.push({
      path,
      dependsOn: (hcl.dependencies?.[0].paths ?? []).map(p => resolve(t.tree, path, p).slice(t.tree.length + 1)),
      reads: remote.map(r => r.config.key),
      writes: String(stack.terraform.backend.s3.key),
    });
  }
  return units;
}

function runCommands(units: readonly ModelUnit[], lines: readonly string[], bucket: Set<string>): string[] {
  const errors: string[] = [];
  const byPath = new Map(units.map(u => [u.path, u]));
  const plan = (u: ModelUnit) => {
    const missing = u.reads.filter(key => !bucket.has(key));
    for (const key of missing) errors.push(`${u.path}: plan: Unable to find remote state (${key})`);
    return missing.length === 0;
  };
  const queue = (): ModelUnit[] => {
    const done: ModelUnit[] = [];
    const visit = (u: ModelUnit) => {
      if (done.includes(u)) return;
      u.dependsOn.forEach(d => visit(byPath.get(d)!));
      done.push(u);
    };
    units.forEach(visit);
    return done;
  };
  for (const line of lines.map(l => l.replace(/#.*$/, '').trim()).filter(Boolean)) {
    const all = /^terragrunt run --all (plan|apply)$/.exec(line);
    const one = /^\(cd (\S+) && terragrunt plan && terragrunt apply\)$/.exec(line);
    if (line === 'cd cdktf.out/terragrunt') continue;
    if (all) {
      const failed = new Set<string>();
      for (const u of queue()) {
        if (u.dependsOn.some(d => failed.has(d))) {
          failed.add(u.path);
          errors.push(`${u.path}: skipped: a dependency failed`);
        } else if (!plan(u)) failed.add(u.path);
        else if (all[1] === 'apply') bucket.add(u.writes);
      }
    } else if (one) {
      const u = byPath.get(one[1]);
      if (!u) throw new Error(`no unit ${one[1]}`);
      if (plan(u)) bucket.add(u.writes);
    } else throw new Error(`command outside the model: ${line}`);
  }
  return errors;
}

/** The shell lines of the code block that starts with the first-run marker. */
function firstRunBlock(markdown: string): string[] {
  const block = /```bash\n(# first run on an empty account\n[\s\S]*?)```/.exec(markdown);
  if (!block) throw new Error('no code block starting with "# first run on an empty account"');
  return block[1].split('\n');
}

/** The tree rendered in the test over the stacks of the shared synth (what the writer would write there). */
function renderedTree(): SynthesizedTree {
  const outdir = realOutdir();
  return {
    outdir,
    tree: join(outdir, 'terragrunt'),
    files: renderTerragruntTree(platform, terragruntUnits(ENVIRONMENTS)),
  };
}

describe('Terragrunt on an empty account', () => {
  // rendered per test, not once in a hook: the mutation run then knows which test covers which line of the renderer
  let t: SynthesizedTree;
  let units: ModelUnit[];
  beforeEach(async () => {
    t = renderedTree();
    units = await modelUnits(t);
  });

  test('root.hcl pins terraform_binary = "terraform", so tofu on PATH does not switch engines', async () => {
    const root = (await parse('root.hcl', t.files['root.hcl'])) as { terraform_binary?: string };
    expect(root.terraform_binary).toBe('terraform');
    expect(t.files['README.md']).toContain('terraform_binary = "terraform"');
  });

  test('`run --all plan` on an empty bucket fails for every eks and addons unit, naming the missing state', () => {
    const errors = runCommands(units, ['terragrunt run --all plan'], new Set());
    expect(errors).toEqual([
      'dev/eks: plan: Unable to find remote state (dev/vpc/terraform.tfstate)',
      'dev/addons: skipped: a dependency failed',
      'prod/eks: plan: Unable to find remote state (prod/vpc/terraform.tfstate)',
      'prod/addons: skipped: a dependency failed',
    ]);
    // and planned on its own, an addons unit fails the same way
    expect(runCommands(units, ['(cd dev/addons && terragrunt plan && terragrunt apply)'], new Set())).toEqual([
      'dev/addons: plan: Unable to find remote state (dev/eks/terraform.tfstate)',
    ]);
  });

  test("the tree README's first run works on an empty bucket, and `run --all plan` works after it", () => {
    const bucket = new Set<string>();
    expect(runCommands(units, firstRunBlock(t.files['README.md']), bucket)).toEqual([]);
    expect([...bucket].sort()).toEqual(units.map(u => u.writes).sort());
    expect(runCommands(units, ['terragrunt run --all plan'], bucket)).toEqual([]);
  });

  test('`run --all apply` on an empty bucket works too (each unit after its dependencies)', () => {
    const bucket = new Set<string>();
    expect(runCommands(units, ['terragrunt run --all apply'], bucket)).toEqual([]);
    expect(bucket.size).toBe(units.length);
  });

  test('docs/DEPLOYMENT.md shows the same first run and says why', () => {
    const doc = readFileSync(join(__dirname, '..', 'docs', 'DEPLOYMENT.md'), 'utf8');
    expect(runCommands(units, firstRunBlock(doc), new Set())).toEqual([]);
    expect(doc).toContain('Unable to find remote state');
    expect(doc).toContain('terraform_binary');
  });
});
