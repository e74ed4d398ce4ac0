import type { PolicyDocument, PolicyStatement } from './statement';

/** The document of the statements; `id` is the optional policy `Id` (some resource policies name themselves). */
export function policyDocument(statements: readonly PolicyStatement[], id?: string): PolicyDocument {
  if (id === undefined) return { Version: '2012-10-17', Statement: statements };
  return { Version: '2012-10-17', Id: id, Statement: statements };
}

/**
 * The one rendering of a policy: the document as the JSON string IAM, S3, SQS, KMS and ECR take. A literal
 * string, so the synthesized stack shows the exact document and the policy rules and tests can read it.
 */
export function renderPolicy(document: PolicyDocument): string {
  // IAM, S3 and KMS refuse a document whose statement ids repeat, at apply; aws_iam_policy_document refused it at plan
  const sids = document.Statement.map(s => s.Sid).filter((sid): sid is string => sid !== undefined);
  const repeated = sids.find((sid, i) => sids.indexOf(sid) !== i);
  if (repeated !== undefined) throw new Error(`policy statement id ${repeated} is used twice: ids must be unique`);
  return JSON.stringify(document);
}
