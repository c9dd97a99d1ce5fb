// Sorting and paging shared by the topic and consumer-group lists, with kafbat's defaults and tie-breaking by name.

export type SortOrder = "ASC" | "DESC";

export interface PageQuery {
  /** 1-based. */
  page: number;
  perPage: number;
  sortOrder: SortOrder;
}

/** kafbat's page size when perPage is missing or not positive. */
export const defaultPageSize = 25;

/** Java's String.compareTo order (UTF-16 code units), which kafbat sorts names by; not the locale's order. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Items sorted by `sortKey` (null = order by name only), ties broken by name, reversed for DESC, and cut to the
 * requested page; pageCount counts all items.
 */
export function sortAndPage<T>(
  items: T[],
  query: PageQuery,
  sortKey: (item: T) => number | null,
  name: (item: T) => string,
): { page: T[]; pageCount: number } {
  const direction = query.sortOrder === "DESC" ? -1 : 1;
  const sorted = [...items].sort((a, b) => {
    const keyA = sortKey(a);
    const keyB = sortKey(b);
    const byKey = keyA === null || keyB === null ? 0 : keyA - keyB;
    return direction * (byKey !== 0 ? byKey : compareStrings(name(a), name(b)));
  });
  const start = (query.page - 1) * query.perPage;
  return { page: sorted.slice(start, start + query.perPage), pageCount: Math.ceil(items.length / query.perPage) };
}
