/**
 * A small simulation of what Argo CD decides between an ApplicationSet and the first sync of its Applications:
 * - the ApplicationSet controller expands the list generator and renders the template (goTemplate: Go text/template
 *   field access `{{.key}}` with `missingkey=error`; otherwise fasttemplate `{{key}}`, unknown keys left as written),
 *   applicationset/utils/utils.go (Render / replaceTemplateString) in argoproj/argo-cd v3.4;
 * - the application controller admits each Application against its AppProject and, at sync, every resource:
 *   pkg/apis/application/v1alpha1/app_project_types.go (IsSourcePermitted, IsDestinationPermitted,
 *   IsGroupKindNamePermitted, globMatch with `!` deny patterns: a deny pattern that does not match wins over any allow)
 *   and controller/sync.go ("resource %s:%s is not permitted in project %s"); with CreateNamespace=true the sync also
 *   creates the destination Namespace (controller/sync_namespace.go), a cluster-scoped resource.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered YAML, read field by field
type Json = any;

export interface Application {
  readonly name: string;
  /** Where the Application object lives: the ApplicationSet's namespace, where Argo CD also looks up the project. */
  readonly appNamespace: string;
  readonly project: string;
  readonly repoURL: string;
  readonly server: string;
  readonly namespace: string;
  readonly syncOptions: readonly string[];
}

export interface Resource {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** '' for a cluster-scoped resource */
  readonly namespace: string;
}

/**
 * Go glob as Argo CD uses it (github.com/gobwas/glob): `*` any run of characters except a separator, `**` any run,
 * `?` one character except a separator, `[...]`/`[!...]` classes, `{a,b}` alternatives. Argo CD special-cases `*`.
 */
export function globMatch(pattern: string, value: string, separators = ''): boolean {
  if (pattern === '*') return true;
  const notSep = separators === '' ? '[\\s\\S]' : `[^${separators.replace(/[\]\\^-]/g, '\\$&')}]`;
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      re += '[\\s\\S]*';
      i++;
    } else if (c === '*') re += `${notSep}*`;
    else if (c === '?') re += notSep;
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      const body = pattern.slice(i + 1, end);
      re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
      i = end;
    } else if (c === '{') {
      const end = pattern.indexOf('}', i + 1);
      re += `(?:${pattern
        .slice(i + 1, end)
        .split(',')
        .map(escape)
        .join('|')})`;
      i = end;
    } else re += escape(c);
  }
  return new RegExp(`^${re}$`).test(value);
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** globMatch with Argo CD's `allowNegation`: `!pattern` matches what `pattern` does not. */
function matchOrDeny(pattern: string, value: string, separators = ''): boolean {
  return pattern.startsWith('!')
    ? !globMatch(pattern.slice(1), value, separators)
    : globMatch(pattern, value, separators);
}
const isDeny = (pattern: string | undefined) => pattern !== undefined && pattern.startsWith('!');

/** util/git NormalizeGitURL, as far as https URLs go: lower case, no trailing `/` or `.git`. */
export function normalizeGitUrl(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

/** Renders one string of the template with one generator element. */
function renderString(
  text: string,
  params: Record<string, unknown>,
  goTemplate: boolean,
  missingKeyError: boolean,
): string {
  if (goTemplate) {
    return text.replace(/{{-?\s*(.*?)\s*-?}}/g, (_, action: string) => {
      const field = /^\.([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/.exec(action);
      if (!field) throw new Error(`template action {{${action}}} is outside this model (only {{.field}})`);
      let value: unknown = params;
      for (const key of field[1].split('.')) {
        if (value === null || typeof value !== 'object' || !(key in (value as object))) {
          if (missingKeyError) throw new Error(`template: map has no entry for key "${key}"`);
          return '<no value>';
        }
        value = (value as Record<string, unknown>)[key];
      }
      return String(value);
    });
  }
  // fasttemplate: `{{ key }}` with the element's (flattened) keys; an unknown tag stays as written
  return text.replace(/{{\s*([^{}\s]+)\s*}}/g, (tag, key: string) => (key in params ? String(params[key]) : tag));
}

function renderDeep(value: Json, params: Record<string, unknown>, goTemplate: boolean, missingKeyError: boolean): Json {
  if (typeof value === 'string') return renderString(value, params, goTemplate, missingKeyError);
  if (Array.isArray(value)) return value.map(v => renderDeep(v, params, goTemplate, missingKeyError));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, renderDeep(v, params, goTemplate, missingKeyError)]),
    );
  }
  return value;
}

/** The Applications an ApplicationSet generates (list generators only: the platform uses no other). */
export function expandApplicationSet(set: Json): Application[] {
  const goTemplate = set.spec.goTemplate === true;
  const missingKeyError = (set.spec.goTemplateOptions ?? []).includes('missingkey=error');
  return set.spec.generators.flatMap((generator: Json) => {
    if (!generator.list) throw new Error(`ApplicationSet ${set.metadata.name}: only list generators are modelled`);
    return generator.list.elements.map((element: Record<string, unknown>) => {
      const app = renderDeep(set.spec.template, element, goTemplate, missingKeyError);
      return {
        name: app.metadata.name,
        appNamespace: set.metadata.namespace,
        project: app.spec.project,
        repoURL: app.spec.source.repoURL,
        server: app.spec.destination.server,
        namespace: app.spec.destination.namespace,
        syncOptions: app.spec.syncPolicy?.syncOptions ?? [],
      };
    });
  });
}

/** What the sync of a typical application creates in its namespace (the Helm-charts repository's app charts). */
export const TYPICAL_APP_KINDS: ReadonlyArray<{ group: string; kind: string }> = [
  { group: 'apps', kind: 'Deployment' },
  { group: '', kind: 'Service' },
  { group: 'networking.k8s.io', kind: 'Ingress' },
  { group: 'autoscaling', kind: 'HorizontalPodAutoscaler' },
  { group: 'policy', kind: 'PodDisruptionBudget' },
  { group: 'external-secrets.io', kind: 'ExternalSecret' },
  { group: '', kind: 'ConfigMap' },
  { group: '', kind: 'Secret' },
];

/** Every resource the first sync of `app` creates: the app's objects, and its Namespace with CreateNamespace=true. */
export function syncResources(app: Application): Resource[] {
  const own = TYPICAL_APP_KINDS.map(k => ({ ...k, name: app.name, namespace: app.namespace }));
  const createsNamespace = app.syncOptions.includes('CreateNamespace=true');
  return [...(createsNamespace ? [{ group: '', kind: 'Namespace', name: app.namespace, namespace: '' }] : []), ...own];
}

function isNamedResourceInList(res: Resource, list: readonly Json[]): boolean {
  return list.some(
    item =>
      globMatch(item.kind, res.kind) &&
      globMatch(item.group, res.group) &&
      (!item.name || globMatch(item.name, res.name)),
  );
}

/** IsGroupKindNamePermitted: namespaced kinds are allowed unless a whitelist is set; cluster kinds only if listed. */
export function isGroupKindPermitted(project: Json, res: Resource): boolean {
  const spec = project.spec;
  if (res.namespace !== '') {
    const white = spec.namespaceResourceWhitelist;
    const black = spec.namespaceResourceBlacklist ?? [];
    const whiteListed =
      white === undefined || white === null || (white.length !== 0 && isNamedResourceInList(res, white));
    return whiteListed && !(black.length !== 0 && isNamedResourceInList(res, black));
  }
  const white = spec.clusterResourceWhitelist ?? [];
  const black = spec.clusterResourceBlacklist ?? [];
  return (
    white.length !== 0 &&
    isNamedResourceInList(res, white) &&
    !(black.length !== 0 && isNamedResourceInList(res, black))
  );
}

/** IsSourcePermitted: some pattern matches (with `/` as separator), and no deny pattern excludes it. */
export function isSourcePermitted(project: Json, repoURL: string): boolean {
  const src = normalizeGitUrl(repoURL);
  let any = false;
  for (const repo of project.spec.sourceRepos ?? []) {
    const pattern = isDeny(repo) ? `!${normalizeGitUrl(repo.slice(1))}` : normalizeGitUrl(repo);
    const matched = matchOrDeny(pattern, src, '/');
    if (matched) any = true;
    else if (isDeny(pattern)) return false;
  }
  return any;
}

/** IsDestinationPermitted (server form): some destination matches server and namespace; a failed deny wins. */
export function isDestinationPermitted(project: Json, server: string, namespace: string): boolean {
  let any = false;
  for (const item of project.spec.destinations ?? []) {
    const serverMatched = server !== '' && item.server !== undefined && matchOrDeny(item.server, server);
    const namespaceMatched = matchOrDeny(item.namespace ?? '', namespace);
    if (serverMatched && namespaceMatched) any = true;
    else if ((!serverMatched && isDeny(item.server)) || (!namespaceMatched && isDeny(item.namespace))) return false;
  }
  return any;
}

/**
 * Why Argo CD would refuse `app` or its first sync, in its own words; [] when it syncs. `existingNamespaces` are the
 * namespaces on the cluster before the sync (a sync without CreateNamespace=true needs its namespace to exist).
 */
export function admissionErrors(
  app: Application,
  projects: readonly Json[],
  existingNamespaces: ReadonlySet<string>,
): string[] {
  const project = projects.find(p => p.metadata.name === app.project && p.metadata.namespace === app.appNamespace);
  if (!project) return [`application ${app.name}: application references project ${app.project} which does not exist`];
  const errors: string[] = [];
  if (!isSourcePermitted(project, app.repoURL)) {
    errors.push(
      `application ${app.name}: application repo ${app.repoURL} is not permitted in project '${app.project}'`,
    );
  }
  if (!isDestinationPermitted(project, app.server, app.namespace)) {
    errors.push(
      `application ${app.name}: application destination server '${app.server}' and namespace '${app.namespace}' ` +
        'do not match ' +
        `any of the allowed destinations in project '${app.project}'`,
    );
  }
  const resources = syncResources(app);
  for (const res of resources) {
    const permitted =
      isGroupKindPermitted(project, res) &&
      (res.namespace === '' || isDestinationPermitted(project, app.server, res.namespace));
    if (!permitted)
      errors.push(
        `application ${app.name}: resource ${res.group}:${res.kind} is not permitted in project ${app.project}`,
      );
  }
  const createsNamespace = resources.some(r => r.kind === 'Namespace' && r.group === '' && r.name === app.namespace);
  if (!createsNamespace && !existingNamespaces.has(app.namespace)) {
    errors.push(`application ${app.name}: namespaces "${app.namespace}" not found`);
  }
  return errors;
}

/** Every Application of the rendered objects of one cluster, with the reasons it would not sync. */
export function admitRenderedObjects(objects: readonly Json[]): { applications: Application[]; errors: string[] } {
  // Argo CD's controllers watch their kinds in argoproj.io/v1alpha1 only (the CRDs' one served version)
  const argo = (kind: string) => objects.filter(o => o.kind === kind && o.apiVersion === 'argoproj.io/v1alpha1');
  const projects = argo('AppProject');
  const namespaces = new Set<string>(
    objects.filter(o => o.kind === 'Namespace' && o.apiVersion === 'v1').map(o => o.metadata.name),
  );
  const applications = argo('ApplicationSet').flatMap(expandApplicationSet);
  return { applications, errors: applications.flatMap(app => admissionErrors(app, projects, namespaces)) };
}
