// The providers a run needs: every `@cdktf/provider-*` package installed, keyed by the source address its
// package.json names (`cdktf.provider.name`), each with a schema derived from its bindings and cached per version.
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { join } from 'path';
import { deriveBinding, SchemaBlock } from './derive-schema';

export interface ProviderPackage {
  /** `registry.terraform.io/hashicorp/aws` */
  source: string;
  /** the local name Terraform uses for the executable: `aws` */
  type: string;
  version: string;
  packageName: string;
  packageVersion: string;
  dir: string;
}

export interface Schema {
  version: number;
  block: SchemaBlock;
}

export interface ProviderSchema {
  provider: Schema;
  resource_schemas: Record<string, Schema>;
  data_source_schemas: Record<string, Schema>;
}

const DEFAULT_HOST = 'registry.terraform.io';
const DEFAULT_NAMESPACE = 'hashicorp';

/** A `required_providers` source in full form: `aws` and `hashicorp/aws` are `registry.terraform.io/hashicorp/aws`. */
export function fullSource(source: string): string {
  const parts = source.toLowerCase().split('/');
  if (parts.length === 1) return `${DEFAULT_HOST}/${DEFAULT_NAMESPACE}/${parts[0]}`;
  if (parts.length === 2) return `${DEFAULT_HOST}/${parts.join('/')}`;
  return parts.join('/');
}

export function installedProviders(nodeModules: string): ProviderPackage[] {
  const scope = join(nodeModules, '@cdktf');
  if (!existsSync(scope)) return [];
  return readdirSync(scope)
    .filter(name => name.startsWith('provider-') && !['provider-generator', 'provider-schema'].includes(name))
    .flatMap(name => {
      const dir = join(scope, name);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name: string;
        version: string;
        cdktf?: { provider?: { name: string; version: string } };
      };
      const provider = pkg.cdktf?.provider;
      if (!provider) return [];
      const source = fullSource(provider.name);
      const type = source.split('/')[2];
      return [{ source, type, version: provider.version, packageName: pkg.name, packageVersion: pkg.version, dir }];
    });
}

function moduleSources(libDir: string): string[] {
  return readdirSync(libDir, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(entry => {
      const dir = join(libDir, entry.name);
      const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter(f => f.endsWith('.js'))
        .sort();
      return files.map(f => readFileSync(join(dir, f), 'utf8')).join('\n');
    });
}

/** The whole schema of one provider package, from every module under its `lib/`. */
export function deriveProviderSchema(pkg: ProviderPackage): ProviderSchema {
  const schema: ProviderSchema = {
    provider: { version: 0, block: { attributes: {}, block_types: {} } },
    resource_schemas: {},
    data_source_schemas: {},
  };
  for (const source of moduleSources(join(pkg.dir, 'lib'))) {
    const binding = deriveBinding(source);
    if (!binding) continue;
    const entry: Schema = { version: 0, block: binding.block };
    if (binding.kind === 'provider') schema.provider = entry;
    else if (binding.kind === 'resource') schema.resource_schemas[binding.typeName] = entry;
    else schema.data_source_schemas[binding.typeName] = entry;
  }
  return schema;
}

/** The cache key changes with the package version and with the derivation and encoding code itself. */
function cacheKey(pkg: ProviderPackage): string {
  const files = ['derive-schema.ts', 'providers.ts', 'protocol.ts', 'tfplugin6.proto'];
  const code = files.map(f => readFileSync(join(__dirname, f), 'utf8')).join('\n');
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 12);
  return `${pkg.packageName.replace('/', '+')}@${pkg.packageVersion}-${hash}`;
}

/** The schema from the cache, derived and written there first when missing. */
export function cachedProviderSchema(pkg: ProviderPackage, cacheDir: string): { schema: ProviderSchema; file: string } {
  const file = join(cacheDir, `${cacheKey(pkg)}.schema.json`);
  if (existsSync(file)) return { schema: JSON.parse(readFileSync(file, 'utf8')) as ProviderSchema, file };
  const schema = deriveProviderSchema(pkg);
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(schema));
  renameSync(`${file}.tmp`, file);
  return { schema, file };
}
