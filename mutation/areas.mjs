/**
 * The areas of the mutation run (scripts/mutation.mjs): the safety-critical code, each with the tests that state its
 * behaviour. `mutate` and `tests` are globs from the project root; `strict` files must reach 95 %, the rest 90 %.
 * A test file belongs in an area when a mutant in the area's code can change its verdict: listing more costs time
 * (every mutant runs the tests that cover it).
 */
export const AREAS = {
  validation: {
    // each construct's own rules (modules/<area>/validation.ts: pure, no synth) and the up-front run that reuses them
    mutate: ['environments/validate.ts', 'modules/config-errors.ts', 'modules/*/validation.ts'],
    tests: [
      '__tests__/construct-validation.test.ts',
      '__tests__/configuration-errors.test.ts',
      '__tests__/synth-validation.test.ts',
      '__tests__/environments.test.ts',
      '__tests__/validation-edges.test.ts',
      '__tests__/account-validation.test.ts',
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
    tests: [
      '__tests__/plan-review.test.ts',
      '__tests__/plan-review-scrubbing.test.ts',
      '__tests__/plan-review-resource-blocks.test.ts',
      '__tests__/workflows.test.ts',
    ],
    // the masking and scrubbing: values.ts masks by path and scrubs strings, sanitize.ts builds the artifact and
    // scrubs error texts (sanitizeInputs, which the renderer uses too)
    strict: ['modules/plan-review/sanitize.ts', 'modules/plan-review/values.ts'],
  },
  // The policy engine and its rules, in four areas so that each runs (and its survivors are worked on) apart; every
  // one runs all the policy tests, because a static mutant (rule metadata, the suppression table) is covered by all.
  // aws-managed-policies.ts is a transcription of AWS's published documents that only the CI IAM evaluation reads
  // (__tests__/ci-principals.ts); no rule uses it.
  'policy-engine': {
    mutate: ['modules/policies/*.ts', '!modules/policies/iam-evaluate.ts', '!modules/policies/aws-managed-policies.ts'],
    tests: ['__tests__/policies/*.test.ts'],
    // the engine decides each finding's verdict; suppress.ts writes and reads the accepted findings it decides with
    strict: ['modules/policies/engine.ts', 'modules/policies/suppress.ts'],
  },
  'policy-rules-a-f': {
    mutate: ['modules/policies/rules/[a-f]*.ts'],
    tests: ['__tests__/policies/*.test.ts'],
    strict: [],
  },
  'policy-rules-g-k': {
    mutate: ['modules/policies/rules/[g-k]*.ts'],
    tests: ['__tests__/policies/*.test.ts'],
    strict: [],
  },
  'policy-rules-l-z': {
    mutate: ['modules/policies/rules/[l-z]*.ts'],
    tests: ['__tests__/policies/*.test.ts'],
    strict: [],
  },
  'iam-evaluation': {
    mutate: ['modules/policies/iam-evaluate.ts'],
    // AWS's rules, table by table; ci-iam-evaluation.test.ts applies them to the CI roles (slow: synthesizes variants)
    tests: ['__tests__/iam-evaluation-logic.test.ts'],
    strict: [],
  },
  'argocd-admission': {
    mutate: ['modules/argocd/argocd-objects.ts'],
    // builds the objects in-process: the suites reading the shared platform see it synthesized before any mutant
    tests: ['__tests__/argocd-project-admission.test.ts'],
    strict: [],
  },
  'destroy-order': {
    mutate: ['scripts/karpenter-releases.cjs'],
    // in-process: destroy.test.ts runs the script through bash, where Stryker's mutants are never active
    tests: ['__tests__/karpenter-releases.test.ts'],
    strict: [],
  },
};

/** Mutation score floors (killed + timeout over all valid mutants, static mutants included). */
export const THRESHOLD = 90;
export const STRICT_THRESHOLD = 95;
