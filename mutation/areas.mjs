/**
 * The areas of the mutation run (scripts/mutation.mjs): the safety-critical code, each with the tests that state its
 * behaviour. `mutate` and `tests` are globs from the project root; `strict` files must reach 95 %, the rest 90 %.
 * A test file belongs in an area when a mutant in the area's code can change its verdict: listing more costs time
 * (every mutant runs the tests that cover it).
 */
export const AREAS = {
  validation: {
    mutate: ['environments/validate.ts'],
    tests: [
      '__tests__/configuration-errors.test.ts',
      '__tests__/synth-validation.test.ts',
      '__tests__/environments.test.ts',
      '__tests__/validation-edges.test.ts',
    ],
    strict: [],
  },
  terragrunt: {
    mutate: ['backend/terragrunt.ts'],
    tests: ['__tests__/terragrunt.test.ts', '__tests__/terragrunt-files.test.ts'],
    strict: [],
  },
  'schedule-budget': {
    mutate: ['modules/addons/schedule-budget.ts'],
    tests: ['__tests__/schedule-budget.test.ts'],
    strict: [],
  },
  'cost-model': {
    mutate: ['modules/cost/cost-model.ts'],
    tests: ['__tests__/cost.test.ts'],
    strict: [],
  },
  'plan-review': {
    mutate: ['modules/plan-review/**/*.ts'],
    tests: ['__tests__/plan-review.test.ts'],
    strict: ['modules/plan-review/sanitize.ts', 'modules/plan-review/values.ts'],
  },
  policies: {
    mutate: ['modules/policies/**/*.ts', '!modules/policies/iam-evaluate.ts'],
    tests: ['__tests__/policies/*.test.ts'],
    strict: ['modules/policies/engine.ts'],
  },
  'iam-evaluation': {
    mutate: ['modules/policies/iam-evaluate.ts'],
    tests: ['__tests__/ci-iam-evaluation.test.ts'],
    strict: [],
  },
  'argocd-admission': {
    mutate: ['modules/argocd/argocd-objects.ts'],
    tests: ['__tests__/argocd-admission.test.ts', '__tests__/argocd.test.ts'],
    strict: [],
  },
  'destroy-order': {
    mutate: ['scripts/karpenter-releases.cjs'],
    tests: ['__tests__/destroy.test.ts'],
    strict: [],
  },
};

/** Mutation score floors (killed + timeout over all valid mutants, static mutants included). */
export const THRESHOLD = 90;
export const STRICT_THRESHOLD = 95;
