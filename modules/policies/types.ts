import type { StackView } from './stack-view';

/**
 * Types of the policy engine: a rule is a pure function over one synthesized stack (`cdk.tf.json`, parsed) that
 * returns a verdict for each resource it judges. Modelled on cdk-nag: one rule per file, named after the file.
 */

/** P0 blocks synth (unless suppressed), P1 is a synth warning, P2 is hygiene (reported only). */
export type Priority = 'P0' | 'P1' | 'P2';

/** A Terraform block in the synthesized JSON: `resource.<type>.<name>` or `data.<type>.<name>`. */
export type TfBlock = Readonly<Record<string, unknown>>;

/** The parsed `cdk.tf.json` of one stack (the parts the rules read). */
export interface TerraformJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, TfBlock>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, TfBlock>>>>;
  readonly output?: Readonly<Record<string, TfBlock>>;
  readonly [key: string]: unknown;
}

/** A Kubernetes object the stack installs (rendered into a local chart), with the release that installs it. */
export interface RenderedObject {
  /** Address of the `helm_release` or construct path that installs it. */
  readonly installedBy: string;
  readonly object: {
    readonly apiVersion: string;
    readonly kind: string;
    readonly metadata: { readonly name: string; readonly namespace?: string };
    readonly [key: string]: unknown;
  };
}

/** Configuration the rules compare against (the environment's intent), per stack. */
export interface PolicySettings {
  /** Principals allowed a cluster-admin access policy association (check 19). @default - none */
  readonly clusterAdminPrincipalArns?: readonly string[];
  /** Secrets Manager name prefixes External Secrets may read (check 31). @default - any single prefix */
  readonly secretPrefixes?: readonly string[];
  /** Smallest CIDR prefix length allowed on the public API endpoint (check 4). @default 24 */
  readonly minPublicCidrPrefix?: number;
  /** Internet-facing ALB listeners must use TLS (edge-listener-tls). @default false */
  readonly requireEdgeTls?: boolean;
}

/** Everything a rule sees of one stack. */
export interface StackInput {
  /** Stack id, e.g. `dev-eks`. */
  readonly stack: string;
  readonly json: TerraformJson;
  /** Kubernetes objects rendered at synth (LocalChart). @default - none */
  readonly objects?: readonly RenderedObject[];
  readonly settings?: PolicySettings;
}

/** One violation of a rule by one resource. */
export interface Finding {
  /** The rule (file) name, e.g. `eks-control-plane-logging`: the suppression key. */
  readonly rule: string;
  /** Scanner and benchmark ids, e.g. `CKV_AWS_37|AVD-AWS-0038|CIS-2.1.1`. */
  readonly ruleId: string;
  readonly priority: Priority;
  readonly stack: string;
  /** Terraform address `type.name` (`data.type.name` for data sources). */
  readonly address: string;
  /** The failing attribute path, e.g. `vpc_config[0].public_access_cidrs`. */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** A failing verdict: a finding before the engine stamps rule, ids, priority and stack on it. */
export interface Violation {
  readonly address: string;
  readonly path: string;
  readonly message: string;
}

/** A passing verdict: the rule judged the resource at `address` and found nothing wrong (`pass()` in verdict.ts). */
export interface Pass {
  readonly address: string;
  readonly path?: undefined;
  readonly message?: undefined;
}

/**
 * A rule's verdict on one resource it judged (cdk-nag's compliant / non-compliant): a resource with at least one
 * violation fails, one with only passes passes; a resource the rule returns no verdict for is not applicable.
 */
export type Verdict = Pass | Violation;

/** One policy rule. */
export interface PolicyRule {
  /** Kebab-case rule name, equal to the file name. */
  readonly name: string;
  /** Scanner and benchmark ids joined by `|`. */
  readonly ruleId: string;
  readonly priority: Priority;
  /** One line: what the rule requires. */
  readonly description: string;
  /** A verdict for each resource the rule judges (`pass` or one violation per failing attribute). */
  readonly check: (stack: StackView) => readonly Verdict[];
}

/** A named set of rules with one line on what they have in common. */
export interface RulePack {
  readonly name: string;
  readonly description: string;
  readonly rules: readonly PolicyRule[];
}
