import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { resources, SynthesizedStack } from './read-helpers';
import { realModel, realOutdir } from './real-platform';
import { policyStatements, ReadStatement } from './tf-json';

/** Helpers for the addons-layer tests: releases by name, parsed values, references, rendered local charts. */

export type Json = Record<string, unknown>;

/** The one helm_release named `name` (the Helm release name, not the Terraform name). */
export function release(stack: SynthesizedStack, name: string): Json {
  const found = Object.values(resources(stack, 'helm_release')).filter(r => r.name === name);
  if (found.length !== 1) throw new Error(`expected one helm_release named ${name}, found ${found.length}`);
  return found[0];
}

/** The release's values, parsed (they are one JSON document). */
export function releaseValues(rel: Json): Json {
  const values = rel.values as string[];
  expect(values).toHaveLength(1);
  return JSON.parse(values[0]) as Json;
}

/** `${type}.${terraformName}` of the resources of `type` matching `match`, e.g. `aws_sqs_queue.karpenter_..._ABC`. */
export function addresses(stack: SynthesizedStack, type: string, match: (r: Json) => boolean = () => true): string[] {
  return Object.entries(resources(stack, type))
    .filter(([, r]) => match(r))
    .map(([name]) => `${type}.${name}`);
}

export function onlyAddress(stack: SynthesizedStack, type: string, match: (r: Json) => boolean = () => true): string {
  const found = addresses(stack, type, match);
  if (found.length !== 1) throw new Error(`expected one ${type} matching, found ${found.length}`);
  return found[0];
}

/** `${address.attr}` as Terraform JSON writes a reference. */
export function ref(address: string, attr: string): string {
  return `\${${address}.${attr}}`;
}

/** A statement as tests read it back, with Action and Resource as arrays (`[]` when absent). */
type Statement = ReadStatement & { readonly Action: string[]; readonly Resource: string[] };

/** Statements of a JSON policy string, or of the `data.aws_iam_policy_document` it references. */
export function statements(stack: SynthesizedStack, policy: string): Statement[] {
  return policyStatements(stack, policy).map(s => ({ ...s, Action: s.Action ?? [], Resource: s.Resource ?? [] }));
}

/**
 * The real platform of the one synth of the test run: its stacks from the model, its folder on disk so local charts
 * (assets) can be read as Helm reads them.
 */
export function synthesizedApp(): { outdir: string; stack: (id: string) => SynthesizedStack } {
  return { outdir: realOutdir(), stack: id => realModel().stacks[id].json };
}

/** The objects of a local chart release, parsed from the YAML files written into the stack's assets. */
export function renderedObjects(stackId: string, releaseName: string): Json[] {
  const app = synthesizedApp();
  const chart = release(app.stack(stackId), releaseName).chart as string;
  const dir = join(app.outdir, 'stacks', stackId, chart, 'files');
  return readdirSync(dir)
    .sort()
    .map(file => parse(readFileSync(join(dir, file), 'utf8')) as Json);
}
