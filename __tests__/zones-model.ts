/**
 * A small model of two AWS behaviours the network layer relies on, for tests:
 * - the `aws_availability_zones` data source (AWS provider 6.x docs): `state`, the `opt-in-status` filter and
 *   `exclude_zone_ids` drop zones; `names` keeps the region's order;
 * - EKS's subnet rule (EKS user guide network-reqs.html): control-plane subnets in use1-az3, usw1-az2 or cac1-az3
 *   are refused with UnsupportedAvailabilityZoneException.
 */

export interface AwsZone {
  readonly name: string;
  readonly zoneId: string;
  readonly state: 'available' | 'impaired';
  readonly optInStatus: 'opt-in-not-required' | 'opted-in' | 'not-opted-in';
}

/** EKS's documented list, typed here independently of the module's constant. */
const EKS_REFUSED_ZONE_IDS = new Set(['use1-az3', 'usw1-az2', 'cac1-az3']);

/** The zones the data source returns for a synthesized `aws_availability_zones` block. */
export function resolveAvailabilityZones(region: readonly AwsZone[], block: Record<string, unknown>): AwsZone[] {
  const filters = (block.filter as Array<{ name: string; values: string[] }> | undefined) ?? [];
  const excludedIds = (block.exclude_zone_ids as string[] | undefined) ?? [];
  const excludedNames = (block.exclude_names as string[] | undefined) ?? [];
  return region.filter(z => {
    if (block.state !== undefined && z.state !== block.state) return false;
    if (excludedIds.includes(z.zoneId) || excludedNames.includes(z.name)) return false;
    return filters.every(f => (f.name === 'opt-in-status' ? f.values.includes(z.optInStatus) : true));
  });
}

export function eksAcceptsSubnetZones(zones: readonly AwsZone[]): { accepted: boolean; refused: string[] } {
  const refused = zones.filter(z => EKS_REFUSED_ZONE_IDS.has(z.zoneId)).map(z => z.zoneId);
  return { accepted: refused.length === 0, refused };
}
