import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { isTrue } from '../util';

/** Check 25: no subnet hands out public IPs automatically (NAT has an EIP; ALBs need none). */
export const subnetNoPublicIp: PolicyRule = {
  name: 'subnet-no-public-ip',
  ruleId: 'CKV_AWS_130|AVD-AWS-0164',
  priority: 'P1',
  description: 'Subnets do not map public IPs on launch',
  check: view =>
    view.all('aws_subnet').map(s =>
      isTrue(s.body.map_public_ip_on_launch)
        ? {
            address: s.address,
            path: 'map_public_ip_on_launch',
            message: 'remove map_public_ip_on_launch (provider default false)',
          }
        : pass(s),
    ),
};
