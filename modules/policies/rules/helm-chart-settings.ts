import { isObject } from '../stack-view';
import type { PolicyRule, Verdict, Violation } from '../types';
import { judge } from '../verdict';
import { releaseValues } from '../util';

/** Charts whose controller authenticates with Pod Identity: their service account must be the associated one. */
const POD_IDENTITY_CHARTS = ['karpenter', 'aws-load-balancer-controller', 'external-secrets'];

function at(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), obj);
}

/**
 * Chart values hop limit 1 and Pod Identity depend on: Karpenter knows its cluster and interruption queue, the
 * load balancer controller its cluster, region and VPC (no IMDS lookups), and each controller's service account is
 * the one its Pod Identity association names.
 */
export const helmChartSettings: PolicyRule = {
  name: 'helm-chart-settings',
  ruleId: 'BPG-imds|BPG-pod-identity',
  priority: 'P1',
  description: 'Controller charts set what IMDS would otherwise supply and use their Pod Identity service account',
  check: view =>
    view.all('helm_release').flatMap((r): Verdict[] => {
      const v = releaseValues(r.body);
      const required =
        r.body.chart === 'karpenter'
          ? ['settings.clusterName', 'settings.interruptionQueue']
          : r.body.chart === 'aws-load-balancer-controller'
            ? ['clusterName', 'region', 'vpcId']
            : [];
      const out: Violation[] = required
        .filter(p => typeof at(v, p) !== 'string' || at(v, p) === '')
        .map(p => ({
          address: r.address,
          path: `values.${p}`,
          message: `set ${p}: with hop limit 1 the controller cannot look it up in IMDS`,
        }));
      const queue = at(v, 'settings.interruptionQueue');
      const queues = view
        .all('aws_sqs_queue')
        .map(q => view.literal(q.body.name))
        .filter((n): n is string => typeof n === 'string');
      if (r.body.chart === 'karpenter' && typeof queue === 'string' && queues.length > 0 && !queues.includes(queue)) {
        out.push({
          address: r.address,
          path: 'values.settings.interruptionQueue',
          message: `${queue} is not the interruption queue of the stack (${queues.join(', ')})`,
        });
      }
      const sa = at(v, 'serviceAccount.name');
      // the chart's objects, its service account among them, go to `namespaceOverride` when set (the release's Helm
      // state stays in the release namespace), e.g. external-secrets' _helpers.tpl `external-secrets.namespace`
      const override = at(v, 'namespaceOverride');
      const namespace = typeof override === 'string' && override !== '' ? override : r.body.namespace;
      const associated = view
        .all('aws_eks_pod_identity_association')
        .filter(a => a.body.namespace === namespace)
        .map(a => a.body.service_account);
      if (POD_IDENTITY_CHARTS.includes(String(r.body.chart)) && !associated.includes(sa)) {
        out.push({
          address: r.address,
          path: 'values.serviceAccount.name',
          message:
            `service account ${JSON.stringify(sa)} has no Pod Identity association in ${String(namespace)} ` +
            `(associated: ${associated.join(', ') || 'none'})`,
        });
      }
      return judge(r, out);
    }),
};
