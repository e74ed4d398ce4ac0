/**
 * EKS managed add-on versions, pinned per Kubernetes minor version: the one table to edit on a cluster upgrade.
 * Pinned rather than `most_recent`, so a plan never changes an add-on by itself (terraform-aws-eks issues 3173,
 * 2413). Refresh a row with:
 *   aws eks describe-addon-versions --kubernetes-version <v> --addon-name <name> \
 *     --query 'addons[0].addonVersions[0].addonVersion' --output text
 * Nothing here is looked up at synth (synth is offline); the sources of each row are noted beside it.
 */

/** The managed add-ons the eks layer installs. */
export const MANAGED_ADDON_NAMES = [
  'vpc-cni',
  'kube-proxy',
  'eks-pod-identity-agent',
  'coredns',
  'metrics-server',
  'aws-ebs-csi-driver',
] as const;
export type ManagedAddonName = (typeof MANAGED_ADDON_NAMES)[number];

export type AddonVersions = Readonly<Record<ManagedAddonName, string>>;

export const ADDON_VERSIONS: Readonly<Record<string, AddonVersions>> = {
  // Kept only while 1.31 can still be created (its extended support ends 2026-11-26). vpc-cni, kube-proxy,
  // coredns, metrics-server: the add-ons a running public 1.31 cluster reported (2025); pod identity agent and
  // EBS CSI: the builds of the 1.33 row; neither is tied to a Kubernetes minor (UNVERIFIED for 1.31).
  '1.31': {
    'vpc-cni': 'v1.20.4-eksbuild.2',
    'kube-proxy': 'v1.31.10-eksbuild.12',
    'eks-pod-identity-agent': 'v1.3.9-eksbuild.5',
    coredns: 'v1.11.3-eksbuild.1',
    'metrics-server': 'v0.8.1-eksbuild.1',
    'aws-ebs-csi-driver': 'v1.53.0-eksbuild.1',
  },
  // Versions a public EKS 1.33 stack (Nov 2025) pinned together from describe-addon-versions.
  '1.33': {
    'vpc-cni': 'v1.20.4-eksbuild.1',
    'kube-proxy': 'v1.33.5-eksbuild.2',
    'eks-pod-identity-agent': 'v1.3.9-eksbuild.5',
    coredns: 'v1.12.3-eksbuild.1',
    'metrics-server': 'v0.8.0-eksbuild.3',
    'aws-ebs-csi-driver': 'v1.53.0-eksbuild.1',
  },
  // kube-proxy, coredns, vpc-cni: a public Terragrunt lab checked against the EKS user guide pages
  // managing-kube-proxy / managing-coredns / managing-vpc-cni for 1.35 (mid-2026); pod identity agent and
  // EBS CSI: a public CDK app's describe-addon-versions run for 1.35 (2026-05); metrics-server: listed as
  // compatible with 1.35 in a public CDK app (the 1.35 default build then was eksbuild.10).
  '1.35': {
    'vpc-cni': 'v1.22.4-eksbuild.3',
    'kube-proxy': 'v1.35.3-eksbuild.13',
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
    coredns: 'v1.14.3-eksbuild.3',
    'metrics-server': 'v0.8.1-eksbuild.10',
    'aws-ebs-csi-driver': 'v1.59.0-eksbuild.1',
  },
  // vpc-cni, kube-proxy, coredns, pod identity agent: the versions a working 1.36 cluster resolved to, recorded
  // in a public test report (2026); EBS CSI: a public 1.36 cluster configuration. metrics-server: no 1.36 record
  // was found; v0.8.1 builds are listed for every version from 1.31 to 1.35, so this is the newest seen
  // (UNVERIFIED for 1.36: check with describe-addon-versions before the first apply).
  '1.36': {
    'vpc-cni': 'v1.22.4-eksbuild.3',
    'kube-proxy': 'v1.36.0-eksbuild.21',
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
    coredns: 'v1.14.3-eksbuild.16',
    'metrics-server': 'v0.8.1-eksbuild.10',
    'aws-ebs-csi-driver': 'v1.66.0-eksbuild.1',
  },
};

export function findAddonVersions(kubernetesVersion: string): AddonVersions | undefined {
  return Object.prototype.hasOwnProperty.call(ADDON_VERSIONS, kubernetesVersion)
    ? ADDON_VERSIONS[kubernetesVersion]
    : undefined;
}

/** The pinned versions for a Kubernetes version; throws naming the version and the versions that have a row. */
export function addonVersionsFor(kubernetesVersion: string): AddonVersions {
  const versions = findAddonVersions(kubernetesVersion);
  if (!versions) {
    throw new Error(
      `kubernetesVersion is "${kubernetesVersion}": no managed add-on versions are pinned for it in ` +
        `modules/cluster/addon-versions.ts (pinned: ${Object.keys(ADDON_VERSIONS).join(', ')}); add a row first`,
    );
  }
  return versions;
}
