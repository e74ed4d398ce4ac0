import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { platform } from '../environments';
import { dev } from '../environments/dev';
import { prod } from '../environments/prod';
import type { EnvironmentConfig } from '../environments/types';
import { validateEnvironment } from '../environments/validate';
import { MIN_HEADROOM } from '../modules/addons/schedule-budget';
import { environmentCost, albCount } from '../modules/cost/cost-model';
import { US_EAST_1_PRICES } from '../modules/cost/prices';
import { modelOf, PlatformModel } from '../modules/analysis/platform-model';
import { externalDnsPolicy } from '../modules/edge/external-dns';
import { GATEWAY_API_CRDS_URL } from '../modules/edge/gateway-api-crds';
import { PolicyViolationError } from '../modules/policies/aspect';
import { actionCovers } from '../modules/policies/iam';
import { workloadBoundaryDocument } from '../modules/shared/workload-boundary';
import { Json, ref } from './addons-helpers';
import { validateCrds } from './crd-validation';
import { expectChartRelease } from './chart-release';
import { buildTestPlatform, resources, SynthesizedStack, TEST_DATE, withEnv } from './helpers';
import { realModel, realOutdir } from './real-platform';
import { lbcGatewayObjectProblems } from './lbc-gateway-schema';

/**
 * The edge per environment and per controller: DNS and the certificate, the listeners, external-dns, the Gateway
 * API objects, and which controller is installed. Each platform is synthesized to disk once (local charts are read
 * from their assets, as Helm would).
 */

const DEV_DOMAIN = { zoneName: 'example.org', hostnames: ['dev.example.org', '*.dev.example.org'] };
const gatewayMode = (env: EnvironmentConfig, domain = true): EnvironmentConfig =>
  withEnv(env, e => {
    e.ingress.controller = 'gateway-api';
    if (domain && e.ingress.domain === undefined) e.ingress.domain = DEV_DOMAIN;
  });

/** A platform synthesized to disk: its addons stacks as written, and where their local charts are. */
interface OnDisk {
  readonly outdir: string;
  readonly model: PlatformModel;
  readonly stack: (env: string) => SynthesizedStack;
  readonly chartDir: (env: string, release: string) => string;
}
interface Synthesized extends OnDisk {
  readonly warnings: readonly string[];
  readonly built: ReturnType<typeof buildTestPlatform>;
}

function onDisk(outdir: string, model: PlatformModel): OnDisk {
  const dir = (env: string) => join(outdir, 'stacks', `${env}-addons`);
  const stack = (env: string) => model.environments[env].addons.json;
  return {
    outdir,
    model,
    stack,
    chartDir: (env, release) => join(dir(env), String(releaseNamed(stack(env), release).chart)),
  };
}

const platforms = new Map<string, Synthesized>();
function synthesized(key: string, envs: readonly EnvironmentConfig[]): Synthesized {
  if (!platforms.has(key)) {
    const built = buildTestPlatform(envs);
    platforms.set(key, { ...onDisk(built.app.outdir, modelOf(built)), built, warnings: built.warnings });
  }
  return platforms.get(key)!;
}
// the shipped platform (dev and prod) as the test run's one synth wrote it (global-setup.ts)
let shippedOnDisk: OnDisk | undefined;
const shipped = () => (shippedOnDisk ??= onDisk(realOutdir(), realModel()));
const gateways = () => synthesized('gateway', [gatewayMode(dev), gatewayMode(prod)]);

function releaseNamed(stack: SynthesizedStack, name: string): Json {
  const found = Object.values(resources(stack, 'helm_release')).filter(r => r.name === name);
  if (found.length !== 1) throw new Error(`expected one helm_release ${name}, found ${found.length}`);
  return found[0];
}
const releaseNames = (stack: SynthesizedStack) =>
  Object.values(resources(stack, 'helm_release')).map(r => r.name as string);
const valuesOf = (rel: Json): Json => JSON.parse((rel.values as string[])[0]) as Json;
const address = (stack: SynthesizedStack, type: string): string => {
  const names = Object.keys(resources(stack, type));
  if (names.length !== 1) throw new Error(`expected one ${type}, found ${names.length}`);
  return `${type}.${names[0]}`;
};
const zoneAddress = (stack: SynthesizedStack) =>
  `data.aws_route53_zone.${Object.keys(stack.data?.aws_route53_zone ?? {})[0]}`;

/**
 * What Helm installs from a local chart: the chart's template replaces each `@@name@@` of a file with
 * `.Values.substitutions.name` (sprig `replace`: a plain substring replacement), then the API server parses the YAML.
 * The test first checks the chart's template is that one, so the model is the chart's.
 */
function installed(dir: string, release: Json): Json[] {
  const template = readFileSync(join(dir, 'templates', 'objects.yaml'), 'utf8');
  const substitutions = (valuesOf(release).substitutions ?? {}) as Record<string, string>;
  if (Object.keys(substitutions).length > 0)
    expect(template).toContain('{{- $text = replace (printf "@@%s@@" $name) (toString $value) $text }}');
  return readdirSync(join(dir, 'files'))
    .sort()
    .map(file => {
      let text = readFileSync(join(dir, 'files', file), 'utf8');
      for (const [name, value] of Object.entries(substitutions)) text = text.split(`@@${name}@@`).join(value);
      expect(text).not.toMatch(/@@\w+@@/);
      return parse(text) as Json;
    });
}
/** A block without the construct metadata (`//`) that `app.synth()` writes. */
const bare = (block: Json): Json => Object.fromEntries(Object.entries(block).filter(([k]) => k !== '//'));
const kindOf = (objects: Json[], kind: string): Json[] => objects.filter(o => o.kind === kind);
const spec = (o: Json): Json => o.spec as Json;

/**
 * A model of ACM's DomainValidationOptions: one entry per name of the certificate (domain name and alternative names),
 * and a wildcard shares its base name's CNAME (AWS ACM user guide, "DNS validation").
 */
function acmValidationOptions(names: readonly string[]): Json[] {
  return names.map(domain => {
    const base = domain.replace(/^\*\./, '');
    return {
      domain_name: domain,
      resource_record_name: `_x${base.length}.${base}.`,
      resource_record_type: 'CNAME',
      resource_record_value: `_v.${base}.acm-validations.aws.`,
    };
  });
}

const CASES = [
  { env: 'dev', controller: 'ingress-nginx', platform: shipped, domain: undefined },
  { env: 'prod', controller: 'ingress-nginx', platform: shipped, domain: prod.ingress.domain },
  { env: 'dev', controller: 'gateway-api', platform: gateways, domain: DEV_DOMAIN },
  { env: 'prod', controller: 'gateway-api', platform: gateways, domain: prod.ingress.domain },
] as const;

describe.each(CASES)('$env with $controller', ({ env, controller, platform, domain }) => {
  const stack = () => platform().stack(env);
  const cluster = env === 'dev' ? dev.cluster.name : prod.cluster.name;

  test('ingress-nginx and its ALB Ingress only in ingress-nginx mode; the Gateway objects only in gateway mode', () => {
    const names = releaseNames(stack());
    const nginx = controller === 'ingress-nginx';
    expect(names.includes('ingress-nginx')).toBe(nginx);
    expect(names.includes('ingress-alb')).toBe(nginx);
    expect(names.includes('gateway-edge')).toBe(!nginx);
    expect(Object.keys(resources(stack(), 'terraform_data')).length).toBe(nginx ? 0 : 1);
    const groups = Object.values(resources(stack(), 'aws_security_group')).map(g => g.name);
    expect(groups).toEqual([nginx ? `${cluster}-alb` : `${cluster}-gateway-alb`]);
  });

  test('certificate: the zone is looked up, ACM validates by DNS records in it, the ALB uses the validated ARN', () => {
    if (domain === undefined) {
      expect(resources(stack(), 'aws_acm_certificate')).toEqual({});
      expect(stack().data?.aws_route53_zone).toBeUndefined();
      return;
    }
    const s = stack();
    expect(Object.values(s.data!.aws_route53_zone).map(bare)).toEqual([{ name: domain.zoneName, private_zone: false }]);
    expect(resources(s, 'aws_route53_zone')).toEqual({}); // never created
    const [first, ...rest] = domain.hostnames;
    const certificate = address(s, 'aws_acm_certificate');
    expect(bare(Object.values(resources(s, 'aws_acm_certificate'))[0])).toEqual({
      domain_name: first,
      ...(rest.length > 0 ? { subject_alternative_names: rest } : {}),
      validation_method: 'DNS',
      lifecycle: { create_before_destroy: true },
    });
    const record = Object.values(resources(s, 'aws_route53_record'))[0];
    expect(record).toMatchObject({
      zone_id: ref(zoneAddress(s), 'zone_id'),
      name: '${each.value.resource_record_name}',
      type: '${each.value.resource_record_type}',
      records: ['${each.value.resource_record_value}'],
      allow_overwrite: true,
    });
    // Terraform's for expression over the set, evaluated on the model of what ACM returns
    const FOR_EACH = /^\$\{\{ for key, val in tolist\((aws_acm_certificate\.[^.]+)\.domain_validation_options\): /;
    const forEach = new RegExp(`${FOR_EACH.source}val\\.(\\w+) => val \\}\\}$`).exec(String(record.for_each));
    expect(forEach?.[1]).toBe(certificate);
    const options = acmValidationOptions(domain.hostnames);
    const instances = Object.fromEntries(options.map(o => [o[forEach![2]] as string, o]));
    // for_each keys: unique, and known at plan (the names come from the configuration)
    expect(Object.keys(instances).sort()).toEqual([...domain.hostnames].sort());
    const written = Object.values(instances).map(o => String(o.resource_record_name));
    // a wildcard and its base name write the same record: only allow_overwrite lets the second instance succeed
    expect(new Set(written).size < written.length).toBe(
      domain.hostnames.some(h => h.startsWith('*.') && domain.hostnames.includes(h.slice(2))),
    );
    for (const name of written) expect(name.endsWith(`${domain.zoneName}.`)).toBe(true);
    const validation = Object.values(resources(s, 'aws_acm_certificate_validation'))[0];
    expect(bare(validation)).toEqual({
      certificate_arn: ref(certificate, 'arn'),
      validation_record_fqdns: `\${[ for key, val in ${address(s, 'aws_route53_record')}: val.fqdn]}`,
    });
  });

  test('listeners: HTTPS with the certificate and HTTP redirecting when a domain is set, HTTP only otherwise', () => {
    const s = stack();
    const validated = domain ? ref(address(s, 'aws_acm_certificate_validation'), 'certificate_arn') : undefined;
    const group = address(s, 'aws_security_group');
    const open = Object.values(resources(s, 'aws_vpc_security_group_ingress_rule')).filter(
      r => r.cidr_ipv4 === '0.0.0.0/0',
    );
    expect(open.map(r => [r.security_group_id, r.from_port]).sort()).toEqual(
      (domain ? [443, 80] : [80]).map(p => [ref(group, 'id'), p]),
    );
    if (controller === 'ingress-nginx') {
      const rel = releaseNamed(s, 'ingress-alb');
      const [ingress] = installed(platform().chartDir(env, 'ingress-alb'), rel);
      const annotations = (ingress.metadata as Json).annotations as Json;
      expect(annotations['alb.ingress.kubernetes.io/listen-ports']).toBe(
        domain ? '[{"HTTP":80},{"HTTPS":443}]' : '[{"HTTP":80}]',
      );
      expect(annotations['alb.ingress.kubernetes.io/certificate-arn']).toBe(validated);
      expect(annotations['alb.ingress.kubernetes.io/ssl-redirect']).toBe(domain ? '443' : undefined);
      if (domain) expect(rel.depends_on).toContain(address(s, 'aws_acm_certificate_validation'));
      return;
    }
    const rel = releaseNamed(s, 'gateway-edge');
    const objects = installed(platform().chartDir(env, 'gateway-edge'), rel);
    const [config] = kindOf(objects, 'LoadBalancerConfiguration');
    expect(spec(config)).toMatchObject({
      scheme: 'internet-facing',
      securityGroups: [ref(group, 'id')],
      manageBackendSecurityGroupRules: true,
    });
    expect(spec(config).listenerConfigurations).toEqual(
      domain
        ? [
            {
              protocolPort: 'HTTPS:443',
              defaultCertificate: validated,
              sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
            },
          ]
        : [],
    );
    const [gateway] = kindOf(objects, 'Gateway');
    const listeners = spec(gateway).listeners as Json[];
    expect(listeners.map(l => [l.name, l.protocol, l.port])).toEqual(
      domain
        ? [
            ['http', 'HTTP', 80],
            ['https', 'HTTPS', 443],
          ]
        : [['http', 'HTTP', 80]],
    );
    const routes = kindOf(objects, 'HTTPRoute');
    if (domain) {
      expect(routes).toHaveLength(1);
      expect(spec(routes[0])).toEqual({
        parentRefs: [{ name: 'edge', sectionName: 'http' }],
        hostnames: domain.hostnames,
        rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
      });
      expect(listeners[0].allowedRoutes).toEqual({ namespaces: { from: 'Same' }, kinds: [{ kind: 'HTTPRoute' }] });
    } else {
      expect(routes).toEqual([]);
    }
    // applications attach to the last listener (HTTPS, or HTTP without a certificate), from their namespaces only
    const apps = env === 'dev' ? dev.argocd.project.namespaces : prod.argocd.project.namespaces;
    expect(listeners[listeners.length - 1].allowedRoutes).toEqual({
      namespaces: {
        from: 'Selector',
        selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: apps }] },
      },
    });
  });

  test('external-dns: the official chart, one zone, a TXT owner per cluster, the source of the mode', () => {
    const s = stack();
    if (domain === undefined) {
      expect(releaseNames(s)).not.toContain('external-dns');
      return;
    }
    const rel = releaseNamed(s, 'external-dns');
    expectChartRelease(rel, {
      repository: 'https://kubernetes-sigs.github.io/external-dns/',
      chart: 'external-dns',
      version: '1.21.1',
    });
    const v = valuesOf(rel);
    expect(v.namespaceOverride).toBe('external-dns');
    // top-level keys of charts/external-dns/values.yaml at external-dns-helm-chart-1.21.1
    const chartKeys = [
      'global',
      'image',
      'imagePullSecrets',
      'nameOverride',
      'fullnameOverride',
      'namespaceOverride',
      'commonLabels',
      'serviceAccount',
      'service',
      'rbac',
      'deploymentAnnotations',
      'extraContainers',
      'deploymentStrategy',
      'revisionHistoryLimit',
      'podLabels',
      'podAnnotations',
      'automountServiceAccountToken',
      'shareProcessNamespace',
      'podSecurityContext',
      'priorityClassName',
      'terminationGracePeriodSeconds',
      'dnsPolicy',
      'dnsConfig',
      'initContainers',
      'securityContext',
      'env',
      'livenessProbe',
      'readinessProbe',
      'extraVolumes',
      'extraVolumeMounts',
      'resources',
      'nodeSelector',
      'affinity',
      'topologySpreadConstraints',
      'tolerations',
      'serviceMonitor',
      'logLevel',
      'logFormat',
      'interval',
      'triggerLoopOnEvent',
      'namespaced',
      'enableGatewayListenerSets',
      'gatewayNamespace',
      'sourceNamespace',
      'sources',
      'policy',
      'registry',
      'txtOwnerId',
      'txtPrefix',
      'txtSuffix',
      'domainFilters',
      'excludeDomains',
      'labelFilter',
      'annotationFilter',
      'annotationPrefix',
      'managedRecordTypes',
      'provider',
      'extraArgs',
      'secretConfiguration',
      'enabled',
    ];
    expect(Object.keys(v).filter(k => !chartKeys.includes(k))).toEqual([]);
    expect(v).toMatchObject({
      provider: { name: 'aws' },
      env: [{ name: 'AWS_REGION', value: 'us-east-1' }],
      serviceAccount: { create: true, name: 'external-dns' },
      sources: [controller === 'ingress-nginx' ? 'ingress' : 'gateway-httproute'],
      policy: 'sync',
      registry: 'txt',
      txtOwnerId: cluster,
      domainFilters: [domain.zoneName],
    });
    expect(v.extraArgs).toEqual([
      '--aws-zone-type=public',
      `--zone-id-filter=${ref(zoneAddress(s), 'zone_id')}`,
      ...(controller === 'ingress-nginx' ? ['--ingress-class=alb'] : []),
    ]);
    expect(v.tolerations).toBeUndefined(); // Karpenter capacity, not the system nodes
    if (controller === 'ingress-nginx') {
      const [ingress] = installed(platform().chartDir(env, 'ingress-alb'), releaseNamed(s, 'ingress-alb'));
      expect(((ingress.metadata as Json).annotations as Json)['external-dns.alpha.kubernetes.io/hostname']).toBe(
        domain.hostnames.join(','),
      );
    } else {
      expect(v.gatewayNamespace).toBe('gateway-system');
    }
  });

  test('external-dns IAM: record changes on hostedzone/<id> of the looked-up zone only, through Pod Identity', () => {
    const s = stack();
    if (domain === undefined) {
      expect(Object.values(resources(s, 'aws_eks_pod_identity_association')).map(a => a.namespace)).not.toContain(
        'external-dns',
      );
      return;
    }
    const association = Object.values(resources(s, 'aws_eks_pod_identity_association')).find(
      a => a.namespace === 'external-dns',
    )!;
    expect(association).toMatchObject({ service_account: 'external-dns', cluster_name: cluster });
    const role = /^\$\{(aws_iam_role\.[^.]+)\.arn\}$/.exec(String(association.role_arn))![1];
    expect(resources(s, 'aws_iam_role')[role.split('.')[1]].name).toBe(`${cluster}-external-dns`);
    const policies = Object.values(resources(s, 'aws_iam_role_policy')).filter(p => p.role === ref(role, 'id'));
    expect(policies).toHaveLength(1);
    expect(JSON.parse(String(policies[0].policy)).Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources'],
        Resource: [`arn:aws:route53:::hostedzone/${ref(zoneAddress(s), 'zone_id')}`],
      },
      { Effect: 'Allow', Action: ['route53:ListHostedZones'], Resource: '*' },
    ]);
  });

  if (controller === 'gateway-api') {
    test("Gateway API objects are valid against the Gateway API v1 schemas and the controller's v3.5.0 CRDs", () => {
      const objects = installed(platform().chartDir(env, 'gateway-edge'), releaseNamed(stack(), 'gateway-edge'));
      expect(objects.map(o => o.kind)).toEqual([
        'GatewayClass',
        'TargetGroupConfiguration',
        'LoadBalancerConfiguration',
        'Gateway',
        'HTTPRoute',
      ]);
      const standard = objects.filter(o => String(o.apiVersion).startsWith('gateway.networking.k8s.io/'));
      expect(validateCrds(standard)).toEqual(
        standard.map(o => ({ kind: o.kind, name: (o.metadata as Json).name, valid: true })),
      );
      for (const o of objects.filter(x => String(x.apiVersion).startsWith('gateway.k8s.aws/')))
        expect(lbcGatewayObjectProblems(o)).toEqual([]);
      // CEL rules of the v1.6.0 Gateway CRD the schema package does not run: tls only on HTTPS/TLS listeners, unique
      // listener names (gateway-api config/crd/standard/gateway.networking.k8s.io_gateways.yaml)
      const listeners = spec(kindOf(objects, 'Gateway')[0]).listeners as Json[];
      for (const l of listeners) if (['HTTP', 'TCP', 'UDP'].includes(String(l.protocol))) expect(l.tls).toBeUndefined();
      expect(new Set(listeners.map(l => l.name)).size).toBe(listeners.length);
      expect(spec(kindOf(objects, 'GatewayClass')[0]).controllerName).toBe('gateway.k8s.aws/alb');
      expect(spec(kindOf(objects, 'Gateway')[0]).infrastructure).toEqual({
        parametersRef: { group: 'gateway.k8s.aws', kind: 'LoadBalancerConfiguration', name: 'edge-alb' },
      });
    });

    test('order: the CRDs of the official v1.6.0 release, the controller, the Gateway objects, external-dns', () => {
      const s = stack();
      const crds = address(s, 'terraform_data');
      const data = Object.values(resources(s, 'terraform_data'))[0] as Json;
      const exec = (data.provisioner as Json[])[0]['local-exec'] as Json;
      expect(exec.environment).toEqual({
        CLUSTER_NAME: cluster,
        AWS_REGION: 'us-east-1',
        CRDS_URL: GATEWAY_API_CRDS_URL,
      });
      expect(GATEWAY_API_CRDS_URL).toBe(
        'https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.6.0/standard-install.yaml',
      );
      expect(String(exec.command)).toMatch(/kubectl --kubeconfig "\$kubeconfig" apply --server-side .*-f "\$CRDS_URL"/);
      expect(data.triggers_replace).toEqual({ version: 'v1.6.0', url: GATEWAY_API_CRDS_URL });
      const lbc = releaseNamed(s, 'aws-load-balancer-controller');
      expect(lbc.depends_on).toContain(crds);
      expect(valuesOf(lbc).controllerConfig).toEqual({ featureGates: { ALBGatewayAPI: true } });
      const edge = releaseNamed(s, 'gateway-edge');
      const lbcAddress = `helm_release.${
        Object.entries(resources(s, 'helm_release')).find(([, r]) => r.name === 'aws-load-balancer-controller')![0]
      }`;
      expect(edge.depends_on).toEqual(
        expect.arrayContaining([crds, lbcAddress, address(s, 'aws_acm_certificate_validation')]),
      );
      expect(releaseNamed(s, 'external-dns').depends_on).toContain(crds);
    });
  } else {
    test('the load balancer controller does not turn the Gateway API on', () => {
      expect(valuesOf(releaseNamed(stack(), 'aws-load-balancer-controller')).controllerConfig).toBeUndefined();
    });
  }
});

describe('dev as shipped, with the Gateway API edge (no domain)', () => {
  const devGateway = gatewayMode(dev, false);
  const p = () => synthesized('dev-gateway-http', [devGateway]);

  test('synthesizes with every policy rule passing (the aspect blocks a P0) and warns that it serves HTTP', () => {
    expect(() => p()).not.toThrow();
    expect(p().warnings.filter(w => w.startsWith('dev.'))).toEqual([
      expect.stringMatching(/^dev\.ingress\.domain is not set .*plain HTTP/),
    ]);
  });

  test('fits the schedule budget, with no ingress-nginx pods', () => {
    const budget = p().built.environments.dev.addons.scheduleBudget;
    expect(budget.headroom.cpu).toBeGreaterThanOrEqual(MIN_HEADROOM);
    expect(budget.headroom.memory).toBeGreaterThanOrEqual(MIN_HEADROOM);
    expect(budget.pods.map(x => x.name)).not.toContain('ingress-nginx');
    expect(p().built.environments.dev.addons.ingressNginx).toBeUndefined();
  });

  test("the cost report counts the Gateway's ALB and no Route 53 lines", () => {
    const addons = p().model.environments.dev.addons;
    expect(albCount(addons)).toEqual({
      count: 1,
      from: 'Gateways of the load balancer controller in the addons layer',
    });
    const cost = environmentCost(devGateway, p().model.environments.dev, US_EAST_1_PRICES, TEST_DATE);
    expect(cost.items.filter(i => /Route 53|ACM/.test(i.name))).toEqual([]);
  });
});

describe('cost of the edge', () => {
  test('prod prices its hosted zone ($0.50) and assumed queries ($0.40 per million); the certificate is free', () => {
    const cost = environmentCost(prod, shipped().model.environments.prod, US_EAST_1_PRICES, TEST_DATE);
    expect(cost.items.filter(i => /Route 53|ACM/.test(i.name)).map(i => [i.name, i.monthlyUsd])).toEqual([
      ['Route 53 hosted zone (example.com)', 0.5],
      ['Route 53 standard queries (assumed 1M/month per zone; alias queries to the ALB are free)', 0.4],
      ['ACM public certificates (free on an ALB)', 0],
    ]);
  });
});

describe('moving to the Gateway API side by side (keepIngressNginx)', () => {
  const keep = (mode: 'serving' | 'draining') =>
    withEnv(prod, e => {
      e.ingress.controller = 'gateway-api';
      e.ingress.keepIngressNginx = mode;
    });
  const p = () => synthesized('side-by-side-draining', [keep('draining')]);

  test("serving: both edges run, the hostnames stay on ingress-nginx's ALB, the Gateway carries none", () => {
    const serving = synthesized('side-by-side-serving', [keep('serving')]);
    const s = serving.stack('prod');
    expect(releaseNames(s)).toEqual(
      expect.arrayContaining(['ingress-nginx', 'ingress-alb', 'gateway-edge', 'external-dns']),
    );
    const [ingress] = installed(serving.chartDir('prod', 'ingress-alb'), releaseNamed(s, 'ingress-alb'));
    expect(((ingress.metadata as Json).annotations as Json)['external-dns.alpha.kubernetes.io/hostname']).toBe(
      'myapp.example.com',
    );
    const [route] = kindOf(
      installed(serving.chartDir('prod', 'gateway-edge'), releaseNamed(s, 'gateway-edge')),
      'HTTPRoute',
    );
    expect(spec(route).hostnames).toBeUndefined();
    expect(valuesOf(releaseNamed(s, 'external-dns')).sources).toEqual(['ingress']);
  });

  test('draining: both edges run, each with its own ALB security group; DNS follows the Gateway only', () => {
    const s = p().stack('prod');
    expect(releaseNames(s)).toEqual(
      expect.arrayContaining(['ingress-nginx', 'ingress-alb', 'gateway-edge', 'external-dns']),
    );
    expect(
      Object.values(resources(s, 'aws_security_group'))
        .map(g => g.name)
        .sort(),
    ).toEqual(['myapp-prod-alb', 'myapp-prod-gateway-alb']);
    const [ingress] = installed(p().chartDir('prod', 'ingress-alb'), releaseNamed(s, 'ingress-alb'));
    expect(
      ((ingress.metadata as Json).annotations as Json)['external-dns.alpha.kubernetes.io/hostname'],
    ).toBeUndefined();
    expect(valuesOf(releaseNamed(s, 'external-dns')).sources).toEqual(['gateway-httproute']);
    expect(albCount(p().model.environments.prod.addons).count).toBe(2);
  });
});

describe('configuration', () => {
  const validate = (env: EnvironmentConfig) => validateEnvironment(env, { today: TEST_DATE });

  test('rejects an unknown controller, keepIngressNginx without the Gateway, and hostnames outside the zone', () => {
    expect(() =>
      validate(
        withEnv(prod, e => {
          (e.ingress as Json).controller = 'traefik';
        }),
      ),
    ).toThrow('prod.ingress.controller is "traefik": expected "ingress-nginx" or "gateway-api"');
    expect(() =>
      validate(
        withEnv(prod, e => {
          e.ingress.keepIngressNginx = 'serving';
        }),
      ),
    ).toThrow(
      /^prod\.ingress\.keepIngressNginx is "serving": expected "serving" or "draining", and only with controller/,
    );
    expect(() =>
      validate(
        withEnv(prod, e => {
          e.ingress.domain = { zoneName: 'example.com', hostnames: ['app.example.net'] };
        }),
      ),
    ).toThrow(
      'prod.ingress.domain.hostnames[] is "app.example.net": expected a lowercase name in the zone example.com ' +
        '(example.com, app.example.com or *.example.com)',
    );
    expect(() =>
      validate(
        withEnv(prod, e => {
          e.ingress.domain = { zoneName: 'example.com.', hostnames: ['example.com'] };
        }),
      ),
    ).toThrow(
      /prod\.ingress\.domain\.zoneName is "example\.com\.": expected a lowercase DNS name without a trailing dot/,
    );
    expect(() =>
      validate(
        withEnv(prod, e => {
          e.ingress.domain = { zoneName: 'example.com', hostnames: [] };
        }),
      ),
    ).toThrow(/prod\.ingress\.domain\.hostnames is \[\]: expected at least one hostname/);
  });

  test('prod without a domain (or certificate) does not synthesize: its edge must be HTTPS-only', () => {
    const plain = withEnv(prod, e => {
      delete (e.ingress as Json).domain;
    });
    const built = buildTestPlatform([plain]);
    expect(() => built.app.synth()).toThrow(PolicyViolationError);
    expect(() => built.app.synth()).toThrow(
      /edge-listener-tls .*prod-addons Ingress\.ingress-nginx\/ingress-nginx-alb/,
    );
  });

  test('an explicit certificateArn still works with a domain: no ACM certificate of our own, DNS still managed', () => {
    const cert = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
    const s = synthesized('explicit-cert', [
      withEnv(prod, e => {
        e.ingress.certificateArn = cert;
      }),
    ]).stack('prod');
    expect(valuesOf(releaseNamed(s, 'ingress-alb'))).toEqual({ substitutions: { certificateArn: cert } });
    expect(resources(s, 'aws_acm_certificate')).toEqual({});
    expect(resources(s, 'aws_route53_record')).toEqual({});
    expect(releaseNames(s)).toContain('external-dns');
    expect(Object.values(s.data!.aws_route53_zone).map(bare)).toEqual([{ name: 'example.com', private_zone: false }]);
  });
});

describe('the workload permissions boundary lets external-dns work', () => {
  test("every action of its policy is in the boundary's global statement (Route 53 is signed in us-east-1)", () => {
    const document = workloadBoundaryDocument({ platform, environments: [prod] });
    const global = document.Statement.find(s => s.Sid === 'GlobalServiceActions')!;
    expect(global.Condition).toEqual({ StringEquals: { 'aws:RequestedRegion': ['us-east-1'] } });
    const actions = externalDnsPolicy('arn:aws:route53:::hostedzone/Z1').Statement.flatMap(s =>
      [s.Action ?? []].flat(),
    );
    expect(actions.filter(a => ![global.Action ?? []].flat().some(p => actionCovers(p, a)))).toEqual([]);
  });
});
