import type { Normalized, PolicyStatement } from '../iam/statement';
import { globRegExp } from './iam-data';
import { Block, blocks, isObject, isWholeExpression, StackView, strings } from './stack-view';

/**
 * IAM documents in their three synthesized forms (a literal JSON string, `${data.aws_iam_policy_document.X.json}`,
 * a reference to another resource's policy), read as normalized statements of the one statement type.
 */
type Statement = Normalized<PolicyStatement>;

export type PolicyKind = 'identity' | 'trust' | 'resource';

/** A policy document attached to a resource. */
export interface AttachedDocument {
  /** The resource that carries it (`aws_iam_policy.p`): findings and suppressions name this address. */
  readonly address: string;
  /** Attribute holding it, e.g. `policy` or `inline_policy[0].policy`. */
  readonly path: string;
  readonly kind: PolicyKind;
  /** `undefined` when the document is an expression only Terraform can evaluate (e.g. `jsonencode(...)`). */
  readonly statements: readonly Statement[] | undefined;
  /** The resource type carrying it, e.g. `aws_iam_role_policy`. */
  readonly ownerType: string;
  readonly owner: Block;
}

/** Where documents live: resource type -> attribute -> kind. */
const POLICY_ATTRIBUTES: readonly (readonly [string, string, PolicyKind])[] = [
  ['aws_iam_policy', 'policy', 'identity'],
  ['aws_iam_role_policy', 'policy', 'identity'],
  ['aws_iam_user_policy', 'policy', 'identity'],
  ['aws_iam_group_policy', 'policy', 'identity'],
  ['aws_iam_role', 'assume_role_policy', 'trust'],
  ['aws_s3_bucket_policy', 'policy', 'resource'],
  ['aws_sqs_queue_policy', 'policy', 'resource'],
  ['aws_sqs_queue', 'policy', 'resource'],
  ['aws_kms_key', 'policy', 'resource'],
  ['aws_kms_key_policy', 'policy', 'resource'],
  ['aws_ecr_repository_policy', 'policy', 'resource'],
  ['aws_secretsmanager_secret', 'policy', 'resource'],
  ['aws_secretsmanager_secret_policy', 'policy', 'resource'],
];

/** Every resource type that carries a policy document: what the document-wide rules apply to. */
export const POLICY_OWNER_TYPES: readonly string[] = [...new Set(POLICY_ATTRIBUTES.map(([type]) => type))];

/** Condition values may be strings, booleans or numbers in JSON; the engine compares them as strings. */
function toStrings(value: unknown): string[] {
  const all = Array.isArray(value) ? value : [value];
  return all.filter(v => ['string', 'boolean', 'number'].includes(typeof v)).map(String);
}

function principalMap(value: unknown): Record<string, string[]> {
  if (value === '*') return { '*': ['*'] };
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toStrings(v)]));
}

/** The names of a statement's plain fields in AWS's JSON and in the aws_iam_policy_document data source. */
const JSON_NAMES = {
  sid: 'Sid',
  effect: 'Effect',
  actions: 'Action',
  notActions: 'NotAction',
  resources: 'Resource',
  notResources: 'NotResource',
};
const DOCUMENT_NAMES: typeof JSON_NAMES = {
  sid: 'sid',
  effect: 'effect',
  actions: 'actions',
  notActions: 'not_actions',
  resources: 'resources',
  notResources: 'not_resources',
};

/** A statement read from `s`, whose plain fields go by `names`, with its principals and conditions read already. */
function readStatement(
  s: Readonly<Record<string, unknown>>,
  names: typeof JSON_NAMES,
  principals: Statement['principals'],
  notPrincipals: Statement['notPrincipals'],
  conditions: Statement['conditions'],
): Statement {
  const sid = s[names.sid];
  return {
    sid: typeof sid === 'string' ? sid : undefined,
    effect: s[names.effect] === 'Deny' ? 'Deny' : 'Allow',
    actions: toStrings(s[names.actions]),
    notActions: toStrings(s[names.notActions]),
    resources: toStrings(s[names.resources]),
    notResources: toStrings(s[names.notResources]),
    principals,
    notPrincipals,
    conditions,
  };
}

function fromJsonStatement(s: Readonly<Record<string, unknown>>): Statement {
  const conditions: Record<string, Record<string, string[]>> = {};
  for (const [op, keys] of Object.entries(isObject(s.Condition) ? s.Condition : {})) {
    conditions[op] = Object.fromEntries(Object.entries(isObject(keys) ? keys : {}).map(([k, v]) => [k, toStrings(v)]));
  }
  return readStatement(s, JSON_NAMES, principalMap(s.Principal), principalMap(s.NotPrincipal), conditions);
}

function fromDocumentStatement(s: Readonly<Record<string, unknown>>): Statement {
  const principals = (attr: string): Record<string, string[]> => {
    const out: Record<string, string[]> = {};
    for (const p of blocks(s[attr])) {
      const type = String(p.type);
      out[type] = [...(out[type] ?? []), ...toStrings(p.identifiers)];
    }
    return out;
  };
  const conditions: Record<string, Record<string, string[]>> = {};
  for (const c of blocks(s.condition)) {
    const op = String(c.test);
    conditions[op] = { ...(conditions[op] ?? {}), [String(c.variable)]: toStrings(c.values) };
  }
  return readStatement(s, DOCUMENT_NAMES, principals('principals'), principals('not_principals'), conditions);
}

/** The statements of a policy document in AWS's JSON form (`{ Statement: [...] }`). */
export function jsonStatements(document: unknown): Statement[] {
  return isObject(document) ? blocks(document.Statement).map(fromJsonStatement) : [];
}

/** Statements of a document value; `undefined` when it cannot be read without Terraform. */
export function parseDocument(view: StackView, value: unknown, depth = 0): Statement[] | undefined {
  if (depth > 8) return undefined;
  if (isObject(value)) {
    return blocks(value.Statement).map(fromJsonStatement);
  }
  if (typeof value !== 'string') return undefined;
  if (isWholeExpression(value)) {
    const [ref] = view.references(value);
    const target = ref === undefined ? undefined : view.get(ref.address);
    if (target === undefined) return undefined;
    if (target.type === 'aws_iam_policy_document' && ref.attribute === 'json' && target.address.startsWith('data.')) {
      return dataDocumentStatements(view, target, depth);
    }
    // e.g. ${aws_iam_policy.p.policy}
    return ref.attribute === 'policy' ? parseDocument(view, target.body.policy, depth + 1) : undefined;
  }
  try {
    const parsed: unknown = JSON.parse(value);
    return isObject(parsed) ? blocks(parsed.Statement).map(fromJsonStatement) : undefined;
  } catch {
    return undefined; // e.g. ${jsonencode(...)}: only Terraform evaluates it
  }
}

function dataDocumentStatements(view: StackView, doc: Block, depth: number): Statement[] | undefined {
  const own = blocks(doc.body.statement).map(fromDocumentStatement);
  const merged: Statement[] = [];
  for (const attr of ['source_policy_documents', 'override_policy_documents']) {
    for (const source of strings(doc.body[attr])) {
      const statements = parseDocument(view, source, depth + 1);
      if (statements === undefined) return undefined;
      merged.push(...statements);
    }
  }
  return [...merged, ...own];
}

/** Every policy document of the stack, with the resource that carries it. */
export function policyDocuments(view: StackView): AttachedDocument[] {
  const out: AttachedDocument[] = [];
  for (const [type, attr, kind] of POLICY_ATTRIBUTES) {
    for (const owner of view.all(type)) {
      const value = owner.body[attr];
      if (value !== undefined)
        out.push({
          address: owner.address,
          path: attr,
          kind,
          statements: parseDocument(view, value),
          ownerType: type,
          owner,
        });
    }
  }
  for (const role of view.all('aws_iam_role')) {
    blocks(role.body.inline_policy).forEach((inline, i) => {
      if (inline.policy !== undefined) {
        out.push({
          address: role.address,
          path: `inline_policy[${i}].policy`,
          kind: 'identity',
          statements: parseDocument(view, inline.policy),
          ownerType: 'aws_iam_role',
          owner: role,
        });
      }
    });
  }
  return out;
}

/** Whether an action pattern in a statement (`ec2:*`, `*`) covers `action` (`ec2:RunInstances`). */
export function actionCovers(pattern: string, action: string): boolean {
  return globRegExp(pattern).test(action);
}

/** Whether a statement grants `action` (Action covers it, or NotAction does not exclude it). */
export function statementGrants(s: Statement, action: string): boolean {
  if (s.actions.length > 0) return s.actions.some(p => actionCovers(p, action));
  return s.notActions.length > 0 && !s.notActions.some(p => actionCovers(p, action));
}

export function hasCondition(s: Statement): boolean {
  return Object.values(s.conditions).some(keys => Object.keys(keys).length > 0);
}

/** Values of a condition key under any operator whose name starts with `operatorPrefix` (e.g. `StringEquals`). */
export function conditionValues(s: Statement, key: string, operatorPrefix = ''): string[] {
  return Object.entries(s.conditions)
    .filter(([op]) => op.replace(/^ForAnyValue:|^ForAllValues:/, '').startsWith(operatorPrefix))
    .flatMap(([, keys]) =>
      Object.entries(keys)
        .filter(([k]) => k.toLowerCase() === key.toLowerCase())
        .flatMap(([, v]) => v),
    );
}

/** Whether the principals open the statement to everyone (`"*"` or `AWS: "*"`). */
export function isPublicPrincipal(s: Statement): boolean {
  return (s.principals['*'] ?? []).includes('*') || (s.principals.AWS ?? []).includes('*');
}

/** `Statement[i].Action`-style path for findings. */
export function statementPath(doc: AttachedDocument, index: number, field: string): string {
  return `${doc.path}.Statement[${index}]${field ? `.${field}` : ''}`;
}

export { evaluateRequest, evaluateWithResource, statementMatches, conditionHolds } from './iam-evaluate';
export type { IamCaller, IamDecision, IamEvaluation, IamPrincipal, IamRequest, IamResource } from './iam-evaluate';
