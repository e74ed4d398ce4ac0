import type { PolicyRule, Verdict, Violation } from '../types';
import { judge, pass } from '../verdict';
import { blocks } from '../stack-view';
import { isTrue, subnetsArePrivate } from '../util';

/** Check 14: nodes live in private subnets and get no public IP. */
export const nodesPrivate: PolicyRule = {
  name: 'nodes-private',
  ruleId: 'CIS-5.4.3|CKV_AWS_88',
  priority: 'P0',
  description: 'Nodes run in private subnets without public IPs',
  check: view => [
    ...view
      .all('aws_eks_node_group')
      .map((ng): Verdict =>
        !subnetsArePrivate(view, ng.body.subnet_ids)
          ? { address: ng.address, path: 'subnet_ids', message: "use the vpc layer's private_subnet_ids" }
          : pass(ng),
      ),
    ...view.all('aws_launch_template').flatMap(lt =>
      judge(
        lt,
        blocks(lt.body.network_interfaces).flatMap((ni, i): Violation[] =>
          isTrue(ni.associate_public_ip_address)
            ? [
                {
                  address: lt.address,
                  path: `network_interfaces[${i}].associate_public_ip_address`,
                  message: 'remove associate_public_ip_address (nodes egress through NAT)',
                },
              ]
            : [],
        ),
      ),
    ),
  ],
};
