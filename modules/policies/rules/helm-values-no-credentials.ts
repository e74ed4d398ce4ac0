import { blocks, isObject } from '../stack-view';
import type { PolicyRule, Verdict } from '../types';
import { judge } from '../verdict';
import { parseValuesDocument } from '../util';

// a key ending in `secret`, not `secretName`/`secretKey` (the name of a Secret or of a key in it); `accesskey` covers
// `secretAccessKey`
const CREDENTIAL_KEY = /(password|passwd|secret|token|accesskey|privatekey|apikey|credentials?)$/i;
const ACCESS_KEY = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;
/**
 * Keys that name a Kubernetes Secret to read the credential from (`grafana.admin.existingSecret`), not a
 * credential.
 */
const SECRET_REFERENCE_KEY = /^existing/i;

/** Paths of literal, non-empty values under credential-like keys (or holding an AWS key id). */
function credentialPaths(value: unknown, path: string, out: string[]): void {
  if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const p = `${path}.${k}`;
      if (
        CREDENTIAL_KEY.test(k) &&
        !SECRET_REFERENCE_KEY.test(k) &&
        (typeof v === 'string' || typeof v === 'number') &&
        String(v) !== '' &&
        !String(v).includes('${')
      )
        out.push(p);
      else credentialPaths(v, p, out);
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => credentialPaths(v, `${path}[${i}]`, out));
  } else if (ACCESS_KEY.test(String(value))) {
    out.push(path);
  }
}

/** Helm values and `set` entries carry no credentials: they land in state and in Git. Use External Secrets. */
export const helmValuesNoCredentials: PolicyRule = {
  name: 'helm-values-no-credentials',
  ruleId: 'HELM-NO-CREDENTIALS|CKV_SECRET',
  priority: 'P1',
  description: 'Helm values hold no credentials',
  check: view =>
    view.all('helm_release').flatMap((r): Verdict[] => {
      const found: string[] = [];
      (Array.isArray(r.body.values) ? r.body.values : []).forEach((doc, i) => {
        try {
          credentialPaths(parseValuesDocument(doc), `values[${i}]`, found);
        } catch {
          // unparseable values are Helm's problem, not a credential finding
        }
      });
      for (const attr of ['set', 'set_sensitive']) {
        blocks(r.body[attr]).forEach((s, i) => credentialPaths({ [String(s.name)]: s.value }, `${attr}[${i}]`, found));
      }
      return judge(
        r,
        found.map(path => ({
          address: r.address,
          path,
          message: 'credential in Helm values: store it in Secrets Manager and sync it with External Secrets',
        })),
      );
    }),
};
