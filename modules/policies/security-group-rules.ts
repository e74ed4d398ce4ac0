import { blocks, StackView, strings } from './stack-view';

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

/**
 * Every SG rule of the stack: inline `ingress`/`egress`, `aws_security_group_rule`,
 * `aws_vpc_security_group_*_rule`.
 */
export function securityGroupRules(view: StackView): SgRule[] {
  const out: SgRule[] = [];
  for (const sg of view.all('aws_security_group')) {
    for (const direction of ['ingress', 'egress'] as const) {
      blocks(sg.body[direction]).forEach((r, i) =>
        out.push({
          address: sg.address,
          path: `${direction}[${i}]`,
          direction,
          cidrs: [...strings(r.cidr_blocks), ...strings(r.ipv6_cidr_blocks)],
          protocol: String(r.protocol ?? '-1'),
          fromPort: port(r.from_port),
          toPort: port(r.to_port),
          description: r.description,
          group: `\${${sg.address}.id}`,
        }),
      );
    }
  }
  for (const r of view.all('aws_security_group_rule')) {
    out.push({
      address: r.address,
      path: '',
      direction: r.body.type === 'egress' ? 'egress' : 'ingress',
      cidrs: [...strings(r.body.cidr_blocks), ...strings(r.body.ipv6_cidr_blocks)],
      protocol: String(r.body.protocol ?? '-1'),
      fromPort: port(r.body.from_port),
      toPort: port(r.body.to_port),
      description: r.body.description,
      group: r.body.security_group_id,
    });
  }
  for (const direction of ['ingress', 'egress'] as const) {
    for (const r of view.all(`aws_vpc_security_group_${direction}_rule`)) {
      out.push({
        address: r.address,
        path: '',
        direction,
        cidrs: [...strings(r.body.cidr_ipv4), ...strings(r.body.cidr_ipv6)],
        protocol: String(r.body.ip_protocol ?? '-1'),
        fromPort: port(r.body.from_port),
        toPort: port(r.body.to_port),
        description: r.body.description,
        group: r.body.security_group_id,
      });
    }
  }
  return out;
}

/** Protocol `-1`/`all` or a 0-65535 range: every port. */
export function allPorts(r: SgRule): boolean {
  if (r.protocol === '-1' || r.protocol.toLowerCase() === 'all') return true;
  return (r.fromPort ?? 0) <= 0 && (r.toPort ?? 65535) >= 65535;
}
