import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { first } from '../util';

/** Check 10: IMDSv2 only, and IMDS stays on (a missing metadata_options block allows IMDSv1). */
export const launchTemplateImdsv2: PolicyRule = {
  name: 'launch-template-imdsv2',
  ruleId: 'CKV_AWS_79|AVD-AWS-0130',
  priority: 'P0',
  description: 'Launch templates require IMDSv2 tokens',
  check: view =>
    view.all('aws_launch_template').flatMap(lt => {
      const md = first(lt.body.metadata_options);
      if (md.http_tokens !== 'required') {
        return [
          {
            address: lt.address,
            path: 'metadata_options[0].http_tokens',
            message: 'set metadata_options { http_tokens = "required" } (IMDSv1 lets any SSRF read node credentials)',
          },
        ];
      }
      return md.http_endpoint === 'disabled'
        ? [
            {
              address: lt.address,
              path: 'metadata_options[0].http_endpoint',
              message: 'keep http_endpoint = "enabled": nodes need IMDS to bootstrap (BPG: do not disable IMDS)',
            },
          ]
        : [pass(lt)];
    }),
};
