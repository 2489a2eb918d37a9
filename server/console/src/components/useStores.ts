import type { Store } from '@member/shared';
import { useCallback, useEffect, useState } from 'react';
import { storesApi } from '../api/admin';
import { useSession } from '../auth/AuthContext';
import { showError } from '../utils/feedback';

/** Stores for pickers and filters; empty for roles that cannot list stores. */
export function useStores(): { stores: Store[]; reload: () => void } {
  const { permissions } = useSession();
  const [stores, setStores] = useState<Store[]>([]);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (!permissions.viewStores) return;
    let cancelled = false;
    storesApi
      .list()
      .then((list) => !cancelled && setStores(list))
      .catch(showError);
    return () => {
      cancelled = true;
    };
  }, [permissions.viewStores, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { stores, reload };
}

export function storeOptions(stores: Store[]): { label: string; value: number }[] {
  return stores.map((s) => ({
    label: `${s.name}（${s.code}）${s.active ? '' : ' · 已停用'}`,
    value: s.id,
  }));
}
