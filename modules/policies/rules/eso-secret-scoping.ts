import { conditionValues, policyDocuments, statementGrants, statementPath } from '../iam';
import type { Block } from '../stack-view';
import type { PolicyRule, Verdict } from '../types';
import { pass } from '../verdict';
import { roleDocuments, serviceAccountRoles } from '../util';

const READ_ACTIONS = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];
// arn:<partition>:secretsmanager:<region>:<account>:secret:<prefix>/* ; partition/region/account may be expressions
const SECRET_PREFIX_ARN = /^arn:[^:]+:secretsmanager:[^:]+:[^:]+:secret:([A-Za-z0-9_+=.@-]+)\/\*$/;

/**
 * Check 31: External Secrets reads only the environment's secret prefixes (`<prefix>/*`), never lists secrets, and
 * decrypts only through Secrets Manager (kms:ViaService). The controller's role and every role of the stack it may
 * assume (the ClusterSecretStores' `spec.provider.aws.role`) are judged.
 */
export const esoSecretScoping: PolicyRule = {
  name: 'eso-secret-scoping',
  ruleId: 'ESO-PREFIX|AVD-AWS-0057',
  priority: 'P0',
  description: 'External Secrets may read only its environment prefixes',
  check: view => {
    const docs = policyDocuments(view);
    const allowed = view.settings.secretPrefixes;
    const controllers = serviceAccountRoles(view)
      .filter(b => b.serviceAccount.startsWith('external-secrets/'))
      .map(b => b.role);
    const assumable = (role: Block): Block[] => {
      const arns = roleDocuments(view, role, docs)
        .flatMap(d => d.statements?.filter(s => s.effect === 'Allow' && statementGrants(s, 'sts:AssumeRole')) ?? [])
        .flatMap(s => s.resources);
      return view.all('aws_iam_role').filter(r => arns.some(a => a.endsWith(`:role/${String(r.body.name)}`)));
    };
    const roles = [...new Set([...controllers, ...controllers.flatMap(assumable)])];
    const out: Verdict[] = [];
    for (const doc of [...new Set(roles.flatMap(role => roleDocuments(view, role, docs)))]) {
      out.push(pass(doc));
      doc.statements?.forEach((s, i) => {
        if (s.effect !== 'Allow') return;
        if (statementGrants(s, 'secretsmanager:ListSecrets')) {
          out.push({
            address: doc.address,
            path: statementPath(doc, i, 'Action'),
            message: 'remove secretsmanager:ListSecrets (it needs Resource "*"); reference secrets by name',
          });
        }
        if (READ_ACTIONS.some(a => statementGrants(s, a))) {
          for (const r of s.resources) {
            const prefix = SECRET_PREFIX_ARN.exec(r)?.[1];
            if (prefix === undefined || (allowed !== undefined && !allowed.includes(prefix))) {
              out.push({
                address: doc.address,
                path: statementPath(doc, i, 'Resource'),
                message:
                  `${r} is not arn:<partition>:secretsmanager:<region>:<account>:secret:<prefix>/* for a ` +
                  `readable prefix${allowed ? ` (${allowed.join(', ')})` : ''}`,
              });
            }
          }
        }
        if (
          statementGrants(s, 'kms:Decrypt') &&
          !conditionValues(s, 'kms:ViaService').some(v => v.startsWith('secretsmanager.'))
        ) {
          out.push({
            address: doc.address,
            path: statementPath(doc, i, 'Condition'),
            message: 'allow kms:Decrypt only with Condition kms:ViaService = secretsmanager.<region>.amazonaws.com',
          });
        }
      });
    }
    return out;
  },
};
