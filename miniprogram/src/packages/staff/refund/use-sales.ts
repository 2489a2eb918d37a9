import { useCallback, useEffect, useRef, useState } from 'react';
import type { StaffSaleItem } from '@member/shared';
import { errorMessage } from '../../../services/api-error';
import { staffApi } from '../../../services/api';
import { hasMorePages } from '../../../utils/paging';

const PAGE_SIZE = 20;
// Wait for the clerk to stop typing before searching.
const SEARCH_DELAY_MS = 300;

export interface SalesState {
  items: StaffSaleItem[];
  /** Business date of the list (from the server). */
  date: string;
  total: number;
  /** Pages loaded so far (0 before the first answer). */
  page: number;
  hasMore: boolean;
  loading: boolean;
  error: string | null;
  /** The search the shown items answer. */
  shownQuery: string;
}

const INITIAL: SalesState = {
  items: [],
  date: '',
  total: 0,
  page: 0,
  hasMore: false,
  loading: true,
  error: null,
  shownQuery: '',
};

/** Today's sales for a search, page by page; a newer search wins over an older answer still on its way. */
export function useSales(query: string, refreshKey: number) {
  const [state, setState] = useState<SalesState>(INITIAL);
  const seq = useRef(0);

  const load = useCallback(async (q: string, page: number) => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    try {
      const res = await staffApi.sales({ q: q || undefined, page, pageSize: PAGE_SIZE });
      if (mine !== seq.current) return;
      setState((s) => ({
        items:
          page === 1
            ? res.items
            : [...s.items, ...res.items.filter((i) => !s.items.some((x) => x.receiptNo === i.receiptNo))],
        date: res.date,
        total: res.total,
        page: res.page,
        hasMore: hasMorePages(res),
        loading: false,
        error: null,
        shownQuery: q,
      }));
    } catch (e) {
      if (mine !== seq.current) return;
      setState((s) => ({ ...s, loading: false, error: errorMessage(e) }));
    }
  }, []);

  useEffect(() => {
    const q = query.trim();
    const timer = setTimeout(() => void load(q, 1), q ? SEARCH_DELAY_MS : 0);
    return () => clearTimeout(timer);
  }, [query, refreshKey, load]);

  const loadMore = useCallback(() => {
    if (state.hasMore && !state.loading) void load(state.shownQuery, state.page + 1);
  }, [state.hasMore, state.loading, state.shownQuery, state.page, load]);

  const reload = useCallback(() => void load(query.trim(), 1), [query, load]);

  return { ...state, loadMore, reload };
}
