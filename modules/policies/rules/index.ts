import type { PolicyRule, RulePack } from '../types';
import { clusterSecretStore } from './cluster-secret-store';
import { cniOffNodeRole } from './cni-off-node-role';
import { dynamodbCmk } from './dynamodb-cmk';
import { dynamodbPitr } from './dynamodb-pitr';
import { ecrImmutableTags } from './ecr-immutable-tags';
import { ecrKmsCmk } from './ecr-kms-cmk';
import { ecrLifecyclePolicy } from './ecr-lifecycle-policy';
import { ecrScanOnPush } from './ecr-scan-on-push';
import { eksAccessEntriesOnly } from './eks-access-entries-only';
import { eksAdminAccessAllowlisted } from './eks-admin-access-allowlisted';
import { eksControlPlaneLogging } from './eks-control-plane-logging';
import { eksLogGroup } from './eks-log-group';
import { eksNoCreatorAdmin } from './eks-no-creator-admin';
import { eksPrivateEndpoint } from './eks-private-endpoint';
import { eksPrivateSubnets } from './eks-private-subnets';
import { eksPublicAccessCidrs } from './eks-public-access-cidrs';
import { eksPublicEndpoint } from './eks-public-endpoint';
import { eksSecretsEncryption } from './eks-secrets-encryption';
import { edgeListenerTls } from './edge-listener-tls';
import { eksSupportedVersion } from './eks-supported-version';
import { esoSecretScoping } from './eso-secret-scoping';
import { eventbridgeInterruptionTargets } from './eventbridge-interruption-targets';
import { externalDnsOneZone } from './external-dns-one-zone';
import { externalSecretKeys } from './external-secret-keys';
import { gatewayAllowedRoutes } from './gateway-allowed-routes';
import { helmChartSettings } from './helm-chart-settings';
import { helmReleasePinned } from './helm-release-pinned';
import { helmValuesNoCredentials } from './helm-values-no-credentials';
import { iamActionExists } from './iam-action-exists';
import { iamNoAdminActions } from './iam-no-admin-actions';
import { iamNoUsers } from './iam-no-users';
import { iamOidcRoleBounded } from './iam-oidc-role-bounded';
import { iamOidcTrustScoped } from './iam-oidc-trust-scoped';
import { iamPassRolePinned } from './iam-passrole-pinned';
import { iamResourceWildcard } from './iam-resource-wildcard';
import { iamTrustNotOpen } from './iam-trust-not-open';
import { karpenterNodeClass } from './karpenter-node-class';
import { kmsKeyHardening } from './kms-key-hardening';
import { launchTemplateEncryptedVolumes } from './launch-template-encrypted-volumes';
import { launchTemplateHopLimit } from './launch-template-hop-limit';
import { launchTemplateImdsv2 } from './launch-template-imdsv2';
import { launchTemplateUserDataSecrets } from './launch-template-user-data-secrets';
import { logGroupHardening } from './log-group-hardening';
import { nodeGroupLaunchTemplate } from './node-group-launch-template';
import { nodeNoSsh } from './node-no-ssh';
import { nodeRoleLeastPrivilege } from './node-role-least-privilege';
import { nodesPrivate } from './nodes-private';
import { podIdentityTrust } from './pod-identity-trust';
import { policyDocumentReadable } from './policy-document-readable';
import { resourcePolicyNotPublic } from './resource-policy-not-public';
import { s3BucketCmk } from './s3-bucket-cmk';
import { s3BucketVersioning } from './s3-bucket-versioning';
import { s3PublicAccessBlock } from './s3-public-access-block';
import { s3TlsOnly } from './s3-tls-only';
import { secretsManagerCmk } from './secrets-manager-cmk';
import { secretsManagerNoLiteral } from './secrets-manager-no-literal';
import { secretsManagerRotation } from './secrets-manager-rotation';
import { sgAttached } from './sg-attached';
import { sgDescriptions } from './sg-descriptions';
import { sgNoWorldIngress } from './sg-no-world-ingress';
import { sgWorldEgress } from './sg-world-egress';
import { sqsEncryption } from './sqs-encryption';
import { sqsQueuePolicy } from './sqs-queue-policy';
import { subnetNoPublicIp } from './subnet-no-public-ip';
import { vpcCniNetworkPolicy } from './vpc-cni-network-policy';
import { vpcDefaultSgLocked } from './vpc-default-sg-locked';
import { vpcFlowLogs } from './vpc-flow-logs';
import { vpcNoDefaultOrNatInstance } from './vpc-no-default-or-nat-instance';

/**
 * The ids of the scanners and benchmarks a rule can stand for: checkov (`CKV_`, `CKV2_`), trivy (`AVD-`), the CIS
 * benchmarks (`CIS-`) and AWS Foundational Security Best Practices (`FSBP-`). Every other id (`BPG-`, `HELM-`,
 * `CI-BOUNDARY`, ...) names an invariant of this platform.
 */
const SCANNER_ID = /^(CKV2?_|AVD-|CIS-|FSBP-)/;

/** Whether a rule mirrors a scanner check: one of its ids is a scanner or benchmark id (the scanner pack). */
export function mirrorsScanner(rule: PolicyRule): boolean {
  return rule.ruleId.split('|').some(id => SCANNER_ID.test(id));
}

/** The rules with at least one scanner or benchmark id: what checkov, trivy, CIS or FSBP would also report. */
export const SCANNER_PACK: RulePack = {
  name: 'scanner',
  description: 'Checks that mirror checkov, trivy, CIS and FSBP ids, run on the synthesized JSON',
  rules: [
    clusterSecretStore,
    dynamodbCmk,
    dynamodbPitr,
    ecrImmutableTags,
    ecrKmsCmk,
    ecrScanOnPush,
    eksAccessEntriesOnly,
    eksAdminAccessAllowlisted,
    eksControlPlaneLogging,
    eksLogGroup,
    eksPrivateEndpoint,
    eksPrivateSubnets,
    eksPublicAccessCidrs,
    eksPublicEndpoint,
    eksSecretsEncryption,
    edgeListenerTls,
    eksSupportedVersion,
    esoSecretScoping,
    externalDnsOneZone,
    gatewayAllowedRoutes,
    helmValuesNoCredentials,
    iamNoAdminActions,
    iamNoUsers,
    iamOidcTrustScoped,
    iamPassRolePinned,
    iamResourceWildcard,
    iamTrustNotOpen,
    karpenterNodeClass,
    kmsKeyHardening,
    launchTemplateHopLimit,
    launchTemplateImdsv2,
    launchTemplateUserDataSecrets,
    logGroupHardening,
    nodeGroupLaunchTemplate,
    nodeNoSsh,
    nodeRoleLeastPrivilege,
    nodesPrivate,
    podIdentityTrust,
    resourcePolicyNotPublic,
    s3BucketCmk,
    s3BucketVersioning,
    s3PublicAccessBlock,
    s3TlsOnly,
    secretsManagerCmk,
    secretsManagerNoLiteral,
    secretsManagerRotation,
    sgAttached,
    sgDescriptions,
    sgNoWorldIngress,
    sgWorldEgress,
    sqsEncryption,
    sqsQueuePolicy,
    subnetNoPublicIp,
    vpcCniNetworkPolicy,
    vpcDefaultSgLocked,
    vpcFlowLogs,
    vpcNoDefaultOrNatInstance,
  ],
};

/** The rules no scanner has: the platform's own invariants (EKS best practices, Helm, IAM data, CI boundaries). */
export const PLATFORM_PACK: RulePack = {
  name: 'platform',
  description: "The platform's own invariants, which no scanner checks",
  rules: [
    cniOffNodeRole,
    ecrLifecyclePolicy,
    eksNoCreatorAdmin,
    eventbridgeInterruptionTargets,
    externalSecretKeys,
    helmChartSettings,
    helmReleasePinned,
    iamActionExists,
    iamOidcRoleBounded,
    launchTemplateEncryptedVolumes,
    policyDocumentReadable,
  ],
};

export const PACKS: readonly RulePack[] = [SCANNER_PACK, PLATFORM_PACK];

/** Every policy rule, one per file (cdk-nag style): both packs. */
export const RULES: readonly PolicyRule[] = PACKS.flatMap(p => p.rules);
