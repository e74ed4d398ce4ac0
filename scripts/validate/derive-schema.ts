// Derives a Terraform provider schema (the shape `terraform providers schema -json` prints) from the JavaScript of a
// prebuilt cdktf binding, without loading it. The generator (@cdktf/provider-generator, emitter/attributes-emitter)
// writes, per block, `synthesizeHclAttributes`/`<struct>ToHclTerraform` entries `{ value, isBlock, type,
// storageClassType }` for every argument, a `reset<Name>()` for every argument that is not required, and a comment
// `// <name> - computed: C, optional: O, required: R` above computed-only getters and stored nested classes.

/** cty type in its JSON form: "string", ["list","string"], ["object",{...}], "dynamic". */
export type CtyType = string | [string, CtyType] | ['object', Record<string, CtyType>];

export interface SchemaAttribute {
  type: CtyType;
  required?: true;
  optional?: true;
  computed?: true;
}

export type NestingMode = 'single' | 'list' | 'set' | 'map';

export interface SchemaBlockType {
  nesting_mode: NestingMode;
  block: SchemaBlock;
  min_items?: number;
  max_items?: number;
}

export interface SchemaBlock {
  attributes: Record<string, SchemaAttribute>;
  block_types: Record<string, SchemaBlockType>;
}

export type BindingKind = 'resource' | 'data' | 'provider';

export interface DerivedBinding {
  kind: BindingKind;
  typeName: string;
  block: SchemaBlock;
}

interface ArgumentEntry {
  name: string;
  value: string;
  isBlock: boolean;
  type: string;
  storageClassType: string;
}

interface StoredClass {
  className: string;
  wrapsSet: boolean;
  computedOnly: boolean;
  required: boolean;
}

const KINDS: Record<string, BindingKind> = {
  TerraformResource: 'resource',
  TerraformDataSource: 'data',
  TerraformProvider: 'provider',
};
// meta-arguments Terraform consumes before the provider's schema sees the block
const META_ARGUMENTS = new Set(['alias']);
const NAME = String.raw`"?([A-Za-z0-9_-]+)"?`;
const ENTRY = new RegExp(
  String.raw`^\s+${NAME}: \{\n\s+value: ([\s\S]*?),\n\s+isBlock: (true|false),\n\s+type: "(\w+)",\n` +
    String.raw`\s+storageClassType: "(\w+)",\n\s+\},?$`,
  'gm',
);
const COMMENT = String.raw`// ([a-z0-9_]+) - computed: (true|false), optional: (true|false), required: (true|false)\n`;
const COMPUTED_GETTER = new RegExp(COMMENT + String.raw`\s+get \w+\(\) \{\n\s+return (.*);\n`, 'g');
const STORED_CLASS = new RegExp(
  COMMENT + String.raw`\s+this\.\w+ = new ([\w.]+)\(this, "[a-z0-9_]+"(?:, (true|false))?\);`,
  'g',
);
const SCALARS: Record<string, CtyType> = { string: 'string', number: 'number', boolean: 'bool', any: 'dynamic' };

/** The text of a top-level `function`/`class` declaration: from its header to the first closing brace at column 0. */
function topLevelBody(source: string, header: string): string | undefined {
  const start = source.indexOf(header);
  if (start < 0) return undefined;
  const end = source.indexOf('\n}\n', start);
  return source.slice(start, end < 0 ? undefined : end);
}

function entries(body: string): ArgumentEntry[] {
  const attrs = body.indexOf('const attrs = {');
  if (attrs < 0) return [];
  const close = /\n\s*\};/.exec(body.slice(attrs));
  const text = body.slice(attrs, close ? attrs + close.index + 1 : undefined);
  return [...text.matchAll(ENTRY)].map(m => ({
    name: m[1],
    value: m[2],
    isBlock: m[3] === 'true',
    type: m[4],
    storageClassType: m[5],
  }));
}

function titleCase(value: string): string {
  return value[0].toUpperCase() + value.slice(1);
}
function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `stringListList` with outer `set` -> set(list(string)); the generator names storage by base type and nestings. */
export function storageType(type: string, storageClassType: string): CtyType {
  const base = /^(string|number|boolean|any)/.exec(storageClassType)?.[1];
  if (base === undefined) return 'dynamic';
  const nestings = storageClassType.slice(base.length).match(/List|Map/g) ?? [];
  let result: CtyType = SCALARS[base];
  nestings.forEach((nesting, i) => {
    const outer = i === nestings.length - 1 && (type === 'list' || type === 'set' || type === 'map');
    const kind = outer ? type : nesting.toLowerCase();
    result = [kind, result];
  });
  return result;
}

/** A parsed binding module: its struct functions and classes, looked up by name. */
class BindingSource {
  constructor(private readonly source: string) {}

  functionBody(name: string): string | undefined {
    return topLevelBody(this.source, `function ${name}ToHclTerraform(struct) {`);
  }

  classBody(name: string): string | undefined {
    return topLevelBody(this.source, `class ${name} extends `);
  }

  /** The block of a struct (`fooBar` from `fooBarToHclTerraform`), its class `FooBarOutputReference`. */
  structBlock(struct: string, insideSet: boolean, seen: Set<string>): SchemaBlock {
    if (seen.has(struct)) return { attributes: {}, block_types: {} }; // recursive structs stop at one level
    const next = new Set(seen).add(struct);
    const args = entries(this.functionBody(struct) ?? '');
    return this.block(args, this.classBody(`${titleCase(struct)}OutputReference`) ?? '', insideSet, next);
  }

  block(args: ArgumentEntry[], classBody: string, insideSet: boolean, seen: Set<string>): SchemaBlock {
    const attributes: Record<string, SchemaAttribute> = {};
    const blockTypes: Record<string, SchemaBlockType> = {};
    const stored = storedClasses(classBody);
    for (const arg of args) {
      if (META_ARGUMENTS.has(arg.name)) continue;
      if (arg.isBlock) {
        blockTypes[arg.name] = this.blockType(arg, stored.get(arg.name), insideSet, seen);
        continue;
      }
      const required = classBody.length > 0 && !hasReset(classBody, propertyName(arg));
      attributes[arg.name] = required
        ? { type: setSafe(storageType(arg.type, arg.storageClassType), insideSet), required: true }
        : { type: setSafe(storageType(arg.type, arg.storageClassType), insideSet), optional: true };
    }
    for (const m of classBody.matchAll(COMPUTED_GETTER)) {
      const [, name, computed, optional, required, expression] = m;
      if (computed !== 'true' || optional === 'true' || required === 'true' || name in attributes) continue;
      attributes[name] = { type: setSafe(getterType(expression), insideSet), computed: true };
    }
    for (const [name, cls] of stored) {
      if (!cls.computedOnly || name in attributes || name in blockTypes) continue;
      attributes[name] = { type: setSafe(this.storedType(cls, seen), insideSet), computed: true };
    }
    return { attributes, block_types: blockTypes };
  }

  blockType(arg: ArgumentEntry, cls: StoredClass | undefined, insideSet: boolean, seen: Set<string>): SchemaBlockType {
    const struct = /(?<!cdktf\.)\b(\w+)ToHclTerraform\b/.exec(arg.value)?.[1];
    if (struct === undefined) throw new Error(`${arg.name}: no struct function in ${arg.value}`);
    const many = arg.value.includes('listMapperHcl(') || arg.value.includes('hashMapperHcl(');
    const nesting: NestingMode = arg.type === 'struct' ? 'single' : (arg.type as NestingMode);
    const block = this.structBlock(struct, insideSet || nesting === 'set', seen);
    const result: SchemaBlockType = { nesting_mode: nesting, block };
    if (cls?.required && (nesting === 'list' || nesting === 'set')) result.min_items = 1;
    if (nesting === 'list' && !many) result.max_items = 1;
    return result;
  }

  /** The type of a computed nested class: a list/set/map of objects, or one object. */
  storedType(cls: StoredClass, seen: Set<string>): CtyType {
    const scalarMap = /^cdktf\.(String|Number|Boolean|Any)Map$/.exec(cls.className);
    if (scalarMap) return ['map', SCALARS[scalarMap[1] === 'Boolean' ? 'boolean' : scalarMap[1].toLowerCase()]];
    const name = cls.className.replace(/^\w+\./, '');
    const shape = /^(\w+?)(List|Map|OutputReference)$/.exec(name);
    if (!shape) return 'dynamic';
    const object = this.objectType(`${shape[1]}OutputReference`, seen);
    if (object === undefined) return 'dynamic';
    if (shape[2] === 'List') return [cls.wrapsSet ? 'set' : 'list', object];
    if (shape[2] === 'Map') return ['map', object];
    return object;
  }

  objectType(className: string, seen: Set<string>): CtyType | undefined {
    if (seen.has(className)) return 'dynamic';
    const body = this.classBody(className);
    if (body === undefined) return undefined;
    const next = new Set(seen).add(className);
    const fields: Record<string, CtyType> = {};
    for (const m of body.matchAll(COMPUTED_GETTER)) fields[m[1]] = getterType(m[5]);
    for (const [name, cls] of storedClasses(body)) fields[name] = this.storedType(cls, next);
    return ['object', fields];
  }
}

function storedClasses(classBody: string): Map<string, StoredClass> {
  const result = new Map<string, StoredClass>();
  for (const m of classBody.matchAll(STORED_CLASS)) {
    const [, name, computed, optional, required, className, wrapsSet] = m;
    result.set(name, {
      className,
      wrapsSet: wrapsSet === 'true',
      computedOnly: computed === 'true' && optional === 'false' && required === 'false',
      required: required === 'true',
    });
  }
  return result;
}

/** The TypeScript property an argument is stored in (`self` -> `selfAttribute` where the name is taken). */
function propertyName(arg: ArgumentEntry): string {
  return /(?:this\._|struct\.)(\w+)/.exec(arg.value)?.[1] ?? camelCase(arg.name);
}

function hasReset(classBody: string, property: string): boolean {
  const method = titleCase(property);
  return classBody.includes(`    reset${method}() {`) || classBody.includes(`    resetTf${method}() {`);
}

/** The type a computed getter returns, from the cdktf accessor it calls. */
export function getterType(expression: string): CtyType {
  const call = /this\.get(\w+)Attribute\(/.exec(expression)?.[1];
  const set = expression.includes('cdktf.Fn.tolist(');
  const types: Record<string, CtyType> = {
    String: 'string',
    Number: 'number',
    Boolean: 'bool',
    List: [set ? 'set' : 'list', 'string'],
    NumberList: [set ? 'set' : 'list', 'number'],
    StringMap: ['map', 'string'],
    NumberMap: ['map', 'number'],
    BooleanMap: ['map', 'bool'],
    AnyMap: ['map', 'dynamic'],
  };
  return (call !== undefined && types[call]) || 'dynamic';
}

/** Terraform rejects dynamic types under a set-nested block (a set element needs a known type to be hashed). */
function setSafe(type: CtyType, insideSet: boolean): CtyType {
  if (!insideSet) return type;
  if (type === 'dynamic') return 'string';
  if (typeof type === 'string') return type;
  if (type[0] === 'object') {
    const fields = type[1] as Record<string, CtyType>;
    return ['object', Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, setSafe(v, true)]))];
  }
  return [type[0], setSafe(type[1] as CtyType, true)];
}

/** The binding a module defines (resource, data source or provider), or undefined for a module without one. */
export function deriveBinding(source: string): DerivedBinding | undefined {
  const declared = /^(\w+)\.tfResourceType = "([\w-]+)";$/m.exec(source);
  if (!declared) return undefined;
  const [, className, typeName] = declared;
  const header = new RegExp(String.raw`^class ${className} extends cdktf\.(\w+) \{`, 'm').exec(source);
  const kind = header ? KINDS[header[1]] : undefined;
  if (kind === undefined) return undefined;
  const binding = new BindingSource(source);
  const classBody = binding.classBody(className) ?? '';
  const hcl = classBody.slice(Math.max(0, classBody.indexOf('    synthesizeHclAttributes() {')));
  return { kind, typeName, block: binding.block(entries(hcl), classBody, false, new Set()) };
}
