import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { first, isTrue } from '../util';

/** Check 39 (scanning): images are scanned on push. */
export const ecrScanOnPush: PolicyRule = {
  name: 'ecr-scan-on-push',
  ruleId: 'CKV_AWS_163|AVD-AWS-0030|CIS-5.1.1',
  priority: 'P0',
  description: 'ECR repositories scan images on push',
  check: view =>
    view.all('aws_ecr_repository').map(r =>
      !isTrue(first(r.body.image_scanning_configuration).scan_on_push)
        ? {
            address: r.address,
            path: 'image_scanning_configuration[0].scan_on_push',
            message: 'set image_scanning_configuration { scan_on_push = true }',
          }
        : pass(r),
    ),
};
