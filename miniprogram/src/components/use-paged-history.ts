import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { Page } from '@member/shared';
import { errorMessage } from '../services/api-error';
import { appendById, hasMorePages } from '../utils/paging';
import { showError } from './feedback';

const PAGE_SIZE = 20;

export interface PagedHistory<T> {
  items: T[];
  /** Last page loaded; 0 until the first answer. */
  page: number;
  hasMore: boolean;
  loading: boolean;
  /** Why the first page failed; later pages toast instead so the rows already shown stay. */
  error: string | null;
  reload: () => Promise<void>;
  loadMore: () => void;
}

/**
 * A history list read page by page: first page on mount and on pull-down, next page on reaching the
 * bottom, one request at a time.
 */
export function usePagedHistory<T extends { id: number | string }>(
  loadPage: (page: number, pageSize: number) => Promise<Page<T>>,
): PagedHistory<T> {
  const [items, setItems] = useState<T[]>([]);
  const [page, setPage] = useState(0);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);
  // The caller passes a fresh closure each render; read the latest without reloading.
  const loadRef = useRef(loadPage);
  loadRef.current = loadPage;

  const load = useCallback(async (nextPage: number) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setLoading(true);
    try {
      const res = await loadRef.current(nextPage, PAGE_SIZE);
      setItems((prev) => (nextPage === 1 ? res.items : appendById(prev, res.items)));
      setPage(res.page);
      setHasMore(hasMorePages(res));
      setError(null);
    } catch (e) {
      if (nextPage === 1) setError(errorMessage(e));
      else showError(e);
    } finally {
      inFlight.current = false;
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(1);
  }, [load]);
  usePullDownRefresh(() => {
    void load(1).finally(() => Taro.stopPullDownRefresh());
  });
  const loadMore = () => {
    if (hasMore && !loading) void load(page + 1);
  };
  useReachBottom(loadMore);

  return { items, page, hasMore, loading, error, reload: () => load(1), loadMore };
}
