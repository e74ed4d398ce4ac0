/**
 * Amazon EKS support windows per Kubernetes minor version (decision 8 of the design).
 * Standard support lasts 14 months from the EKS release, extended support 12 more; past the end of extended
 * support EKS no longer creates clusters of that version.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html (checked 2026-11-26)
 */
export interface KubernetesVersionSupport {
  readonly version: string;
  /** Last day of standard support (ISO date). */
  readonly endOfStandardSupport: string;
  /** Last day of extended support (ISO date); EKS creates no cluster of this version after it. */
  readonly endOfExtendedSupport: string;
}

export const KUBERNETES_VERSIONS: readonly KubernetesVersionSupport[] = [
  { version: '1.29', endOfStandardSupport: '2025-03-23', endOfExtendedSupport: '2026-03-23' },
  { version: '1.30', endOfStandardSupport: '2025-07-23', endOfExtendedSupport: '2026-07-23' },
  { version: '1.31', endOfStandardSupport: '2025-11-26', endOfExtendedSupport: '2026-11-26' },
  { version: '1.32', endOfStandardSupport: '2026-03-23', endOfExtendedSupport: '2027-03-23' },
  { version: '1.33', endOfStandardSupport: '2026-07-29', endOfExtendedSupport: '2027-07-29' },
  { version: '1.34', endOfStandardSupport: '2026-12-02', endOfExtendedSupport: '2027-12-02' },
  { version: '1.35', endOfStandardSupport: '2027-03-27', endOfExtendedSupport: '2028-03-27' },
  { version: '1.36', endOfStandardSupport: '2027-08-02', endOfExtendedSupport: '2028-08-02' },
];

export type SupportPhase = 'standard' | 'extended' | 'ended';

/** Where a version stands on `today`: a date is inside a window up to and including its last day. */
export function supportPhase(entry: KubernetesVersionSupport, today: Date): SupportPhase {
  const day = today.toISOString().slice(0, 10);
  if (day <= entry.endOfStandardSupport) return 'standard';
  if (day <= entry.endOfExtendedSupport) return 'extended';
  return 'ended';
}

export function findKubernetesVersion(version: string): KubernetesVersionSupport | undefined {
  return KUBERNETES_VERSIONS.find(v => v.version === version);
}
