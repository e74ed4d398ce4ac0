import { ENVIRONMENT_LAYERS, SHARED_STACK_ID, stackId, STATE_BACKEND_STACK_ID } from '../naming';

/** Every stack in deploy order: state-backend, shared, then vpc -> eks -> addons per environment. */
export function deployOrder(envNames: readonly string[]): string[] {
  return [
    STATE_BACKEND_STACK_ID,
    SHARED_STACK_ID,
    ...envNames.flatMap(env => ENVIRONMENT_LAYERS.map(layer => stackId(env, layer))),
  ];
}

/** Items sorted by their stack's place in `order`; stacks not in it come last, alphabetically. */
export function sortByDeployOrder<T extends { readonly stack: string }>(
  items: readonly T[],
  order: readonly string[],
): T[] {
  const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
  return [...items].sort((a, b) => rank(a.stack) - rank(b.stack) || a.stack.localeCompare(b.stack));
}
