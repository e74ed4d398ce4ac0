// The one check a real provider adds in ValidateResourceConfig/ValidateDataResourceConfig that Terraform core does
// not make: a computed-only attribute (decided by the provider) must not be set. Message and detail as the plugin
// SDK reports it (terraform-plugin-sdk v2, helper/schema: "Value for unconfigurable attribute").
import type { SchemaBlock } from './derive-schema';
import { UNKNOWN, type Value } from './msgpack';

export interface PathStep {
  attribute_name?: string;
  element_key_string?: string;
  element_key_int?: number;
}

export interface ReadOnlyProblem {
  summary: string;
  detail: string;
  path: PathStep[];
}

const isObject = (v: Value): v is Record<string, Value> =>
  v !== null && v !== UNKNOWN && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v);

export function readOnlyProblems(block: SchemaBlock, value: Value, path: PathStep[] = []): ReadOnlyProblem[] {
  if (!isObject(value)) return [];
  const problems: ReadOnlyProblem[] = [];
  for (const [name, attribute] of Object.entries(block.attributes)) {
    if (!attribute.computed || attribute.optional || attribute.required) continue;
    if (value[name] === null || value[name] === undefined) continue;
    problems.push({
      summary: 'Value for unconfigurable attribute',
      detail:
        `Can't configure a value for "${name}": its value will be decided automatically based on the result ` +
        'of applying this configuration.',
      path: [...path, { attribute_name: name }],
    });
  }
  for (const [name, nested] of Object.entries(block.block_types)) {
    const child = value[name];
    const at = [...path, { attribute_name: name }];
    if (nested.nesting_mode === 'single') problems.push(...readOnlyProblems(nested.block, child, at));
    else if (Array.isArray(child)) {
      child.forEach((item, i) => {
        const step = nested.nesting_mode === 'list' ? [{ element_key_int: i }] : [];
        problems.push(...readOnlyProblems(nested.block, item, [...at, ...step]));
      });
    } else if (isObject(child)) {
      for (const [key, item] of Object.entries(child)) {
        problems.push(...readOnlyProblems(nested.block, item, [...at, { element_key_string: key }]));
      }
    }
  }
  return problems;
}
