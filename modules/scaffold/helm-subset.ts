import { parseAllDocuments, stringify } from 'yaml';

/**
 * A renderer for the part of Helm's template language the scaffold's chart uses, so tests render every overlay
 * without Helm: `{{ .Values.a.b }}`, `{{ .Release.Name }}` / `.Release.Namespace`, `{{- if X }}...{{- end }}`,
 * `{{- range $v := X }}` (dot becomes the item, `$` stays the root), `{{ toYaml X | nindent N }}`, `indent`,
 * `{{ quote X }}` / `{{ X | quote }}`, `{{/* comments *\/}}` and the `{{-` / `-}}` whitespace trims.
 * Semantics follow Go's text/template (https://pkg.go.dev/text/template) and Helm's function docs
 * (https://helm.sh/docs/chart_template_guide/function_list/). It is stricter than Helm on purpose: a missing
 * value, or a map printed as text, is an error here instead of `<no value>` / `map[...]` in the output.
 */

type Node =
  | { readonly type: 'text'; text: string }
  | { readonly type: 'print'; readonly pipeline: string }
  | { readonly type: 'if'; readonly pipeline: string; readonly then: Node[]; readonly otherwise: Node[] }
  | { readonly type: 'range'; readonly variable: string; readonly pipeline: string; readonly body: Node[] };

export interface RenderContext {
  readonly Values: unknown;
  readonly Release: { readonly Name: string; readonly Namespace: string };
}

interface Scope {
  readonly root: RenderContext;
  readonly dot: unknown;
  readonly variables: Readonly<Record<string, unknown>>;
}

const ACTION = /\{\{(-\s)?\s*([\s\S]*?)\s*(\s-)?\}\}/g;

function parse(template: string, file: string): Node[] {
  const root: Node[] = [];
  const stack: { nodes: Node[]; open?: Extract<Node, { type: 'if' | 'range' }>; inElse?: boolean }[] = [
    { nodes: root },
  ];
  let last = 0;
  let trimNext = false;
  const top = () => stack[stack.length - 1];
  for (const m of template.matchAll(ACTION)) {
    let text = template.slice(last, m.index);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (m[1] !== undefined) text = text.replace(/\s+$/, '');
    if (text !== '') top().nodes.push({ type: 'text', text });
    last = m.index + m[0].length;
    trimNext = m[3] !== undefined;
    const action = m[2];
    const keyword = /^(if|range|else|end)\b\s*([\s\S]*)$/.exec(action);
    if (action.startsWith('/*')) continue;
    if (keyword === null) {
      top().nodes.push({ type: 'print', pipeline: action });
    } else if (keyword[1] === 'if') {
      const node: Node = { type: 'if', pipeline: keyword[2], then: [], otherwise: [] };
      top().nodes.push(node);
      stack.push({ nodes: node.then, open: node });
    } else if (keyword[1] === 'range') {
      const r = /^(\$\w+)\s*:=\s*([\s\S]+)$/.exec(keyword[2]);
      if (r === null) throw new Error(`${file}: only "range $item := <pipeline>" is supported, got "${action}"`);
      const node: Node = { type: 'range', variable: r[1], pipeline: r[2], body: [] };
      top().nodes.push(node);
      stack.push({ nodes: node.body, open: node });
    } else if (keyword[1] === 'else') {
      const frame = top();
      if (frame.open?.type !== 'if' || frame.inElse || keyword[2] !== '')
        throw new Error(`${file}: unexpected "${action}"`);
      stack[stack.length - 1] = { nodes: frame.open.otherwise, open: frame.open, inElse: true };
    } else {
      if (stack.length === 1) throw new Error(`${file}: "end" without "if" or "range"`);
      stack.pop();
    }
  }
  if (stack.length !== 1) throw new Error(`${file}: "${top().open?.type}" without "end"`);
  let rest = template.slice(last);
  if (trimNext) rest = rest.replace(/^\s+/, '');
  if (rest !== '') root.push({ type: 'text', text: rest });
  return root;
}

function lookup(scope: Scope, operand: string): unknown {
  if (/^-?\d+$/.test(operand)) return Number(operand);
  const m = /^(\$\w*|)((?:\.\w+)*|\.)$/.exec(operand);
  if (m === null) throw new Error(`unsupported operand "${operand}"`);
  const [, variable, path] = m;
  let value: unknown;
  if (variable === '$') value = scope.root;
  else if (variable !== '') {
    if (!(variable in scope.variables)) throw new Error(`undefined variable ${variable}`);
    value = scope.variables[variable];
  } else value = scope.dot;
  for (const key of path.split('.').filter(Boolean)) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key))
      throw new Error(`missing value ${operand}`);
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function indentLines(spaces: number, text: string): string {
  return text
    .split('\n')
    .map(line => ' '.repeat(spaces) + line)
    .join('\n');
}

const FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = {
  // Helm's toYaml drops the final newline
  toYaml: (value: unknown) => stringify(value, { lineWidth: 0 }).replace(/\n$/, ''),
  indent: (n: unknown, text: unknown) => indentLines(Number(n), String(text)),
  nindent: (n: unknown, text: unknown) => `\n${indentLines(Number(n), String(text))}`,
  quote: (value: unknown) => JSON.stringify(String(value)),
};

function evaluate(scope: Scope, pipeline: string): unknown {
  let result: unknown;
  pipeline
    .split('|')
    .map(c => c.trim())
    .forEach((command, i) => {
      const [head, ...args] = command.split(/\s+/);
      if (Object.hasOwn(FUNCTIONS, head)) {
        result = FUNCTIONS[head](...args.map(a => lookup(scope, a)), ...(i > 0 ? [result] : []));
      } else if (i === 0 && args.length === 0) {
        result = lookup(scope, head);
      } else {
        throw new Error(`unsupported command "${command}"`);
      }
    });
  return result;
}

/** Go template truth: false, 0, nil and empty strings, lists and maps are false. */
function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function printable(value: unknown, pipeline: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(
    `{{ ${pipeline} }} prints ${JSON.stringify(value)}: only strings, numbers and booleans print as text`,
  );
}

function run(nodes: readonly Node[], scope: Scope): string {
  return nodes
    .map(node => {
      switch (node.type) {
        case 'text':
          return node.text;
        case 'print':
          return printable(evaluate(scope, node.pipeline), node.pipeline);
        case 'if':
          return run(truthy(evaluate(scope, node.pipeline)) ? node.then : node.otherwise, scope);
        case 'range': {
          const items = evaluate(scope, node.pipeline);
          if (!Array.isArray(items)) throw new Error(`range over ${node.pipeline}: not a list`);
          return items
            .map(item =>
              run(node.body, { ...scope, dot: item, variables: { ...scope.variables, [node.variable]: item } }),
            )
            .join('');
        }
      }
    })
    .join('');
}

/** Renders one template file; errors name the file. */
export function renderTemplate(file: string, template: string, context: RenderContext): string {
  try {
    return run(parse(template, file), { root: context, dot: context, variables: {} });
  } catch (error) {
    const message = (error as Error).message;
    throw new Error(message.startsWith(`${file}:`) ? message : `${file}: ${message}`, { cause: error });
  }
}

/** The objects of rendered templates: every non-empty YAML document (`---` separated), parsed. */
export function renderedObjects(rendered: readonly string[]): Record<string, unknown>[] {
  return rendered.flatMap(text =>
    parseAllDocuments(text).flatMap(doc => {
      if (doc.errors.length > 0) throw new Error(`rendered YAML does not parse: ${doc.errors[0].message}\n${text}`);
      const value: unknown = doc.toJS();
      return value === null || value === undefined ? [] : [value as Record<string, unknown>];
    }),
  );
}

/** Helm's values coalescing for the subset used: maps merge key by key, anything else (lists too) is replaced. */
export function mergeValues(base: unknown, override: unknown): unknown {
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isMap(base) || !isMap(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = mergeValues(base[key], value);
  return out;
}
