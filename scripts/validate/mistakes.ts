// The self-test of `npm run validate`: copies of a stack with one mistake each, and the error Terraform must report
// for it, in its own words. cdktf writes JSON syntax, where an unknown argument is HCL's JSON decoder error
// "Extraneous JSON object property" (native syntax says "Unsupported argument"; hashicorp/hcl json/structure.go).
import type { ProviderSchema } from './providers';

type Json = Record<string, unknown>;

export interface Mistake {
  name: string;
  /** the Terraform diagnostic summary the mistake must produce */
  expect: string;
  /** a part of its detail */
  detail: string;
  config: Json;
}

interface Candidate {
  type: string;
  name: string;
  /** a string argument set to a plain string */
  attribute: string;
  /** a required argument it sets */
  required: string;
  /** an attribute only the provider decides */
  computed: string;
}

const clone = (config: Json): Json => structuredClone(config);
const resourcesOf = (config: Json) => (config.resource ?? {}) as Record<string, Record<string, Json>>;

/** A single resource that sets a required and a string argument and has a computed-only string attribute. */
export function findCandidate(config: Json, schemas: ProviderSchema[]): Candidate | undefined {
  for (const [type, byName] of Object.entries(resourcesOf(config))) {
    const schema = schemas.map(s => s.resource_schemas[type]).find(s => s !== undefined);
    if (!schema) continue;
    for (const [name, body] of Object.entries(byName)) {
      if ('count' in body || 'for_each' in body) continue; // a reference to one needs an instance key
      const attributes = schema.block.attributes;
      const attribute = Object.keys(body).find(
        key => attributes[key]?.type === 'string' && typeof body[key] === 'string',
      );
      const required = Object.keys(body).find(key => attributes[key]?.required);
      const computed = Object.keys(attributes).find(key => {
        const a = attributes[key];
        return a.computed && !a.optional && !a.required && a.type === 'string';
      });
      if (attribute && required && computed) return { type, name, attribute, required, computed };
    }
  }
  return undefined;
}

function withOutput(config: Json, value: string): Json {
  const copy = clone(config);
  copy.output = { ...((copy.output ?? {}) as Json), validate_self_test: { value } };
  return copy;
}

/**
 * The mistakes the check must catch, made on copies of `config`. The first four are the ones the check exists for;
 * a missing required argument proves the schema knows which are required, a computed-only attribute set in the
 * configuration that the stand-in makes the provider's own check.
 */
export function mistakes(config: Json, schemas: ProviderSchema[]): Mistake[] {
  const candidate = findCandidate(config, schemas);
  if (!candidate) throw new Error('no resource with the arguments and attributes the self-test needs');
  const { type, name, attribute, required, computed } = candidate;
  const edit = (change: (body: Json) => void): Json => {
    const copy = clone(config);
    change(resourcesOf(copy)[type][name]);
    return copy;
  };
  return [
    {
      name: `unknown argument on ${type}.${name}`,
      expect: 'Extraneous JSON object property',
      detail: 'No argument or block type is named "argument_no_provider_has".',
      config: edit(body => (body.argument_no_provider_has = 'x')),
    },
    {
      name: `a list for the string ${type}.${name}.${attribute}`,
      expect: 'Incorrect attribute value type',
      detail: `Inappropriate value for attribute "${attribute}": string required.`,
      config: edit(body => (body[attribute] = ['a', 'b'])),
    },
    {
      name: `reference to an undeclared ${type}`,
      expect: 'Reference to undeclared resource',
      detail: `A managed resource "${type}" "declared_nowhere" has not been declared in the root module.`,
      config: withOutput(config, `\${${type}.declared_nowhere.id}`),
    },
    {
      name: `reference to an attribute ${type} lacks`,
      expect: 'Unsupported attribute',
      detail: 'This object has no argument, nested block, or exported attribute named "attribute_no_provider_has".',
      config: withOutput(config, `\${${type}.${name}.attribute_no_provider_has}`),
    },
    {
      name: `${type}.${name} without its required ${required}`,
      expect: 'Missing required argument',
      detail: `The argument "${required}" is required, but no definition was found.`,
      config: edit(body => delete body[required]),
    },
    {
      name: `a value for ${type}.${name}.${computed}, which only the provider decides`,
      expect: 'Value for unconfigurable attribute',
      detail: `Can't configure a value for "${computed}"`,
      config: edit(body => (body[computed] = 'x')),
    },
  ];
}
