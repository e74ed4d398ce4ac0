import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { Construct } from 'constructs';

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
}

/** One rule of an ECR lifecycle policy (https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html). */
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

export function validateEcrRepositoriesProps(props: EcrRepositoriesProps): void {
  if (props.repositories.length === 0) throw new Error('repositories must name at least one ECR repository, got []');
  const seen = new Set<string>();
  for (const name of props.repositories) {
    if (seen.has(name)) throw new Error(`repositories must be unique, got "${name}" twice`);
    seen.add(name);
  }
  if (!Number.isInteger(props.keepLastImages) || props.keepLastImages < 1) {
    throw new Error(`keepLastImages must be a whole number >= 1, got ${props.keepLastImages}`);
  }
  if (!Number.isInteger(props.untaggedExpiryDays) || props.untaggedExpiryDays < 1) {
    throw new Error(`untaggedExpiryDays must be a whole number of days >= 1, got ${props.untaggedExpiryDays}`);
  }
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
        selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: untaggedExpiryDays },
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

/** `myapp/api` -> `myapp-api`: a stable construct id derived from the name, never from a list position. */
export function repositoryConstructId(name: string): string {
  return name.replace(/[^A-Za-z0-9-]/g, '-');
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
    validateEcrRepositoriesProps(props);
    const policy = JSON.stringify(ecrLifecyclePolicy(props.keepLastImages, props.untaggedExpiryDays));
    const repositories: Record<string, EcrRepository> = {};
    for (const name of props.repositories) {
      const repoId = repositoryConstructId(name);
      const repository = new EcrRepository(this, repoId, {
        name,
        imageTagMutability: 'IMMUTABLE', // a tag always means the same image: what was scanned is what runs
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: props.kmsKeyArn }], // ForceNew: fixed before the first apply
        forceDelete: false,
        lifecycle: { preventDestroy: true },
      });
      new EcrLifecyclePolicy(this, `${repoId}-lifecycle`, { repository: repository.name, policy });
      repositories[name] = repository;
    }
    this.repositories = repositories;
  }
}
