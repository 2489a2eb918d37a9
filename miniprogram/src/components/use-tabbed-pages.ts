import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { Page } from '@member/shared';
import { errorMessage } from '../services/api-error';
import { appendById, hasMorePages } from '../utils/paging';
import { showError } from './feedback';

/** One tab's list: what is loaded so far. */
export interface TabPage<T> {
  items: T[];
  /** Last page loaded; 0 when the first page failed. */
  page: number;
  total: number;
  hasMore: boolean;
  /** Why the first page failed; later pages toast instead so the rows already shown stay. */
  error: string | null;
}

export interface TabbedPages<K extends string, T> {
  /** Every tab loaded so far (a tab is undefined until its first answer). */
  tabs: Partial<Record<K, TabPage<T>>>;
  /** The shown tab's list. */
  state: TabPage<T> | undefined;
  loading: boolean;
  load: (which: K, page: number) => Promise<void>;
  loadMore: () => void;
  /** Replaces rows in place (e.g. an order cancelled) in every tab that shows them. */
  update: (change: (item: T) => T) => void;
  /** Drops a tab's list so it loads afresh when shown. */
  forget: (which: K) => void;
}

/**
 * Lists behind tabs (我的优惠券, 我的兑换, 我的活动), read page by page: the shown tab's first page on a tab
 * change, on every return to the page after the first show (a detail may have changed it) and on pull-down;
 * the next page on reaching the bottom. One load per tab and page at a time; another tab's goes ahead.
 */
export function useTabbedPages<K extends string, T extends { id: number | string }>(
  tab: K,
  fetchPage: (which: K, page: number) => Promise<Page<T>>,
): TabbedPages<K, T> {
  const [tabs, setTabs] = useState<Partial<Record<K, TabPage<T>>>>({});
  const [loading, setLoading] = useState(false);
  const inFlight = useRef<string | null>(null);
  const tabRef = useRef(tab);
  tabRef.current = tab;
  // The caller passes a fresh closure each render; read the latest without reloading.
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback(async (which: K, page: number) => {
    const key = `${which}:${page}`;
    if (inFlight.current === key) return;
    inFlight.current = key;
    setLoading(true);
    try {
      const res = await fetchRef.current(which, page);
      setTabs((prev) => ({
        ...prev,
        [which]: {
          items: page === 1 ? res.items : appendById(prev[which]?.items ?? [], res.items),
          page: res.page,
          total: res.total,
          hasMore: hasMorePages(res),
          error: null,
        },
      }));
    } catch (e) {
      if (page === 1) {
        setTabs((prev) => ({
          ...prev,
          [which]: { items: [], page: 0, total: 0, hasMore: false, error: errorMessage(e) },
        }));
      } else showError(e);
    } finally {
      if (inFlight.current === key) {
        inFlight.current = null;
        setLoading(false);
      }
    }
  }, []);

  useEffect(() => {
    void load(tab, 1);
  }, [tab, load]);
  const shownOnce = useRef(false);
  useDidShow(() => {
    if (shownOnce.current) void load(tabRef.current, 1);
    shownOnce.current = true;
  });
  usePullDownRefresh(() => {
    void load(tabRef.current, 1).finally(() => Taro.stopPullDownRefresh());
  });

  const state = tabs[tab];
  const loadMore = () => {
    if (state?.hasMore && !loading) void load(tab, state.page + 1);
  };
  useReachBottom(loadMore);

  const update = useCallback((change: (item: T) => T) => {
    setTabs((prev) => {
      const out: Partial<Record<K, TabPage<T>>> = {};
      for (const k of Object.keys(prev) as K[]) {
        const v = prev[k]!;
        out[k] = { ...v, items: v.items.map(change) };
      }
      return out;
    });
  }, []);
  const forget = useCallback((which: K) => setTabs((prev) => ({ ...prev, [which]: undefined })), []);

  return { tabs, state, loading, load, loadMore, update, forget };
}
