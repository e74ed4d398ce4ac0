import { Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { checkStack } from '../../modules/policies/engine';
import { RULES } from '../../modules/policies/rules';
import type { Finding, PolicySettings, RenderedObject, TerraformJson } from '../../modules/policies/types';

/** Synthesizes constructs built in a test into the JSON the rules read. */
export function synthJson(build: (scope: Construct) => void): TerraformJson {
  return JSON.parse(Testing.synthScope(build)) as TerraformJson;
}

export interface RunOptions {
  readonly settings?: PolicySettings;
  readonly objects?: readonly RenderedObject[];
}

/** Findings of one rule (by name) over constructs built in the test. */
export function run(ruleName: string, build: (scope: Construct) => void, options: RunOptions = {}): Finding[] {
  const rule = RULES.find(r => r.name === ruleName);
  if (rule === undefined) throw new Error(`no rule ${ruleName}`);
  return checkStack({ stack: 'test', json: synthJson(build), settings: options.settings, objects: options.objects }, [
    rule,
  ]);
}

/** Findings of every rule, for "the compliant baseline passes everything" tests. */
export function runAll(build: (scope: Construct) => void, options: RunOptions = {}): Finding[] {
  return checkStack({ stack: 'test', json: synthJson(build), settings: options.settings, objects: options.objects });
}

/** Matcher for one finding of `ruleName` on `address`. */
export function finding(ruleName: string, address: string, path?: string): Finding {
  const rule = RULES.find(r => r.name === ruleName)!;
  return expect.objectContaining({
    rule: ruleName,
    ruleId: rule.ruleId,
    priority: rule.priority,
    address,
    ...(path ? { path } : {}),
  }) as Finding;
}

/** One test per rule, `<rule> passes the compliant construct` that `build` makes: its own tests fail variants of it. */
export function eachPassesCompliant(rules: readonly string[], build: (scope: Construct) => void): void {
  test.each(rules)('%s passes the compliant construct', rule => {
    expect(run(rule, build)).toEqual([]);
  });
}
