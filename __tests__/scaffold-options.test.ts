import { execFileSync } from 'child_process';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { dev } from '../environments/dev';
import { prod } from '../environments/prod';
import { platform } from '../environments';
import type { EnvironmentConfig } from '../environments/types';
import { mergeValues, renderedObjects, renderTemplate } from '../modules/scaffold/helm-subset';
import { secretStoreFor } from '../modules/scaffold/overlays';
import { GATEWAY_NAME, GATEWAY_NAMESPACE } from '../modules/edge/gateway-objects';
import { platformFacts, RenderedApplication, SecretStoreFacts } from '../modules/scaffold/platform-facts';
import { renderOverlay } from '../modules/scaffold/render-overlay';
import { scaffold } from '../modules/scaffold/scaffold';
import { withEnv } from './read-helpers';

const ROOT = join(__dirname, '..');
const release = { Release: { Name: 'r', Namespace: 'ns' } };
const render = (template: string, Values: unknown) => renderTemplate('t.yaml', template, { ...release, Values });

describe('the Helm subset renderer (Go text/template and Helm function semantics)', () => {
  test('prints values and the release; {{- and -}} trim the whitespace on their side, newlines included', () => {
    expect(
      render('name: {{ .Release.Name }}/{{ .Release.Namespace }}\nport: {{ .Values.a.b }}', { a: { b: 80 } }),
    ).toBe('name: r/ns\nport: 80');
    expect(render('a\n  {{- .Values.x }}\n', { x: 'b' })).toBe('ab\n');
    expect(render('{{ .Values.x -}}  \n  c', { x: 'b' })).toBe('bc');
  });

  test('toYaml drops its final newline and nindent starts a new line indented; quote makes a string', () => {
    expect(render('r:\n  {{- toYaml .Values.m | nindent 2 }}', { m: { a: 1, l: ['x'] } })).toBe(
      'r:\n  a: 1\n  l:\n    - x',
    );
    expect(render('v: {{ quote .Values.p }} w: {{ .Values.p | quote }}', { p: 8080 })).toBe('v: "8080" w: "8080"');
    expect(render('{{ indent 2 .Values.s }}', { s: 'a\nb' })).toBe('  a\n  b');
  });

  test.each([[false], [0], [''], [[]], [{}]])('if treats %j as false, like Go templates', value => {
    expect(render('{{ if .Values.v }}yes{{ else }}no{{ end }}', { v: value })).toBe('no');
  });

  test('if treats true, numbers, strings, lists and maps with content as true', () => {
    for (const v of [true, 1, 'x', ['a'], { a: 1 }])
      expect(render('{{ if .Values.v }}yes{{ else }}no{{ end }}', { v })).toBe('yes');
  });

  test('range binds the item to the variable and to dot; $ stays the root', () => {
    expect(
      render('{{- range $h := .Values.hosts }}\n- {{ $h }} {{ .}} {{ $.Release.Name }}{{- end }}', {
        hosts: ['a', 'b'],
      }),
    ).toBe('\n- a a r\n- b b r');
  });

  test('is stricter than Helm: a missing value or a map printed as text is an error naming the file', () => {
    expect(() => render('{{ .Values.a.missing }}', { a: {} })).toThrow('t.yaml: missing value .Values.a.missing');
    expect(() => render('{{ .Values.a }}', { a: { b: 1 } })).toThrow(/t\.yaml: \{\{ \.Values\.a \}\} prints \{"b":1\}/);
    expect(() => render('{{ if .Values.a }}x', { a: 1 })).toThrow('t.yaml: "if" without "end"');
    expect(() => render('{{ printf "%s" .Values.a }}', { a: 1 })).toThrow(/unsupported command/);
  });

  test('comments render nothing; rendered documents parse, empty ones are dropped', () => {
    expect(render('{{/* a comment */}}x', {})).toBe('x');
    expect(renderedObjects(['a: 1\n---\n---\nb: 2\n', '\n'])).toEqual([{ a: 1 }, { b: 2 }]);
  });

  test("values merge as Helm coalesces them: maps key by key, lists replaced, the overlay's value wins", () => {
    expect(mergeValues({ a: { x: 1, y: 2 }, l: [1, 2] }, { a: { y: 3 }, l: [9] })).toEqual({
      a: { x: 1, y: 3 },
      l: [9],
    });
    expect(mergeValues({ a: 1 }, undefined)).toEqual({ a: 1 });
  });
});

type Loose = Record<string, unknown>;
const helmChartsOf = (files: Readonly<Record<string, string>>) =>
  Object.fromEntries(
    Object.entries(files)
      .filter(([p]) => p.startsWith('helm-charts/'))
      .map(([p, t]) => [p.slice('helm-charts/'.length), t]),
  );
const scaffoldWith = (envs: readonly EnvironmentConfig[], options = {}) =>
  scaffold(platformFacts(platform, envs), options);

describe('the edge follows the environment (ingress.controller, ingress.domain)', () => {
  const gatewayDev = withEnv(dev, e => {
    Object.assign(e.ingress as Loose, {
      controller: 'gateway-api',
      domain: { zoneName: 'dev.example.org', hostnames: ['myapp.dev.example.org'] },
    });
  });
  const result = scaffoldWith([gatewayDev, prod]);
  const objects = (name: string, namespace: string, path: string) =>
    renderOverlay(helmChartsOf(result.files), { releaseName: name, namespace, path });

  test('gateway-api: an HTTPRoute (Gateway API v1 schema), not the Ingress, to the Service, on the domain', () => {
    const rendered = objects('myapp-dev', 'dev', 'myapp/overlays/dev');
    expect(rendered.map(o => o.kind)).not.toContain('Ingress');
    const routes = rendered.filter(o => o.kind === 'HTTPRoute');
    expect(routes).toHaveLength(1);
    const route = routes[0] as {
      spec: {
        hostnames: string[];
        parentRefs: { name: string }[];
        rules: { backendRefs: { name: string; port: number }[] }[];
      };
    };
    const service = rendered.find(o => o.kind === 'Service') as {
      metadata: { name: string };
      spec: { ports: { port: number }[] };
    };
    expect(route.spec.hostnames).toEqual(['myapp.dev.dev.example.org']);
    // the platform's Gateway and its HTTPS listener (the environment has a domain, so a certificate)
    expect(route.spec.parentRefs).toEqual([{ name: GATEWAY_NAME, namespace: GATEWAY_NAMESPACE, sectionName: 'https' }]);
    expect(route.spec.rules.flatMap(r => r.backendRefs)).toEqual([
      { name: service.metadata.name, port: service.spec.ports[0].port },
    ]);
    const results = JSON.parse(
      execFileSync(process.execPath, [join(__dirname, 'crd-validate.mjs')], {
        input: JSON.stringify(routes),
        encoding: 'utf8',
      }),
    ) as { valid: boolean; error?: string }[];
    expect(results).toEqual([{ kind: 'HTTPRoute', name: 'myapp-dev', valid: true }]);
  });

  test('an environment without the fields keeps ingress-nginx on the placeholder domain', () => {
    const rendered = objects('myapp-production', 'production', 'myapp/overlays/production');
    expect(rendered.map(o => o.kind)).toContain('Ingress');
    expect(rendered.map(o => o.kind)).not.toContain('HTTPRoute');
    const ingress = rendered.find(o => o.kind === 'Ingress') as { spec: { rules: { host: string }[] } };
    expect(ingress.spec.rules.map(r => r.host)).toEqual(['myapp.production.example.com']);
  });
});

describe('secret stores', () => {
  const application = (secretStores: SecretStoreFacts[]): RenderedApplication => ({
    name: 'myapp-staging',
    namespace: 'staging',
    path: 'myapp/overlays/staging',
    targetRevision: 'main',
    repoUrl: 'x',
    sync: 'automated',
    environment: dev,
    secretStores,
  });

  test("one store without conditions: the cluster's store, whatever its name", () => {
    expect(secretStoreFor(application([{ name: 'aws-secrets-manager' }]), 'staging')).toBe('aws-secrets-manager');
  });

  test('one store per prefix: the store whose conditions admit the namespace, whatever its name', () => {
    const stores = [
      { name: 'aws-secrets-manager', namespaces: ['dev', 'argocd'] },
      { name: 'aws-secrets-manager-staging', namespaces: ['staging'] },
    ];
    expect(secretStoreFor(application(stores), 'staging')).toBe('aws-secrets-manager-staging');
    expect(secretStoreFor(application(stores), 'dev')).toBe('aws-secrets-manager');
  });

  test('no store admits the namespace, or two do: an error naming the stores', () => {
    expect(() => secretStoreFor(application([{ name: 'a', namespaces: ['dev'] }]), 'staging')).toThrow(
      'dev ClusterSecretStores is ["a"]: exactly one store whose conditions admit namespace "staging", or one store ' +
        'without conditions',
    );
    expect(() => secretStoreFor(application([{ name: 'a' }, { name: 'b' }]), 'staging')).toThrow(
      'dev ClusterSecretStores is ["a","b"]',
    );
  });
});

describe('configuration errors name the field, the value and what is allowed', () => {
  test('an app the ApplicationSets do not deploy', () => {
    expect(() => scaffoldWith([dev, prod], { app: 'nope' })).toThrow(
      '--app is "nope": one of the apps the ApplicationSets deploy (myapp)',
    );
  });

  test('two apps and no --app', () => {
    const two = withEnv(dev, e => {
      e.argocd.applications.push({
        name: 'other-dev',
        namespace: 'dev',
        path: 'other/overlays/dev',
        targetRevision: 'main',
        sync: 'automated',
      });
    });
    expect(() => scaffoldWith([two, prod])).toThrow(
      '--app is undefined: required when the ApplicationSets deploy 2 apps (myapp, other)',
    );
  });

  test('an ECR repository the shared stack does not create', () => {
    expect(() => scaffoldWith([dev, prod], { repository: 'myapp/nope' })).toThrow(
      '--repository is "myapp/nope": one of the shared stack\'s ECR repositories (myapp/api, myapp/web)',
    );
  });

  test('an application without a secret container under its prefix', () => {
    const bare = withEnv(dev, e => {
      e.secrets.containers = ['dev/myapp/database'];
    });
    expect(() => scaffoldWith([bare, prod])).toThrow(
      'dev.secrets.containers is ["dev/myapp/database"]: ' +
        'must name at least one secret under "staging/myapp/" for myapp-staging',
    );
  });

  test('a promotion stage without its application', () => {
    const noProduction = withEnv(prod, e => {
      e.argocd.applications = [];
    });
    expect(() => scaffoldWith([dev, noProduction])).toThrow(
      'argocd.applications of myapp in namespace production is []: ' +
        'exactly one application (the promotion flow moves it)',
    );
  });
});

describe('scripts/scaffold.ts arguments', () => {
  const run = (...args: string[]) => {
    try {
      execFileSync(
        process.execPath,
        ['--disable-warning=DEP0044', 'scripts/launch.mjs', 'scripts/scaffold.ts', ...args],
        {
          cwd: ROOT,
          encoding: 'utf8',
          stdio: 'pipe',
        },
      );
      return { status: 0, stderr: '' };
    } catch (e) {
      return { status: (e as { status: number }).status, stderr: (e as { stderr: string }).stderr };
    }
  };
  const usage = 'usage: npm run scaffold -- --out <dir> [--app <name>] [--repository <ecr repository>]';

  test.each([
    [[], `scaffold: --out is required; ${usage}\n`],
    [['--out', '/tmp/x', 'extra'], `scaffold: unexpected argument extra; ${usage}\n`],
  ])('%j: exit 1 with one line', (args, stderr) => {
    expect(run(...args)).toEqual({ status: 1, stderr });
  });

  test('an unknown option: exit 1 with one line', () => {
    const result = run('--bogus');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^scaffold: Unknown option '--bogus'[^\n]*\n$/);
  });

  test('--app names the app: a wrong one fails with one line', () => {
    const result = run('--out', mkdtempSync(join(tmpdir(), 'scaffold-args-')), '--app', 'nope');
    expect(result).toEqual({
      status: 1,
      stderr: 'scaffold: --app is "nope": one of the apps the ApplicationSets deploy (myapp)\n',
    });
  });
});
