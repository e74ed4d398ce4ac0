import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import type { KarpenterConfig } from '../../environments/types';
import { HelmAddon, SystemPodRequest } from '../addons/helm-addon';
import { KubernetesObjects } from '../addons/kubernetes-objects';
import { ADDON_STATE_NAMESPACE, KARPENTER_NAMESPACE } from '../addons/namespaces';
import { systemPod } from '../addons/schedule-budget';
import { refuseInvalidProps } from '../config-errors';
import { addonIdentity, PodIdentityRole } from '../cluster/pod-identity-role';
import { NODE_ROLE_POLICIES } from '../cluster/system-node-group';
import { awsManagedPolicyArn } from '../iam/arn';
import { awsPartition } from '../iam/partition';
import { policyDocument, renderPolicy } from '../iam/render';
import { KARPENTER_CONTROLLER_POLICIES, karpenterControllerPolicies } from './controller-policies';
import { InterruptionQueue, interruptionQueueName } from './interruption-queue';
import { ec2NodeClass, NodeSelectorRequirement, nodePool } from './node-pool';
import { capacityGroups, NITRO_EXCLUDED_SIZES, NITRO_MIN_VCPUS } from './pod-density';
import { validateKarpenterProps } from './validation';

/** Keeps the Nitro pool to sizes whose ENIs serve the prefix-delegation limit (pod-density.ts). */
const NITRO_SIZE_REQUIREMENTS: readonly NodeSelectorRequirement[] = [
  { key: 'karpenter.k8s.aws/instance-size', operator: 'NotIn', values: [...NITRO_EXCLUDED_SIZES] },
  { key: 'karpenter.k8s.aws/instance-cpu', operator: 'Gt', values: [String(NITRO_MIN_VCPUS - 1)] },
];

/**
 * Karpenter chart 1.14.1 (2026-08-21): supports Kubernetes 1.35 (needs >= 1.9) and 1.36 (needs >= 1.13). The CRDs come
 * from the `karpenter-crd` chart of the same version, so `helm upgrade` upgrades them (Helm never upgrades `crds/`).
 * @see https://github.com/aws/karpenter-provider-aws/blob/v1.14.1/charts/karpenter/values.yaml
 */
export const KARPENTER_CHART = {
  repository: 'oci://public.ecr.aws/karpenter',
  chart: 'karpenter',
  version: '1.14.1',
} as const;
export const KARPENTER_CRD_CHART = { ...KARPENTER_CHART, chart: 'karpenter-crd' } as const;
export { KARPENTER_NAMESPACE };
export const KARPENTER_SERVICE_ACCOUNT = 'karpenter';

/**
 * Requests per controller pod. Upstream's example asks 1 CPU / 1 GiB, which two t3.medium system nodes cannot
 * spare; a cluster capped at 20 vCPUs of Karpenter capacity needs far less. Memory limit = request (no overcommit).
 */
export const KARPENTER_RESOURCES = {
  requests: { cpu: '200m', memory: '512Mi' },
  limits: { cpu: '1', memory: '512Mi' },
} as const;

/** Properties for {@link Karpenter}. */
export interface KarpenterProps extends KarpenterConfig {
  readonly clusterName: string;
  readonly accountId: string;
  readonly region: string;
  readonly controllerRoleName: string;
  readonly nodeRoleName: string;
  /** ARN of the permissions boundary the role(s) carry (`workloadBoundaryArn(platform)`). */
  readonly permissionsBoundaryArn: string;
  /** Tags Karpenter puts on the instances, volumes and launch templates it creates. @default - none */
  readonly nodeTags?: Readonly<Record<string, string>>;
  /** Toleration of the system nodes' taint and the node selector of the system nodes. */
  readonly systemNodeToleration: Readonly<Record<string, string>>;
  readonly systemNodeSelector: Readonly<Record<string, string>>;
}

/**
 * Karpenter v1: controller role through Pod Identity with the upstream controller permissions, the node role and its
 * `EC2_LINUX` access entry, the interruption queue and rules, the CRD and controller releases on the system nodes,
 * and the environment's NodePool + EC2NodeClass as a local chart installed after the controller (removed before it).
 */
export class Karpenter extends Construct {
  /** The controller's role (upstream v1 policies) and its Pod Identity association. */
  public readonly controllerIdentity: PodIdentityRole;
  public readonly nodeRole: IamRole;
  public readonly nodeAccessEntry: EksAccessEntry;
  public readonly interruption: InterruptionQueue;
  public readonly crds: HelmAddon;
  public readonly controller: HelmAddon;
  /** The NodePool release: anything that needs Karpenter capacity depends on it. */
  public readonly nodePools: KubernetesObjects;
  public readonly systemPods: SystemPodRequest[];

  constructor(scope: Construct, id: string, props: KarpenterProps) {
    super(scope, id);
    refuseInvalidProps(this, at => validateKarpenterProps(props, at));
    // one NodeClass + NodePool per pod-density group: Nitro families at the prefix-delegation limit, others at ENI's
    const objects = capacityGroups(props.instanceFamilies, props.cpuLimit).flatMap(group => [
      ec2NodeClass({
        name: group.name,
        clusterName: props.clusterName,
        nodeRoleName: props.nodeRoleName,
        tags: props.nodeTags,
        maxPods: group.maxPods,
      }),
      nodePool({
        ...props,
        name: group.name,
        nodeClassName: group.name,
        instanceFamilies: group.instanceFamilies,
        cpuLimit: group.cpuLimit,
        weight: group.weight,
        extraRequirements: group.nitro ? NITRO_SIZE_REQUIREMENTS : [],
        consolidationPolicy: 'WhenEmptyOrUnderutilized',
      }),
    ]);

    this.nodeRole = new IamRole(this, 'node-role', {
      name: props.nodeRoleName,
      description: `Nodes Karpenter launches for ${props.clusterName}`,
      assumeRolePolicy: renderPolicy(
        policyDocument([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
      ),
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    // the system nodes' managed policies (join the cluster, pull images, SSM instead of SSH); no AmazonEKS_CNI_Policy:
    // the VPC CNI uses its own Pod Identity role (eks layer), not the node's credentials
    const partition = awsPartition(props.region);
    const nodeAttachments = NODE_ROLE_POLICIES.map(
      name =>
        new IamRolePolicyAttachment(this, `node-${name}`, {
          role: this.nodeRole.name,
          policyArn: awsManagedPolicyArn(name, partition),
        }),
    );
    // EC2_LINUX entries take no access policy: EKS maps them to system:nodes itself
    this.nodeAccessEntry = new EksAccessEntry(this, 'node-access-entry', {
      clusterName: props.clusterName,
      principalArn: this.nodeRole.arn,
      type: 'EC2_LINUX',
    });

    const queueName = interruptionQueueName(props.clusterName);
    this.interruption = new InterruptionQueue(this, 'interruption', { queueName, rulePrefix: props.clusterName });

    const documents = karpenterControllerPolicies({
      clusterName: props.clusterName,
      region: props.region,
      accountId: props.accountId,
      nodeRoleArn: this.nodeRole.arn,
      queueArn: this.interruption.queue.arn,
    });
    this.controllerIdentity = addonIdentity(this, 'controller-identity', props, {
      roleName: props.controllerRoleName,
      purpose: `Karpenter controller of ${props.clusterName}`,
      namespace: KARPENTER_NAMESPACE,
      serviceAccount: KARPENTER_SERVICE_ACCOUNT,
      policies: Object.fromEntries(
        KARPENTER_CONTROLLER_POLICIES.map(name => [
          name,
          {
            name: `${props.controllerRoleName}-${name}`,
            description: `Karpenter controller of ${props.clusterName}: ${name} (upstream v1 policy)`,
            document: documents[name],
          },
        ]),
      ),
    });

    this.crds = new HelmAddon(this, 'crds', {
      releaseName: 'karpenter-crd',
      ...KARPENTER_CRD_CHART,
      // CRDs only (cluster-scoped): Helm state only
      namespace: ADDON_STATE_NAMESPACE,
    });
    this.controller = new HelmAddon(this, 'controller', {
      releaseName: 'karpenter',
      ...KARPENTER_CHART,
      namespace: KARPENTER_NAMESPACE,
      values: {
        replicas: props.controllerReplicas,
        serviceAccount: { create: true, name: KARPENTER_SERVICE_ACCOUNT },
        settings: { clusterName: props.clusterName, interruptionQueue: queueName },
        // the chart already tolerates CriticalAddonsOnly and avoids Karpenter nodes; the selector pins it to the
        // system nodes
        tolerations: [props.systemNodeToleration],
        nodeSelector: { 'kubernetes.io/os': 'linux', ...props.systemNodeSelector },
        controller: {
          resources: KARPENTER_RESOURCES,
          // IMDS hop limit 1 keeps pods away from instance metadata, so the SDK cannot discover the region there
          env: [{ name: 'AWS_REGION', value: props.region }],
        },
      },
      dependsOn: [
        this.crds.release,
        ...this.controllerIdentity.ready,
        this.interruption.policy,
        ...this.interruption.targets,
      ],
      // the CRDs belong to the karpenter-crd release
      skipCrds: true,
    });

    this.nodePools = new KubernetesObjects(this, 'node-pools', {
      chartId: 'node-pool-chart',
      name: 'karpenter-nodepools',
      description: `Karpenter NodePool and EC2NodeClass of ${props.clusterName}`,
      objects,
      // NodePools and EC2NodeClasses are cluster-scoped: Helm state only
      namespace: ADDON_STATE_NAMESPACE,
      dependsOn: [this.controller.release, this.nodeAccessEntry, ...nodeAttachments],
    });

    this.systemPods = [systemPod('karpenter', props.controllerReplicas, KARPENTER_RESOURCES.requests)];
  }
}
