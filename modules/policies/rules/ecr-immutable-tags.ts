import type { PolicyRule } from '../types';
import { pass } from '../verdict';

/**
 * Check 39 (tags): tags are immutable (absent = MUTABLE; IMMUTABLE_WITH_EXCLUSION is not recognised by the
 * scanners).
 */
export const ecrImmutableTags: PolicyRule = {
  name: 'ecr-immutable-tags',
  ruleId: 'CKV_AWS_51|AVD-AWS-0031',
  priority: 'P0',
  description: 'ECR repositories have immutable tags',
  check: view =>
    view
      .all('aws_ecr_repository')
      .map(r =>
        r.body.image_tag_mutability !== 'IMMUTABLE'
          ? { address: r.address, path: 'image_tag_mutability', message: 'set image_tag_mutability = "IMMUTABLE"' }
          : pass(r),
      ),
};
