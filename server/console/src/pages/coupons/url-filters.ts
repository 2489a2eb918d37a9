import { useSearchParams } from 'react-router-dom';

// Table filters live in the URL (a shared link opens the same view): the search form starts from the
// query string and writes back on 查询 / 重置.

type FilterValue = string | number | undefined;

export function useUrlFilters<K extends string>(
  keys: readonly K[],
): { initial: Partial<Record<K, string>>; save: (values: Partial<Record<K, unknown>>) => void } {
  const [search, setSearch] = useSearchParams();
  const initial = Object.fromEntries(
    keys.flatMap((k) => (search.get(k) ? [[k, search.get(k) as string]] : [])),
  ) as Partial<Record<K, string>>;
  const save = (values: Partial<Record<K, unknown>>) => {
    const params = new URLSearchParams();
    for (const k of keys) {
      const v = values[k] as FilterValue | FilterValue[];
      if (Array.isArray(v)) {
        if (v.length) params.set(k, v.join(','));
      } else if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    }
    setSearch(params, { replace: true });
  };
  return { initial, save };
}

/** A numeric id filter from the URL or the form (select values may come back as strings). */
export const numberOrUndefined = (v: unknown): number | undefined =>
  v === undefined || v === null || v === '' || Number.isNaN(Number(v)) ? undefined : Number(v);
