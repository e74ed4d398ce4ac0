import { execFileSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { parse } from 'yaml';
import { ENVIRONMENTS, platform } from '../environments';
import { SECRETS_MANAGER_READ_ACTIONS } from '../modules/external-secrets/secrets-policy';
import type { Normalized, PolicyStatement } from '../modules/iam/statement';
import { hasCondition, policyDocuments, statementGrants } from '../modules/policies/iam';
import { globRegExp } from '../modules/policies/iam-data';
import { StackView } from '../modules/policies/stack-view';
import type { TerraformJson } from '../modules/policies/types';
import { renderOverlay } from '../modules/scaffold/render-overlay';
import { release, releaseValues, synthesizedApp, type Json } from './addons-helpers';
import { ACTIONLINT_NODE_FLAGS } from './fixtures/actionlint-node';

/** A statement as the policy engine reads it back. */
type Statement = Normalized<PolicyStatement>;

const ROOT = join(__dirname, '..');
const { accountId, region } = platform.aws;

// ---- the scaffold, written by the npm script into a temporary directory, read back from disk ----
const out = mkdtempSync(join(tmpdir(), 'scaffold-test-'));
const stdout = execFileSync('npm', ['run', '--silent', 'scaffold', '--', '--out', out], {
  cwd: ROOT,
  encoding: 'utf8',
});

function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}
const application = readTree(join(out, 'application'));
const helmCharts = readTree(join(out, 'helm-charts'));
const WORKFLOW_TEXT = application['.github/workflows/ci.yml'];

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, string>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly if?: string;
  readonly needs?: string | string[];
  readonly permissions?: Record<string, string>;
  readonly steps: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly env: Record<string, string>;
  readonly jobs: Record<string, Job>;
}
const workflow = parse(WORKFLOW_TEXT) as Workflow;
const ASSUMES_ROLE = /^aws-actions\/configure-aws-credentials@/;

// ---- the platform, synthesized once: ApplicationSets, stores, policies as Terraform and Helm get them ----
const synthesized = synthesizedApp();
const localChartObjects = (stackId: string): Json[] => {
  const stack = synthesized.stack(stackId);
  const local = Object.values(stack.resource?.helm_release ?? {}).filter(r => r.repository === undefined);
  return local.flatMap(r => {
    const dir = join(synthesized.outdir, 'stacks', stackId, String(r.chart), 'files');
    return readdirSync(dir)
      .sort()
      .map(f => parse(readFileSync(join(dir, f), 'utf8')) as Json);
  });
};

interface Element {
  readonly name: string;
  readonly namespace: string;
  readonly path: string;
  readonly targetRevision: string;
}
interface RenderedSet {
  readonly env: string;
  readonly repoUrl: string;
  readonly automated: boolean;
  readonly elements: Element[];
}
const applicationSets: RenderedSet[] = ENVIRONMENTS.flatMap(env =>
  localChartObjects(`${env.name}-addons`)
    .filter(o => o.kind === 'ApplicationSet')
    .map(o => {
      const spec = o.spec as { generators: { list: { elements: Element[] } }[]; template: { spec: Json } };
      const template = spec.template.spec as { source: { repoURL: string }; syncPolicy: Json };
      return {
        env: env.name,
        repoUrl: template.source.repoURL,
        automated: template.syncPolicy.automated !== undefined,
        elements: spec.generators.flatMap(g => g.list.elements),
      };
    }),
);
const elements = applicationSets.flatMap(s => s.elements.map(e => ({ ...e, env: s.env, automated: s.automated })));
const storesOf = (env: string): string[] =>
  localChartObjects(`${env}-addons`)
    .filter(o => o.kind === 'ClusterSecretStore')
    .map(o => (o.metadata as Json).name as string);

const objectsOf = (e: Element) =>
  renderOverlay(helmCharts, { path: e.path, releaseName: e.name, namespace: e.namespace });
const only = (objects: Json[], kind: string): Json => {
  const found = objects.filter(o => o.kind === kind);
  expect([kind, found.length]).toEqual([kind, 1]);
  return found[0];
};

// ---- IAM: the policy the platform gives each External Secrets controller, read with the project's evaluator ----
function inlinePolicyOfRole(stackId: string, roleName: string): Statement[] {
  const view = new StackView({ stack: stackId, json: synthesized.stack(stackId) as unknown as TerraformJson });
  const role = view.all('aws_iam_role').filter(r => r.body.name === roleName);
  expect(role).toHaveLength(1);
  const docs = policyDocuments(view).filter(
    d => d.ownerType === 'aws_iam_role_policy' && d.owner.body.role === `\${${role[0].address}.id}`,
  );
  expect(docs).toHaveLength(1);
  return [...docs[0].statements!];
}
function trustOfRole(stackId: string, roleName: string): Statement[] {
  const view = new StackView({ stack: stackId, json: synthesized.stack(stackId) as unknown as TerraformJson });
  const docs = policyDocuments(view).filter(d => d.kind === 'trust' && d.owner.body.name === roleName);
  expect(docs).toHaveLength(1);
  return [...docs[0].statements!];
}
/**
 * IAM's rule for one identity policy without a context: an explicit Deny wins, else an Allow must match action and
 * resource (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html). A statement
 * with a condition is never counted as an Allow here (its keys are not in the request), but always as a Deny.
 */
function allows(statements: readonly Statement[], action: string, resource: string): boolean {
  const matches = (s: Statement) => statementGrants(s, action) && s.resources.some(r => globRegExp(r).test(resource));
  if (statements.some(s => s.effect === 'Deny' && matches(s))) return false;
  return statements.some(s => s.effect === 'Allow' && matches(s) && !hasCondition(s));
}
/** Secrets Manager appends six random characters to a secret's name in its ARN. */
const secretArn = (name: string) => `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-AbCdEf`;

describe('npm run scaffold -- --out <dir>', () => {
  test('writes both repository skeletons and says where', () => {
    expect(stdout).toMatch(new RegExp(`^wrote \\d+ files for myapp under ${out}: application/ and helm-charts/`));
    for (const path of [
      '.github/workflows/ci.yml',
      'Dockerfile',
      '.trivyignore',
      'package.json',
      'package-lock.json',
      'server.js',
    ]) {
      expect([path, path in application]).toEqual([path, true]);
    }
    for (const path of [
      'myapp/chart/Chart.yaml',
      'myapp/chart/values.yaml',
      'myapp/chart/templates/deployment.yaml',
      'README.md',
    ]) {
      expect([path, path in helmCharts]).toEqual([path, true]);
    }
  });

  test("the application skeleton's own lint and tests pass (what its CI runs first)", () => {
    const app = join(out, 'application');
    const pkg = JSON.parse(application['package.json']) as { scripts: Record<string, string> };
    expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(['lint', 'test']));
    expect(() => execFileSync('npm', ['run', '--silent', 'lint'], { cwd: app, encoding: 'utf8' })).not.toThrow();
    expect(execFileSync('npm', ['test', '--silent'], { cwd: app, encoding: 'utf8' })).toMatch(/# pass 1/);
  });

  test('refuses to write over a skeleton that is already there (exit 1, one line)', () => {
    let error: { status: number; stderr: string } | undefined;
    try {
      execFileSync(
        process.execPath,
        ['--disable-warning=DEP0044', 'scripts/launch.mjs', 'scripts/scaffold.ts', '--out', out],
        {
          cwd: ROOT,
          encoding: 'utf8',
          stdio: 'pipe',
        },
      );
    } catch (e) {
      error = e as { status: number; stderr: string };
    }
    expect(error?.status).toBe(1);
    expect(error?.stderr).toBe(
      `scaffold: --out is ${JSON.stringify(out)}: a directory without a non-empty application/\n`,
    );
  });
});

describe('overlays', () => {
  test('the ApplicationSets are really read (the checks below are not vacuous)', () => {
    expect(elements.map(e => e.path).sort()).toEqual([
      'myapp/overlays/dev',
      'myapp/overlays/production',
      'myapp/overlays/staging',
    ]);
  });

  test('every path an ApplicationSet generates has an overlay chart, and no overlay is left unread', () => {
    for (const e of elements) {
      expect([e.path, `${e.path}/Chart.yaml` in helmCharts, `${e.path}/values.yaml` in helmCharts]).toEqual([
        e.path,
        true,
        true,
      ]);
    }
    const overlays = Object.keys(helmCharts)
      .filter(p => /\/overlays\/[^/]+\/Chart\.yaml$/.test(p))
      .map(p => p.replace(/\/Chart\.yaml$/, ''));
    expect(overlays.sort()).toEqual(elements.map(e => e.path).sort());
  });

  test("the helm-charts repository is the one every ApplicationSet's source names", () => {
    const repoUrls = [...new Set(applicationSets.map(s => s.repoUrl))];
    expect(repoUrls).toEqual([`https://github.com/${workflow.env.HELM_CHARTS_REPOSITORY}.git`]);
  });

  test.each(['myapp/overlays/dev', 'myapp/overlays/staging', 'myapp/overlays/production'])(
    '%s depends on the chart by a path inside the repository',
    path => {
      const chart = parse(helmCharts[`${path}/Chart.yaml`]) as {
        apiVersion: string;
        dependencies: { name: string; repository: string; version: string }[];
      };
      expect(chart.apiVersion).toBe('v2'); // dependencies in Chart.yaml need apiVersion v2 (Helm 3)
      const base = parse(helmCharts['myapp/chart/Chart.yaml']) as { name: string; version: string };
      expect(chart.dependencies).toEqual([
        { name: base.name, version: base.version, repository: 'file://../../chart' },
      ]);
    },
  );
});

describe.each(['myapp-dev', 'myapp-staging', 'myapp-production'])('%s rendered', name => {
  const e = elements.find(x => x.name === name)!;
  const objects = objectsOf(e);
  const values = (
    parse(helmCharts[`${e.path}/values.yaml`]) as {
      myapp: { image: { tag: string }; replicas: { min: number; max: number }; hostnames: string[] };
    }
  ).myapp;
  const deployment = only(objects, 'Deployment') as {
    metadata: Json;
    spec: {
      replicas?: number;
      selector: { matchLabels: Record<string, string> };
      template: { metadata: { labels: Record<string, string> }; spec: { containers: Json[] } };
    };
  };
  const podLabels = deployment.spec.template.metadata.labels;
  /** A label selector's matchLabels select a pod when every pair is among the pod's labels (k8s labels docs). */
  const selects = (selector: Record<string, string>) =>
    Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => podLabels[k] === v);
  const container = deployment.spec.template.spec.containers[0] as {
    image: string;
    ports: { name: string; containerPort: number }[];
    resources: { requests: { cpu?: string; memory?: string }; limits?: Json };
    readinessProbe: { httpGet: { path: string; port: string } };
    livenessProbe: { httpGet: { path: string; port: string } };
  };

  test('renders the chart objects of the ingress-nginx edge, all namespaced, none with a namespace of its own', () => {
    expect(objects.map(o => o.kind).sort()).toEqual([
      'Deployment',
      'ExternalSecret',
      'HorizontalPodAutoscaler',
      'Ingress',
      'PodDisruptionBudget',
      'Service',
    ]);
    // Argo CD puts them in the destination namespace
    for (const o of objects) expect((o.metadata as Json).namespace).toBeUndefined();
  });

  test('the Deployment selects its own pods, runs the ECR image of the overlay tag, with resources and probes', () => {
    expect(selects(deployment.spec.selector.matchLabels)).toBe(true);
    expect(deployment.spec.replicas).toBeUndefined(); // the HPA owns the count
    expect(container.image).toBe(`${workflow.env.ECR_REGISTRY}/${workflow.env.ECR_REPOSITORY}:${values.image.tag}`);
    expect(container.resources.requests).toEqual({
      cpu: expect.stringMatching(/^\d+m$/),
      memory: expect.stringMatching(/^\d+Mi$/),
    });
    const portNames = container.ports.map(p => p.name);
    for (const probe of [container.readinessProbe, container.livenessProbe]) {
      expect(probe.httpGet.path).toMatch(/^\//);
      expect(portNames).toContain(probe.httpGet.port); // a named probe port must be a container port
    }
  });

  test("the HPA scales the Deployment within the overlay's replicas, on CPU the pods request", () => {
    const hpa = only(objects, 'HorizontalPodAutoscaler') as {
      spec: {
        scaleTargetRef: Json;
        minReplicas: number;
        maxReplicas: number;
        metrics: { resource: { name: string } }[];
      };
    };
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([values.replicas.min, values.replicas.max]);
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(1);
    expect(hpa.spec.maxReplicas).toBeGreaterThanOrEqual(hpa.spec.minReplicas);
    // CPU utilization is computed against the container requests: without a CPU request the HPA cannot scale
    expect(hpa.spec.metrics.map(m => m.resource.name)).toEqual(['cpu']);
    expect(container.resources.requests.cpu).toBeDefined();
  });

  test('the PodDisruptionBudget selects the pods and still lets a drain evict one at the lowest replica count', () => {
    const pdb = only(objects, 'PodDisruptionBudget') as {
      spec: { selector: { matchLabels: Record<string, string> }; maxUnavailable?: number; minAvailable?: number };
    };
    expect(selects(pdb.spec.selector.matchLabels)).toBe(true);
    // policy/v1: desiredHealthy = expected - maxUnavailable (or = minAvailable);
    // disruptionsAllowed = healthy - desiredHealthy
    const expected = values.replicas.min;
    const desiredHealthy =
      pdb.spec.maxUnavailable !== undefined ? expected - pdb.spec.maxUnavailable : pdb.spec.minAvailable!;
    expect(expected - desiredHealthy).toBeGreaterThanOrEqual(1);
  });

  test('the Service selects the pods on the named container port', () => {
    const service = only(objects, 'Service') as {
      metadata: { name: string };
      spec: { selector: Record<string, string>; ports: { name: string; targetPort: string }[] };
    };
    expect(selects(service.spec.selector)).toBe(true);
    for (const p of service.spec.ports) expect(container.ports.map(c => c.name)).toContain(p.targetPort);
  });

  test("the Ingress uses the platform's ingress-nginx class and routes the overlay's hostnames to the Service", () => {
    const ingress = only(objects, 'Ingress') as {
      spec: {
        ingressClassName: string;
        rules: {
          host: string;
          http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] };
        }[];
      };
    };
    const controller = releaseValues(release(synthesized.stack(`${e.env}-addons`), 'ingress-nginx')).controller as {
      ingressClassResource: { name: string };
    };
    expect(ingress.spec.ingressClassName).toBe(controller.ingressClassResource.name);
    expect(ingress.spec.rules.map(r => r.host)).toEqual(values.hostnames);
    expect(values.hostnames).toEqual([`myapp.${e.namespace}.example.com`]);
    const service = only(objects, 'Service') as { metadata: { name: string }; spec: { ports: { name: string }[] } };
    for (const backend of ingress.spec.rules.flatMap(r => r.http.paths.map(p => p.backend.service))) {
      expect(backend.name).toBe(service.metadata.name);
      expect(service.spec.ports.map(p => p.name)).toContain(backend.port.name);
    }
  });

  test('the ExternalSecret reads a ClusterSecretStore the same cluster renders, into the Secret the pods load', () => {
    const es = only(objects, 'ExternalSecret') as {
      apiVersion: string;
      spec: { secretStoreRef: { kind: string; name: string }; target: { name: string } };
    };
    expect(es.apiVersion).toBe('external-secrets.io/v1');
    expect(es.spec.secretStoreRef.kind).toBe('ClusterSecretStore');
    expect(storesOf(e.env)).toContain(es.spec.secretStoreRef.name);
    const envFrom = (deployment.spec.template.spec.containers[0] as { envFrom: { secretRef: { name: string } }[] })
      .envFrom;
    expect(envFrom.map(x => x.secretRef.name)).toEqual([es.spec.target.name]);
  });
});

describe('ExternalSecrets', () => {
  const all = elements.map(e => ({ e, es: objectsOf(e).filter(o => o.kind === 'ExternalSecret') }));
  const keysOf = (es: Json[]) =>
    es.flatMap(o => ((o.spec as Json).dataFrom as { extract: { key: string } }[]).map(d => d.extract.key));

  test("validate against External Secrets' v1 schema (@kubernetes-models/external-secrets)", () => {
    const objects = all.flatMap(x => x.es);
    expect(objects).toHaveLength(elements.length);
    const results = JSON.parse(
      execFileSync(process.execPath, [join(__dirname, 'crd-validate.mjs')], {
        input: JSON.stringify(objects),
        encoding: 'utf8',
      }),
    ) as { valid: boolean; error?: string }[];
    expect(results.filter(r => !r.valid)).toEqual([]);
    expect(results).toHaveLength(objects.length);
  });

  test('the schema check fails on the seed example (v1beta1, no store kind): it is not vacuous', () => {
    const seed = {
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ExternalSecret',
      metadata: { name: 'x' },
      spec: {},
    };
    const noKind = {
      ...all[0].es[0],
      spec: { ...(all[0].es[0].spec as Json), secretStoreRef: { kind: 'Vault', name: 'x' } },
    };
    const results = JSON.parse(
      execFileSync(process.execPath, [join(__dirname, 'crd-validate.mjs')], {
        input: JSON.stringify([seed, noKind]),
        encoding: 'utf8',
      }),
    ) as { valid: boolean; error?: string }[];
    expect(results.map(r => r.valid)).toEqual([false, false]);
  });

  /** The IAM role a ClusterSecretStore of an environment reads with (`spec.provider.aws.role`), by store name. */
  const storeRole = (env: string, store: string): string => {
    const object = localChartObjects(`${env}-addons`).find(
      o => o.kind === 'ClusterSecretStore' && (o.metadata as Json).name === store,
    );
    expect(object).toBeDefined();
    const arn = String(((object!.spec as Json).provider as { aws: { role: string } }).aws.role);
    return arn.slice(arn.indexOf(':role/') + ':role/'.length);
  };
  const storeRoles = () =>
    ENVIRONMENTS.flatMap(env => storesOf(env.name).map(store => ({ env: env.name, role: storeRole(env.name, store) })));

  test.each(['myapp-dev', 'myapp-staging', 'myapp-production'])(
    "%s reads only its namespace's prefix, and only the role of the store it names may read it",
    name => {
      const { e, es } = all.find(x => x.e.name === name)!;
      const keys = keysOf(es);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(key.startsWith(`${e.namespace}/`)).toBe(true);
      const reader = storeRole(e.env, ((es[0].spec as Json).secretStoreRef as { name: string }).name);
      const roles = storeRoles();
      expect(roles.length).toBeGreaterThan(2);
      for (const { env, role } of roles) {
        const policy = inlinePolicyOfRole(`${env}-addons`, role);
        for (const key of keys) {
          for (const action of SECRETS_MANAGER_READ_ACTIONS) {
            const verdict = allows(policy, action, secretArn(key));
            expect([role, key, action, verdict]).toEqual([role, key, action, role === reader]);
          }
        }
      }
    },
  );

  test('the evaluator refuses what the policy does not grant (not vacuous)', () => {
    const policy = inlinePolicyOfRole('dev-addons', storeRole('dev', 'aws-secrets-manager'));
    expect(allows(policy, 'secretsmanager:GetSecretValue', secretArn('dev/myapp/database'))).toBe(true);
    expect(allows(policy, 'secretsmanager:GetSecretValue', secretArn('devops/x'))).toBe(false);
    expect(allows(policy, 'secretsmanager:PutSecretValue', secretArn('dev/myapp/database'))).toBe(false);
  });
});

// ---- GitHub Actions: which jobs and steps run for an event, and with which OIDC subject ----

/** The `if:` expressions the workflow uses: `a == 'x'`, `!=`, `&&`, `||` over github.event_name and github.ref. */
function evaluateIf(expression: string | undefined, context: Record<string, string>): boolean {
  if (expression === undefined) return true;
  return expression.split('||').some(any =>
    any.split('&&').every(term => {
      const m = /^\s*([\w.]+)\s*(==|!=)\s*'([^']*)'\s*$/.exec(term);
      if (m === null) throw new Error(`the test's expression model does not know "${term}"`);
      if (!(m[1] in context)) throw new Error(`no ${m[1]} in the event context`);
      return (context[m[1]] === m[3]) === (m[2] === '==');
    }),
  );
}
interface GithubEvent {
  readonly event_name: string;
  readonly ref: string;
}
/** Jobs that run (a job whose `needs` did not run is skipped, GitHub's default `success()`), and their role steps. */
function runs(event: GithubEvent): Record<string, string[]> {
  const context = { 'github.event_name': event.event_name, 'github.ref': event.ref };
  const ran: Record<string, string[]> = {};
  for (const [id, job] of Object.entries(workflow.jobs)) {
    const needs = job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
    if (!needs.every(n => n in ran) || !evaluateIf(job.if, context)) continue;
    ran[id] = job.steps
      .filter(s => ASSUMES_ROLE.test(s.uses ?? '') && evaluateIf(s.if, context))
      .map(s => s.with!['role-to-assume']);
  }
  return ran;
}
/**
 * The `sub` claim GitHub puts in a job's OIDC token: `repo:<owner>/<repo>:ref:<ref>` for a push or dispatch job
 * without an environment, `repo:<owner>/<repo>:pull_request` for pull requests (GitHub docs, "About security
 * hardening with OpenID Connect", example subject claims).
 */
const subjectFor = (event: GithubEvent) =>
  `repo:${platform.github.owner}/${platform.github.appRepository}:${
    event.event_name === 'pull_request' ? 'pull_request' : `ref:${event.ref}`
  }`;

/** actionlint's findings for a workflow text (in a child process: see scaffold-actionlint.mjs). */
function actionlint(text: string): { message: string; kind: string }[] {
  const script = join(__dirname, 'scaffold-actionlint.mjs');
  return JSON.parse(
    execFileSync(process.execPath, [...ACTIONLINT_NODE_FLAGS, script, '.github/workflows/ci.yml'], {
      input: text,
      encoding: 'utf8',
    }),
  ) as { message: string; kind: string }[];
}

describe('the application workflow', () => {
  const shared = synthesized.stack('shared');
  const roleName = workflow.env.ECR_PUSH_ROLE.split('/').pop()!;

  test('passes actionlint', () => {
    expect(actionlint(WORKFLOW_TEXT)).toEqual([]);
  });

  test('actionlint reports a broken workflow (the check above is not vacuous)', () => {
    const broken = WORKFLOW_TEXT.replace('${{ github.sha }}', '${{ github.commit }}');
    expect(actionlint(broken).map(r => r.kind)).toContain('expression');
  });

  test("assumes the shared stack's ECR push role and pushes to the shared stack's repository in its region", () => {
    const roles = Object.values(shared.resource?.aws_iam_role ?? {}).filter(r => r.name === roleName);
    expect(roles).toHaveLength(1);
    expect(workflow.env.ECR_PUSH_ROLE).toBe(`arn:aws:iam::${accountId}:role/${roleName}`);
    const repositories = Object.entries(shared.resource?.aws_ecr_repository ?? {}).filter(
      ([, r]) => r.name === workflow.env.ECR_REPOSITORY,
    );
    expect(repositories).toHaveLength(1);
    const [repoId, repository] = repositories[0];
    expect(repository.image_tag_mutability).toBe('IMMUTABLE');
    // the role may push exactly there
    const policy = inlinePolicyOfRole('shared', roleName);
    const pushTo = policy.filter(s => statementGrants(s, 'ecr:PutImage')).flatMap(s => s.resources);
    expect(pushTo).toContain(`\${aws_ecr_repository.${repoId}.arn}`);
    expect(workflow.env.ECR_REGISTRY).toBe(
      `${accountId}.dkr.ecr.${(shared.provider!.aws[0] as Json).region}.amazonaws.com`,
    );
    expect(workflow.env.AWS_REGION).toBe((shared.provider!.aws[0] as Json).region);
  });

  test.each([
    [{ event_name: 'push', ref: 'refs/heads/develop' }, ['lint', 'test', 'image', 'deploy-dev']],
    [{ event_name: 'push', ref: 'refs/heads/main' }, ['lint', 'test', 'image', 'deploy-staging']],
    [{ event_name: 'workflow_dispatch', ref: 'refs/heads/main' }, ['promote-production']],
    [{ event_name: 'workflow_dispatch', ref: 'refs/heads/develop' }, []],
    [{ event_name: 'pull_request', ref: 'refs/pull/7/merge' }, ['lint', 'test', 'image']],
  ])('%j runs %j, and every role it assumes trusts the OIDC subject of that run', (event, jobs) => {
    const ran = runs(event);
    expect(Object.keys(ran)).toEqual(jobs);
    const trusted = trustOfRole('shared', roleName).flatMap(
      s => s.conditions.StringEquals?.['token.actions.githubusercontent.com:sub'] ?? [],
    );
    for (const role of Object.values(ran).flat()) {
      expect(role).toBe('${{ env.ECR_PUSH_ROLE }}');
      expect(trusted).toContain(subjectFor(event));
    }
    // pull requests build and scan, but never assume the role (their subject is not trusted)
    if (event.event_name === 'pull_request') expect(Object.values(ran).flat()).toEqual([]);
  });

  test("moves each stage's application overlay on the branch Argo CD tracks; production syncs by hand", () => {
    const stageOf = (job: string) => {
      const step = workflow.jobs[job].steps.find(s => s.env?.OVERLAY !== undefined)!;
      return { path: step.env!.OVERLAY, branch: step.env!.BRANCH, tag: step.env!.IMAGE_TAG };
    };
    const app = (namespace: string) => elements.find(x => x.namespace === namespace)!;
    for (const [job, namespace] of [
      ['deploy-dev', 'dev'],
      ['deploy-staging', 'staging'],
      ['promote-production', 'production'],
    ]) {
      expect(stageOf(job)).toMatchObject({ path: app(namespace).path, branch: app(namespace).targetRevision });
    }
    expect([stageOf('deploy-dev').tag, stageOf('deploy-staging').tag]).toEqual([
      '${{ github.sha }}',
      '${{ github.sha }}',
    ]);
    expect([app('dev').automated, app('staging').automated, app('production').automated]).toEqual([true, true, false]);
  });

  test('the tag CI writes is a key every overlay has (the yq path resolves), and CI writes nothing else', () => {
    const paths = [
      ...WORKFLOW_TEXT.matchAll(
        /yq -i '\.\["([\w-]+)"\]\.image\.tag = strenv\(IMAGE_TAG\)' "\$OVERLAY\/values\.yaml"/g,
      ),
    ].map(m => m[1]);
    expect(paths).toEqual(['myapp', 'myapp', 'myapp']);
    expect(WORKFLOW_TEXT.match(/yq -i/g)).toHaveLength(3);
    for (const e of elements) {
      const values = parse(helmCharts[`${e.path}/values.yaml`]) as Record<string, { image: { tag: unknown } }>;
      expect(typeof values[paths[0]].image.tag).toBe('string');
    }
  });

  test('tags every image with the commit SHA (immutable repositories: never a moving tag)', () => {
    const image = workflow.jobs.image;
    const refs = [
      ...image.steps.flatMap(s => Object.values(s.env ?? {})),
      ...image.steps.map(s => s.with?.['image-ref'] ?? ''),
    ].filter(v => v.includes('ECR_REPOSITORY'));
    expect(refs.length).toBeGreaterThanOrEqual(2);
    for (const ref of refs) expect(ref).toBe('${{ env.ECR_REGISTRY }}/${{ env.ECR_REPOSITORY }}:${{ github.sha }}');
    expect(WORKFLOW_TEXT).not.toMatch(/:latest\b/);
  });

  test('scans with Trivy before the push, failing on HIGH and CRITICAL; .trivyignore accepts a finding', () => {
    const steps = workflow.jobs.image.steps;
    const scan = steps.findIndex(s => (s.uses ?? '').startsWith('aquasecurity/trivy-action@'));
    const push = steps.findIndex(s => (s.run ?? '').includes('docker push'));
    expect(scan).toBeGreaterThan(0);
    expect(push).toBeGreaterThan(scan);
    expect(steps[scan].with).toMatchObject({
      'exit-code': '1',
      severity: 'HIGH,CRITICAL',
      trivyignores: '.trivyignore',
    });
    // accepts nothing yet
    expect(application['.trivyignore'].split('\n').every(l => l === '' || l.startsWith('#'))).toBe(true);
    expect(application['.trivyignore']).toMatch(/exp:\d{4}-\d{2}-\d{2}/);
  });

  test('requests id-token: write only in jobs that assume a role, and every such job has it', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const assumes = job.steps.some(s => ASSUMES_ROLE.test(s.uses ?? ''));
      expect([name, job.permissions?.['id-token'] === 'write']).toEqual([name, assumes]);
    }
  });

  test("pins every action by a commit SHA with its version, the same SHAs the platform's own workflows pin", () => {
    const pins = (text: string) =>
      [...text.matchAll(/uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/gm)].map(m => ({
        action: m[1],
        sha: m[2],
        tag: m[3],
      }));
    const uses = WORKFLOW_TEXT.split('\n').filter(l => /^\s*(-\s+)?uses:/.test(l));
    expect(pins(WORKFLOW_TEXT)).toHaveLength(uses.length);
    const dir = join(ROOT, '.github', 'workflows');
    const own = readdirSync(dir).flatMap(f => pins(readFileSync(join(dir, f), 'utf8')));
    const shared = pins(WORKFLOW_TEXT).filter(p => own.some(o => o.action === p.action));
    expect([...new Set(shared.map(p => p.action))].sort()).toEqual(
      ['actions/checkout', 'actions/setup-node', 'aws-actions/configure-aws-credentials'].sort(),
    );
    for (const p of shared) expect(own.filter(o => o.action === p.action).map(o => o.sha)).toContain(p.sha);
  });

  test('checks out without persisting a token; the only secret is the helm-charts token, never an AWS key', () => {
    for (const job of Object.values(workflow.jobs)) {
      for (const s of job.steps.filter(x => (x.uses ?? '').startsWith('actions/checkout@')))
        expect(s.with?.['persist-credentials']).toBe(false);
    }
    expect([...new Set([...WORKFLOW_TEXT.matchAll(/secrets\.(\w+)/g)].map(m => m[1]))]).toEqual(['HELM_CHARTS_TOKEN']);
    expect(Object.keys(workflow.on)).not.toContain('pull_request_target');
    expect(readFileSync(join(ROOT, 'docs', 'ARGOCD-SETUP.md'), 'utf8')).toContain('`HELM_CHARTS_TOKEN`');
  });
});

describe('no static AWS credentials', () => {
  const STATIC_CREDENTIALS = [
    /AKIA[0-9A-Z]{16}/,
    /ASIA[0-9A-Z]{16}/,
    /aws_access_key_id/i,
    /aws_secret_access_key/i,
    /aws-access-key-id/i,
    /aws-secret-access-key/i,
  ];
  const found = (text: string) => STATIC_CREDENTIALS.filter(p => p.test(text)).map(String);

  test('in any file the scaffold writes, or in its source', () => {
    const sources = readdirSync(join(ROOT, 'modules', 'scaffold')).map(f =>
      readFileSync(join(ROOT, 'modules', 'scaffold', f), 'utf8'),
    );
    for (const [path, text] of [
      ...Object.entries(application),
      ...Object.entries(helmCharts),
      ...sources.map((s, i) => [`source ${i}`, s]),
    ]) {
      expect([path, found(text)]).toEqual([path, []]);
    }
  });

  test('the check finds each form (not vacuous)', () => {
    const samples = [
      'AKIAIOSFODNN7EXAMPLE',
      'aws_access_key_id = x',
      'AWS_SECRET_ACCESS_KEY: y',
      'aws-access-key-id: z',
      'aws-secret-access-key: w',
    ];
    for (const sample of samples) expect(found(sample)).not.toEqual([]);
  });
});
