/** A string or a list of strings, as IAM accepts in Action, Resource, Principal and condition values. */
export type IamValues = string | readonly string[];

/**
 * One IAM policy statement in the JSON form AWS reads (IAM JSON policy elements reference,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html). The one statement type of
 * the platform: identity, trust and resource policies, and the fixtures of the tests.
 */
export interface PolicyStatement {
  /** @default - no statement id */
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  /** `"*"` or principal type (`AWS`, `Service`, `Federated`) -> identifiers. @default - none (identity policies) */
  readonly Principal?: '*' | Readonly<Record<string, IamValues>>;
  /** @default - none */
  readonly NotPrincipal?: '*' | Readonly<Record<string, IamValues>>;
  /** @default - none: then NotAction */
  readonly Action?: IamValues;
  /** @default - none */
  readonly NotAction?: IamValues;
  /** @default - none: trust policies, or NotResource */
  readonly Resource?: IamValues;
  /** @default - none */
  readonly NotResource?: IamValues;
  /** Operator (`StringEquals`, `ForAllValues:StringLike`) -> condition key -> values. @default - unconditional */
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, IamValues>>>>;
}

/** A policy document: the statements under the 2012-10-17 policy language version. */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  /** @default - no policy id */
  readonly Id?: string;
  readonly Statement: readonly PolicyStatement[];
}

/** A field's name as it is read back: `Effect` is `effect`, `Action` is `actions`, `NotPrincipal` `notPrincipals`. */
type ReadName<K extends string> = K extends 'Effect' ? 'effect' : `${Uncapitalize<K>}s`;

/** The one form of each field when read: lists of strings; principals and conditions as maps of lists. */
type ReadValue<K> = K extends 'Effect'
  ? PolicyStatement['Effect']
  : K extends 'Principal' | 'NotPrincipal'
    ? Readonly<Record<string, readonly string[]>>
    : K extends 'Condition'
      ? Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>
      : readonly string[];

/**
 * A statement read back from a synthesized document (a JSON string or an `aws_iam_policy_document`), each field in
 * one form so the policy rules and the evaluator need no case analysis: lists of strings, `Principal: "*"` as
 * `principals: { '*': ['*'] }`, an absent Effect as Allow, an absent field as an empty list or map. Derived from
 * {@link PolicyStatement}, so a field added there has to be read too.
 */
export type Normalized<S extends PolicyStatement> = { readonly sid?: string } & {
  readonly [K in Exclude<keyof S, 'Sid'> & string as ReadName<K>]-?: ReadValue<K>;
};
