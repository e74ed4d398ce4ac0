import { conditionValues, policyDocuments, statementPath } from '../iam';
import type { PolicyRule, Verdict, Violation } from '../types';
import { judge } from '../verdict';

/**
 * A subject other repositories can present: a StringLike wildcard (`*`, `?`) in its first two fields, the owner and
 * the repository of `repo:<owner>/<repo>:<context>`, e.g. `repo:org/*`, `repo:org/infra*` (also `org/infra-sandbox`).
 * @see https://docs.github.com/en/actions/reference/security/oidc#example-subject-claims
 */
const OPEN_SUBJECT = /^[^:]*(?::[^:]*)?[*?]/;

const GITHUB_ISSUER = 'token.actions.githubusercontent.com';

/**
 * Roles trusted by an OIDC provider (GitHub Actions) pin the audience and the subject (repository, branch,
 * environment or pull_request): without a `sub` condition every GitHub repository could assume them.
 */
export const iamOidcTrustScoped: PolicyRule = {
  name: 'iam-oidc-trust-scoped',
  ruleId: 'CKV_AWS_358',
  priority: 'P0',
  description: 'OIDC-federated trust pins aud and a repository-scoped sub',
  check: view =>
    policyDocuments(view)
      .filter(d => d.kind === 'trust')
      .flatMap(doc =>
        (doc.statements ?? []).flatMap((s, i): Verdict[] => {
          const federated = s.principals.Federated ?? [];
          if (s.effect !== 'Allow' || federated.length === 0) return [];
          const path = statementPath(doc, i, 'Condition');
          const github = federated.some(f => f.includes(GITHUB_ISSUER));
          // GitHub's claims by their own keys, another provider's by any `<issuer>:<claim>` key
          const claim = (name: string): string[] =>
            github
              ? conditionValues(s, `${GITHUB_ISSUER}:${name}`)
              : Object.values(s.conditions).flatMap(k =>
                  Object.entries(k)
                    .filter(([key]) => key.endsWith(`:${name}`))
                    .flatMap(([, v]) => v),
                );
          const subs = claim('sub');
          const auds = claim('aud');
          const out: Violation[] = [];
          if (subs.length === 0)
            out.push({
              address: doc.address,
              path,
              message: 'add a StringEquals/StringLike condition on the sub claim (repo:<owner>/<repo>:...)',
            });
          const open = subs.filter(v => OPEN_SUBJECT.test(v));
          if (open.length > 0)
            out.push({
              address: doc.address,
              path,
              message: `sub ${open.join(', ')} lets other repositories assume the role: name the repository`,
            });
          if (auds.length === 0)
            out.push({
              address: doc.address,
              path,
              message: 'add a StringEquals condition on the aud claim (sts.amazonaws.com)',
            });
          return judge(doc, out);
        }),
      ),
};
