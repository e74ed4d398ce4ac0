import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { writeTerragruntTree } from '../backend/terragrunt-writer';
import { ENVIRONMENTS, platform } from '../environments';
import type { EnvironmentConfig, PlatformConfig } from '../environments/types';
import { buildTestPlatform, QA_ENVIRONMENT } from './helpers';
import { realOutdir } from './real-platform';

/**
 * The writer after a real `app.synth()` of a configuration variant (seconds per test, so not in the terragrunt
 * mutation area: terragrunt-files.test.ts states what the renderer writes).
 */

interface SynthesizedTree {
  readonly outdir: string;
  readonly tree: string;
  readonly files: Record<string, string>;
}

function filesOf(tree: string): Record<string, string> {
  const files = readdirSync(tree, { recursive: true, encoding: 'utf8' }).filter(p => statSync(join(tree, p)).isFile());
  return Object.fromEntries(files.map(p => [p, readFileSync(join(tree, p), 'utf8')]));
}

/** A real `app.synth()` to a temp outdir, then the writer, as `main.ts` does. */
function synthTree(envs: readonly EnvironmentConfig[], platformConfig: PlatformConfig = platform): SynthesizedTree {
  const { app } = buildTestPlatform(envs, platformConfig);
  app.synth();
  const written = writeTerragruntTree(app.outdir, platformConfig, envs);
  const tree = join(app.outdir, 'terragrunt');
  return {
    outdir: app.outdir,
    tree,
    files: Object.fromEntries(written.map(p => [p, readFileSync(join(tree, p), 'utf8')])),
  };
}

const qa = QA_ENVIRONMENT;

/** The stack's backend key without `/terraform.tfstate`. */
function keyPrefix(outdir: string, stackId: string): string {
  const stack = JSON.parse(readFileSync(join(outdir, 'stacks', stackId, 'cdk.tf.json'), 'utf8'));
  return String(stack.terraform.backend.s3.key).replace(/\/terraform\.tfstate$/, '');
}

describe('the Terragrunt writer after a real synth', () => {
  const real = (): SynthesizedTree => {
    const outdir = realOutdir();
    return { outdir, tree: join(outdir, 'terragrunt'), files: filesOf(join(outdir, 'terragrunt')) };
  };

  test('a third environment adds its three units and changes no other unit or root.hcl', () => {
    const withQa = synthTree([...ENVIRONMENTS, qa]);
    const added = Object.keys(withQa.files).filter(p => !(p in real().files));
    expect(added.sort()).toEqual(['qa/addons/terragrunt.hcl', 'qa/eks/terragrunt.hcl', 'qa/vpc/terragrunt.hcl']);
    for (const [path, text] of Object.entries(real().files))
      if (path !== 'README.md') expect(withQa.files[path]).toBe(text);
    expect(withQa.files['qa/vpc/terragrunt.hcl']).toContain('source = "../../../stacks//qa-vpc"');
    for (const layer of ['vpc', 'eks', 'addons']) expect(keyPrefix(withQa.outdir, `qa-${layer}`)).toBe(`qa/${layer}`);
  });

  test('fails naming the unit when its stack directory is missing, and writes nothing', () => {
    // the stacks of the test run's one synth (global-setup.ts), copied so that one can go
    const outdir = mkdtempSync(join(tmpdir(), 'tg-missing-'));
    cpSync(join(realOutdir(), 'stacks'), join(outdir, 'stacks'), { recursive: true });
    rmSync(join(outdir, 'stacks', 'prod-eks'), { recursive: true });
    expect(() => writeTerragruntTree(outdir, platform, ENVIRONMENTS)).toThrow(
      /Terragrunt unit "prod\/eks" runs stack "prod-eks", but .*cdk\.tf\.json does not exist/,
    );
    expect(existsSync(join(outdir, 'terragrunt'))).toBe(false);
  });
});
