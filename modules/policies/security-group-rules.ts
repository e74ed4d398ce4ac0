import { blocks, StackView, strings } from './stack-view';
import type { TfBlock } from './types';

/** One ingress or egress rule, wherever it is declared (inline block or a rule resource). */
export interface SgRule {
  readonly address: string;
  readonly path: string;
  readonly direction: 'ingress' | 'egress';
  readonly cidrs: readonly string[];
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly description?: unknown;
  /** The security group it belongs to (expression or address). */
  readonly group: unknown;
}

function port(v: unknown): number | undefined {
  return v === undefined || v === null || v === '' ? undefined : Number(v);
}

/** The names of a rule's CIDR lists and protocol: inline blocks and `aws_security_group_rule`, or the VPC rules. */
const CLASSIC_NAMES = { ipv4: 'cidr_blocks', ipv6: 'ipv6_cidr_blocks', protocol: 'protocol' };
const VPC_RULE_NAMES = { ipv4: 'cidr_ipv4', ipv6: 'cidr_ipv6', protocol: 'ip_protocol' };

/** A rule declared in `body`, at `address` and `path`, of `group`; its fields go by `names`. */
function readRule(
  body: TfBlock,
  where: Pick<SgRule, 'address' | 'path' | 'direction' | 'group'>,
  names: typeof CLASSIC_NAMES,
): SgRule {
  return {
    address: where.address,
    path: where.path,
    direction: where.direction,
    cidrs: [...strings(body[names.ipv4]), ...strings(body[names.ipv6])],
    protocol: String(body[names.protocol] ?? '-1'),
    fromPort: port(body.from_port),
    toPort: port(body.to_port),
    description: body.description,
    group: where.group,
  };
}

/**
 * Every SG rule of the stack: inline `ingress`/`egress`, `aws_security_group_rule`,
 * `aws_vpc_security_group_*_rule`.
 */
export function securityGroupRules(view: StackView): SgRule[] {
  const out: SgRule[] = [];
  for (const sg of view.all('aws_security_group')) {
    for (const direction of ['ingress', 'egress'] as const) {
      blocks(sg.body[direction]).forEach((r, i) =>
        out.push(
          readRule(
            r,
            { address: sg.address, path: `${direction}[${i}]`, direction, group: `\${${sg.address}.id}` },
            CLASSIC_NAMES,
          ),
        ),
      );
    }
  }
  for (const r of view.all('aws_security_group_rule')) {
    const direction = r.body.type === 'egress' ? 'egress' : 'ingress';
    out.push(
      readRule(r.body, { address: r.address, path: '', direction, group: r.body.security_group_id }, CLASSIC_NAMES),
    );
  }
  for (const direction of ['ingress', 'egress'] as const) {
    for (const r of view.all(`aws_vpc_security_group_${direction}_rule`)) {
      out.push(
        readRule(r.body, { address: r.address, path: '', direction, group: r.body.security_group_id }, VPC_RULE_NAMES),
      );
    }
  }
  return out;
}

/** Protocol `-1`/`all` or a 0-65535 range: every port. */
export function allPorts(r: SgRule): boolean {
  if (r.protocol === '-1' || r.protocol.toLowerCase() === 'all') return true;
  return (r.fromPort ?? 0) <= 0 && (r.toPort ?? 65535) >= 65535;
}
