import { isObject } from '../stack-view';
import type { PolicyRule, Verdict } from '../types';
import { judge } from '../verdict';

function list(v: unknown): Readonly<Record<string, unknown>>[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

/** The Secrets Manager names an ExternalSecret reads: `spec.data[].remoteRef.key` and `spec.dataFrom[].extract.key`. */
function keys(spec: Readonly<Record<string, unknown>>): { path: string; key: unknown }[] {
  return [
    ...list(spec.data).map((d, i) => ({
      path: `spec.data[${i}].remoteRef.key`,
      key: isObject(d.remoteRef) ? d.remoteRef.key : undefined,
    })),
    ...list(spec.dataFrom).map((d, i) => ({
      path: `spec.dataFrom[${i}].extract.key`,
      key: isObject(d.extract) ? d.extract.key : undefined,
    })),
  ];
}

/** ExternalSecrets rendered by the stack name secrets under the environment's readable prefixes (check 31). */
export const externalSecretKeys: PolicyRule = {
  name: 'external-secret-keys',
  ruleId: 'ESO-PREFIX',
  priority: 'P1',
  description: "ExternalSecret keys stay under the environment's readable prefixes",
  check: view => {
    const prefixes = view.settings.secretPrefixes;
    if (prefixes === undefined) return [];
    return view.objects
      .filter(o => o.object.kind === 'ExternalSecret')
      .flatMap(({ object }): Verdict[] =>
        judge(
          `ExternalSecret.${object.metadata.name}`,
          keys(isObject(object.spec) ? object.spec : {})
            .filter(({ key }) => typeof key !== 'string' || !prefixes.some(p => key.startsWith(`${p}/`)))
            .map(({ path }) => ({
              address: `ExternalSecret.${object.metadata.name}`,
              path,
              message:
                `read a secret under ${prefixes.map(p => `${p}/`).join(', ')}: the store's role cannot read ` +
                `anything else`,
            })),
        ),
      );
  },
};
