/** IPv4 CIDR arithmetic for subnet planning and validation. Pure functions, no AWS calls. */

export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns undefined when malformed or when host bits are set (`10.0.0.1/16`). */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some(o => o > 255) || prefix > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (base % 2 ** (32 - prefix) !== 0) return undefined;
  return { base, prefix };
}

export function formatCidr(cidr: Ipv4Cidr): string {
  const octets = [24, 16, 8, 0].map(shift => Math.floor(cidr.base / 2 ** shift) % 256);
  return `${octets.join('.')}/${cidr.prefix}`;
}

/** The `index`-th block of `cidr` split into blocks `newBits` longer (Terraform's `cidrsubnet`). */
export function subnetOf(cidr: Ipv4Cidr, newBits: number, index: number): Ipv4Cidr {
  const prefix = cidr.prefix + newBits;
  if (prefix > 32 || index < 0 || index >= 2 ** newBits) {
    throw new Error(`cannot take block ${index} of /${prefix} inside ${formatCidr(cidr)}`);
  }
  return { base: cidr.base + index * 2 ** (32 - prefix), prefix };
}

export function cidrSize(cidr: Ipv4Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.base < b.base + cidrSize(b) && b.base < a.base + cidrSize(a);
}

export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner.base >= outer.base && inner.base + cidrSize(inner) <= outer.base + cidrSize(outer);
}

/** Private subnets take blocks 0..n-1 of /prefix+3 (the lower half); public ones blocks 16.. of /prefix+5. */
export const PRIVATE_SUBNET_NEW_BITS = 3;
export const PUBLIC_SUBNET_NEW_BITS = 5;
const PUBLIC_SUBNET_FIRST_INDEX = 16;

export interface SubnetPlan {
  readonly public: readonly string[];
  readonly private: readonly string[];
}

/**
 * Splits a VPC CIDR into one public and one private subnet per AZ. Private subnets are 4x larger: nodes and
 * (with prefix delegation) pods take their addresses from them; public subnets only hold the ALB and NAT gateway.
 */
export function planSubnets(vpcCidr: string, azCount: number): SubnetPlan {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new Error(`not an IPv4 CIDR: ${vpcCidr}`);
  const zones = Array.from({ length: azCount }, (_, i) => i);
  return {
    private: zones.map(i => formatCidr(subnetOf(vpc, PRIVATE_SUBNET_NEW_BITS, i))),
    public: zones.map(i => formatCidr(subnetOf(vpc, PUBLIC_SUBNET_NEW_BITS, PUBLIC_SUBNET_FIRST_INDEX + i))),
  };
}
