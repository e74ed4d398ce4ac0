import type { PolicyRule } from '../types';
import { pass } from '../verdict';

/** Check 39 (hygiene): every repository has a lifecycle policy, so old and untagged images expire. */
export const ecrLifecyclePolicy: PolicyRule = {
  name: 'ecr-lifecycle-policy',
  ruleId: 'BPG-ecr-lifecycle',
  priority: 'P0',
  description: 'ECR repositories have a lifecycle policy',
  check: view =>
    view.all('aws_ecr_repository').map(r =>
      view.children('aws_ecr_lifecycle_policy', 'repository', r.address).length === 0
        ? {
            address: r.address,
            path: 'name',
            message: 'add an aws_ecr_lifecycle_policy (keep the last N images, expire untagged ones)',
          }
        : pass(r),
    ),
};
