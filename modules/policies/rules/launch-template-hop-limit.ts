import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { first } from '../util';

/**
 * Check 11: hop limit 1, so pods cannot reach the node's IMDS credentials. Explicit: AL2023 AMIs default to 2 when
 * the launch template leaves it out.
 */
export const launchTemplateHopLimit: PolicyRule = {
  name: 'launch-template-hop-limit',
  ruleId: 'CKV_AWS_341',
  priority: 'P0',
  description: 'Launch templates set the IMDS hop limit to 1',
  check: view =>
    view.all('aws_launch_template').map(lt =>
      Number(first(lt.body.metadata_options).http_put_response_hop_limit) !== 1
        ? {
            address: lt.address,
            path: 'metadata_options[0].http_put_response_hop_limit',
            message: 'set http_put_response_hop_limit = 1 (pods use Pod Identity, not the node role)',
          }
        : pass(lt),
    ),
};
