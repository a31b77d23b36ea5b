// Lists kept by key in a Map, the one way dgpu groups things (functions by card, cards by id or IOMMU group, domain
// devices by source): the list is made on first use and appended to in place, so grouping n things stays linear.

/** Appends `value` to the list `map` holds for `key`, making the list on first use. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
