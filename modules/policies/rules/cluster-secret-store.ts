import { isObject } from '../stack-view';
import type { PolicyRule, Verdict, Violation } from '../types';
import { judge } from '../verdict';

/** External Secrets stores use Secrets Manager through Pod Identity: no static keys (`auth.secretRef`). */
export const clusterSecretStore: PolicyRule = {
  name: 'cluster-secret-store',
  ruleId: 'CIS-4.4.2|BPG-external-secrets',
  priority: 'P1',
  description: 'ClusterSecretStores use Secrets Manager without static credentials',
  check: view =>
    view.objects
      .filter(o => o.object.kind === 'ClusterSecretStore' || o.object.kind === 'SecretStore')
      .flatMap(({ object }): Verdict[] => {
        const address = `${object.kind}.${object.metadata.name}`;
        const spec = isObject(object.spec) ? object.spec : {};
        const provider = isObject(spec.provider) ? spec.provider : {};
        const aws = isObject(provider.aws) ? provider.aws : undefined;
        if (aws === undefined)
          return [{ address, path: 'spec.provider.aws', message: 'use the aws provider (Secrets Manager)' }];
        const out: Violation[] = [];
        if (aws.service !== 'SecretsManager')
          out.push({ address, path: 'spec.provider.aws.service', message: 'set service: SecretsManager' });
        const auth = isObject(aws.auth) ? aws.auth : {};
        if (auth.secretRef !== undefined)
          out.push({
            address,
            path: 'spec.provider.aws.auth.secretRef',
            message: 'remove static keys: the controller authenticates with Pod Identity',
          });
        return judge(address, out);
      }),
};
