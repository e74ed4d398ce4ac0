import type { PolicyRule } from '../types';
import { pass } from '../verdict';

const CAPTURED = ['ALL', 'REJECT'];

/** Check 21: every VPC has a flow log capturing ALL (or REJECT) traffic. */
export const vpcFlowLogs: PolicyRule = {
  name: 'vpc-flow-logs',
  ruleId: 'CKV2_AWS_11|AVD-AWS-0178',
  priority: 'P0',
  description: 'Every VPC has flow logs',
  check: view =>
    view.all('aws_vpc').map(vpc => {
      const logs = view.children('aws_flow_log', 'vpc_id', vpc.address);
      return !logs.some(f => CAPTURED.includes(String(f.body.traffic_type)))
        ? {
            address: vpc.address,
            path: 'id',
            message: 'add an aws_flow_log with vpc_id = this VPC and traffic_type = "ALL"',
          }
        : pass(vpc);
    }),
};
