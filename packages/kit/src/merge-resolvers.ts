type ResolverMap = Record<string, unknown>;

/** Merges resolver maps type by type, so two modules can both contribute fields to Company. */
export function mergeResolvers<Map extends ResolverMap>(...maps: ResolverMap[]): Map {
  const merged: ResolverMap = {};
  for (const map of maps) {
    for (const [typeName, resolvers] of Object.entries(map)) {
      const existing = merged[typeName];
      const mergeable = (value: unknown) => typeof value === "object" && value !== null && value.constructor === Object;
      merged[typeName] = mergeable(existing) && mergeable(resolvers) ? { ...(existing as object), ...(resolvers as object) } : resolvers;
    }
  }
  return merged as Map;
}
