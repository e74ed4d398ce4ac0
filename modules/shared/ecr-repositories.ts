import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcrRepositoryPolicy } from '@cdktf/provider-aws/lib/ecr-repository-policy';
import { Construct } from 'constructs';
import { arn } from '../iam/arn';
import { awsPartition } from '../iam/partition';
import { policyDocument, renderPolicy } from '../iam/render';
import type { PolicyDocument } from '../iam/statement';
import { nameConstructId } from '../naming';
import { refuseInvalidProps } from '../config-errors';
import { validateEcrRepositoriesProps } from './validation';

/** Properties for {@link EcrRepositories}. */
export interface EcrRepositoriesProps {
  /** Repository names, e.g. `myapp/api`. */
  readonly repositories: readonly string[];
  /** Images each repository keeps (the newest); older ones expire. */
  readonly keepLastImages: number;
  /** Days after which untagged images expire. */
  readonly untaggedExpiryDays: number;
  /** ARN of the CMK that encrypts the images. */
  readonly kmsKeyArn: string;
  /** The platform region: its partition is the pulling accounts' ARNs'. */
  readonly region: string;
  /**
   * Roles of other accounts that pull (the node roles of environments in their own accounts), by account.
   * @default - none: the platform account's roles pull through their identity policies alone
   */
  readonly crossAccountPullers?: readonly CrossAccountPuller[];
}

/** The roles of one other account that may pull the images. */
export interface CrossAccountPuller {
  readonly accountId: string;
  readonly roleArns: readonly string[];
}

/** What a node pulls an image with (AmazonEC2ContainerRegistryPullOnly's repository actions). */
export const ECR_PULL_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];

/**
 * The repository policy of a cross-account pull: across accounts IAM needs an Allow in the puller's identity policy
 * AND in the repository policy (IAM user guide, "Cross-account policy evaluation logic"). The account is the
 * principal and `aws:PrincipalArn` names the roles, so the policy is valid before the roles exist (a role ARN as
 * principal must exist when the policy is written). The images' CMK needs no grant for the puller: ECR decrypts
 * through the grant it holds on the key (ECR user guide, "Encryption at rest").
 */
export function crossAccountPullPolicy(pullers: readonly CrossAccountPuller[], region: string): PolicyDocument {
  const partition = awsPartition(region);
  return policyDocument(
    pullers.map(p => ({
      Sid: `PullFrom${p.accountId}`,
      Effect: 'Allow',
      Principal: { AWS: arn({ service: 'iam', account: p.accountId, resource: 'root' }, partition) },
      Action: ECR_PULL_ACTIONS,
      Condition: { ArnEquals: { 'aws:PrincipalArn': [...p.roleArns] } },
    })),
  );
}

/**
 * One rule of an ECR lifecycle policy
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html).
 */
export interface EcrLifecycleRule {
  readonly rulePriority: number;
  readonly description: string;
  readonly selection: {
    readonly tagStatus: 'untagged' | 'any';
    readonly countType: 'sinceImagePushed' | 'imageCountMoreThan';
    readonly countUnit?: 'days';
    readonly countNumber: number;
  };
  readonly action: { readonly type: 'expire' };
}

/**
 * The lifecycle policy: untagged images expire after `untaggedExpiryDays`, and only the newest `keepLastImages`
 * images are kept. ECR requires the `any` rule to have the highest rulePriority number, so it comes last.
 */
export function ecrLifecyclePolicy(keepLastImages: number, untaggedExpiryDays: number): { rules: EcrLifecycleRule[] } {
  return {
    rules: [
      {
        rulePriority: 1,
        description: `Expire untagged images after ${untaggedExpiryDays} days`,
        selection: {
          tagStatus: 'untagged',
          countType: 'sinceImagePushed',
          countUnit: 'days',
          countNumber: untaggedExpiryDays,
        },
        action: { type: 'expire' },
      },
      {
        rulePriority: 2,
        description: `Keep the last ${keepLastImages} images`,
        selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: keepLastImages },
        action: { type: 'expire' },
      },
    ],
  };
}

/**
 * ECR repositories hardened as the scanners ask (scan on push, immutable tags, KMS with a CMK) with a lifecycle
 * policy each. `prevent_destroy` and no `force_delete`: deleting a repository deletes every image in it.
 */
export class EcrRepositories extends Construct {
  /** Repositories by name. */
  public readonly repositories: Readonly<Record<string, EcrRepository>>;

  constructor(scope: Construct, id: string, props: EcrRepositoriesProps) {
    super(scope, id);
    refuseInvalidProps(this, at => validateEcrRepositoriesProps(props, at));
    const policy = JSON.stringify(ecrLifecyclePolicy(props.keepLastImages, props.untaggedExpiryDays));
    const repositories: Record<string, EcrRepository> = {};
    for (const name of props.repositories) {
      const repoId = nameConstructId(name);
      const repository = new EcrRepository(this, repoId, {
        name,
        imageTagMutability: 'IMMUTABLE', // a tag always means the same image: what was scanned is what runs
        imageScanningConfiguration: { scanOnPush: true },
        // ForceNew: fixed before the first apply
        encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: props.kmsKeyArn }],
        forceDelete: false,
        lifecycle: { preventDestroy: true },
      });
      new EcrLifecyclePolicy(this, `${repoId}-lifecycle`, { repository: repository.name, policy });
      if (props.crossAccountPullers !== undefined && props.crossAccountPullers.length > 0) {
        new EcrRepositoryPolicy(this, `${repoId}-cross-account-pull`, {
          repository: repository.name,
          policy: renderPolicy(crossAccountPullPolicy(props.crossAccountPullers, props.region)),
        });
      }
      repositories[name] = repository;
    }
    this.repositories = repositories;
  }
}
