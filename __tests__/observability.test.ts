import { dev } from '../environments/dev';
import { prod } from '../environments/prod';
import { ENVIRONMENTS, platform } from '../environments';
import { MIN_HEADROOM } from '../modules/addons/schedule-budget';
import { evaluateRequest, jsonStatements } from '../modules/policies/iam';
import { logBucketName } from '../modules/naming';
import { Json, release, releaseValues, renderedObjects, statements, synthesizedApp } from './addons-helpers';
import { buildTestPlatform, realPlatform, realStack, resources, synth, SynthesizedStack, withEnv } from './helpers';
import { validateCrds } from './crd-validation';

const ENV_NAMES = ['dev', 'prod'];
const addons = (env: string) => synthesizedApp().stack(`${env}-addons`);
const valuesOf = (env: string, name: string) => releaseValues(release(addons(env), name));
const at = (value: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Json)[key] : undefined), value);

/** Every `depends_on` address reachable from a release (Terraform orders creation along these edges). */
function dependsOnTransitively(stack: SynthesizedStack, address: string, seen = new Set<string>()): Set<string> {
  const [type, name] = address.split('.');
  const deps = (stack.resource?.[type]?.[name]?.depends_on as string[] | undefined) ?? [];
  for (const dep of deps) {
    if (seen.has(dep)) continue;
    seen.add(dep);
    dependsOnTransitively(stack, dep, seen);
  }
  return seen;
}

const addressOfRelease = (stack: SynthesizedStack, name: string) =>
  `helm_release.${Object.entries(resources(stack, 'helm_release')).find(([, r]) => r.name === name)![0]}`;

/** Whether values anywhere switch on a ServiceMonitor or PrometheusRule (objects whose CRDs the CRD release brings). */
function createsMonitoringObjects(values: unknown): boolean {
  if (Array.isArray(values)) return values.some(createsMonitoringObjects);
  if (values === null || typeof values !== 'object') return false;
  return Object.entries(values as Json).some(
    ([key, v]) =>
      (key === 'serviceMonitor' && (v as Json)?.enabled === true) ||
      (key === 'additionalPrometheusRulesMap' && Object.keys(v as Json).length > 0) ||
      (key === 'defaultRules' && (v as Json)?.create === true) ||
      createsMonitoringObjects(v),
  );
}

describe.each(ENV_NAMES)('%s observability', env => {
  const config = ENVIRONMENTS.find(e => e.name === env)!;

  test.each([
    [
      'prometheus-operator-crds',
      'https://prometheus-community.github.io/helm-charts',
      'prometheus-operator-crds',
      '31.0.1',
    ],
    ['kube-prometheus-stack', 'https://prometheus-community.github.io/helm-charts', 'kube-prometheus-stack', '88.5.3'],
    ['loki', 'https://grafana-community.github.io/helm-charts', 'loki', '18.11.0'],
    ['alloy', 'https://grafana.github.io/helm-charts', 'alloy', '1.11.1'],
  ])(
    'release %s: chart from its official repository at an exact version, Helm state in monitoring-releases',
    (name, repository, chart, version) => {
      expect(release(addons(env), name)).toMatchObject({
        repository,
        chart,
        version,
        namespace: 'monitoring-releases',
        atomic: true,
      });
    },
  );

  test('kube-prometheus-stack: CRDs off, objects in monitoring, retention and gp3 volumes from the environment', () => {
    const v = valuesOf(env, 'kube-prometheus-stack');
    expect(v).toMatchObject({
      namespaceOverride: 'monitoring',
      crds: { enabled: false },
      defaultRules: { create: true },
    });
    expect(at(v, 'prometheus.prometheusSpec.retention')).toBe(`${config.observability.metricsRetentionDays}d`);
    const claim = at(v, 'prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec') as Json;
    expect(claim).toEqual({
      storageClassName: 'gp3',
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '20Gi' } },
    });
    // the size cap must leave the TSDB room below the volume
    expect(Number(String(at(v, 'prometheus.prometheusSpec.retentionSize')).replace('GB', ''))).toBeLessThan(20);
    expect(at(v, 'alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.storageClassName')).toBe('gp3');
    // every ServiceMonitor and rule of the cluster is selected, not only the stack's own
    expect(at(v, 'prometheus.prometheusSpec')).toMatchObject({
      serviceMonitorSelectorNilUsesHelmValues: false,
      ruleSelectorNilUsesHelmValues: false,
      podMonitorSelectorNilUsesHelmValues: false,
    });
    // the control plane is managed by EKS: nothing in the cluster can scrape it
    for (const off of ['kubeControllerManager', 'kubeScheduler', 'kubeEtcd', 'kubeProxy'])
      expect(at(v, `${off}.enabled`)).toBe(false);
  });

  test(
    "Grafana: Prometheus (the chart's sidecar) and Loki as data sources, the login from an existing Secret " + 'only',
    () => {
      const grafana = at(valuesOf(env, 'kube-prometheus-stack'), 'grafana') as Json;
      expect(grafana.admin).toEqual({
        existingSecret: 'grafana-admin',
        userKey: 'admin-user',
        passwordKey: 'admin-password',
      });
      expect(grafana).not.toHaveProperty('adminPassword');
      expect(grafana.additionalDataSources).toEqual([
        { name: 'Loki', type: 'loki', access: 'proxy', url: 'http://loki.monitoring.svc.cluster.local:3100' },
      ]);
      expect(at(grafana, 'sidecar.datasources.enabled')).not.toBe(false);
      // not exposed without a hostname: kubectl port-forward (README)
      expect(grafana.ingress).toEqual({ enabled: false });
    },
  );

  test("the Grafana login is an ExternalSecret of the environment's own prefix through the ClusterSecretStore", () => {
    const objects = renderedObjects(`${env}-addons`, 'monitoring-secrets');
    expect(objects.map(o => `${o.kind}/${(o.metadata as Json).name}`)).toEqual([
      'Namespace/monitoring',
      'ExternalSecret/grafana-admin',
    ]);
    const secret = objects[1].spec as Json;
    expect(secret.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'aws-secrets-manager' });
    const keys = (secret.data as Json[]).map(d => (d.remoteRef as Json).key);
    expect(new Set(keys)).toEqual(new Set([`${config.secrets.readablePrefixes[0]}/platform/grafana-admin`]));
    // the shared stack creates that container (empty: the value is set out of band)
    const containers = Object.values(resources(realStack('shared'), 'aws_secretsmanager_secret')).map(s => s.name);
    expect(containers).toContain(keys[0]);
  });

  test('the ExternalSecrets validate against the External Secrets v1 schema', () => {
    const objects = renderedObjects(`${env}-addons`, 'monitoring-secrets').filter(o => o.kind === 'ExternalSecret');
    expect(objects.length).toBeGreaterThan(0);
    expect(validateCrds(objects)).toEqual(
      objects.map(o => ({ kind: 'ExternalSecret', name: (o.metadata as Json).name, valid: true })),
    );
  });

  test(
    "Loki: SingleBinary on the environment's S3 bucket, retention enforced, no credentials, its Pod Identity " + 'role',
    () => {
      const v = valuesOf(env, 'loki');
      const bucket = logBucketName(platform, env);
      expect(v).toMatchObject({
        namespaceOverride: 'monitoring',
        deploymentMode: 'Monolithic',
        singleBinary: { replicas: 1, persistence: { enabled: true, storageClass: 'gp3' } },
        backend: { replicas: 0 },
        read: { replicas: 0 },
        write: { replicas: 0 },
        serviceAccount: { create: true, name: 'loki' },
      });
      expect(at(v, 'loki.storage')).toEqual({
        type: 's3',
        bucketNames: { chunks: bucket, ruler: bucket },
        s3: { region: 'us-east-1' },
      });
      // no rules sidecar: its ClusterRole would let Loki's account read every Secret of the cluster
      expect(at(v, 'sidecar.rules.enabled')).toBe(false);
      expect(at(v, 'loki.limits_config.retention_period')).toBe(`${config.observability.logRetentionDays * 24}h`);
      expect(at(v, 'loki.compactor.retention_enabled')).toBe(true);
      expect(JSON.stringify(v)).not.toMatch(/accessKeyId|secretAccessKey/);
      const association = Object.values(resources(addons(env), 'aws_eks_pod_identity_association')).find(
        a => a.service_account === 'loki',
      );
      expect(association).toMatchObject({ namespace: 'monitoring', cluster_name: config.cluster.name });
    },
  );

  test('Alloy: a DaemonSet on every node, the tainted system nodes included, shipping pod logs to Loki', () => {
    const v = valuesOf(env, 'alloy');
    expect(v.controller).toEqual({
      type: 'daemonset',
      tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
    });
    const pipeline = String(at(v, 'alloy.configMap.content'));
    expect(pipeline).toContain('loki.source.kubernetes "pods"');
    expect(pipeline).toContain('url = "http://loki.monitoring.svc.cluster.local:3100/loki/api/v1/push"');
    expect(pipeline).toContain(`external_labels = { cluster = "${config.cluster.name}" }`);
    // only its own node's pods: the chart sets HOSTNAME from spec.nodeName
    expect(pipeline).toContain('field = "spec.nodeName=" + sys.env("HOSTNAME")');
  });

  test("Alloy's role reads pods, their logs and namespaces, and no Secret or ConfigMap", () => {
    const rbac = valuesOf(env, 'alloy').rbac as {
      rules: { resources: string[]; verbs: string[] }[];
      clusterRules: unknown[];
    };
    const resources = rbac.rules.flatMap(r => r.resources);
    expect(new Set(resources)).toEqual(new Set(['pods', 'pods/log', 'namespaces']));
    expect(rbac.rules.flatMap(r => r.verbs).every(v => ['get', 'list', 'watch'].includes(v))).toBe(true);
    expect(rbac.clusterRules).toEqual([]);
  });

  test('the CRDs are kept when their release goes: every monitor and rule of the cluster would go with them', () => {
    expect(valuesOf(env, 'prometheus-operator-crds')).toEqual({
      crds: { annotations: { 'helm.sh/resource-policy': 'keep' } },
    });
  });

  test('the CRD release comes before every release that creates ServiceMonitors or rules', () => {
    const stack = addons(env);
    const crds = addressOfRelease(stack, 'prometheus-operator-crds');
    const monitoring = Object.entries(resources(stack, 'helm_release')).filter(
      ([, r]) => Array.isArray(r.values) && createsMonitoringObjects(JSON.parse(String(r.values[0]))),
    );
    expect(monitoring.map(([, r]) => r.name).sort()).toEqual([
      'alloy',
      'argocd',
      'aws-load-balancer-controller',
      'external-secrets',
      'ingress-nginx',
      'karpenter',
      'kube-prometheus-stack',
      'loki',
    ]);
    for (const [name, r] of monitoring) {
      expect({ release: r.name, afterCrds: dependsOnTransitively(stack, `helm_release.${name}`).has(crds) }).toEqual({
        release: r.name,
        afterCrds: true,
      });
    }
    // the volumes of Prometheus, Alertmanager and Loki name the gp3 StorageClass: it exists before they are claimed
    const storage = addressOfRelease(stack, 'storage-class');
    for (const name of ['kube-prometheus-stack', 'loki']) {
      expect({
        name,
        afterStorageClass: dependsOnTransitively(stack, addressOfRelease(stack, name)).has(storage),
      }).toEqual({ name, afterStorageClass: true });
    }
    // and the CRDs wait for nothing: they have no pods to place
    expect(release(stack, 'prometheus-operator-crds').depends_on).toBeUndefined();
  });

  test("the add-ons' own charts switch on their metrics and ServiceMonitors", () => {
    expect(at(valuesOf(env, 'karpenter'), 'serviceMonitor.enabled')).toBe(true);
    expect(at(valuesOf(env, 'aws-load-balancer-controller'), 'serviceMonitor.enabled')).toBe(true);
    // its own namespace label kept (not renamed to exported_namespace), and no silent skip without the CRDs
    expect(at(valuesOf(env, 'external-secrets'), 'serviceMonitor')).toEqual({
      enabled: true,
      honorLabels: true,
      renderMode: 'failIfMissing',
    });
    expect(at(valuesOf(env, 'ingress-nginx'), 'controller.metrics')).toEqual({
      enabled: true,
      serviceMonitor: { enabled: true },
    });
    for (const component of ['controller', 'server', 'repoServer', 'applicationSet']) {
      expect(at(valuesOf(env, 'argocd'), `${component}.metrics`)).toEqual({
        enabled: true,
        serviceMonitor: { enabled: true },
      });
    }
    // merged into the owner's values, not replacing them
    expect(at(valuesOf(env, 'karpenter'), 'settings.clusterName')).toBe(config.cluster.name);
  });

  test('platform alert rules cover Karpenter, the load balancer controller, External Secrets and Argo CD', () => {
    const rules = at(
      valuesOf(env, 'kube-prometheus-stack'),
      'additionalPrometheusRulesMap.platform-components.groups',
    ) as Json[];
    const alerts = rules.flatMap(g => (g.rules as Json[]).map(r => r.alert));
    expect(alerts).toEqual(
      expect.arrayContaining([
        'KarpenterReconcileErrors',
        'KarpenterInterruptionBacklog',
        'LoadBalancerControllerReconcileErrors',
        'ExternalSecretNotSynced',
        'ArgoCdApplicationOutOfSync',
      ]),
    );
    // nodes not Ready: the default rules' KubeNodeNotReady (kubernetes-system-kubelet), not a second alert of ours
    expect(at(valuesOf(env, 'kube-prometheus-stack'), 'defaultRules.create')).toBe(true);
    expect(alerts.filter(a => /NodeNotReady/.test(String(a)))).toEqual([]);
    // capacity shortfalls (spot falls back) and nodes already gone are routine, not errors worth waking anyone for
    const cloud = rules.flatMap(g => g.rules as Json[]).find(r => r.alert === 'KarpenterCloudProviderErrors')!;
    expect(cloud.expr).toContain('error!~"InsufficientCapacityError|NodeClaimNotFoundError"');
    for (const r of rules.flatMap(g => g.rules as Json[])) {
      expect(r).toMatchObject({
        expr: expect.any(String),
        for: expect.stringMatching(/^\d+m$/),
        labels: { severity: expect.stringMatching(/^(warning|critical)$/) },
      });
    }
  });

  test('the DaemonSets on the system nodes still leave at least 20% headroom on 2 x t3.medium', () => {
    const budget = realPlatform().environments[env].addons.scheduleBudget;
    expect(budget.instanceType).toBe('t3.medium');
    expect(budget.nodes).toBe(2);
    expect(budget.pods.filter(p => p.daemonSet).map(p => p.name)).toEqual(
      expect.arrayContaining(['prometheus-node-exporter', 'alloy']),
    );
    const alloy = budget.pods.find(p => p.name === 'alloy')!;
    expect(alloy).toMatchObject({ cpuMillis: 60, memoryMiB: 178 }); // Alloy 50m/128Mi + its config reloader 10m/50Mi
    expect(budget.headroom.cpu).toBeGreaterThanOrEqual(MIN_HEADROOM);
    expect(budget.headroom.memory).toBeGreaterThanOrEqual(MIN_HEADROOM);
  });
});

/** The Loki role's reach, as IAM decides it for an identity policy (the project's evaluator, iam-evaluate.ts). */
function allowed(policy: Json, action: string, resource: string, context: Record<string, string>): boolean {
  return evaluateRequest({ identity: jsonStatements(policy) }, { action, resource, context }).decision === 'allow';
}

describe('the Loki role reaches only its own bucket', () => {
  const lokiPolicy = (env: string): Json => {
    const policies = Object.values(resources(addons(env), 'aws_iam_role_policy')).filter(
      p => String(p.name) === 'log-bucket',
    );
    expect(policies).toHaveLength(1);
    return JSON.parse(String(policies[0].policy)) as Json;
  };
  const bucket = (env: string) => `arn:aws:s3:::${logBucketName(platform, env)}`;
  const viaS3 = (env: string) => ({
    'kms:ViaService': 's3.us-east-1.amazonaws.com',
    'kms:EncryptionContext:aws:s3:arn': bucket(env),
  });

  test.each(ENV_NAMES)('%s: reads, writes and lists its bucket and uses the key through S3 for it', env => {
    const policy = lokiPolicy(env);
    for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
      expect(allowed(policy, action, `${bucket(env)}/chunks/fake/1`, {})).toBe(true);
    }
    expect(allowed(policy, 's3:ListBucket', bucket(env), {})).toBe(true);
    expect(allowed(policy, 'kms:GenerateDataKey', 'arn:aws:kms:us-east-1:123456789012:key/abc', viaS3(env))).toBe(true);
  });

  test.each(ENV_NAMES)(
    "%s: not the other environment's logs, the state bucket, bucket settings, or the key directly",
    env => {
      const policy = lokiPolicy(env);
      const other = ENV_NAMES.find(e => e !== env)!;
      expect(allowed(policy, 's3:GetObject', `${bucket(other)}/chunks/fake/1`, {})).toBe(false);
      expect(allowed(policy, 's3:ListBucket', bucket(other), {})).toBe(false);
      expect(
        allowed(policy, 's3:GetObject', `arn:aws:s3:::${platform.state.bucket}/prod/eks/terraform.tfstate`, {}),
      ).toBe(false);
      expect(allowed(policy, 's3:PutBucketPolicy', bucket(env), {})).toBe(false);
      expect(allowed(policy, 's3:PutLifecycleConfiguration', bucket(env), {})).toBe(false);
      expect(allowed(policy, 'kms:Decrypt', 'arn:aws:kms:us-east-1:123456789012:key/abc', {})).toBe(false);
      expect(allowed(policy, 'kms:Decrypt', 'arn:aws:kms:us-east-1:123456789012:key/abc', viaS3(other))).toBe(false);
    },
  );

  test("the workload boundary lets Loki touch only the log buckets' objects", () => {
    const boundary = JSON.parse(
      String(
        Object.values(resources(realStack('shared'), 'aws_iam_policy')).find(p => p.name === 'myapp-workload-boundary')!
          .policy,
      ),
    ) as Json;
    for (const env of ENV_NAMES) expect(allowed(boundary, 's3:PutObject', `${bucket(env)}/x`, {})).toBe(true);
    expect(
      allowed(boundary, 's3:PutObject', `arn:aws:s3:::${platform.state.bucket}/dev/eks/terraform.tfstate`, {}),
    ).toBe(false);
    expect(allowed(boundary, 's3:PutBucketPolicy', bucket('dev'), {})).toBe(false);
  });
});

describe('the log buckets of the shared stack', () => {
  const shared = () => realStack('shared');
  test.each(ENV_NAMES)(
    '%s: SSE-KMS with the logs CMK, no public access, TLS only, versioned, expiring at the retention',
    env => {
      const stack = shared();
      const [name, bucket] = Object.entries(resources(stack, 'aws_s3_bucket')).find(
        ([, b]) => b.bucket === logBucketName(platform, env),
      )!;
      expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
      const of = (type: string) =>
        Object.values(resources(stack, type)).filter(r => r.bucket === `\${aws_s3_bucket.${name}.id}`);
      const [sse] = of('aws_s3_bucket_server_side_encryption_configuration');
      const rule = (sse.rule as Json[])[0];
      expect(rule.apply_server_side_encryption_by_default).toMatchObject({
        sse_algorithm: 'aws:kms',
        kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.logs-key_[^.]+\.arn\}$/),
      });
      expect(of('aws_s3_bucket_public_access_block')[0]).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(of('aws_s3_bucket_versioning')[0].versioning_configuration).toEqual({ status: 'Enabled' });
      const days = ENVIRONMENTS.find(e => e.name === env)!.observability.logRetentionDays;
      expect(((of('aws_s3_bucket_lifecycle_configuration')[0].rule as Json[])[0].expiration as Json[])[0]).toEqual({
        days,
      });
      const policy = statements(stack, String(of('aws_s3_bucket_policy')[0].policy));
      expect(policy).toEqual([
        expect.objectContaining({
          Effect: 'Deny',
          Action: ['s3:*'],
          Condition: { Bool: { 'aws:SecureTransport': ['false'] } },
        }),
      ]);
    },
  );
});

describe('observability disabled', () => {
  const off = withEnv(dev, e => {
    e.observability = { ...e.observability, enabled: false };
  });
  const built = buildTestPlatform([off, prod]);
  const devAddons = synth(built.environments.dev.addons);
  const shared = synth(built.shared);

  test('the environment synthesizes none of it: no release, role, bucket, secret container or monitor', () => {
    const names = Object.values(resources(devAddons, 'helm_release')).map(r => r.name);
    for (const name of ['prometheus-operator-crds', 'kube-prometheus-stack', 'loki', 'alloy', 'monitoring-secrets'])
      expect(names).not.toContain(name);
    expect(
      Object.values(resources(devAddons, 'aws_eks_pod_identity_association')).map(a => a.service_account),
    ).not.toContain('loki');
    expect(Object.values(resources(devAddons, 'aws_iam_role')).map(r => r.name)).not.toContain('myapp-dev-loki');
    const releasesValues = Object.values(resources(devAddons, 'helm_release')).map(r =>
      String((r.values as string[] | undefined)?.[0] ?? ''),
    );
    expect(releasesValues.join('\n')).not.toMatch(/serviceMonitor/);
    expect(Object.values(resources(shared, 'aws_s3_bucket')).map(b => b.bucket)).toEqual([
      logBucketName(platform, 'prod'),
    ]);
    expect(Object.values(resources(shared, 'aws_secretsmanager_secret')).map(s => s.name)).not.toContain(
      'dev/platform/grafana-admin',
    );
    expect(built.environments.dev.addons.scheduleBudget.pods.map(p => p.name)).not.toContain('alloy');
  });

  test('and with no environment observed, the shared stack has no log key either', () => {
    const none = buildTestPlatform([
      off,
      withEnv(prod, e => {
        e.observability = { ...e.observability, enabled: false };
      }),
    ]);
    const stack = synth(none.shared);
    expect(resources(stack, 'aws_s3_bucket')).toEqual({});
    expect(Object.values(resources(stack, 'aws_kms_alias')).map(a => a.name)).not.toContain('alias/myapp-logs');
  });
});

describe('Grafana on a domain', () => {
  const withGrafana = (hostname: string, hostnames?: string[]) =>
    withEnv(prod, e => {
      e.observability = { ...e.observability, grafanaHostname: hostname };
      if (hostnames !== undefined) e.ingress = { ...e.ingress, domain: { zoneName: 'example.com', hostnames } };
    });

  test('a hostname the certificate and external-dns do not cover is refused', () => {
    expect(() => buildTestPlatform([dev, withGrafana('grafana.example.com')])).toThrow(
      'prod.observability.grafanaHostname is "grafana.example.com": expected one of ingress.domain.hostnames ' +
        '(myapp.example.com)',
    );
  });

  test("one of the domain's hostnames, or under its wildcard, is accepted", () => {
    expect(() =>
      buildTestPlatform([dev, withGrafana('grafana.example.com', ['myapp.example.com', 'grafana.example.com'])]),
    ).not.toThrow();
    expect(() => buildTestPlatform([dev, withGrafana('grafana.example.com', ['*.example.com'])])).not.toThrow();
    expect(() => buildTestPlatform([dev, withGrafana('a.grafana.example.com', ['*.example.com'])])).toThrow(
      /grafanaHostname/,
    );
  });
});

describe('options', () => {
  test('a Grafana hostname exposes it on the ingress-nginx edge; a webhook secret routes every alert to it', () => {
    const configured = withEnv(dev, e => {
      e.observability = {
        ...e.observability,
        grafanaHostname: 'grafana.dev.example.com',
        alertWebhookSecret: 'dev/platform/alert-webhook',
      };
    });
    const built = buildTestPlatform([configured, prod]);
    const stack = synth(built.environments.dev.addons);
    const kps = JSON.parse(
      String(
        (
          Object.values(resources(stack, 'helm_release')).find(r => r.name === 'kube-prometheus-stack')!
            .values as string[]
        )[0],
      ),
    ) as Json;
    expect(at(kps, 'grafana.ingress')).toEqual({
      enabled: true,
      ingressClassName: 'nginx',
      hosts: ['grafana.dev.example.com'],
    });
    expect(at(kps, 'alertmanager.alertmanagerSpec.secrets')).toEqual(['alertmanager-webhook']);
    const config = at(kps, 'alertmanager.config') as Json;
    expect(at(config, 'route.receiver')).toBe('platform-webhook');
    expect(config.receivers).toContainEqual({
      name: 'platform-webhook',
      webhook_configs: [{ url_file: '/etc/alertmanager/secrets/alertmanager-webhook/url', send_resolved: true }],
    });
    expect(JSON.stringify(kps)).not.toContain('https://'); // the URL itself never reaches values
    expect(Object.values(resources(synth(built.shared), 'aws_secretsmanager_secret')).map(s => s.name)).toContain(
      'dev/platform/alert-webhook',
    );
  });

  test('without a webhook, alerts stay in Alertmanager (the null receiver) and no Secret is mounted', () => {
    const v = valuesOf('dev', 'kube-prometheus-stack');
    expect(at(v, 'alertmanager.config.route.receiver')).toBe('null');
    expect(at(v, 'alertmanager.alertmanagerSpec.secrets')).toEqual([]);
  });

  test.each([
    [
      (e: Json) => {
        (e.observability as Json).logRetentionDays = 0;
      },
      'dev.observability.logRetentionDays is 0: expected a whole number of days from 1 to 3650',
    ],
    [
      (e: Json) => {
        (e.observability as Json).metricsRetentionDays = 1.5;
      },
      'dev.observability.metricsRetentionDays is 1.5: expected a whole number of days from 1 to 3650',
    ],
    [
      (e: Json) => {
        (e.observability as Json).grafanaHostname = 'Grafana';
      },
      'dev.observability.grafanaHostname is "Grafana": expected a lowercase DNS hostname',
    ],
    [
      (e: Json) => {
        (e.observability as Json).alertWebhookSecret = 'production/hook';
      },
      'dev.observability.alertWebhookSecret is "production/hook": expected a secret name under the first readable ' +
        'prefix (dev/)',
    ],
    // staging/ is dev's too, but the monitoring namespace reads through the first prefix's store only
    [
      (e: Json) => {
        (e.observability as Json).alertWebhookSecret = 'staging/hook';
      },
      'dev.observability.alertWebhookSecret is "staging/hook": expected a secret name under the first readable ' +
        'prefix (dev/)',
    ],
  ])('refuses bad settings naming field, value and what is allowed (%#)', (patch, message) => {
    const bad = withEnv(dev, e => patch(e as unknown as Json));
    expect(() => buildTestPlatform([bad, prod])).toThrow(message);
  });
});
