import { isObject } from '../stack-view';
import type { PolicyRule, Verdict, Violation } from '../types';
import { judge } from '../verdict';
import { nodeRoles } from '../util';

function list(v: unknown): Readonly<Record<string, unknown>>[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

/**
 * Karpenter EC2NodeClass objects rendered into the addons layer's local chart: IMDSv2 with hop limit 1, encrypted
 * volumes, no public IPs, private subnets (selected by the karpenter.sh/discovery tag), a role.
 */
export const karpenterNodeClass: PolicyRule = {
  name: 'karpenter-node-class',
  ruleId: 'BPG-imds|BPG-encrypt-data-at-rest|CIS-5.4.3',
  priority: 'P1',
  description: 'EC2NodeClasses require IMDSv2 (hop limit 1), encrypted volumes and private subnets',
  check: view =>
    view.objects
      .filter(o => o.object.kind === 'EC2NodeClass')
      .flatMap(({ object }): Verdict[] => {
        const address = `EC2NodeClass.${object.metadata.name}`;
        const spec = isObject(object.spec) ? object.spec : {};
        const md = isObject(spec.metadataOptions) ? spec.metadataOptions : {};
        const out: Violation[] = [];
        if (md.httpTokens !== 'required')
          out.push({ address, path: 'spec.metadataOptions.httpTokens', message: 'set httpTokens: required' });
        if (md.httpPutResponseHopLimit !== 1)
          out.push({
            address,
            path: 'spec.metadataOptions.httpPutResponseHopLimit',
            message: 'set httpPutResponseHopLimit: 1',
          });
        if (md.httpEndpoint === 'disabled')
          out.push({ address, path: 'spec.metadataOptions.httpEndpoint', message: 'keep IMDS enabled' });
        const devices = list(spec.blockDeviceMappings);
        if (devices.length === 0)
          out.push({
            address,
            path: 'spec.blockDeviceMappings',
            message: 'declare the root volume with ebs.encrypted: true',
          });
        devices.forEach((d, i) => {
          if (!isObject(d.ebs) || d.ebs.encrypted !== true)
            out.push({
              address,
              path: `spec.blockDeviceMappings[${i}].ebs.encrypted`,
              message: 'set ebs.encrypted: true',
            });
        });
        if (spec.associatePublicIPAddress === true)
          out.push({ address, path: 'spec.associatePublicIPAddress', message: 'remove associatePublicIPAddress' });
        const subnets = list(spec.subnetSelectorTerms);
        const tagged =
          subnets.length > 0 &&
          subnets.every(t => isObject(t.tags) && Object.keys(t.tags).includes('karpenter.sh/discovery'));
        if (!tagged)
          out.push({
            address,
            path: 'spec.subnetSelectorTerms',
            message: 'select subnets by the karpenter.sh/discovery tag (only private subnets carry it)',
          });
        const roles = nodeRoles(view)
          .map(r => view.literal(r.body.name))
          .filter((n): n is string => typeof n === 'string');
        if (typeof spec.role !== 'string' || spec.role === '' || (roles.length > 0 && !roles.includes(spec.role))) {
          out.push({
            address,
            path: 'spec.role',
            message: `set role to the Karpenter node role${roles.length > 0 ? ` (${roles.join(', ')})` : ''}`,
          });
        }
        return judge(address, out);
      }),
};
