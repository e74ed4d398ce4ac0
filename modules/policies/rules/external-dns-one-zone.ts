import { policyDocuments, statementGrants, statementPath } from '../iam';
import { strings } from '../stack-view';
import type { PolicyRule, Verdict } from '../types';
import { pass } from '../verdict';
import { releaseValues, roleDocuments, serviceAccountRoles } from '../util';

/** Route 53 actions that change records: only on the environment's one zone. */
const WRITE_ACTIONS = ['route53:ChangeResourceRecordSets', 'route53:CreateHostedZone', 'route53:DeleteHostedZone'];
// one hosted zone, by id or by a reference to it; no wildcard
const ONE_ZONE = /^arn:aws[a-z-]*:route53:::hostedzone\/[^*?]+$/;

/**
 * external-dns changes one hosted zone: its role may change records only on `hostedzone/<id>` (one ARN, no
 * wildcard), and the chart is held to the same zone (`--zone-id-filter`, `domainFilters`) with a TXT owner per
 * cluster, so two clusters never delete each other's records.
 */
export const externalDnsOneZone: PolicyRule = {
  name: 'external-dns-one-zone',
  ruleId: 'BPG-external-dns|AVD-AWS-0057',
  priority: 'P0',
  description: 'external-dns may change only its one Route 53 zone, with a TXT owner id',
  check: view => {
    const out: Verdict[] = [];
    const docs = policyDocuments(view);
    const roles = serviceAccountRoles(view).filter(b => b.serviceAccount.startsWith('external-dns/'));
    for (const doc of [...new Set(roles.flatMap(b => roleDocuments(view, b.role, docs)))]) {
      out.push(pass(doc));
      doc.statements?.forEach((s, i) => {
        if (s.effect !== 'Allow' || !WRITE_ACTIONS.some(a => statementGrants(s, a))) return;
        if (s.resources.length !== 1 || !ONE_ZONE.test(s.resources[0]) || s.notResources.length > 0) {
          out.push({
            address: doc.address,
            path: statementPath(doc, i, 'Resource'),
            message: `Route 53 changes on ${JSON.stringify(
              s.resources,
            )}: allow them on one arn:<partition>:route53:::hostedzone/<id> only`,
          });
        }
      });
    }
    for (const r of view.all('helm_release').filter(r => r.body.chart === 'external-dns')) {
      out.push(pass(r));
      const v = releaseValues(r.body);
      const args = strings(v.extraArgs);
      if (!args.some(a => /^--zone-id-filter=.+/.test(a))) {
        out.push({
          address: r.address,
          path: 'values.extraArgs',
          message: 'add --zone-id-filter=<zone id>: the one zone it may change',
        });
      }
      if (strings(v.domainFilters).length !== 1) {
        out.push({
          address: r.address,
          path: 'values.domainFilters',
          message: 'set domainFilters to the one zone name',
        });
      }
      if (typeof v.txtOwnerId !== 'string' || v.txtOwnerId === '' || v.registry !== 'txt') {
        out.push({
          address: r.address,
          path: 'values.txtOwnerId',
          message: 'use registry txt with a txtOwnerId per cluster',
        });
      }
    }
    return out;
  },
};
