import type { EnvironmentConfig } from './types';

/** Production cluster: spot with on-demand fallback; applications sync by hand. */
export const prod: EnvironmentConfig = {
  name: 'prod',
  network: { cidr: '10.1.0.0/16', azCount: 3, natGateways: 'single', flowLogRetentionDays: 90 },
  cluster: {
    name: 'myapp-prod',
    kubernetesVersion: '1.35',
    publicAccessCidrs: ['0.0.0.0/0'],
    adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'],
    logRetentionDays: 365,
    systemNodeGroup: { instanceType: 't3.medium', desiredSize: 2, minSize: 2, maxSize: 3, diskSizeGiB: 50 },
    // prod is never upgraded by surprise; it pays extended support only if it falls behind
    supportType: 'EXTENDED',
    deletionProtection: true,
  },
  karpenter: {
    instanceFamilies: ['m5', 'm6i', 'c5'],
    capacityTypes: ['spot', 'on-demand'],
    cpuLimit: 20,
    consolidateAfter: '5m',
    expireAfter: '720h',
    controllerReplicas: 2,
  },
  ingress: {
    replicas: 2,
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    nodePorts: { http: 30080, https: 30443 },
    // placeholder: replace with your public Route 53 zone (it must exist; the plan looks it up) and hostnames.
    // With a domain prod is HTTPS-only: ACM certificate validated in the zone, HTTP redirects, external-dns.
    domain: { zoneName: 'example.com', hostnames: ['myapp.example.com'] },
  },
  secrets: {
    readablePrefixes: ['production'],
    containers: ['production/myapp/database'],
  },
  argocd: {
    helmChartsRepoUrl: 'https://github.com/my-org/helm-charts.git',
    project: { name: 'prod', namespaces: ['production'] },
    applications: [
      {
        name: 'myapp-production',
        namespace: 'production',
        path: 'myapp/overlays/production',
        targetRevision: 'main',
        sync: 'manual',
      },
    ],
  },
  observability: { enabled: true, metricsRetentionDays: 15, logRetentionDays: 30 },
  tags: {},
};
