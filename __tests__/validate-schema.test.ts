// The schema the stand-in providers of `npm run validate` serve, derived from the prebuilt bindings (no terraform).
import { closeSync, openSync, readFileSync, readSync } from 'fs';
import { join } from 'path';
import { CtyType, deriveBinding, getterType, SchemaBlock, storageType } from '../scripts/validate/derive-schema';
import { mistakes } from '../scripts/validate/mistakes';
import { cachedProviderSchema, fullSource, installedProviders, ProviderSchema } from '../scripts/validate/providers';

const NODE_MODULES = join(__dirname, '..', 'node_modules');
/** scripts/validate/run.ts's cache of the providers' schemas. */
const SCHEMA_CACHE = join(NODE_MODULES, '.cache', 'tf-standin-providers');
const binding = (pkg: string, module: string) =>
  deriveBinding(readFileSync(join(NODE_MODULES, '@cdktf', pkg, 'lib', module, 'index.js'), 'utf8'))!;

function hasDynamic(type: CtyType): boolean {
  if (type === 'dynamic') return true;
  if (typeof type === 'string') return false;
  if (type[0] === 'object') return Object.values(type[1] as Record<string, CtyType>).some(hasDynamic);
  return hasDynamic(type[1] as CtyType);
}
function blockHasDynamic(block: SchemaBlock): boolean {
  return (
    Object.values(block.attributes).some(a => hasDynamic(a.type)) ||
    Object.values(block.block_types).some(b => blockHasDynamic(b.block))
  );
}

/**
 * The checks Terraform runs on every schema a provider returns before it reads any configuration
 * (internal/configs/configschema/internal_validate.go, Block.InternalValidate): a schema failing one of them stops
 * `terraform validate` with "invalid schema ... which is a bug in the provider".
 */
function internalValidate(block: SchemaBlock, prefix = ''): string[] {
  const problems: string[] = [];
  const problem = (name: string, text: string) => problems.push(`${prefix}${name}: ${text}`);
  for (const [name, a] of Object.entries(block.attributes)) {
    if (!a.optional && !a.required && !a.computed) problem(name, 'must set Optional, Required or Computed');
    if (a.optional && a.required) problem(name, 'cannot set both Optional and Required');
    if (a.computed && a.required) problem(name, 'cannot set both Computed and Required');
  }
  for (const [name, b] of Object.entries(block.block_types)) {
    const min = b.min_items ?? 0;
    const max = b.max_items ?? 0;
    if (name in block.attributes) problem(name, 'name defined as both attribute and child block type');
    if (!/^[a-z0-9_]+$/.test(name)) problem(name, 'name may contain only lowercase letters, digits and underscores');
    if (b.nesting_mode === 'single' && (min !== max || min > 1)) problem(name, 'NestingSingle min/max');
    if (b.nesting_mode === 'map' && (min !== 0 || max !== 0)) problem(name, 'NestingMap min/max');
    if ((b.nesting_mode === 'list' || b.nesting_mode === 'set') && max !== 0 && min > max) {
      problem(name, 'MinItems must be less than or equal to MaxItems');
    }
    if (b.nesting_mode === 'set' && blockHasDynamic(b.block)) {
      problem(name, 'NestingSet blocks may not contain attributes of cty.DynamicPseudoType');
    }
    problems.push(...internalValidate(b.block, `${prefix}${name}.`));
  }
  return problems;
}

describe('one binding module', () => {
  const cluster = binding('provider-aws', 'eks-cluster');

  test('names the resource type and its kind', () => {
    expect([cluster.kind, cluster.typeName]).toEqual(['resource', 'aws_eks_cluster']);
    expect(binding('provider-aws', 'data-aws-iam-policy-document')).toMatchObject({
      kind: 'data',
      typeName: 'aws_iam_policy_document',
    });
    expect(binding('provider-helm', 'release').typeName).toBe('helm_release');
  });

  test('arguments: required without a reset method, optional with one, typed from their storage class', () => {
    expect(cluster.block.attributes.name).toEqual({ type: 'string', required: true });
    expect(cluster.block.attributes.role_arn).toEqual({ type: 'string', required: true });
    expect(cluster.block.attributes.version).toEqual({ type: 'string', optional: true });
    expect(cluster.block.attributes.enabled_cluster_log_types).toEqual({ type: ['set', 'string'], optional: true });
    expect(cluster.block.attributes.tags).toEqual({ type: ['map', 'string'], optional: true });
    expect(cluster.block.attributes.bootstrap_self_managed_addons).toEqual({ type: 'bool', optional: true });
  });

  test('an argument stored under another property name (self -> selfAttribute) is still found optional', () => {
    const ingress = binding('provider-aws', 'default-security-group').block.block_types.ingress.block;
    expect(ingress.attributes.self).toEqual({ type: 'bool', optional: true });
    const endpoints = binding('provider-aws', 'provider').block.block_types.endpoints.block;
    expect(endpoints.attributes.s3api).toEqual({ type: 'string', optional: true });
  });

  test('computed-only attributes come from the getters, nested ones as lists of objects', () => {
    expect(cluster.block.attributes.arn).toEqual({ type: 'string', computed: true });
    expect(cluster.block.attributes.certificate_authority).toEqual({
      type: ['list', ['object', { data: 'string' }]],
      computed: true,
    });
    const oidc = ['list', ['object', { issuer: 'string' }]];
    expect(cluster.block.attributes.identity.type).toEqual(['list', ['object', { oidc }]]);
  });

  test('blocks: nesting, a required block needs one item, a single-object list at most one', () => {
    const vpc = cluster.block.block_types.vpc_config;
    expect([vpc.nesting_mode, vpc.min_items, vpc.max_items]).toEqual(['list', 1, 1]);
    expect(vpc.block.attributes.subnet_ids).toEqual({ type: ['set', 'string'], required: true });
    expect(vpc.block.attributes.cluster_security_group_id).toEqual({ type: 'string', computed: true });
    const encryption = cluster.block.block_types.encryption_config;
    expect([encryption.min_items, encryption.max_items]).toEqual([undefined, 1]);
    expect(encryption.block.block_types.provider.block.attributes.key_arn).toEqual({ type: 'string', required: true });
    expect(cluster.block.block_types.timeouts.nesting_mode).toBe('single');
    const release = binding('provider-helm', 'release');
    const set = release.block.block_types.set;
    expect([set.nesting_mode, set.max_items]).toEqual(['list', undefined]);
  });

  test('the provider configuration drops the alias meta-argument', () => {
    const provider = binding('provider-aws', 'provider');
    expect([provider.kind, provider.typeName]).toEqual(['provider', 'aws']);
    expect(provider.block.attributes.region).toEqual({ type: 'string', optional: true });
    expect(provider.block.attributes).not.toHaveProperty('alias');
    expect(Object.keys(provider.block.block_types)).toContain('assume_role');
  });

  test('a module without a binding class derives nothing', () => {
    expect(deriveBinding('"use strict";\nexports.x = 1;\n')).toBeUndefined();
  });
});

describe('types', () => {
  test.each([
    ['simple', 'string', 'string'],
    ['simple', 'number', 'number'],
    ['simple', 'boolean', 'bool'],
    ['simple', 'any', 'dynamic'],
    ['set', 'stringList', ['set', 'string']],
    ['list', 'numberList', ['list', 'number']],
    ['map', 'anyMap', ['map', 'dynamic']],
    ['map', 'stringMapMap', ['map', ['map', 'string']]],
    ['set', 'stringListList', ['set', ['list', 'string']]],
    ['list', 'stringMapList', ['list', ['map', 'string']]],
  ])('%s %s is %j', (type, storage, expected) => {
    expect(storageType(type, storage)).toEqual(expected);
  });

  test.each([
    ["this.getStringAttribute('a')", 'string'],
    ["this.getBooleanAttribute('a')", 'bool'],
    ["cdktf.Fn.tolist(this.getListAttribute('a'))", ['set', 'string']],
    ["this.getListAttribute('a')", ['list', 'string']],
    ["cdktf.Token.asNumberList(cdktf.Fn.tolist(this.getNumberListAttribute('a')))", ['set', 'number']],
    ["this.getStringMapAttribute('a')", ['map', 'string']],
    ["this.interpolationForAttribute('a')", 'dynamic'],
  ])('getter %s is %j', (expression, expected) => {
    expect(getterType(expression)).toEqual(expected);
  });
});

/**
 * How often `needle` occurs in `file` (matches not overlapping), read in 8 MB chunks as bytes: the aws assembly is
 * 130 MB, which held whole stays in the worker's memory (outside the heap jest's worker limit watches) long after.
 */
function occurrences(file: string, needle: Buffer): number {
  const fd = openSync(file, 'r');
  const chunk = Buffer.alloc(8 * 1024 * 1024);
  let [n, carried, position] = [0, 0, 0];
  try {
    for (let read = readSync(fd, chunk, 0, chunk.length, 0); read > 0;) {
      position += read;
      const end = carried + read;
      let next = 0; // where the next match may start: past the last one counted
      for (let at = chunk.indexOf(needle); at >= 0 && at + needle.length <= end; at = chunk.indexOf(needle, next)) {
        n++;
        next = at + needle.length;
      }
      // the tail that may begin a match completed by the next chunk moves to the front
      const keep = Math.max(next, end - (needle.length - 1));
      chunk.copy(chunk, 0, keep, end);
      carried = end - keep;
      read = readSync(fd, chunk, carried, chunk.length - carried, position);
    }
  } finally {
    closeSync(fd);
  }
  return n;
}

describe('every installed provider', () => {
  const providers = installedProviders(NODE_MODULES);
  // derived by deriveProviderSchema, through the cache `npm run validate` shares: its key changes with the package
  // version and the derivation code, so a cached schema is what the code derives now (derived afresh when missing)
  const schemas = new Map(providers.map(p => [p.source, cachedProviderSchema(p, SCHEMA_CACHE).schema]));

  test('is found with the source address its package names, not from a list', () => {
    for (const p of providers) {
      const pkg = JSON.parse(readFileSync(join(p.dir, 'package.json'), 'utf8')) as {
        cdktf: { provider: { name: string } };
      };
      expect(p.source).toBe(pkg.cdktf.provider.name);
      expect(p.type).toBe(p.source.split('/').pop());
    }
    expect(providers.map(p => p.type)).toEqual(expect.arrayContaining(['aws', 'helm', 'kubernetes']));
  });

  test('has a schema for every resource and data source module of its bindings', () => {
    for (const p of providers) {
      // the jsii assembly is an independent record of the classes (130 MB for aws: counted, not parsed)
      const count = (base: string) => occurrences(join(p.dir, '.jsii'), Buffer.from(`"base": "${base}"`));
      const schema = schemas.get(p.source)!;
      const derived = [Object.keys(schema.resource_schemas).length, Object.keys(schema.data_source_schemas).length];
      const declared = [count('cdktf.TerraformResource'), count('cdktf.TerraformDataSource')];
      expect([p.type, ...derived]).toEqual([p.type, ...declared]);
    }
  });

  test('passes the schema checks Terraform runs when it loads a provider', () => {
    for (const [source, schema] of schemas) {
      const all = [
        ['provider', schema.provider] as const,
        ...Object.entries(schema.resource_schemas),
        ...Object.entries(schema.data_source_schemas),
      ];
      const problems = all.flatMap(([name, s]) => internalValidate(s.block).map(p => `${source} ${name}: ${p}`));
      expect(problems).toEqual([]);
    }
  });

  test('the rules above reject what Terraform rejects', () => {
    const rule: SchemaBlock = { attributes: { v: { type: 'dynamic', optional: true } }, block_types: {} };
    const dynamicInSet: SchemaBlock = { attributes: {}, block_types: { rule: { nesting_mode: 'set', block: rule } } };
    const mapWithMin: SchemaBlock = {
      attributes: {},
      block_types: { spec: { nesting_mode: 'map', min_items: 1, block: { attributes: {}, block_types: {} } } },
    };
    expect(internalValidate(dynamicInSet)).toEqual([
      'rule: NestingSet blocks may not contain attributes of cty.DynamicPseudoType',
    ]);
    expect(internalValidate(mapWithMin)).toEqual(['spec: NestingMap min/max']);
  });
});

test('source addresses: the registry and the hashicorp namespace are implied', () => {
  expect(fullSource('aws')).toBe('registry.terraform.io/hashicorp/aws');
  expect(fullSource('hashicorp/time')).toBe('registry.terraform.io/hashicorp/time');
  expect(fullSource('Registry.Terraform.io/Hashicorp/AWS')).toBe('registry.terraform.io/hashicorp/aws');
});

describe('the self-test mistakes', () => {
  const schema: ProviderSchema = {
    provider: { version: 0, block: { attributes: {}, block_types: {} } },
    resource_schemas: {
      aws_s3_bucket: {
        version: 0,
        block: {
          attributes: {
            bucket: { type: 'string', required: true },
            tags: { type: ['map', 'string'], optional: true },
            arn: { type: 'string', computed: true },
          },
          block_types: {},
        },
      },
    },
    data_source_schemas: {},
  };
  const config = {
    resource: {
      aws_s3_bucket: {
        counted: { count: 2, bucket: 'a' },
        state: { tags: { a: 'b' }, bucket: 'b' },
      },
    },
  };

  test('each changes one thing on a copy, on a resource without count or for_each', () => {
    const [unknown, wrongType, undeclared, missing, unset, readOnly] = mistakes(config, [schema]);
    const buckets = config.resource.aws_s3_bucket;
    const unknownState = { ...buckets.state, argument_no_provider_has: 'x' };
    expect(unknown.config).toEqual({ resource: { aws_s3_bucket: { ...buckets, state: unknownState } } });
    expect((wrongType.config.resource as typeof config.resource).aws_s3_bucket.state.bucket).toEqual(['a', 'b']);
    expect(undeclared.config.output).toEqual({ validate_self_test: { value: '${aws_s3_bucket.declared_nowhere.id}' } });
    const missingValue = '${aws_s3_bucket.state.attribute_no_provider_has}';
    expect(missing.config.output).toEqual({ validate_self_test: { value: missingValue } });
    expect((unset.config.resource as typeof config.resource).aws_s3_bucket.state).toEqual({ tags: { a: 'b' } });
    expect((readOnly.config.resource as typeof config.resource).aws_s3_bucket.state).toMatchObject({ arn: 'x' });
    expect(config.resource.aws_s3_bucket.state).toEqual({ tags: { a: 'b' }, bucket: 'b' });
    expect([unknown, wrongType, undeclared, missing, unset, readOnly].map(m => m.expect)).toEqual([
      'Extraneous JSON object property',
      'Incorrect attribute value type',
      'Reference to undeclared resource',
      'Unsupported attribute',
      'Missing required argument',
      'Value for unconfigurable attribute',
    ]);
  });

  test('a configuration without a single resource with the arguments they need cannot make them', () => {
    const onlyCounted = { resource: { aws_s3_bucket: { counted: { count: 1, bucket: 'a' } } } };
    expect(() => mistakes(onlyCounted, [schema])).toThrow(/no resource/);
    const noComputed = structuredClone(schema);
    delete noComputed.resource_schemas.aws_s3_bucket.block.attributes.arn;
    expect(() => mistakes(config, [noComputed])).toThrow(/no resource/);
  });
});
