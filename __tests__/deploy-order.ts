/**
 * The stacks of the shipped platform (environments dev and prod) after state-backend, in the order they deploy:
 * shared, then vpc, eks and addons of each environment. Written out by hand, for the suites that check that order.
 */
export const STACKS_IN_DEPLOY_ORDER = [
  'shared',
  'dev-vpc',
  'dev-eks',
  'dev-addons',
  'prod-vpc',
  'prod-eks',
  'prod-addons',
] as const;
