import { App, TerraformStack } from 'cdktf';
import { dev } from '../environments/dev';
import { platform } from '../environments/platform';
import { validatePlatform } from '../environments/validate';
import { EcrRepositories } from '../modules/shared/ecr-repositories';
import { validateEcrRepositoriesProps } from '../modules/shared/validation';
import { ArgoCd } from '../modules/argocd/argocd';
import { validateArgoCdObjectsProps } from '../modules/argocd/validation';
import { EksCluster, EksClusterProps } from '../modules/cluster/eks-cluster';
import { SystemNodeGroup, SystemNodeGroupProps } from '../modules/cluster/system-node-group';
import { validateEksClusterProps, validateSystemNodeGroupProps } from '../modules/cluster/validation';
import { collectErrors, ConfigError, ConfigurationErrors } from '../modules/config-errors';
import { DomainCertificate } from '../modules/edge/domain-certificate';
import { HostedZone } from '../modules/edge/hosted-zone';
import { validateDomainCertificateProps, validateEdgeMode, validateHostedZoneProps } from '../modules/edge/validation';
import { ExternalSecrets } from '../modules/external-secrets/external-secrets';
import { validateSecretsReadProps } from '../modules/external-secrets/validation';
import { IngressNginx } from '../modules/ingress-nginx/ingress-nginx';
import { validateIngressNginxProps } from '../modules/ingress-nginx/validation';
import { Karpenter, KarpenterProps } from '../modules/karpenter/karpenter';
import { validateKarpenterProps } from '../modules/karpenter/validation';
import { validateVpcNetworkProps } from '../modules/network/validation';
import { VpcNetwork, VpcNetworkProps } from '../modules/network/vpc-network';
import { LogBucket } from '../modules/observability/log-bucket';
import { validateLogBucketProps, validateObservabilityProps } from '../modules/observability/validation';

/**
 * Each construct's own rules (`validate<Construct>Props`): pure functions, tested here without a synth. Every bound
 * accepts its edge and refuses the first value past it; each error names the field under `at`; the constructor applies
 * the same rules and names the construct path. The up-front run reuses them (validation-edges.test.ts).
 */

const messages = (errors: readonly ConfigError[]) => errors.map(e => e.message);

const network = { cidr: '10.0.0.0/16', azCount: 3, natGateways: 'single', flowLogRetentionDays: 30 } as const;
const networkErrors = (patch: Partial<VpcNetworkProps>) =>
  messages(validateVpcNetworkProps({ ...network, ...patch }, 'dev.network'));

describe('validateVpcNetworkProps', () => {
  test('accepts 2 and 4 availability zones, refuses 1, 5 and a fraction', () => {
    expect(networkErrors({ azCount: 2 })).toEqual([]);
    expect(networkErrors({ azCount: 4 })).toEqual([]);
    const allowed = 'expected 2 to 4 availability zones (EKS needs subnets in at least two)';
    expect(networkErrors({ azCount: 1 })).toEqual([`dev.network.azCount is 1: ${allowed}`]);
    expect(networkErrors({ azCount: 5 })).toEqual([`dev.network.azCount is 5: ${allowed}`]);
    expect(networkErrors({ azCount: 2.5 })).toEqual([`dev.network.azCount is 2.5: ${allowed}`]);
  });

  test('accepts a /16 and a /23 VPC, refuses a /15 and a /24', () => {
    expect(networkErrors({ cidr: '10.0.0.0/16' })).toEqual([]);
    expect(networkErrors({ cidr: '10.0.0.0/23' })).toEqual([]);
    const allowed =
      'the prefix must be /16 to /23 (AWS allows /16 at most; smaller VPCs leave public subnets under /28)';
    expect(networkErrors({ cidr: '10.0.0.0/15' })).toEqual([`dev.network.cidr is "10.0.0.0/15": ${allowed}`]);
    expect(networkErrors({ cidr: '10.0.0.0/24' })).toEqual([`dev.network.cidr is "10.0.0.0/24": ${allowed}`]);
  });

  test('a CIDR with host bits is one error, not a second one about its prefix', () => {
    expect(networkErrors({ cidr: '10.0.0.1/16' })).toEqual([
      'dev.network.cidr is "10.0.0.1/16": expected an IPv4 CIDR such as 10.0.0.0/16 with no host bits set',
    ]);
  });

  test('refuses an unknown NAT mode and a retention CloudWatch does not offer', () => {
    expect(networkErrors({ natGateways: 'per-az' })).toEqual([]);
    expect(networkErrors({ natGateways: 'none' as never })).toEqual([
      'dev.network.natGateways is "none": expected "single" or "per-az"',
    ]);
    expect(networkErrors({ flowLogRetentionDays: 3653 })).toEqual([]);
    expect(networkErrors({ flowLogRetentionDays: 3654 })[0]).toMatch(
      /^dev\.network\.flowLogRetentionDays is 3654: expected one of 1, 3, 5, /,
    );
  });
});

const cluster = {
  name: 'myapp-dev',
  supportType: 'STANDARD',
  publicAccessCidrs: ['0.0.0.0/0'],
  logRetentionDays: 90,
} as const;
const clusterErrors = (patch: Partial<EksClusterProps>) =>
  messages(validateEksClusterProps({ ...cluster, ...patch }, 'dev.cluster'));

describe('validateEksClusterProps', () => {
  test('accepts a 100-character name, refuses 101 and a leading hyphen', () => {
    expect(clusterErrors({ name: 'a'.repeat(100) })).toEqual([]);
    const allowed =
      'an EKS cluster name is 1-100 letters, digits, hyphens or underscores, starting with a letter or digit';
    expect(clusterErrors({ name: 'a'.repeat(101) })).toEqual([`dev.cluster.name is "${'a'.repeat(101)}": ${allowed}`]);
    expect(clusterErrors({ name: '-x' })).toEqual([`dev.cluster.name is "-x": ${allowed}`]);
  });

  test('refuses no public CIDR, one with host bits, an unknown support type and a non-boolean protection', () => {
    expect(clusterErrors({ publicAccessCidrs: [] })).toEqual([
      'dev.cluster.publicAccessCidrs is []: expected at least one CIDR',
    ]);
    expect(clusterErrors({ publicAccessCidrs: ['198.51.100.0/24', '198.51.100.1/24'] })).toEqual([
      'dev.cluster.publicAccessCidrs[] is "198.51.100.1/24": expected an IPv4 CIDR with no host bits set',
    ]);
    expect(clusterErrors({ supportType: 'EXTENDED' })).toEqual([]);
    expect(clusterErrors({ supportType: 'LONG' as never })).toEqual([
      'dev.cluster.supportType is "LONG": expected one of STANDARD, EXTENDED',
    ]);
    expect(clusterErrors({ deletionProtection: true })).toEqual([]);
    expect(clusterErrors({ deletionProtection: 'yes' as never })).toEqual([
      'dev.cluster.deletionProtection is "yes": expected true or false',
    ]);
  });

  test('refuses a log retention CloudWatch does not offer', () => {
    expect(clusterErrors({ logRetentionDays: 1 })).toEqual([]);
    expect(clusterErrors({ logRetentionDays: 2 })[0]).toMatch(
      /^dev\.cluster\.logRetentionDays is 2: expected one of 1, 3, /,
    );
  });

  test('a crash after a failed check throws the errors found so far, the crash as their cause', () => {
    let error: unknown;
    try {
      validateEksClusterProps({ ...cluster, name: '-x', publicAccessCidrs: undefined as never }, 'dev.cluster');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationErrors);
    expect((error as ConfigurationErrors).errors.map(e => e.field)).toEqual(['dev.cluster.name']);
    expect((error as ConfigurationErrors).cause).toBeInstanceOf(TypeError);
  });
});

const nodes = { instanceType: 't3.medium', minSize: 2, desiredSize: 2, maxSize: 3, diskSizeGiB: 50 };
const nodeErrors = (patch: Partial<SystemNodeGroupProps>) =>
  messages(validateSystemNodeGroupProps({ ...nodes, ...patch }, 'dev.cluster.systemNodeGroup'));

describe('validateSystemNodeGroupProps', () => {
  test('accepts a desired size of minSize and of maxSize, refuses one below and one above', () => {
    expect(nodeErrors({ desiredSize: 2 })).toEqual([]);
    expect(nodeErrors({ desiredSize: 3 })).toEqual([]);
    const allowed = 'expected a whole number from minSize (2) to maxSize (3)';
    expect(nodeErrors({ desiredSize: 1 })).toEqual([`dev.cluster.systemNodeGroup.desiredSize is 1: ${allowed}`]);
    expect(nodeErrors({ desiredSize: 4 })).toEqual([`dev.cluster.systemNodeGroup.desiredSize is 4: ${allowed}`]);
  });

  test('accepts minSize 1 and 20 GiB, refuses 0 and 19', () => {
    expect(nodeErrors({ minSize: 1, desiredSize: 1 })).toEqual([]);
    expect(nodeErrors({ minSize: 0, desiredSize: 1 })).toEqual([
      'dev.cluster.systemNodeGroup.minSize is 0: expected a whole number >= 1',
    ]);
    expect(nodeErrors({ diskSizeGiB: 20 })).toEqual([]);
    expect(nodeErrors({ diskSizeGiB: 19 })).toEqual([
      'dev.cluster.systemNodeGroup.diskSizeGiB is 19: expected a whole number of GiB >= 20 (the AL2023 AMI needs 20)',
    ]);
  });

  test('refuses an instance type without a size', () => {
    expect(nodeErrors({ instanceType: 't3' })).toEqual([
      'dev.cluster.systemNodeGroup.instanceType is "t3": expected an EC2 instance type such as t3.medium',
    ]);
  });
});

const karpenterErrors = (patch: Partial<KarpenterProps>) =>
  messages(validateKarpenterProps({ ...dev.karpenter, ...patch }, 'dev.karpenter'));

describe('validateKarpenterProps', () => {
  test('accepts the shipped configuration and one controller replica, refuses none', () => {
    expect(karpenterErrors({})).toEqual([]);
    expect(karpenterErrors({ controllerReplicas: 1 })).toEqual([]);
    expect(karpenterErrors({ controllerReplicas: 0 })).toEqual([
      'dev.karpenter.controllerReplicas is 0: expected a whole number >= 1',
    ]);
  });

  test('refuses a zero CPU limit once, and a mixed split that leaves a pool without a vCPU', () => {
    expect(karpenterErrors({ cpuLimit: 0 })).toEqual([
      'dev.karpenter.cpuLimit is 0: expected a positive number of vCPUs',
    ]);
    // t2 is not Nitro, m5 is: each group gets a share of the limit, and one vCPU cannot be split
    expect(karpenterErrors({ instanceFamilies: ['m5', 't2'], cpuLimit: 2 })).toEqual([]);
    expect(karpenterErrors({ instanceFamilies: ['m5', 't2'], cpuLimit: 1 })).toEqual([
      'dev.karpenter.cpuLimit is 1: expected at least 2 vCPUs when Nitro and non-Nitro families are mixed ' +
        '(each gets its own NodePool and share of the limit)',
    ]);
  });

  test('refuses a Graviton family, an unknown family, no capacity type and a malformed duration', () => {
    expect(karpenterErrors({ instanceFamilies: ['m6g'] })[0]).toMatch(
      /^dev\.karpenter\.instanceFamilies\[\] is "m6g": an arm64 \(Graviton\) family/,
    );
    expect(karpenterErrors({ instanceFamilies: ['m99'] })[0]).toMatch(
      /^dev\.karpenter\.instanceFamilies\[\] is "m99": not an EC2 instance family/,
    );
    expect(karpenterErrors({ capacityTypes: [] })).toEqual([
      'dev.karpenter.capacityTypes is []: expected a non-empty list of "spot" and/or "on-demand"',
    ]);
    expect(karpenterErrors({ consolidateAfter: '5 minutes' })).toEqual([
      'dev.karpenter.consolidateAfter is "5 minutes": expected a duration such as 30s, 5m or 1h, or Never',
    ]);
    expect(karpenterErrors({ expireAfter: 'Never' })).toEqual([]);
    expect(karpenterErrors({ expireAfter: 'never' })).toEqual([
      'dev.karpenter.expireAfter is "never": expected a duration such as 720h, or Never',
    ]);
  });
});

const argoCdErrors = (patch: Partial<typeof dev.argocd>) =>
  messages(validateArgoCdObjectsProps({ ...dev.argocd, ...patch }, 'dev.argocd'));

describe('validateArgoCdObjectsProps', () => {
  const app = dev.argocd.applications[0];

  test('accepts one namespace and an https URL, refuses none and an ssh URL', () => {
    expect(argoCdErrors({ project: { name: 'p', namespaces: [app.namespace] }, applications: [app] })).toEqual([]);
    expect(argoCdErrors({ project: { name: 'p', namespaces: [] }, applications: [] })).toEqual([
      'dev.argocd.project.namespaces is []: expected at least one namespace',
    ]);
    expect(argoCdErrors({ helmChartsRepoUrl: 'https://x' })).toEqual([]);
    expect(argoCdErrors({ helmChartsRepoUrl: 'git@github.com:o/r.git' })).toEqual([
      'dev.argocd.helmChartsRepoUrl is "git@github.com:o/r.git": expected an https:// Git URL',
    ]);
  });

  test('refuses every repeated name and every namespace outside the project, not only the first', () => {
    const outside = { ...app, name: 'other', namespace: 'kube-system' };
    expect(argoCdErrors({ applications: [app, app, outside, outside] })).toEqual([
      `dev.argocd.applications[].name is "${app.name}": application names must be unique`,
      `dev.argocd.applications["other"].namespace is "kube-system": expected one of the project's namespaces ` +
        `(${dev.argocd.project.namespaces.join(', ')})`,
      'dev.argocd.applications[].name is "other": application names must be unique',
      `dev.argocd.applications["other"].namespace is "kube-system": expected one of the project's namespaces ` +
        `(${dev.argocd.project.namespaces.join(', ')})`,
    ]);
  });
});

const ecr = { repositories: ['myapp/api'], keepLastImages: 1, untaggedExpiryDays: 1 };
const ecrErrors = (patch: Partial<typeof ecr>) =>
  messages(validateEcrRepositoriesProps({ ...ecr, ...patch }, 'platform.ecr'));

describe('validateEcrRepositoriesProps', () => {
  test('accepts 1 image and 1 day, refuses 0 of each', () => {
    expect(ecrErrors({})).toEqual([]);
    expect(ecrErrors({ keepLastImages: 0, untaggedExpiryDays: 0 })).toEqual([
      'platform.ecr.keepLastImages is 0: expected a whole number >= 1',
      'platform.ecr.untaggedExpiryDays is 0: expected a whole number of days >= 1',
    ]);
  });

  test('accepts a 2- and a 256-character name, refuses 1 and 257', () => {
    const allowed = 'expected an ECR repository name: lowercase segments separated by /, . _ or -';
    expect(ecrErrors({ repositories: ['ab', 'a'.repeat(256)] })).toEqual([]);
    expect(ecrErrors({ repositories: ['a', 'b'.repeat(257)] })).toEqual([
      `platform.ecr.repositories[] is "a": ${allowed}`,
      `platform.ecr.repositories[] is "${'b'.repeat(257)}": ${allowed}`,
    ]);
  });

  // the rule was the construct's alone (a plain Error at synth); the up-front run now reports it with the others
  test('the up-front run refuses a repository named twice, with the other errors', () => {
    const ecrTwice = { ...platform.ecr, repositories: ['myapp/api', 'myapp/api'], keepLastImages: 0 };
    const twice = { ...platform, ecr: ecrTwice };
    let error: unknown;
    try {
      validatePlatform(twice);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationErrors);
    expect(messages((error as ConfigurationErrors).errors)).toEqual([
      'platform.ecr.repositories[] is "myapp/api": repository names must be unique',
      'platform.ecr.keepLastImages is 0: expected a whole number >= 1',
    ]);
  });
});

const ingressErrors = (patch: Partial<typeof dev.ingress>) =>
  messages(validateIngressNginxProps({ ...dev.ingress, ...patch }, 'dev.ingress'));

describe('validateIngressNginxProps', () => {
  test('accepts NodePorts 30000 and 32767, refuses 29999 and 32768', () => {
    expect(ingressErrors({ nodePorts: { http: 30000, https: 32767 } })).toEqual([]);
    expect(ingressErrors({ nodePorts: { http: 29999, https: 32768 } })).toEqual([
      'dev.ingress.nodePorts.http is 29999: expected a NodePort from 30000 to 32767',
      'dev.ingress.nodePorts.https is 32768: expected a NodePort from 30000 to 32767',
    ]);
    expect(ingressErrors({ nodePorts: { http: 30080, https: 30080 } })).toEqual([
      'dev.ingress.nodePorts is {"http":30080,"https":30080}: http and https must differ',
    ]);
  });

  test('accepts one replica, refuses none; refuses a certificate and a web ACL that are not ACM and WAFv2 ARNs', () => {
    expect(ingressErrors({ replicas: 1 })).toEqual([]);
    expect(ingressErrors({ replicas: 0 })).toEqual(['dev.ingress.replicas is 0: expected a whole number >= 1']);
    const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123';
    const wafAclArn = 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/edge/abc';
    expect(ingressErrors({ certificateArn, wafAclArn })).toEqual([]);
    const globalAcl = wafAclArn.replace('regional', 'global');
    expect(ingressErrors({ certificateArn: `${certificateArn} `, wafAclArn: globalAcl })).toEqual([
      `dev.ingress.certificateArn is "${certificateArn} ": expected an ACM certificate ARN`,
      `dev.ingress.wafAclArn is "${globalAcl}": expected a regional WAFv2 web ACL ARN`,
    ]);
  });
});

describe('the edge rules', () => {
  const names = (count: number) => Array.from({ length: count }, (_, i) => `h${i}.example.com`);
  const certificateErrors = (hostnames: readonly string[]) =>
    messages(validateDomainCertificateProps({ zoneName: 'example.com', hostnames }, 'dev.ingress.domain'));

  test('a certificate takes 1 to 10 hostnames (the ACM quota), unique, in the zone', () => {
    expect(certificateErrors(names(10))).toEqual([]);
    expect(certificateErrors(['example.com', '*.example.com'])).toEqual([]);
    expect(certificateErrors(names(11))).toEqual([
      `dev.ingress.domain.hostnames is ${JSON.stringify(names(11))}: expected at most 10 hostnames (the ACM quota)`,
    ]);
    expect(certificateErrors([])).toEqual(['dev.ingress.domain.hostnames is []: expected at least one hostname']);
    expect(certificateErrors(['a.example.com', 'a.example.com'])).toEqual([
      'dev.ingress.domain.hostnames is ["a.example.com","a.example.com"]: hostnames must be unique',
    ]);
    expect(certificateErrors(['a.example.org'])).toEqual([
      'dev.ingress.domain.hostnames[] is "a.example.org": expected a lowercase name in the zone example.com ' +
        '(example.com, app.example.com or *.example.com)',
    ]);
  });

  test('a zone name is lowercase without a trailing dot; keepIngressNginx only beside the Gateway', () => {
    const zoneErrors = (zoneName: string) => messages(validateHostedZoneProps({ zoneName }, 'dev.ingress.domain'));
    expect(zoneErrors('example.com')).toEqual([]);
    expect(zoneErrors('example.com.')).toEqual([
      'dev.ingress.domain.zoneName is "example.com.": expected a lowercase DNS name without a trailing dot, ' +
        'e.g. example.com',
    ]);
    const keep =
      'expected "serving" or "draining", and only with controller "gateway-api" (ingress-nginx beside the Gateway)';
    const beside = { controller: 'gateway-api', keepIngressNginx: 'draining' } as const;
    expect(messages(validateEdgeMode(beside, 'dev.ingress'))).toEqual([]);
    expect(messages(validateEdgeMode({ keepIngressNginx: 'serving' }, 'dev.ingress'))).toEqual([
      `dev.ingress.keepIngressNginx is "serving": ${keep}`,
    ]);
    expect(messages(validateEdgeMode({ controller: 'traefik' as never }, 'dev.ingress'))).toEqual([
      'dev.ingress.controller is "traefik": expected "ingress-nginx" or "gateway-api"',
    ]);
  });
});

describe('the observability rules', () => {
  const enabled = { ...dev.observability, enabled: true };
  const observabilityErrors = (patch: Partial<typeof dev.observability>) =>
    messages(validateObservabilityProps({ ...enabled, ...patch }, 'dev.observability'));

  test('retention of metrics, logs and the log bucket: 1 to 3650 days, one rule', () => {
    const allowed = 'expected a whole number of days from 1 to 3650';
    expect(observabilityErrors({ metricsRetentionDays: 1, logRetentionDays: 3650 })).toEqual([]);
    expect(observabilityErrors({ metricsRetentionDays: 0, logRetentionDays: 3651 })).toEqual([
      `dev.observability.metricsRetentionDays is 0: ${allowed}`,
      `dev.observability.logRetentionDays is 3651: ${allowed}`,
    ]);
    expect(messages(validateLogBucketProps({ retentionDays: 3650 }, 'logs'))).toEqual([]);
    expect(messages(validateLogBucketProps({ retentionDays: 3651 }, 'logs'))).toEqual([
      `logs.retentionDays is 3651: ${allowed}`,
    ]);
  });

  test('a Grafana hostname is a lowercase DNS name; nothing is checked while disabled', () => {
    expect(observabilityErrors({ grafanaHostname: 'Grafana.example.com' })).toEqual([
      'dev.observability.grafanaHostname is "Grafana.example.com": ' +
        'expected a lowercase DNS hostname such as grafana.example.com',
    ]);
    const disabled = { ...enabled, enabled: false, logRetentionDays: 0 };
    expect(messages(validateObservabilityProps(disabled, 'dev.observability'))).toEqual([]);
  });
});

describe('validateSecretsReadProps', () => {
  const prefixErrors = (readablePrefixes: string[]) =>
    messages(validateSecretsReadProps({ readablePrefixes }, 'dev.secrets'));
  const namespace =
    'expected a Kubernetes namespace name (lowercase letters, digits, hyphens): ' +
    "the prefix's store serves that namespace";

  test('a prefix is one path segment and a namespace name: 63 characters, not 64', () => {
    expect(prefixErrors(['a'.repeat(63)])).toEqual([]);
    expect(prefixErrors(['a'.repeat(64)])).toEqual([
      `dev.secrets.readablePrefixes[] is "${'a'.repeat(64)}": ${namespace}`,
    ]);
    expect(prefixErrors([])).toEqual(['dev.secrets.readablePrefixes is []: expected at least one prefix']);
  });

  test('a wildcard fails both rules; an uppercase segment only the namespace one', () => {
    expect(prefixErrors(['dev/*', 'Dev'])).toEqual([
      'dev.secrets.readablePrefixes[] is "dev/*": expected one path segment (no slashes or wildcards): ' +
        'the policy grants <prefix>/*',
      `dev.secrets.readablePrefixes[] is "dev/*": ${namespace}`,
      `dev.secrets.readablePrefixes[] is "Dev": ${namespace}`,
    ]);
  });
});

/** Each construct refuses invalid props in its constructor with the same rule, naming its construct path. */
describe('constructors refuse their props, naming the construct path', () => {
  const refusal = (build: (stack: TerraformStack) => void): string[] => {
    const stack = new TerraformStack(new App(), 'dev-layer');
    try {
      build(stack);
      return [];
    } catch (e) {
      if (!(e instanceof ConfigurationErrors)) throw e;
      return messages(e.errors);
    }
  };
  // a dependency the constructor only stores: refused props throw before anything depends on it
  const stackless = { fqn: 'none' } as never;
  const identity = {
    accountId: '123456789012',
    region: 'us-east-1',
    permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/boundary',
  };

  // the construct's old guard allowed any count >= 2; the subnet plan has four private blocks (one bound now)
  test('VpcNetwork refuses 5 availability zones and accepts 4', () => {
    const props: VpcNetworkProps = {
      ...identity,
      ...network,
      name: 'x',
      clusterName: 'x',
      flowLogRoleName: 'x-flow',
      azCount: 5,
    };
    expect(refusal(stack => new VpcNetwork(stack, 'network', props))).toEqual([
      'dev-layer/network.azCount is 5: expected 2 to 4 availability zones (EKS needs subnets in at least two)',
    ]);
    expect(refusal(stack => new VpcNetwork(stack, 'network', { ...props, azCount: 4 }))).toEqual([]);
  });

  test('EksCluster refuses a name EKS does not take, every error at once', () => {
    const props: EksClusterProps = {
      ...identity,
      ...cluster,
      name: '-x',
      logRetentionDays: 2,
      kubernetesVersion: '1.35',
      privateSubnetIds: ['s'],
      controlPlaneSecurityGroupId: 'sg',
      clusterRoleName: 'r',
      deletionProtection: false,
    };
    expect(refusal(stack => new EksCluster(stack, 'cluster', props)).map(m => m.split(':')[0])).toEqual([
      'dev-layer/cluster.name is "-x"',
      'dev-layer/cluster.logRetentionDays is 2',
    ]);
  });

  test('SystemNodeGroup refuses a desired size above maxSize', () => {
    const props: SystemNodeGroupProps = {
      ...identity,
      ...nodes,
      desiredSize: 4,
      clusterName: 'c',
      kubernetesVersion: '1.35',
      subnetIds: ['s'],
      nodeSecurityGroupId: 'sg',
      roleName: 'r',
      dependsOn: [],
    };
    expect(refusal(stack => new SystemNodeGroup(stack, 'system-nodes', props))).toEqual([
      'dev-layer/system-nodes.desiredSize is 4: expected a whole number from minSize (2) to maxSize (3)',
    ]);
  });

  // the construct's old guards took any family: the Graviton one reached the NodePool, which allows amd64 only
  test('Karpenter refuses a Graviton family', () => {
    const props: KarpenterProps = {
      ...identity,
      ...dev.karpenter,
      instanceFamilies: ['m6g'],
      clusterName: 'c',
      controllerRoleName: 'k',
      nodeRoleName: 'n',
      systemNodeToleration: {},
      systemNodeSelector: {},
    };
    expect(refusal(stack => new Karpenter(stack, 'karpenter', props))[0]).toMatch(
      /^dev-layer\/karpenter\.instanceFamilies\[\] is "m6g": an arm64 \(Graviton\) family/,
    );
  });

  // the construct's old guard threw its first problem as a plain Error: a user fixed one per round
  test('ArgoCd refuses a non-https repository and a project without namespaces at once', () => {
    const project = { name: 'p', namespaces: [] };
    const props = { ...dev.argocd, helmChartsRepoUrl: 'http://x', project, applications: [] };
    expect(refusal(stack => new ArgoCd(stack, 'argocd', props))).toEqual([
      'dev-layer/argocd.helmChartsRepoUrl is "http://x": expected an https:// Git URL',
      'dev-layer/argocd.project.namespaces is []: expected at least one namespace',
    ]);
  });

  test('EcrRepositories refuses a repository named twice', () => {
    const props = { ...ecr, repositories: ['a/b', 'a/b'], kmsKeyArn: 'k', region: 'us-east-1' };
    expect(refusal(stack => new EcrRepositories(stack, 'ecr', props))).toEqual([
      'dev-layer/ecr.repositories[] is "a/b": repository names must be unique',
    ]);
  });

  test('IngressNginx refuses equal NodePorts under its ingress prop', () => {
    const ingress = { ...dev.ingress, nodePorts: { http: 30080, https: 30080 } };
    const props = {
      clusterName: 'c',
      vpcId: 'v',
      nodeSecurityGroupId: 'sg',
      ingress,
      vpcCidr: '10.0.0.0/16',
      loadBalancerController: stackless,
      capacity: stackless,
    };
    expect(refusal(stack => new IngressNginx(stack, 'ingress-nginx', props))).toEqual([
      'dev-layer/ingress-nginx.ingress.nodePorts is {"http":30080,"https":30080}: http and https must differ',
    ]);
  });

  // the constructs took any zone name and hostname list; ACM refuses an 11th name at apply
  test('HostedZone and DomainCertificate refuse what Route 53 and ACM would', () => {
    expect(refusal(stack => new HostedZone(stack, 'zone', { zoneName: 'Example.com', region: 'us-east-1' }))).toEqual([
      'dev-layer/zone.zoneName is "Example.com": expected a lowercase DNS name without a trailing dot, e.g. ' +
        'example.com',
    ]);
    const hostnames = Array.from({ length: 11 }, (_, i) => `h${i}.example.com`);
    expect(
      refusal(stack => {
        const zone = new HostedZone(stack, 'zone', { zoneName: 'example.com', region: 'us-east-1' });
        new DomainCertificate(stack, 'domain', { zone, hostnames });
      }),
    ).toEqual([
      `dev-layer/domain.hostnames is ${JSON.stringify(hostnames)}: expected at most 10 hostnames (the ACM quota)`,
    ]);
  });

  // the bucket's old guard had no upper bound: 3651 days passed there and failed only up front
  test('LogBucket refuses a retention past 3650 days', () => {
    const props = { bucketName: 'logs', kmsKeyArn: 'k', retentionDays: 3651 };
    expect(refusal(stack => new LogBucket(stack, 'logs-dev', props))).toEqual([
      'dev-layer/logs-dev.retentionDays is 3651: expected a whole number of days from 1 to 3650',
    ]);
  });

  // the construct's old guard took "Dev" (its own, looser pattern) and threw its first problem only
  test("ExternalSecrets refuses a prefix that cannot name its store's namespace", () => {
    const props = { ...identity, clusterName: 'c', roleName: 'r', readablePrefixes: ['Dev'] };
    expect(refusal(stack => new ExternalSecrets(stack, 'external-secrets', props))).toEqual([
      'dev-layer/external-secrets.readablePrefixes[] is "Dev": expected a Kubernetes namespace name ' +
        "(lowercase letters, digits, hyphens): the prefix's store serves that namespace",
    ]);
  });
});

describe('validateKarpenterProps: lists and patterns', () => {
  test('refuses an empty family list, with nothing else wrong', () => {
    expect(karpenterErrors({ instanceFamilies: [] })).toEqual([
      'dev.karpenter.instanceFamilies is []: expected at least one EC2 instance family',
    ]);
  });

  test('a family is matched whole: a leading capital or a trailing symbol is refused by the pattern', () => {
    const pattern = 'expected an instance family such as m5 or t3a';
    for (const family of ['Xm5', 'm5!']) {
      expect(karpenterErrors({ instanceFamilies: [family] })).toContain(
        `dev.karpenter.instanceFamilies[] is "${family}": ${pattern}`,
      );
    }
  });

  test('an unknown family names the similar ones, comma-separated', () => {
    const [message] = karpenterErrors({ instanceFamilies: ['m99'] });
    const similar = message.split('expected one such as ')[1];
    expect(similar.split(', ').length).toBeGreaterThan(1);
    expect(similar.split(', ').every(f => /^m[a-z0-9-]+$/.test(f))).toBe(true);
  });

  test('the Graviton refusal says which architecture the NodePool allows and what to choose instead', () => {
    expect(karpenterErrors({ instanceFamilies: ['m6g'] })).toEqual([
      'dev.karpenter.instanceFamilies[] is "m6g": an arm64 (Graviton) family, but the NodePool allows amd64 only ' +
        '(kubernetes.io/arch); expected an x86_64 family such as m5, m6i, c5, t3',
    ]);
  });

  test('capacity types: spot, on-demand or both; one unknown entry refuses the list', () => {
    expect(karpenterErrors({ capacityTypes: ['on-demand'] })).toEqual([]);
    expect(karpenterErrors({ capacityTypes: ['spot'] })).toEqual([]);
    expect(karpenterErrors({ capacityTypes: ['spot', 'on-demand'] })).toEqual([]);
    expect(karpenterErrors({ capacityTypes: ['spot', 'reserved'] as never })).toEqual([
      'dev.karpenter.capacityTypes is ["spot","reserved"]: expected a non-empty list of "spot" and/or "on-demand"',
    ]);
  });
});

describe('validateEcrRepositoriesProps: names', () => {
  const allowed = 'expected an ECR repository name: lowercase segments separated by /, . _ or -';

  test('refuses an empty repository list', () => {
    expect(ecrErrors({ repositories: [] })).toEqual([
      'platform.ecr.repositories is []: expected at least one repository',
    ]);
  });

  // ECR CreateRepository: (?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*
  // (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html)
  test('accepts separators between lowercase segments, in every path segment', () => {
    expect(ecrErrors({ repositories: ['a.b', 'a_b', 'a-bc', 'ns/a.bc', 'ns/a_b-cd', 'team.x/app-api'] })).toEqual([]);
  });

  test('refuses a name that starts or ends with a separator, or doubles one', () => {
    const names = ['-ab', 'ab-', 'ns/ab_', 'a..b', 'ns/-ab', 'Ab'];
    const refusals = names.map(n => `platform.ecr.repositories[] is "${n}": ${allowed}`);
    expect(ecrErrors({ repositories: names })).toEqual(refusals);
  });
});

describe('the observability rules: Grafana hostnames', () => {
  const enabled = { ...dev.observability, enabled: true };
  const hostnameErrors = (grafanaHostname: string) =>
    messages(validateObservabilityProps({ ...enabled, grafanaHostname }, 'dev.observability'));
  const refusal = (h: string) =>
    `dev.observability.grafanaHostname is "${h}": expected a lowercase DNS hostname such as grafana.example.com`;

  // RFC 1123 labels (letters, digits, inner hyphens, 1-63 characters), at least two labels, 253 characters at most
  test('accepts hostnames of one- to 63-character labels and any depth', () => {
    const label63 = 'a'.repeat(63);
    for (const h of [
      'grafana.example.com',
      'a.example.io',
      'grafana.ops.example.info',
      `${label63}.example.com`,
      'g-1.example.com',
      `x.${label63}`,
    ]) {
      expect(hostnameErrors(h)).toEqual([]);
    }
  });

  test('refuses a trailing dot or hyphen, a single label, a 64-character label and a name over 253 characters', () => {
    const long = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.example.com`;
    expect(long.length).toBeGreaterThan(253);
    for (const h of [
      'grafana.example.com.',
      'grafana-.example.com',
      'grafana.example.com-',
      'grafana',
      `${'a'.repeat(64)}.example.com`,
      long,
    ]) {
      expect(hostnameErrors(h)).toEqual([refusal(h)]);
    }
  });
});

describe('the configuration error types', () => {
  test('name themselves and put one error per line', () => {
    const a = new ConfigError('dev.x', 1, 'expected 2');
    const b = new ConfigError('dev.y', 'z', 'expected a letter');
    expect(a.name).toBe('ConfigError');
    const all = new ConfigurationErrors([a, b]);
    expect(all.name).toBe('ConfigurationErrors');
    expect(all.message).toBe('dev.x is 1: expected 2\ndev.y is "z": expected a letter');
  });

  test('a crash with no failed check is rethrown as it is; after a failed check the errors carry it as cause', () => {
    const crash = new Error('boom');
    let thrown: unknown;
    try {
      collectErrors('dev', () => {
        throw crash;
      });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe(crash);
    try {
      collectErrors('dev', check => {
        check(false, 'x', 1, 'expected 2');
        throw crash;
      });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ConfigurationErrors);
    expect((thrown as ConfigurationErrors).cause).toBe(crash);
    expect(messages((thrown as ConfigurationErrors).errors)).toEqual(['dev.x is 1: expected 2']);
  });
});

/** A pattern that is not anchored at both ends accepts a valid value with something before or after it. */
describe('every value pattern is matched whole', () => {
  const refuses = (errors: readonly string[], field: string, value: string) =>
    expect(errors.some(m => m.startsWith(`${field} is ${JSON.stringify(value)}:`))).toBe(true);

  test('the Argo CD chart repository is an https URL without spaces', () => {
    expect(argoCdErrors({ helmChartsRepoUrl: 'https://github.com/acme/charts.git' })).toEqual([]);
    for (const url of ['git+https://github.com/acme/charts', 'https://github.com/acme/charts extra']) {
      refuses(argoCdErrors({ helmChartsRepoUrl: url }), 'dev.argocd.helmChartsRepoUrl', url);
    }
  });

  test('a system node instance type is <family>.<size>, families of several characters included', () => {
    for (const instanceType of ['m5a.large', 'c6in.xlarge', 't3.medium']) {
      expect(nodeErrors({ instanceType })).toEqual([]);
    }
    for (const instanceType of ['Xm5.large', 'm5.large!']) {
      refuses(nodeErrors({ instanceType }), 'dev.cluster.systemNodeGroup.instanceType', instanceType);
    }
  });

  test('certificate and web ACL ARNs: every partition, nothing before or after', () => {
    const certificateArn = 'arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/abc-123';
    const wafAclArn = 'arn:aws-cn:wafv2:cn-north-1:123456789012:regional/webacl/edge/abc';
    expect(ingressErrors({ certificateArn, wafAclArn })).toEqual([]);
    const before = { certificateArn: `x${certificateArn}`, wafAclArn: `x${wafAclArn}` };
    refuses(ingressErrors(before), 'dev.ingress.certificateArn', before.certificateArn);
    refuses(ingressErrors(before), 'dev.ingress.wafAclArn', before.wafAclArn);
    const after = { wafAclArn: `${wafAclArn}\nmore` };
    refuses(ingressErrors(after), 'dev.ingress.wafAclArn', after.wafAclArn);
  });

  test('a readable prefix of one character is a namespace name; a bad first character fails the path rule too', () => {
    const errors = (readablePrefixes: string[]) =>
      messages(validateSecretsReadProps({ readablePrefixes }, 'dev.secrets'));
    expect(errors(['a'])).toEqual([]);
    expect(errors(['*dev'])).toEqual([
      'dev.secrets.readablePrefixes[] is "*dev": expected one path segment (no slashes or wildcards): ' +
        'the policy grants <prefix>/*',
      'dev.secrets.readablePrefixes[] is "*dev": expected a Kubernetes namespace name (lowercase letters, digits, ' +
        "hyphens): the prefix's store serves that namespace",
    ]);
  });

  test('a zone name is at most 253 characters; ingress-nginx may keep serving beside the Gateway', () => {
    const zone = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}.com`;
    expect(zone.length).toBe(256);
    refuses(
      messages(validateHostedZoneProps({ zoneName: zone }, 'dev.ingress.domain')),
      'dev.ingress.domain.zoneName',
      zone,
    );
    const serving = { controller: 'gateway-api', keepIngressNginx: 'serving' } as const;
    expect(messages(validateEdgeMode(serving, 'dev.ingress'))).toEqual([]);
  });
});
