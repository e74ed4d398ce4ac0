import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { readRemoteState } from '../backend/remote-state';
import type { PlatformConfig } from '../environments/types';

/**
 * The typed outputs one layer publishes and the next layer reads through remote state. Each field is a
 * Terraform output named after it in snake_case; `read` returns tokens of the same shape.
 */
type FieldKind = 'string' | 'list';
type ContractShape = Readonly<Record<string, FieldKind>>;
export type ContractValues<S extends ContractShape> = {
  readonly [K in keyof S]: S[K] extends 'list' ? string[] : string;
};

export function outputName(field: string): string {
  return field.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`);
}

export class LayerContract<S extends ContractShape> {
  constructor(
    /** The layer that publishes the contract, e.g. `vpc`. */
    public readonly layer: string,
    public readonly shape: S,
    private readonly descriptions: { readonly [K in keyof S]: string },
  ) {}

  /** Terraform output names, in declaration order. */
  get outputNames(): string[] {
    return Object.keys(this.shape).map(outputName);
  }

  publish(stack: TerraformStack, values: ContractValues<S>): void {
    for (const field of Object.keys(this.shape)) {
      new TerraformOutput(stack, outputName(field), { value: values[field], description: this.descriptions[field] });
    }
  }

  /** Reads the contract from the state at `statePath` (e.g. `dev/vpc`). */
  read(scope: Construct, platform: PlatformConfig, statePath: string): ContractValues<S> {
    const state = readRemoteState(scope, `${this.layer}-state`, platform, statePath);
    const values: Record<string, string | string[]> = {};
    for (const [field, kind] of Object.entries(this.shape)) {
      values[field] = kind === 'list' ? state.getList(outputName(field)) : state.getString(outputName(field));
    }
    return values as ContractValues<S>;
  }
}

/** What the vpc layer gives the eks layer. */
export const VPC_CONTRACT = new LayerContract(
  'vpc',
  { vpcId: 'string', vpcCidr: 'string', privateSubnetIds: 'list', publicSubnetIds: 'list' },
  {
    vpcId: 'VPC id',
    vpcCidr: 'VPC IPv4 CIDR',
    privateSubnetIds: 'Private subnet ids, one per AZ (nodes, control-plane ENIs)',
    publicSubnetIds: 'Public subnet ids, one per AZ (ALB, NAT gateway)',
  },
);
export type VpcOutputs = ContractValues<typeof VPC_CONTRACT.shape>;

/** What the eks layer gives the addons layer. */
export const EKS_CONTRACT = new LayerContract(
  'eks',
  {
    clusterName: 'string',
    clusterArn: 'string',
    clusterEndpoint: 'string',
    clusterCertificateAuthorityData: 'string',
    clusterSecurityGroupId: 'string',
    nodeSecurityGroupId: 'string',
    podIdentityAgentVersion: 'string',
    vpcId: 'string',
    privateSubnetIds: 'list',
    kmsKeyArn: 'string',
  },
  {
    clusterName: 'EKS cluster name',
    clusterArn: 'EKS cluster ARN',
    clusterEndpoint: 'Kubernetes API endpoint',
    clusterCertificateAuthorityData: 'Base64 cluster CA certificate',
    clusterSecurityGroupId: 'Security group EKS created for the control plane and managed nodes',
    nodeSecurityGroupId: 'Security group of every node (system and Karpenter), tagged for Karpenter discovery',
    podIdentityAgentVersion:
      'Installed eks-pod-identity-agent add-on version: Pod Identity associations work once it is set',
    vpcId: 'VPC id (passed on from the vpc layer)',
    privateSubnetIds: 'Private subnet ids (passed on from the vpc layer)',
    kmsKeyArn: 'KMS key for secrets envelope encryption and control-plane logs',
  },
);
export type EksOutputs = ContractValues<typeof EKS_CONTRACT.shape>;
