import type { PolicyRule, Verdict, Violation } from '../types';
import { judge } from '../verdict';
import { blocks } from '../stack-view';
import { first, isTrue } from '../util';

/** Check 13: every EBS volume of a launch template is encrypted (no scanner covers launch templates). */
export const launchTemplateEncryptedVolumes: PolicyRule = {
  name: 'launch-template-encrypted-volumes',
  ruleId: 'BPG-encrypt-data-at-rest',
  priority: 'P0',
  description: 'Launch template EBS volumes are encrypted',
  check: view =>
    view.all('aws_launch_template').flatMap((lt): Verdict[] => {
      const mappings = blocks(lt.body.block_device_mappings);
      if (mappings.length === 0) {
        return [
          {
            address: lt.address,
            path: 'block_device_mappings',
            message: 'declare the root volume with ebs { encrypted = "true" } (the AMI default is not encrypted)',
          },
        ];
      }
      return judge(
        lt,
        mappings.flatMap((m, i): Violation[] =>
          isTrue(first(m.ebs).encrypted)
            ? []
            : [
                {
                  address: lt.address,
                  path: `block_device_mappings[${i}].ebs[0].encrypted`,
                  message: 'set ebs { encrypted = "true" }',
                },
              ],
        ),
      );
    }),
};
