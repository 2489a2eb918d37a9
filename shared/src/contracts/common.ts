/** A page of results. `page` starts at 1. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PageQuery {
  page?: number;
  pageSize?: number;
}

/** ISO-8601 UTC timestamp, e.g. "2026-11-23T08:00:00.000Z". */
export type IsoTime = string;
/** Business date in Asia/Shanghai, "YYYY-MM-DD". */
export type BizDate = string;
