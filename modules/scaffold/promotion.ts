import { ECR_PUSH_BRANCHES } from '../shared/github-subjects';

/** What makes CI move an overlay to a new image: a push to a branch, or a person dispatching the workflow. */
export type PromotionTrigger = { readonly push: (typeof ECR_PUSH_BRANCHES)[number] } | 'workflow_dispatch';

/** One step of the seed's "Application Deployment Flow", bound to an application by its namespace. */
export interface PromotionStage {
  readonly namespace: string;
  readonly trigger: PromotionTrigger;
  /** HPA bounds of the stage's overlay. */
  readonly replicas: { readonly min: number; readonly max: number };
}

/**
 * develop -> dev, main -> staging (both pushed by the build that made the image), production by dispatch only
 * (its application syncs by hand). Push branches are the ones the ECR push role trusts (`ECR_PUSH_BRANCHES`).
 */
export const PROMOTION_STAGES: readonly PromotionStage[] = [
  { namespace: 'dev', trigger: { push: 'develop' }, replicas: { min: 1, max: 2 } },
  { namespace: 'staging', trigger: { push: 'main' }, replicas: { min: 1, max: 3 } },
  { namespace: 'production', trigger: 'workflow_dispatch', replicas: { min: 2, max: 6 } },
];

/** Overlays of applications no stage names (another namespace) get these bounds and no CI bump. */
export const DEFAULT_REPLICAS = { min: 1, max: 2 } as const;

export function stageFor(namespace: string): PromotionStage | undefined {
  return PROMOTION_STAGES.find(s => s.namespace === namespace);
}
