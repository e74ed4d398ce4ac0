import type { PlatformConfig } from './types';

/**
 * The platform account and the region, and everything the environments share (an environment may have an account
 * of its own: `aws` in its file, docs/DEPLOYMENT.md "One AWS account per environment").
 * Change `aws.accountId`, `state.bucket` and `github` before the first deployment.
 */
export const platform: PlatformConfig = {
  project: 'myapp',
  aws: { accountId: '123456789012', region: 'us-east-1' },
  state: {
    bucket: 'myapp-terraform-state-123456789012',
    lockTable: 'myapp-terraform-locks',
    useLockfile: false,
    noncurrentVersionDays: 90,
    stateBackendInS3: false, // true after the first apply of state-backend: docs/DEPLOYMENT.md section 2
  },
  github: {
    owner: 'my-org',
    infraRepository: 'eks-platform',
    appRepository: 'myapp',
    subjectFormat: 'name',
    applyBranch: 'main',
  },
  ecr: {
    repositories: ['myapp/api', 'myapp/web'],
    keepLastImages: 30,
    untaggedExpiryDays: 7,
  },
  tags: { project: 'myapp', 'managed-by': 'cdktf' },
  // false if the account already has AWSServiceRoleForEC2Spot: docs/DEPLOYMENT.md section 3
  createSpotServiceLinkedRole: true,
};
