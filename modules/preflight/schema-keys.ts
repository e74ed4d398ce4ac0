/**
 * The paths a JSON schema (an add-on's `configurationSchema`, from `aws eks describe-addon-configuration`) does not
 * declare: each segment must be under `properties` of the level above (or allowed by `additionalProperties`).
 */
export function undeclaredKeys(schema: unknown, paths: readonly string[]): string[] {
  type Schema = { properties?: Record<string, Schema>; additionalProperties?: boolean | Schema };
  const declared = (path: string): boolean => {
    let level = schema as Schema | undefined;
    for (const segment of path.split('.')) {
      const next =
        level?.properties?.[segment] ??
        (typeof level?.additionalProperties === 'object' ? level.additionalProperties : undefined);
      if (next === undefined) return level?.additionalProperties === true;
      level = next;
    }
    return true;
  };
  return paths.filter(p => !declared(p));
}
