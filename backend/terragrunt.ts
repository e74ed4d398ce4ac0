import { posix } from 'path';
import type { EnvironmentConfig, PlatformConfig } from '../environments/types';
import {
  accountOf,
  ENVIRONMENT_LAYERS,
  hasOwnAccount,
  SHARED_STACK_ID,
  SHARED_STATE_PATH,
  stackId,
  statePath,
} from '../modules/naming';
import { s3BackendSettings } from './s3-backend';

/**
 * Pure renderer of the Terragrunt tree written to `cdktf.out/terragrunt/`: configuration in, file texts out.
 * Unit paths, stack ids and backend settings come from `modules/naming.ts` and `backend/s3-backend.ts`, the same
 * functions the stacks use, so Terragrunt and cdktf read and write the same state by construction.
 */

/** Directory of the tree below the cdktf outdir. */
export const TERRAGRUNT_DIR = 'terragrunt';
/** Directory of the synthesized stacks below the cdktf outdir (cdktf's layout). */
export const STACKS_DIR = 'stacks';
export const ROOT_FILE = 'root.hcl';
export const UNIT_FILE = 'terragrunt.hcl';

/** One Terragrunt unit: a directory with a `terragrunt.hcl` that runs one synthesized stack. */
export interface TerragruntUnit {
  /** Path below the tree root, e.g. `dev/vpc`: equal to the stack's state key prefix. */
  readonly path: string;
  /** The synthesized stack the unit runs, e.g. `dev-vpc`. */
  readonly stackId: string;
  /** Paths (below the tree root) of the units that must be applied first. */
  readonly dependsOn: readonly string[];
}

/**
 * `shared`, then `vpc -> eks -> addons` per environment. The state-backend stack is no unit: it creates the backend
 * (starting with local state) and is applied by hand.
 */
export function terragruntUnits(environments: readonly EnvironmentConfig[]): TerragruntUnit[] {
  const units: TerragruntUnit[] = [{ path: SHARED_STATE_PATH, stackId: SHARED_STACK_ID, dependsOn: [] }];
  for (const env of environments) {
    let previous: string = SHARED_STATE_PATH;
    for (const layer of ENVIRONMENT_LAYERS) {
      const path = statePath(env.name, layer);
      units.push({ path, stackId: stackId(env.name, layer), dependsOn: [previous] });
      previous = path;
    }
  }
  return units;
}

/**
 * Checks that unit paths are unique, every dependency names a unit and the graph has no cycle.
 * Returns the units in an order that applies each after its dependencies; throws naming the unit otherwise.
 */
export function checkUnitGraph(units: readonly TerragruntUnit[]): TerragruntUnit[] {
  const byPath = new Map<string, TerragruntUnit>();
  for (const unit of units) {
    if (byPath.has(unit.path))
      throw new Error(
        `Terragrunt unit "${unit.path}" is defined twice (stacks ${byPath.get(unit.path)?.stackId} and ` +
          `${unit.stackId})`,
      );
    byPath.set(unit.path, unit);
  }
  for (const unit of units) {
    for (const dep of unit.dependsOn) {
      if (!byPath.has(dep)) {
        throw new Error(
          `Terragrunt unit "${unit.path}" depends on "${dep}", which is not a unit (units: ` +
            `${[...byPath.keys()].join(', ')})`,
        );
      }
    }
  }
  const ordered: TerragruntUnit[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (unit: TerragruntUnit, trail: readonly string[]): void => {
    if (state.get(unit.path) === 'done') return;
    if (state.get(unit.path) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(unit.path)), unit.path];
      throw new Error(`Terragrunt unit "${unit.path}" is part of a dependency cycle: ${cycle.join(' -> ')}`);
    }
    state.set(unit.path, 'visiting');
    for (const dep of unit.dependsOn) visit(byPath.get(dep) as TerragruntUnit, [...trail, unit.path]);
    state.set(unit.path, 'done');
    ordered.push(unit);
  };
  for (const unit of units) visit(unit, []);
  return ordered;
}

/** HCL literal of a string (JSON escaping is valid HCL; `${` and `%{` are escaped so nothing is interpolated). */
function hclString(value: string): string {
  return JSON.stringify(value).replace(/([$%])\{/g, (_, sigil: string) => `${sigil}${sigil}{`);
}

function hclValue(value: string | number | boolean): string {
  return typeof value === 'string' ? hclString(value) : String(value);
}

/** `key = value` lines aligned like `terraform fmt`. */
function hclAttributes(entries: ReadonlyArray<readonly [string, string]>, indent: string): string {
  const width = Math.max(...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${indent}${k.padEnd(width)} = ${v}`).join('\n');
}

/**
 * Terragrunt-only `remote_state.config` keys (Terragrunt drops them before `terraform init`). The state bucket belongs
 * to the state-backend stack (AES256 SSE, TLS-only policy, public access block, versioning). When Terragrunt
 * bootstraps the backend (`--backend-bootstrap`, `terragrunt backend bootstrap`, or every run in releases before its
 * CLI redesign) it compares an existing bucket with its own defaults (`aws:kms` SSE, a root-access policy statement,
 * ...) and offers to update it, which would drift from the stack. `disable_bucket_update` skips that whole step. The
 * `skip_bucket_*` keys are not set: they only shape a bucket Terragrunt creates or updates, and with updates off the
 * only such bucket would be one it creates, which it must not (state-backend creates it).
 */
export const TERRAGRUNT_ONLY_S3_CONFIG = { disable_bucket_update: true } as const;

/**
 * The engine every unit runs. cdktf, scripts/deploy.sh and CI run `terraform` on the same state; Terragrunt picks
 * `tofu` when it is on PATH unless told otherwise, and a state written by one engine is not guaranteed readable by
 * the other.
 * @see https://terragrunt.gruntwork.io/docs/reference/config-blocks-and-attributes/#terraform_binary
 */
export const TERRAFORM_BINARY = 'terraform';

const HEADER =
  '# Generated by `npx cdktf synth` from environments/ (backend/terragrunt.ts). Do not edit: changes are ' +
  'overwritten.\n';

/** `root.hcl`: the S3 remote state (same settings as every stack's backend) and common locals. */
export function renderRootHcl(platform: PlatformConfig): string {
  // The key below is the only setting not taken verbatim: Terragrunt fills it per unit, and the unit path equals the
  // stack's state path, so the result is the key the stack already declares.
  const { key: _key, ...settings } = s3BackendSettings(platform, SHARED_STATE_PATH);
  const config: Array<readonly [string, string]> = Object.entries(settings).map(([k, v]) => [k, hclValue(v)] as const);
  config.push(['key', '"${path_relative_to_include()}/terraform.tfstate"']);
  for (const [k, v] of Object.entries(TERRAGRUNT_ONLY_S3_CONFIG)) config.push([k, hclValue(v)]);
  return `${HEADER}
# The engine cdktf and scripts/deploy.sh use on the same state: never \`tofu\` because it happens to be on PATH.
terraform_binary = ${hclString(TERRAFORM_BINARY)}

locals {
${hclAttributes(
  [
    ['project', hclString(platform.project)],
    ['aws_account_id', hclString(platform.aws.accountId)],
    ['aws_region', hclString(platform.aws.region)],
  ],
  '  ',
)}
}

# No \`generate\` block: every synthesized stack already declares \`terraform.backend.s3\`; a second backend file would
# be a Terraform error ("Duplicate backend configuration"). Terragrunt passes these values to \`terraform init\`.
# The backend resources are made by the state-backend stack, so Terragrunt must not bootstrap them:
# \`disable_bucket_update\` (Terragrunt-only, not passed to Terraform) stops it from "fixing" the bucket to its own
# defaults (KMS encryption, bucket policy, ...); do not run with \`--backend-bootstrap\` before state-backend exists.
remote_state {
  backend = "s3"
  config = {
${hclAttributes(config, '    ')}
  }
}
`;
}

/**
 * `<env>/root.hcl` of an environment in its own account: the units below `<env>/` find it before the tree's root
 * (`find_in_parent_folders` searches upwards from the unit), so they run with the settings their stacks declare:
 * S3 lock files only (backend/s3-backend.ts, `lockfile`), the key below `<env>/`, the environment's account.
 */
export function renderEnvironmentRootHcl(platform: PlatformConfig, env: EnvironmentConfig): string {
  const { key: _key, ...settings } = s3BackendSettings(platform, env.name, 'lockfile');
  const config: Array<readonly [string, string]> = Object.entries(settings).map(([k, v]) => [k, hclValue(v)] as const);
  config.push(['key', `"${env.name}/\${path_relative_to_include()}/terraform.tfstate"`]);
  for (const [k, v] of Object.entries(TERRAGRUNT_ONLY_S3_CONFIG)) config.push([k, hclValue(v)]);
  return `${HEADER}
# ${env.name} is in an account of its own: this file, not ../${ROOT_FILE}, configures its units. The lock table is in
# the platform account and the backend names it by name only, so these units lock with S3 lock files.
terraform_binary = ${hclString(TERRAFORM_BINARY)}

locals {
${hclAttributes(
  [
    ['project', hclString(platform.project)],
    ['aws_account_id', hclString(accountOf(platform, env))],
    ['aws_region', hclString(platform.aws.region)],
  ],
  '  ',
)}
}

remote_state {
  backend = "s3"
  config = {
${hclAttributes(config, '    ')}
  }
}
`;
}

/** Relative path from a unit directory to its stack, with `//`: Terragrunt copies everything before it. */
export function unitSource(unit: TerragruntUnit): string {
  const depth = unit.path.split('/').length + 1; // the unit's own directories plus `terragrunt/`
  return `${'../'.repeat(depth)}${STACKS_DIR}//${unit.stackId}`;
}

/** `<unit>/terragrunt.hcl`: include the root, run the synthesized stack, order after its dependencies. */
export function renderUnitHcl(unit: TerragruntUnit): string {
  const deps = unit.dependsOn.map(dep => hclString(posix.relative(unit.path, dep)));
  const dependencies = deps.length === 0 ? '' : `\ndependencies {\n  paths = [${deps.join(', ')}]\n}\n`;
  return `${HEADER}
include "root" {
  path = find_in_parent_folders(${hclString(ROOT_FILE)})
}

terraform {
  # Relative, so the tree moves together with cdktf.out; the stack reads upstream values through remote state.
  source = ${hclString(unitSource(unit))}
}
${dependencies}`;
}

/** Shell lines that apply the units one by one in dependency order, each plan reviewed before its apply. */
export function firstRunCommands(units: readonly TerragruntUnit[]): string[] {
  return checkUnitGraph(units).map(u => `(cd ${u.path} && terragrunt plan && terragrunt apply)`);
}

/** Marks the README's first-run block (a test runs it against a model of the state bucket). */
export const FIRST_RUN_MARKER = '# first run on an empty account';

function renderReadme(units: readonly TerragruntUnit[]): string {
  const order = units.map(
    u => `| \`${u.path}\` | \`${u.stackId}\` | ${u.dependsOn.map(d => `\`${d}\``).join(', ') || '–'} |`,
  );
  return `# Terragrunt tree (generated)

Written by every \`npx cdktf synth\` from \`environments/\`; do not edit. Each unit runs one synthesized stack from
\`../${STACKS_DIR}/\` and keeps its state at \`<unit path>/terraform.tfstate\` in the state bucket: the same key the
stack declares, so \`cdktf deploy\`, \`terraform\` and Terragrunt share one state. \`root.hcl\` pins
\`terraform_binary = "${TERRAFORM_BINARY}"\`: with \`tofu\` on PATH Terragrunt would otherwise switch engines on
that state.

Before the first run, apply the \`state-backend\` stack once: it creates the bucket and the lock table, starting with
local state (see docs/DEPLOYMENT.md, section 2). It is not a unit here. Do not use \`--backend-bootstrap\` or
\`terragrunt backend bootstrap\` to create the bucket instead: \`root.hcl\` sets \`disable_bucket_update = true\` so
Terragrunt leaves the stack's bucket settings alone, and a bucket Terragrunt made would not match the stack.

## First run on an empty account: apply in dependency order

A unit reads the outputs of the unit before it through \`terraform_remote_state\` (not through Terragrunt inputs,
so \`mock_outputs\` cannot stand in), and that state exists only once the unit before it is applied. On an empty
account \`terragrunt run --all plan\` therefore fails for every eks and addons unit ("Unable to find remote state").
Apply unit by unit, reviewing each plan:

\`\`\`bash
${FIRST_RUN_MARKER}
cd cdktf.out/terragrunt
${firstRunCommands(units).join('\n')}
\`\`\`

\`terragrunt run --all apply\` does the same in dependency order, but asks once for the whole run and then applies
every unit without showing its plan (Terragrunt passes \`-auto-approve\` to each unit's apply).

## Afterwards

\`\`\`bash
cd cdktf.out/terragrunt
terragrunt run --all plan                          # every unit, in dependency order
terragrunt run --all apply                         # asks once, then applies every unit
(cd <env> && terragrunt run --all plan)            # one environment (shared is applied already)
\`\`\`

A new environment is a first run again for its units: apply its \`vpc\`, \`eks\` and \`addons\` in that order.

| unit | stack | after |
|---|---|---|
${order.join('\n')}
`;
}

/** Every file of the tree, by path below `cdktf.out/terragrunt/`. Throws (naming the unit) on a bad graph. */
export function renderTerragruntTree(
  platform: PlatformConfig,
  units: readonly TerragruntUnit[],
  environments: readonly EnvironmentConfig[] = [],
): Record<string, string> {
  const ordered = checkUnitGraph(units);
  const files: Record<string, string> = { [ROOT_FILE]: renderRootHcl(platform), 'README.md': renderReadme(ordered) };
  for (const env of environments.filter(hasOwnAccount)) {
    files[`${env.name}/${ROOT_FILE}`] = renderEnvironmentRootHcl(platform, env);
  }
  for (const unit of ordered) files[`${unit.path}/${UNIT_FILE}`] = renderUnitHcl(unit);
  return files;
}
