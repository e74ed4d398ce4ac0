import { blocks } from '../stack-view';
import type { PolicyRule, Verdict, Violation } from '../types';
import { pass } from '../verdict';
import { WORLD_CIDRS } from '../util';

/** Check 27: no default VPC, no NAT instance for the default route, every EIP used by a NAT gateway. */
export const vpcNoDefaultOrNatInstance: PolicyRule = {
  name: 'vpc-no-default-or-nat-instance',
  ruleId: 'CKV_AWS_148|AVD-AWS-0101|CKV2_AWS_35|CKV2_AWS_19',
  priority: 'P2',
  description: 'No default VPC, no NAT instance, no unattached EIP',
  check: view => [
    ...view
      .all('aws_default_vpc')
      .map((v): Violation => ({ address: v.address, path: '', message: 'do not use the default VPC' })),
    ...[
      ...view.all('aws_route').map(r => ({ address: r.address, path: '', route: r.body })),
      ...view
        .all('aws_route_table')
        .flatMap(t => blocks(t.body.route).map((route, i) => ({ address: t.address, path: `route[${i}]`, route }))),
    ].map(({ address, path, route }): Verdict => {
      const destination = String(route.destination_cidr_block ?? route.cidr_block);
      return route.instance_id !== undefined && WORLD_CIDRS.includes(destination)
        ? {
            address,
            path: path ? `${path}.instance_id` : 'instance_id',
            message: 'route the default route through a NAT gateway, not an instance',
          }
        : pass(address);
    }),
    ...view
      .all('aws_eip')
      .map((e): Verdict =>
        view.children('aws_nat_gateway', 'allocation_id', e.address).length === 0 &&
        e.body.instance === undefined &&
        view.children('aws_eip_association', 'allocation_id', e.address).length === 0
          ? { address: e.address, path: '', message: 'release the unused EIP (or attach it to the NAT gateway)' }
          : pass(e),
      ),
  ],
};
