import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { Sleep } from '@cdktf/provider-time/lib/sleep';
import type { ITerraformDependable } from 'cdktf';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/**
 * "Pod Identity associations are eventually consistent, with a delay of several seconds" (EKS API reference,
 * CreatePodIdentityAssociation; EKS user guide pod-id-association.html). A pod started inside that window gets no
 * credentials, and with IMDS hop limit 1 it cannot fall back to the node's. 30 s is a bounded wait well past it.
 */
export const POD_IDENTITY_PROPAGATION_SECONDS = 30;

const TIME_PROVIDER_ID = 'time';

/** The stack's `hashicorp/time` provider, created once on first use (stacks without a sleep do not get it). */
export function timeProvider(scope: Construct): TimeProvider {
  const stack = TerraformStack.of(scope);
  return (
    (stack.node.tryFindChild(TIME_PROVIDER_ID) as TimeProvider | undefined) ?? new TimeProvider(stack, TIME_PROVIDER_ID)
  );
}

/** Properties for {@link PodIdentityPropagation}. */
export interface PodIdentityPropagationProps {
  /** The association's id: a replaced association waits again. */
  readonly associationId: string;
  /** The association and every permission of its role: the wait starts once they all exist. */
  readonly after: ITerraformDependable[];
}

/** A `time_sleep` after one Pod Identity association: what its pods depend on instead of the association. */
export class PodIdentityPropagation extends Construct {
  public readonly sleep: Sleep;

  constructor(scope: Construct, id: string, props: PodIdentityPropagationProps) {
    super(scope, id);
    this.sleep = new Sleep(this, 'sleep', {
      provider: timeProvider(this),
      createDuration: `${POD_IDENTITY_PROPAGATION_SECONDS}s`,
      triggers: { association: props.associationId },
      dependsOn: props.after,
    });
  }
}
