import type { EnvironmentConfig } from './types';

/** Development cluster: also hosts the staging namespace; spot-only Karpenter capacity. */
export const dev: EnvironmentConfig = {
  name: 'dev',
  network: { cidr: '10.0.0.0/16', azCount: 3, natGateways: 'single', flowLogRetentionDays: 30 },
  cluster: {
    name: 'myapp-dev',
    kubernetesVersion: '1.35',
    publicAccessCidrs: ['0.0.0.0/0'],
    adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'],
    logRetentionDays: 90,
    systemNodeGroup: { instanceType: 't3.medium', desiredSize: 2, minSize: 2, maxSize: 3, diskSizeGiB: 50 },
    // dev follows EKS's automatic upgrade rather than paying for extended support
    supportType: 'STANDARD',
    deletionProtection: false,
  },
  karpenter: {
    instanceFamilies: ['t3', 't3a', 't2'],
    capacityTypes: ['spot'],
    cpuLimit: 20,
    consolidateAfter: '1m',
    expireAfter: '720h',
    controllerReplicas: 2,
  },
  ingress: {
    replicas: 1,
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    nodePorts: { http: 30080, https: 30443 },
  },
  secrets: {
    readablePrefixes: ['dev', 'staging'],
    containers: ['dev/myapp/database', 'staging/myapp/database'],
  },
  argocd: {
    helmChartsRepoUrl: 'https://github.com/my-org/helm-charts.git',
    project: { name: 'dev', namespaces: ['dev', 'staging'] },
    applications: [
      { name: 'myapp-dev', namespace: 'dev', path: 'myapp/overlays/dev', targetRevision: 'main', sync: 'automated' },
      {
        name: 'myapp-staging',
        namespace: 'staging',
        path: 'myapp/overlays/staging',
        targetRevision: 'main',
        sync: 'automated',
      },
    ],
  },
  observability: { enabled: true, metricsRetentionDays: 7, logRetentionDays: 14 },
  tags: {},
};
