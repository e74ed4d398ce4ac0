import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Release, ReleaseConfig } from '@cdktf/provider-helm/lib/release';
import type { Construct } from 'constructs';
import type { RenderedObject } from '../../modules/policies/types';
import { finding, run } from './policy-helpers';

const RELEASE = 'helm_release.release';

function release(s: Construct, overrides: Partial<ReleaseConfig> = {}): Release {
  return new Release(s, 'release', {
    name: 'external-secrets',
    repository: 'https://charts.external-secrets.io',
    chart: 'external-secrets',
    version: '0.19.2',
    namespace: 'external-secrets',
    values: [JSON.stringify({ serviceAccount: { name: 'external-secrets' }, secretStoreRef: 'x' })],
    ...overrides,
  });
}

/** The Karpenter chart as `helm_release.release` in kube-system; a document that is a string is YAML as written. */
function karpenterRelease(s: Construct, ...documents: (Record<string, unknown> | string)[]): Release {
  return release(s, {
    name: 'karpenter',
    repository: 'oci://public.ecr.aws/karpenter',
    chart: 'karpenter',
    version: '1.8.1',
    namespace: 'kube-system',
    values: documents.map(d => (typeof d === 'string' ? d : JSON.stringify(d))),
  });
}

/** The Pod Identity association `aws_eks_pod_identity_association.<id>` of `serviceAccount` in `namespace`. */
function associate(s: Construct, namespace: string, serviceAccount: string, id = 'assoc'): EksPodIdentityAssociation {
  return new EksPodIdentityAssociation(s, id, {
    clusterName: 'c',
    namespace,
    serviceAccount,
    roleArn: 'arn:aws:iam::123456789012:role/k',
  });
}

interface RenderedHead {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly metadata: RenderedObject['object']['metadata'];
  readonly spec?: unknown;
}

const STORE_RELEASE = 'dev-addons/external-secrets/resources';

/** An object that `installedBy` renders into the stack: an External Secrets one unless `apiVersion` says otherwise. */
function rendered(head: RenderedHead, installedBy = 'dev-addons/app'): RenderedObject {
  const { apiVersion = 'external-secrets.io/v1', ...rest } = head;
  return { installedBy, object: { apiVersion, ...rest } };
}

/** An application's ExternalSecret `ExternalSecret.app`; without `spec` it declares none. */
function appSecret(spec?: Record<string, unknown>): RenderedObject {
  return rendered({ kind: 'ExternalSecret', metadata: { name: 'app' }, ...(spec === undefined ? {} : { spec }) });
}

describe('helm-release-pinned', () => {
  test('passes an exact version from https/oci, and a local chart asset', () => {
    expect(run('helm-release-pinned', s => release(s))).toEqual([]);
    expect(
      run('helm-release-pinned', s =>
        release(s, { repository: 'oci://public.ecr.aws/karpenter', chart: 'karpenter', version: '1.8.1' }),
      ),
    ).toEqual([]);
    expect(
      run('helm-release-pinned', s =>
        release(s, { repository: undefined, chart: 'assets/chart-ABC/chart', version: '1.0.0' }),
      ),
    ).toEqual([]);
  });

  test('fails a range, an http repository and a chart with no repository', () => {
    expect(run('helm-release-pinned', s => release(s, { version: '~0.19' }))).toEqual([
      finding('helm-release-pinned', RELEASE, 'version'),
    ]);
    expect(run('helm-release-pinned', s => release(s, { repository: 'http://charts.example.com' }))).toEqual([
      finding('helm-release-pinned', RELEASE, 'repository'),
    ]);
    expect(run('helm-release-pinned', s => release(s, { repository: undefined, chart: 'bitnami/nginx' }))).toEqual([
      finding('helm-release-pinned', RELEASE, 'repository'),
    ]);
  });

  test('an exact version may carry a v and a pre-release or build suffix; anything looser fails', () => {
    const paths = (version?: string) => run('helm-release-pinned', s => release(s, { version })).map(f => f.path);
    for (const exact of ['v1.2.3', '1.2.3-rc.1', '1.2.3+build.5']) expect(paths(exact)).toEqual([]);
    for (const loose of ['1.2', '1.2.x', '>=1.2.3', '1.2.3 ', undefined]) expect(paths(loose)).toEqual(['version']);
    expect(run('helm-release-pinned', s => release(s, { version: '1.2' }))[0].message).toBe(
      'version "1.2" must be an exact chart version (no range, not empty)',
    );
  });

  test('a local chart is a path (./ or /); its version is not judged', () => {
    for (const chart of ['./charts/app', '/charts/app']) {
      expect(run('helm-release-pinned', s => release(s, { repository: undefined, chart, version: undefined }))).toEqual(
        [],
      );
    }
    const bare = run('helm-release-pinned', s =>
      release(s, { repository: undefined, chart: 'nginx', version: undefined }),
    );
    expect(bare.map(f => f.message)).toEqual(['chart "nginx" has no repository: set an https:// or oci:// repository']);
    const http = run('helm-release-pinned', s => release(s, { repository: 'charts.example.com' }));
    expect(http[0].message).toBe('repository "charts.example.com" must be an https:// or oci:// URL');
  });
});

describe('helm-values-no-credentials', () => {
  test('fails a password in values and a token in set', () => {
    expect(run('helm-values-no-credentials', s => release(s))).toEqual([]);
    const found = run('helm-values-no-credentials', s =>
      release(s, {
        values: [JSON.stringify({ configs: { secret: { argocdServerAdminPassword: 'hunter2' } } })],
        set: [{ name: 'github.token', value: 'ghp_abc' }],
      }),
    );
    expect(found).toEqual([
      finding('helm-values-no-credentials', RELEASE, 'values[0].configs.secret.argocdServerAdminPassword'),
      finding('helm-values-no-credentials', RELEASE, 'set[0].github.token'),
    ]);
  });

  test('passes the name of the Secret a chart reads its login from, not a password beside it', () => {
    const admin = { existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' };
    expect(
      run('helm-values-no-credentials', s => release(s, { values: [JSON.stringify({ grafana: { admin } })] })),
    ).toEqual([]);
    const withPassword = { grafana: { admin, adminPassword: 'hunter2' } };
    expect(run('helm-values-no-credentials', s => release(s, { values: [JSON.stringify(withPassword)] }))).toEqual([
      finding('helm-values-no-credentials', RELEASE, 'values[0].grafana.adminPassword'),
    ]);
  });

  test('finds access keys anywhere, credentials in lists and set_sensitive; references and empty values pass', () => {
    const values = {
      env: [{ name: 'AWS_ACCESS_KEY_ID', value: 'AKIAABCDEFGHIJKLMNOP' }],
      db: {
        password: 12345,
        apiKey: '',
        token: '${var.token}',
        secretName: 'db',
        existingSecretPassword: 'db-password',
      },
      list: [{ credentials: 'user:pass' }],
    };
    const found = run('helm-values-no-credentials', s =>
      release(s, {
        values: [JSON.stringify(values), 'key: [unclosed'],
        setSensitive: [{ name: 'admin.password', value: 'x' }],
      }),
    );
    expect(found.map(f => f.path)).toEqual([
      'values[0].env[0].value',
      'values[0].db.password',
      'values[0].list[0].credentials',
      'set_sensitive[0].admin.password',
    ]);
    expect(found[0].message).toBe(
      'credential in Helm values: store it in Secrets Manager and sync it with External Secrets',
    );
  });
});

describe('helm-chart-settings', () => {
  const karpenter =
    (settings: Record<string, unknown>, serviceAccount = 'karpenter') =>
    (s: Construct) => {
      new SqsQueue(s, 'queue', { name: 'myapp-dev', sqsManagedSseEnabled: true });
      associate(s, 'kube-system', 'karpenter');
      karpenterRelease(s, { serviceAccount: { name: serviceAccount }, settings });
    };

  test('passes Karpenter with its cluster, its queue and the associated service account', () => {
    expect(run('helm-chart-settings', karpenter({ clusterName: 'myapp-dev', interruptionQueue: 'myapp-dev' }))).toEqual(
      [],
    );
  });

  test('fails a missing cluster name, another queue and an unassociated service account', () => {
    expect(
      run('helm-chart-settings', karpenter({ interruptionQueue: 'other' }, 'karpenter-controller')).map(f => f.path),
    ).toEqual(['values.settings.clusterName', 'values.settings.interruptionQueue', 'values.serviceAccount.name']);
  });

  test('fails a load balancer controller without region and vpcId', () => {
    const found = run('helm-chart-settings', s =>
      release(s, {
        name: 'lbc',
        repository: 'https://aws.github.io/eks-charts',
        chart: 'aws-load-balancer-controller',
        version: '1.14.0',
        namespace: 'kube-system',
        values: [JSON.stringify({ clusterName: 'c' })],
      }),
    );
    expect(found.map(f => f.path)).toEqual(['values.region', 'values.vpcId', 'values.serviceAccount.name']);
    expect(found[0]).toEqual(finding('helm-chart-settings', RELEASE));
  });

  test(
    'an empty setting is missing; values documents merge; a queue name is only judged when the stack has ' + 'queues',
    () => {
      const found = run('helm-chart-settings', karpenter({ clusterName: '', interruptionQueue: 'other' }));
      expect(found.map(f => f.message)).toEqual([
        'set settings.clusterName: with hop limit 1 the controller cannot look it up in IMDS',
        'other is not the interruption queue of the stack (myapp-dev)',
      ]);
      const noQueue = (s: Construct) =>
        karpenterRelease(
          s,
          { settings: { clusterName: 'c' } },
          { settings: { clusterName: 'c', interruptionQueue: 'q' } },
          '- a list',
        );
      expect(run('helm-chart-settings', noQueue).map(f => f.path)).toEqual(['values.serviceAccount.name']);
    },
  );

  test('the service account must be associated in the release namespace; other charts need nothing', () => {
    const elsewhere = (s: Construct) => {
      associate(s, 'default', 'external-secrets');
      release(s);
    };
    const [missing] = run('helm-chart-settings', elsewhere);
    expect(missing.message).toBe(
      'service account "external-secrets" has no Pod Identity association in external-secrets (associated: none)',
    );
    const other = (s: Construct) =>
      release(s, { name: 'nginx', chart: 'ingress-nginx', namespace: 'ingress-nginx', values: [] });
    expect(run('helm-chart-settings', other)).toEqual([]);
  });
});

/** An EC2NodeClass `EC2NodeClass.<name>` of the Karpenter resources release. */
function nodeClass(name: string, spec?: Record<string, unknown>): RenderedObject {
  const head = { apiVersion: 'karpenter.k8s.aws/v1', kind: 'EC2NodeClass', metadata: { name } };
  return rendered(spec === undefined ? head : { ...head, spec }, 'dev-addons/karpenter/resources');
}

const NODE_CLASS = nodeClass('default', {
  role: 'myapp-dev-karpenter-node',
  amiSelectorTerms: [{ alias: 'al2023@latest' }],
  subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'myapp-dev' } }],
  securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'myapp-dev' } }],
  metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
  blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: '50Gi', volumeType: 'gp3', encrypted: true } }],
});

function withSpec(base: RenderedObject, spec: Record<string, unknown>): RenderedObject {
  return { ...base, object: { ...base.object, spec: { ...(base.object.spec as object), ...spec } } };
}

describe('karpenter-node-class', () => {
  test('passes the hardened EC2NodeClass', () => {
    expect(run('karpenter-node-class', () => undefined, { objects: [NODE_CLASS] })).toEqual([]);
  });

  test('fails IMDSv1, hop limit 2, unencrypted volumes, public IPs and subnets chosen by id', () => {
    const weak = withSpec(NODE_CLASS, {
      metadataOptions: { httpTokens: 'optional', httpPutResponseHopLimit: 2 },
      blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { encrypted: false } }],
      associatePublicIPAddress: true,
      subnetSelectorTerms: [{ id: 'subnet-0a' }],
    });
    const found = run('karpenter-node-class', () => undefined, { objects: [weak] });
    expect(found.map(f => f.path)).toEqual([
      'spec.metadataOptions.httpTokens',
      'spec.metadataOptions.httpPutResponseHopLimit',
      'spec.blockDeviceMappings[0].ebs.encrypted',
      'spec.associatePublicIPAddress',
      'spec.subnetSelectorTerms',
    ]);
    expect(found[0]).toEqual(finding('karpenter-node-class', 'EC2NodeClass.default'));
  });

  test("fails a role that is not the stack's node role", () => {
    const nodeRoleInStack = (s: Construct) => {
      const role = new IamRole(s, 'node-role', { name: 'myapp-dev-karpenter-node', assumeRolePolicy: '{}' });
      new EksAccessEntry(s, 'node-entry', { clusterName: 'c', principalArn: role.arn, type: 'EC2_LINUX' });
    };
    expect(run('karpenter-node-class', nodeRoleInStack, { objects: [NODE_CLASS] })).toEqual([]);
    expect(
      run('karpenter-node-class', nodeRoleInStack, { objects: [withSpec(NODE_CLASS, { role: 'admin' })] }),
    ).toEqual([finding('karpenter-node-class', 'EC2NodeClass.default', 'spec.role')]);
  });

  test('fails disabled IMDS, no declared volume, a second unencrypted volume and a subnet term without the tag', () => {
    const paths = (spec: Record<string, unknown>) =>
      run('karpenter-node-class', () => undefined, { objects: [withSpec(NODE_CLASS, spec)] }).map(f => f.path);
    expect(
      paths({ metadataOptions: { httpEndpoint: 'disabled', httpTokens: 'required', httpPutResponseHopLimit: 1 } }),
    ).toEqual(['spec.metadataOptions.httpEndpoint']);
    expect(paths({ blockDeviceMappings: [] })).toEqual(['spec.blockDeviceMappings']);
    const volumes = [{ ebs: { encrypted: true } }, { deviceName: '/dev/xvdb' }];
    expect(paths({ blockDeviceMappings: volumes })).toEqual(['spec.blockDeviceMappings[1].ebs.encrypted']);
    const terms = [{ tags: { 'karpenter.sh/discovery': 'myapp-dev' } }, { tags: { Name: 'public' } }];
    expect(paths({ subnetSelectorTerms: terms })).toEqual(['spec.subnetSelectorTerms']);
    expect(paths({ subnetSelectorTerms: [] })).toEqual(['spec.subnetSelectorTerms']);
    expect(paths({ associatePublicIPAddress: false })).toEqual([]);
  });

  test('without a node role in the stack any named role passes; an empty or missing role fails', () => {
    expect(
      run('karpenter-node-class', () => undefined, { objects: [withSpec(NODE_CLASS, { role: 'any-role' })] }),
    ).toEqual([]);
    const empty = run('karpenter-node-class', () => undefined, { objects: [withSpec(NODE_CLASS, { role: '' })] });
    expect(empty).toEqual([finding('karpenter-node-class', 'EC2NodeClass.default', 'spec.role')]);
    expect(empty[0].message).toBe('set role to the Karpenter node role');
    expect(
      run('karpenter-node-class', () => undefined, { objects: [withSpec(NODE_CLASS, { role: undefined })] }),
    ).toHaveLength(1);
    const named = (s: Construct) => {
      const role = new IamRole(s, 'node-role', { name: 'myapp-dev-karpenter-node', assumeRolePolicy: '{}' });
      new EksAccessEntry(s, 'node-entry', { clusterName: 'c', principalArn: role.arn, type: 'EC2_LINUX' });
    };
    const wrong = run('karpenter-node-class', named, { objects: [withSpec(NODE_CLASS, { role: 'admin' })] });
    expect(wrong[0].message).toBe('set role to the Karpenter node role (myapp-dev-karpenter-node)');
  });
});

describe('cluster-secret-store', () => {
  const store = (aws: Record<string, unknown>) =>
    rendered(
      { kind: 'ClusterSecretStore', metadata: { name: 'aws-secrets-manager' }, spec: { provider: { aws } } },
      STORE_RELEASE,
    );

  test('passes Secrets Manager with Pod Identity, fails static keys and Parameter Store', () => {
    expect(
      run('cluster-secret-store', () => undefined, {
        objects: [store({ service: 'SecretsManager', region: 'us-east-1' })],
      }),
    ).toEqual([]);
    const found = run('cluster-secret-store', () => undefined, {
      objects: [
        store({
          service: 'ParameterStore',
          region: 'us-east-1',
          auth: { secretRef: { accessKeyIDSecretRef: { name: 'keys', key: 'id' } } },
        }),
      ],
    });
    expect(found).toEqual([
      finding('cluster-secret-store', 'ClusterSecretStore.aws-secrets-manager', 'spec.provider.aws.service'),
      finding('cluster-secret-store', 'ClusterSecretStore.aws-secrets-manager', 'spec.provider.aws.auth.secretRef'),
    ]);
  });

  test('judges namespaced SecretStores too, and fails a store of another provider', () => {
    const vault = rendered({ kind: 'SecretStore', metadata: { name: 'vault' }, spec: { provider: { vault: {} } } });
    const other = rendered({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    expect(run('cluster-secret-store', () => undefined, { objects: [vault, other] })).toEqual([
      finding('cluster-secret-store', 'SecretStore.vault', 'spec.provider.aws'),
    ]);
  });
});

describe('external-secret-keys', () => {
  const externalSecret = (key: string) =>
    rendered({
      kind: 'ExternalSecret',
      metadata: { name: 'database', namespace: 'dev' },
      spec: {
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' },
        data: [{ secretKey: 'url', remoteRef: { key } }],
      },
    });
  const settings = { secretPrefixes: ['dev', 'staging'] };

  test('passes a key under a readable prefix, fails one of another environment', () => {
    expect(
      run('external-secret-keys', () => undefined, { settings, objects: [externalSecret('dev/myapp/database')] }),
    ).toEqual([]);
    expect(
      run('external-secret-keys', () => undefined, {
        settings,
        objects: [externalSecret('production/myapp/database')],
      }),
    ).toEqual([finding('external-secret-keys', 'ExternalSecret.database', 'spec.data[0].remoteRef.key')]);
  });

  test('a prefix is a whole path segment; dataFrom keys and keys that are not strings are judged too', () => {
    const found = run('external-secret-keys', () => undefined, {
      settings,
      objects: [
        appSecret({
          data: [{ remoteRef: { key: 'staging/app' } }, { remoteRef: { key: 'development/app' } }, { remoteRef: {} }],
        }),
        appSecret({ dataFrom: [{ extract: { key: 'dev/app' } }, { extract: { key: 'devops/app' } }] }),
      ],
    });
    expect(found.map(f => f.path)).toEqual([
      'spec.data[1].remoteRef.key',
      'spec.data[2].remoteRef.key',
      'spec.dataFrom[1].extract.key',
    ]);
    expect(found[0].message).toBe("read a secret under dev/, staging/: the store's role cannot read anything else");
  });

  test('is not judged without configured prefixes', () => {
    expect(
      run('external-secret-keys', () => undefined, { objects: [externalSecret('production/myapp/database')] }),
    ).toEqual([]);
  });
});

describe('eventbridge-interruption-targets', () => {
  const build = (source: string[], toQueue: boolean) => (s: Construct) => {
    const q = new SqsQueue(s, 'queue', { sqsManagedSseEnabled: true });
    const rule = new CloudwatchEventRule(s, 'spot', {
      eventPattern: JSON.stringify({ source, 'detail-type': ['EC2 Spot Instance Interruption Warning'] }),
    });
    new CloudwatchEventTarget(s, 'target', {
      rule: rule.name,
      arn: toQueue ? q.arn : 'arn:aws:sns:us-east-1:123456789012:topic',
    });
  };

  test('passes aws.ec2 events delivered to the queue', () => {
    expect(run('eventbridge-interruption-targets', build(['aws.ec2'], true))).toEqual([]);
  });

  test('fails another source and a target outside the stack', () => {
    expect(run('eventbridge-interruption-targets', build(['aws.s3'], false))).toEqual([
      finding('eventbridge-interruption-targets', 'aws_cloudwatch_event_target.target', 'arn'),
      finding('eventbridge-interruption-targets', 'aws_cloudwatch_event_rule.spot', 'event_pattern.source'),
    ]);
  });

  test('every source must be aws.health or aws.ec2; a pattern without sources or unreadable fails', () => {
    const sourcePaths = (eventPattern: string) =>
      run('eventbridge-interruption-targets', s => new CloudwatchEventRule(s, 'spot', { eventPattern })).map(
        f => f.path,
      );
    expect(sourcePaths(JSON.stringify({ source: ['aws.health', 'aws.ec2'] }))).toEqual([]);
    expect(sourcePaths(JSON.stringify({ source: ['aws.ec2', 'aws.s3'] }))).toEqual(['event_pattern.source']);
    expect(sourcePaths(JSON.stringify({ source: [] }))).toEqual(['event_pattern.source']);
    expect(sourcePaths(JSON.stringify({ 'detail-type': ['x'] }))).toEqual(['event_pattern.source']);
    expect(sourcePaths('{not json')).toEqual(['event_pattern.source']);
    const [finding] = run(
      'eventbridge-interruption-targets',
      s => new CloudwatchEventRule(s, 'spot', { eventPattern: '{}' }),
    );
    expect(finding.message).toBe('match only sources aws.health, aws.ec2');
  });
});

describe('cluster-secret-store findings', () => {
  const objectOf = (spec: unknown, kind = 'ClusterSecretStore') =>
    rendered({ kind, metadata: { name: 'store' }, ...(spec === undefined ? {} : { spec }) }, STORE_RELEASE);
  const said = (...objects: RenderedObject[]) =>
    run('cluster-secret-store', () => undefined, { objects }).map(f => `${f.address} ${f.path}: ${f.message}`);

  test('a store without a spec, a provider or an aws object is told to use the aws provider', () => {
    const useAws = 'ClusterSecretStore.store spec.provider.aws: use the aws provider (Secrets Manager)';
    expect(said(objectOf(undefined))).toEqual([useAws]);
    expect(said(objectOf({}))).toEqual([useAws]);
    expect(said(objectOf({ provider: 'aws' }))).toEqual([useAws]);
    expect(said(objectOf({ provider: { aws: 'SecretsManager' } }))).toEqual([useAws]);
  });

  test('the service and static-key findings say what to set; an auth without secretRef passes', () => {
    expect(said(objectOf({ provider: { aws: { auth: { secretRef: {} } } } }, 'SecretStore'))).toEqual([
      'SecretStore.store spec.provider.aws.service: set service: SecretsManager',
      'SecretStore.store spec.provider.aws.auth.secretRef: ' +
        'remove static keys: the controller authenticates with Pod Identity',
    ]);
    expect(said(objectOf({ provider: { aws: { service: 'SecretsManager', auth: 'pod-identity' } } }))).toEqual([]);
    expect(
      said(
        objectOf({
          provider: { aws: { service: 'SecretsManager', auth: { jwt: { serviceAccountRef: { name: 'eso' } } } } },
        }),
      ),
    ).toEqual([]);
  });
});

describe('external-secret-keys edges', () => {
  const settings = { secretPrefixes: ['dev'] };
  const paths = (...objects: RenderedObject[]) =>
    run('external-secret-keys', () => undefined, { settings, objects }).map(f => f.path);

  test('an ExternalSecret without a spec, data or dataFrom reads nothing', () => {
    expect(
      paths(appSecret(), appSecret({}), appSecret({ data: 'dev/app', dataFrom: { extract: { key: 'prod/app' } } })),
    ).toEqual([]);
  });

  test('an entry without remoteRef or extract names no readable key and fails; non-object entries are ignored', () => {
    expect(
      paths(appSecret({ data: [{ secretKey: 'url' }], dataFrom: [{ find: { name: { regexp: '.*' } } }] })),
    ).toEqual(['spec.data[0].remoteRef.key', 'spec.dataFrom[0].extract.key']);
    expect(paths(appSecret({ data: [{ remoteRef: 'dev/app' }] }))).toEqual(['spec.data[0].remoteRef.key']);
    expect(paths(appSecret({ data: ['prod/app', { remoteRef: { key: 'dev/app' } }] }))).toEqual([]);
  });

  test('the prefix itself without a name under it is not under the prefix', () => {
    expect(paths(appSecret({ data: [{ remoteRef: { key: 'dev' } }, { remoteRef: { key: 'dev/' } }] }))).toEqual([
      'spec.data[0].remoteRef.key',
    ]);
  });
});

describe('eventbridge-interruption-targets findings', () => {
  test('a target outside the stack is told to target the interruption queue', () => {
    const found = run('eventbridge-interruption-targets', s => {
      const rule = new CloudwatchEventRule(s, 'spot', { eventPattern: JSON.stringify({ source: ['aws.ec2'] }) });
      new CloudwatchEventTarget(s, 'target', { rule: rule.name, arn: 'arn:aws:sqs:us-east-1:123456789012:elsewhere' });
    });
    expect(found.map(f => `${f.address} ${f.path}: ${f.message}`)).toEqual([
      'aws_cloudwatch_event_target.target arn: target the interruption queue (aws_sqs_queue ... .arn)',
    ]);
  });

  test('aws.health alone passes; a pattern that is JSON but not an object fails', () => {
    const sourcePaths = (eventPattern: string) =>
      run('eventbridge-interruption-targets', s => new CloudwatchEventRule(s, 'spot', { eventPattern })).map(
        f => f.path,
      );
    expect(sourcePaths(JSON.stringify({ source: ['aws.health'] }))).toEqual([]);
    expect(sourcePaths('null')).toEqual(['event_pattern.source']);
    expect(sourcePaths(JSON.stringify({ source: 'aws.ec2' }))).toEqual(['event_pattern.source']);
  });
});

describe('external-secret-keys judges ExternalSecrets only', () => {
  test('another kind with the same spec shape is not judged', () => {
    const lookalike = rendered({
      apiVersion: 'example.com/v1',
      kind: 'SecretTemplate',
      metadata: { name: 'app' },
      spec: { data: [{ remoteRef: { key: 'production/app' } }] },
    });
    expect(
      run('external-secret-keys', () => undefined, { settings: { secretPrefixes: ['dev'] }, objects: [lookalike] }),
    ).toEqual([]);
  });
});

describe('helm-release-pinned: version components and repository schemes', () => {
  const paths = (overrides: Partial<ReleaseConfig>) =>
    run('helm-release-pinned', s => release(s, overrides)).map(f => f.path);

  test('each version component may have several digits', () => {
    for (const version of ['10.0.0', '1.2.10', 'v12.30.45-rc.10']) expect(paths({ version })).toEqual([]);
  });

  test(
    'the repository URL starts with https:// or oci://: a helm-git URL (git+https://) is not a chart ' + 'repository',
    () => {
      const [found] = run('helm-release-pinned', s => release(s, { repository: 'git+https://github.com/org/charts' }));
      expect(found).toEqual(finding('helm-release-pinned', RELEASE, 'repository'));
      expect(found.message).toBe('repository "git+https://github.com/org/charts" must be an https:// or oci:// URL');
    },
  );
});

describe('helm-values-no-credentials: which keys hold a credential', () => {
  const paths = (values: Record<string, unknown>) =>
    run('helm-values-no-credentials', s => release(s, { values: [JSON.stringify(values)] })).map(f => f.path);

  test('a key ending in secret or credential holds one; the name of a Secret or of a key in it does not', () => {
    expect(paths({ oauth: { secret: 's3cr3t', clientSecret: 's3cr3t', credential: 'user:pass' } })).toEqual([
      'values[0].oauth.secret',
      'values[0].oauth.clientSecret',
      'values[0].oauth.credential',
    ]);
    expect(
      paths({ oauth: { secretName: 'oauth', secretKey: 'client-secret', secretRef: 'oauth', secretStoreRef: 'aws' } }),
    ).toEqual([]);
  });

  test('temporary (ASIA) access key ids are found too; only a key that starts with "existing" names a Secret', () => {
    expect(paths({ env: { AWS_ACCESS_KEY_ID: 'ASIAABCDEFGHIJKLMNOP' } })).toEqual(['values[0].env.AWS_ACCESS_KEY_ID']);
    expect(paths({ db: { keepExistingPassword: 'hunter2', existingPassword: 'db-secret' } })).toEqual([
      'values[0].db.keepExistingPassword',
    ]);
  });
});

describe('helm-chart-settings: values documents merge as Helm merges them', () => {
  const karpenter =
    (...documents: Record<string, unknown>[]) =>
    (s: Construct) => {
      associate(s, 'kube-system', 'karpenter');
      karpenterRelease(s, ...documents);
    };
  const paths = (...documents: Record<string, unknown>[]) =>
    run('helm-chart-settings', karpenter(...documents)).map(f => f.path);

  test('a later document adds keys to the maps of an earlier one', () => {
    expect(
      paths(
        { serviceAccount: { name: 'karpenter' }, settings: { clusterName: 'c' } },
        { settings: { interruptionQueue: 'q' } },
      ),
    ).toEqual([]);
  });

  test('a later scalar or null replaces a map, with every key in it', () => {
    const full = { serviceAccount: { name: 'karpenter' }, settings: { clusterName: 'c', interruptionQueue: 'q' } };
    expect(paths(full, { settings: null })).toEqual([
      'values.settings.clusterName',
      'values.settings.interruptionQueue',
    ]);
    expect(
      paths(full, { settings: { clusterName: 'c', interruptionQueue: 'q' }, serviceAccount: 'karpenter' }),
    ).toEqual(['values.serviceAccount.name']);
  });
});

describe('helm-chart-settings: the interruption queue and the service account namespace', () => {
  const settled = { serviceAccount: { name: 'karpenter' }, settings: { clusterName: 'c', interruptionQueue: 'q' } };

  test(
    'a missing queue is reported once; the stack queues are listed; a queue named only at apply is no queue to ' +
      'compare',
    () => {
      const missing = run('helm-chart-settings', s => {
        new SqsQueue(s, 'queue', { name: 'myapp-dev', sqsManagedSseEnabled: true });
        associate(s, 'kube-system', 'karpenter');
        karpenterRelease(s, { serviceAccount: { name: 'karpenter' }, settings: { clusterName: 'c' } });
      });
      expect(missing.map(f => f.path)).toEqual(['values.settings.interruptionQueue']);
      const two = run('helm-chart-settings', s => {
        new SqsQueue(s, 'a', { name: 'a', sqsManagedSseEnabled: true });
        new SqsQueue(s, 'b', { name: 'b', sqsManagedSseEnabled: true });
        associate(s, 'kube-system', 'karpenter');
        karpenterRelease(s, settled);
      });
      expect(two.map(f => f.message)).toEqual(['q is not the interruption queue of the stack (a, b)']);
      const prefixed = run('helm-chart-settings', s => {
        new SqsQueue(s, 'queue', { namePrefix: 'myapp-', sqsManagedSseEnabled: true });
        associate(s, 'kube-system', 'karpenter');
        karpenterRelease(s, settled);
      });
      expect(prefixed).toEqual([]);
    },
  );

  test(
    'the service account lives in namespaceOverride when set (not empty); the message lists the associated ' +
      'accounts',
    () => {
      const inOverride = (override: unknown) => (s: Construct) => {
        associate(s, 'eso', 'external-secrets');
        associate(s, 'external-secrets', 'other', 'other');
        release(s, {
          values: [JSON.stringify({ serviceAccount: { name: 'external-secrets' }, namespaceOverride: override })],
        });
      };
      expect(run('helm-chart-settings', inOverride('eso'))).toEqual([]);
      for (const ignored of ['', 7]) {
        expect(run('helm-chart-settings', inOverride(ignored)).map(f => f.message)).toEqual([
          'service account "external-secrets" has no Pod Identity association in external-secrets (associated: other)',
        ]);
      }
      const twoAccounts = run('helm-chart-settings', s => {
        associate(s, 'external-secrets', 'a');
        associate(s, 'external-secrets', 'b', 'b');
        release(s);
      });
      expect(twoAccounts[0].message).toBe(
        'service account "external-secrets" has no Pod Identity association in external-secrets (associated: a, b)',
      );
    },
  );
});

describe('karpenter-node-class: an EC2NodeClass that declares nothing', () => {
  const bare = nodeClass('bare');

  test('fails every requirement, each with what to set', () => {
    const found = run('karpenter-node-class', () => undefined, { objects: [bare, withSpec(bare, {})] });
    const expected = [
      ['spec.metadataOptions.httpTokens', 'set httpTokens: required'],
      ['spec.metadataOptions.httpPutResponseHopLimit', 'set httpPutResponseHopLimit: 1'],
      ['spec.blockDeviceMappings', 'declare the root volume with ebs.encrypted: true'],
      ['spec.subnetSelectorTerms', 'select subnets by the karpenter.sh/discovery tag (only private subnets carry it)'],
      ['spec.role', 'set role to the Karpenter node role'],
    ];
    expect(found.map(f => [f.path, f.message])).toEqual([...expected, ...expected]);
  });

  test('the messages of the other requirements', () => {
    const weak = withSpec(NODE_CLASS, {
      metadataOptions: { httpEndpoint: 'disabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [{ ebs: { encrypted: 'true' } }],
      associatePublicIPAddress: true,
    });
    expect(run('karpenter-node-class', () => undefined, { objects: [weak] }).map(f => f.message)).toEqual([
      'keep IMDS enabled',
      'set ebs.encrypted: true',
      'remove associatePublicIPAddress',
    ]);
  });

  test('a node role named only at apply is no role to compare', () => {
    const unnamed = (s: Construct) => {
      const role = new IamRole(s, 'node-role', { namePrefix: 'nodes-', assumeRolePolicy: '{}' });
      new EksAccessEntry(s, 'node-entry', { clusterName: 'c', principalArn: role.arn, type: 'EC2_LINUX' });
    };
    expect(run('karpenter-node-class', unnamed, { objects: [withSpec(NODE_CLASS, { role: 'any-role' })] })).toEqual([]);
  });
});

describe('helm-values-no-credentials: values that are not credentials', () => {
  test('a switch under a credential-like key (usePassword: true) holds no credential; a number does', () => {
    const values = { redis: { usePassword: true, password: null, sentinel: { password: 0 } } };
    const found = run('helm-values-no-credentials', s => release(s, { values: [JSON.stringify(values)] }));
    expect(found.map(f => f.path)).toEqual(['values[0].redis.sentinel.password']);
  });
});
