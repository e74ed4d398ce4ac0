import type { PolicyRule } from '../types';

/** Check 39 (tags): tags are immutable (absent = MUTABLE; IMMUTABLE_WITH_EXCLUSION is not recognised by the scanners). */
export const ecrImmutableTags: PolicyRule = {
  name: 'ecr-immutable-tags',
  ruleId: 'CKV_AWS_51|AVD-AWS-0031',
  priority: 'P0',
  appliesTo: ['aws_ecr_repository'],
  description: 'ECR repositories have immutable tags',
  check: view =>
    view
      .all('aws_ecr_repository')
      .filter(r => r.body.image_tag_mutability !== 'IMMUTABLE')
      .map(r => ({ address: r.address, path: 'image_tag_mutability', message: 'set image_tag_mutability = "IMMUTABLE"' })),
};
