import type { Page } from '@member/shared';

/** Appends a freshly loaded page, dropping rows already shown (new rows shift pages while scrolling). */
export function appendById<T extends { id: number | string }>(current: T[], next: T[]): T[] {
  const seen = new Set(current.map((e) => e.id));
  return current.concat(next.filter((e) => !seen.has(e.id)));
}

/** More pages exist after this one. */
export function hasMorePages(page: Pick<Page<unknown>, 'page' | 'pageSize' | 'total'>): boolean {
  return page.page * page.pageSize < page.total;
}
