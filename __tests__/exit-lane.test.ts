import { spawnSync } from 'child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ALLOWED_DIFFERENCES } from '../scripts/exit-lane/allowed-differences';
import { compareOutdirs, comparisonReport, filesUnder, jsonPath } from '../scripts/exit-lane/compare';
import { CDKTN, migratePackageJson, rewriteImports } from '../scripts/exit-lane/migration';
import { realOutdir } from './real-platform';

/** The parts of a synthesized stack file (cdk.tf.json) that cdktn 0.24 changes. */
type CdktfStackJson = {
  '//': { metadata: { version: string } };
  terraform: { required_providers: Record<string, unknown> };
};

const ROOT = join(__dirname, '..');

describe('rewriteImports', () => {
  test('moves cdktf and @cdktf/provider-aws imports (with subpaths) to cdktn, and nothing else', () => {
    const source = [
      "import { App, TerraformStack } from 'cdktf';",
      "import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';",
      'const { Testing } = require("cdktf");',
      "import { Release } from '@cdktf/provider-helm/lib/release';",
      "import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';",
      "const out = join(root, 'cdktf.out'); // 'cdktf' in a comment stays",
      "const cli = 'cdktf';",
    ].join('\n');
    expect(rewriteImports(source).split('\n')).toEqual([
      "import { App, TerraformStack } from 'cdktn';",
      "import { EksCluster } from '@cdktn/provider-aws/lib/eks-cluster';",
      'const { Testing } = require("cdktn");',
      "import { Release } from '@cdktf/provider-helm/lib/release';",
      "import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';",
      "const out = join(root, 'cdktf.out'); // 'cdktf' in a comment stays",
      "const cli = 'cdktf';",
    ]);
  });

  test('leaves a package whose name only starts with cdktf alone', () => {
    expect(rewriteImports("import x from 'cdktf-cli';\nimport y from '@cdktf/provider-aws-extra';")).toBe(
      "import x from 'cdktf-cli';\nimport y from '@cdktf/provider-aws-extra';",
    );
  });
});

/** npm's comparison of plain x.y.z versions against a `>=a <b` range (node-semver, without pre-releases). */
function satisfies(version: string, range: string): boolean {
  const parse = (v: string) => v.split('.').map(Number);
  const compare = (a: number[], b: number[]) => a.reduce((c, x, i) => c || Math.sign(x - b[i]), 0);
  return range.split(' ').every(part => {
    const [, op, v] = /^(>=|<)(.+)$/.exec(part)!;
    const c = compare(parse(version), parse(v));
    return op === '>=' ? c >= 0 : c < 0;
  });
}

describe('migratePackageJson on this project', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const moved = migratePackageJson(pkg);

  test('swaps the cdktf core, CLI and AWS provider for their cdktn packages, pinned exactly', () => {
    expect(moved.dependencies).toMatchObject({ cdktn: '0.24.0', '@cdktn/provider-aws': '25.7.0' });
    expect(moved.devDependencies).toMatchObject({ 'cdktn-cli': '0.24.0' });
    for (const gone of ['cdktf', '@cdktf/provider-aws']) expect(moved.dependencies).not.toHaveProperty([gone]);
    expect(moved.devDependencies).not.toHaveProperty(['cdktf-cli']);
  });

  test('keeps the helm and kubernetes providers, whose cdktf peer the override points at cdktn (one core)', () => {
    expect(moved.dependencies!['@cdktf/provider-helm']).toBe(pkg.dependencies['@cdktf/provider-helm']);
    expect(moved.dependencies!['@cdktf/provider-kubernetes']).toBe(pkg.dependencies['@cdktf/provider-kubernetes']);
    expect(moved.overrides).toEqual({ cdktf: 'npm:cdktn@0.24.0', constructs: '$constructs' });
  });

  test("pins constructs inside cdktn 0.24's peer range (>=10.6.0 <10.8.0), unlike the project's own", () => {
    expect(satisfies(moved.dependencies!.constructs, '>=10.6.0 <10.8.0')).toBe(true);
    expect(satisfies(pkg.dependencies.constructs, '>=10.6.0 <10.8.0')).toBe(false);
    expect(moved.dependencies!.constructs).toBe(CDKTN.constructs);
  });

  test('fails loudly when there is no cdktf to move', () => {
    expect(() => migratePackageJson({ dependencies: {}, devDependencies: {} })).toThrow(
      'package.json has no cdktf to move to cdktn',
    );
  });
});

describe('comparing a synth with its cdktn twin', () => {
  const work = mkdtempSync(join(tmpdir(), 'exit-lane-test-'));
  const main = join(work, 'main');
  // the test run's one synth of the shipped platform, stacks and Terragrunt tree (global-setup.ts)
  cpSync(realOutdir(), main, { recursive: true });
  const stackFiles = filesUnder(main).filter(f => f.endsWith('cdk.tf.json'));

  /** A copy of the synth with what cdktn 0.24 really changes (the versions), then `edit`. */
  function twin(edit: (dir: string) => void = () => undefined): string {
    const dir = mkdtempSync(join(work, 'cdktn-'));
    cpSync(main, dir, { recursive: true });
    const json = <T>(file: string, change: (j: T) => void) => {
      const j = JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
      change(j);
      writeFileSync(join(dir, file), JSON.stringify(j, null, 2));
    };
    json<{ version: string }>('manifest.json', j => {
      j.version = '0.24.0';
    });
    for (const file of stackFiles) {
      json<CdktfStackJson>(file, j => {
        j['//'].metadata.version = '0.24.0';
        j.terraform.required_providers.aws = { source: 'hashicorp/aws', version: '6.66.0' };
      });
    }
    edit(dir);
    return dir;
  }

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('covers every stack, the chart assets and the Terragrunt tree', () => {
    const files = filesUnder(main);
    expect(stackFiles).toHaveLength(8);
    expect(files.filter(f => f.includes('/assets/')).length).toBeGreaterThan(0);
    expect(files.filter(f => f.startsWith('terragrunt/')).length).toBeGreaterThan(0);
  });

  test('the version differences cdktn makes are all allowed, and every allowance is used', () => {
    const c = compareOutdirs(main, twin(), ALLOWED_DIFFERENCES);
    expect(c.unexplained).toEqual([]);
    expect(c.allowed).toHaveLength(1 + stackFiles.length * 3);
    expect(c.unused).toEqual([]);
    expect(comparisonReport(c)[0]).toBe(
      `${filesUnder(main).length} files compared: 0 difference(s) not allowed, ${c.allowed.length} allowed`,
    );
  });

  test('a changed resource attribute fails, even one named version', () => {
    const cdktn = twin(dir => {
      const file = join(dir, 'stacks', 'dev-eks', 'cdk.tf.json');
      const j = JSON.parse(readFileSync(file, 'utf8'));
      const [name] = Object.keys(j.resource.aws_eks_cluster);
      j.resource.aws_eks_cluster[name].version = '1.34';
      writeFileSync(file, JSON.stringify(j));
    });
    const c = compareOutdirs(main, cdktn, ALLOWED_DIFFERENCES);
    expect(c.unexplained).toEqual([expect.objectContaining({ file: 'stacks/dev-eks/cdk.tf.json', cdktn: '1.34' })]);
    expect(c.unexplained[0].path).toMatch(/^resource\.aws_eks_cluster\.[\w-]+\.version$/);
    expect(comparisonReport(c)[1]).toMatch(
      /^NOT ALLOWED stacks\/dev-eks\/cdk\.tf\.json resource\.aws_eks_cluster\..+"1\.34"$/,
    );
  });

  test('a missing backend, data source or output fails', () => {
    const cdktn = twin(dir => {
      const file = join(dir, 'stacks', 'prod-vpc', 'cdk.tf.json');
      const j = JSON.parse(readFileSync(file, 'utf8'));
      delete j.terraform.backend;
      delete j.data;
      delete j.output;
      writeFileSync(file, JSON.stringify(j));
    });
    const paths = compareOutdirs(main, cdktn, ALLOWED_DIFFERENCES).unexplained.map(d => d.path.split('.')[0]);
    expect(new Set(paths)).toEqual(new Set(['terraform', 'data', 'output']));
  });

  test('a chart asset with other bytes, a missing Terragrunt unit or an extra file fails', () => {
    const asset = filesUnder(main).find(f => f.includes('/assets/') && f.endsWith('Chart.yaml'))!;
    const unit = filesUnder(main).find(f => f.startsWith('terragrunt/') && f.endsWith('terragrunt.hcl'))!;
    const cdktn = twin(dir => {
      writeFileSync(join(dir, asset), `${readFileSync(join(dir, asset), 'utf8')}# changed\n`);
      rmSync(join(dir, unit));
      writeFileSync(join(dir, 'extra.txt'), 'x');
    });
    const c = compareOutdirs(main, cdktn, ALLOWED_DIFFERENCES);
    expect(c.unexplained.map(d => [d.file, d.path, d.main === undefined, d.cdktn === undefined])).toEqual(
      [
        [asset, '', false, false],
        ['extra.txt', '', true, false],
        [unit, '', false, true],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });

  test('an allowance that no longer occurs is reported as unused', () => {
    const c = compareOutdirs(main, main, ALLOWED_DIFFERENCES);
    expect(c.unused).toEqual(ALLOWED_DIFFERENCES);
    expect(c.unexplained).toEqual([]);
  });
});

describe('jsonPath', () => {
  test('quotes keys that are not identifiers, so paths are unambiguous', () => {
    expect(jsonPath(['//', 'metadata', 'version'])).toBe('["//"].metadata.version');
    expect(jsonPath(['resource', 'a.b', 0, 'c'])).toBe('resource["a.b"][0].c');
  });
});

describe('.ci/run', () => {
  test('is valid bash and runs the exit lane, whose failure fails CI (set -e, no || true)', () => {
    expect(spawnSync('bash', ['-n', join(ROOT, '.ci', 'run')]).status).toBe(0);
    const script = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    expect(script).toMatch(/^set -euo pipefail$/m);
    expect(script).toMatch(/^npm run exit-lane$/m);
  });
});
