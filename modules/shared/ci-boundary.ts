import type { PlatformConfig } from '../../environments/types';
import { arn } from '../iam/arn';
import { awsPartition, globalServiceRegion } from '../iam/partition';
import { policyDocument } from '../iam/render';
import type { PolicyDocument } from '../iam/statement';
import { ciRoleNames, policyArn, roleArn, workloadBoundaryArn } from '../naming';
import {
  BOUNDARY_POLICY_CHANGE_ACTIONS,
  forbiddenAttachmentArns,
  IAM_OIDC_PROVIDER_ACTIONS,
  IAM_ROLE_ACTIONS,
  IAM_ROLE_GRANT_ACTIONS,
  SELF_CHANGE_ACTIONS,
  STATE_BACKEND_PROTECTED_ACTIONS,
  stateBackendArns,
} from './ci-policies';
import { SHARED_CI_TARGET } from './github-subjects';
import { karpenterNodeRolePattern } from './workload-boundary';

/**
 * The permissions boundary of every CI role (`<project>-ci-boundary`). The shared apply role creates the CI roles,
 * so whatever it writes into their policies, a CI role never does more than this: AWS services in the platform
 * region but no IAM administration beyond bounded roles, no Organizations or account settings, never the state
 * backend's protection, never a secret value, never a role without one of the two boundaries, never a change to
 * a boundary or to the shared apply role. Changes to this document are applied by an administrator: every CI role,
 * the shared apply role included, is denied changing it.
 */
export function ciBoundaryPolicyName(platform: PlatformConfig): string {
  return `${platform.project}-ci-boundary`;
}

export function ciBoundaryArn(platform: PlatformConfig): string {
  return policyArn(platform, ciBoundaryPolicyName(platform));
}

/** The two boundaries a CI role may put on a role it creates or changes. */
export function allowedBoundaryArns(platform: PlatformConfig): string[] {
  return [workloadBoundaryArn(platform), ciBoundaryArn(platform)];
}

/** The IAM actions CI roles may ever use (their identity policies narrow them to their own names). */
export const CI_IAM_ACTIONS: readonly string[] = [
  ...IAM_ROLE_ACTIONS,
  ...IAM_OIDC_PROVIDER_ACTIONS,
  'iam:PassRole',
  'iam:Get*',
  'iam:List*',
  'iam:CreateServiceLinkedRole',
];

/**
 * @param platform the platform as the boundary's account sees it (environmentPlatform for an environment's own account)
 * @param statePlatform the platform whose account keeps the state backend. @default platform
 */
export function ciBoundaryDocument(platform: PlatformConfig, statePlatform: PlatformConfig = platform): PolicyDocument {
  const accountId = platform.aws.accountId;
  const region = platform.aws.region;
  const iam = (resource: string) => arn({ service: 'iam', account: accountId, resource }, awsPartition(region));
  const boundaries = allowedBoundaryArns(platform);
  const signingRegions = [...new Set([region, globalServiceRegion(awsPartition(region))])];
  return policyDocument([
    {
      // the shape of PowerUserAccess, in the platform region (and the region where the partition's global services
      // sign: us-east-1 in aws)
      Sid: 'ServicesInRegion',
      Effect: 'Allow',
      NotAction: ['iam:*', 'organizations:*', 'account:*'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': signingRegions } },
    },
    { Sid: 'IamOfTheAccount', Effect: 'Allow', Action: CI_IAM_ACTIONS, Resource: iam('*') },
    {
      // the shared stack's Spot service-linked role may go when its setting is turned off; no other linked role
      // (PowerUserAccess allows deleting any of them)
      Sid: 'DeleteOnlyTheSpotServiceLinkedRole',
      Effect: 'Allow',
      Action: ['iam:DeleteServiceLinkedRole'],
      Resource: iam('role/aws-service-role/spot.amazonaws.com/*'),
    },
    {
      // absent key (no boundary in the request) makes StringNotEquals true: an unbounded CreateRole is denied
      Sid: 'NoRoleWithoutBoundary',
      Effect: 'Deny',
      Action: IAM_ROLE_GRANT_ACTIONS,
      Resource: '*',
      Condition: { StringNotEquals: { 'iam:PermissionsBoundary': boundaries } },
    },
    {
      // the workload boundary lets Karpenter pass any `*-karpenter-node` role: none of them may be a CI role
      Sid: 'NoCiBoundedNodeRoles',
      Effect: 'Deny',
      Action: IAM_ROLE_GRANT_ACTIONS,
      Resource: karpenterNodeRolePattern(platform),
      Condition: { StringEquals: { 'iam:PermissionsBoundary': ciBoundaryArn(platform) } },
    },
    { Sid: 'KeepBoundariesOnRoles', Effect: 'Deny', Action: ['iam:DeleteRolePermissionsBoundary'], Resource: '*' },
    { Sid: 'KeepBoundaryPolicies', Effect: 'Deny', Action: BOUNDARY_POLICY_CHANGE_ACTIONS, Resource: boundaries },
    {
      Sid: 'NoAdministratorAttachments',
      Effect: 'Deny',
      Action: ['iam:AttachRolePolicy'],
      Resource: '*',
      Condition: { ArnEquals: { 'iam:PolicyARN': forbiddenAttachmentArns(platform) } },
    },
    {
      Sid: 'KeepSharedApplyRole',
      Effect: 'Deny',
      Action: [
        ...SELF_CHANGE_ACTIONS,
        'iam:PutRolePermissionsBoundary',
        'iam:DetachRolePolicy',
        'iam:DeleteRolePolicy',
        'iam:DeleteRole',
      ],
      Resource: roleArn(platform, ciRoleNames(platform, SHARED_CI_TARGET).apply),
    },
    {
      Sid: 'StateBackendAppendOnly',
      Effect: 'Deny',
      Action: STATE_BACKEND_PROTECTED_ACTIONS,
      Resource: stateBackendArns(statePlatform),
    },
    // no plan or apply of this platform reads a secret value (containers are filled out of band)
    { Sid: 'NoSecretValues', Effect: 'Deny', Action: ['secretsmanager:GetSecretValue'], Resource: '*' },
  ]);
}
