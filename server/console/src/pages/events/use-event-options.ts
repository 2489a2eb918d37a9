import type { Tier } from '@member/shared';
import { useEffect, useMemo, useState } from 'react';
import { loyaltyApi } from '../../api/admin';
import { couponTemplatesApi } from '../../api/coupons';
import { useStores } from '../../components/useStores';
import { showError } from '../../utils/feedback';

/** Pickers for the event editor: stores, tiers and the coupon templates an attendance reward may give. */
export function useEventOptions() {
  const { stores } = useStores();
  const [tiers, setTiers] = useState<Tier[]>([]);
  const [couponOptions, setCouponOptions] = useState<{ label: string; value: number }[]>([]);

  useEffect(() => {
    let cancelled = false;
    Promise.all([
      loyaltyApi.tiers(),
      couponTemplatesApi.list({ status: 'ACTIVE', pageSize: 100 }),
      couponTemplatesApi.list({ status: 'PAUSED', pageSize: 100 }),
    ]).then(([t, on, paused]) => {
      if (cancelled) return;
      setTiers(t);
      setCouponOptions([
        ...on.items.map((x) => ({ label: x.name, value: x.id })),
        ...paused.items.map((x) => ({ label: `${x.name}（已暂停）`, value: x.id })),
      ]);
    }, showError);
    return () => {
      cancelled = true;
    };
  }, []);

  return useMemo(
    () => ({
      stores,
      tiers,
      couponOptions,
      storeNames: new Map(stores.map((s) => [s.id, s.name])),
      tierNames: new Map(tiers.map((t) => [t.code, t.name])),
      couponNames: new Map(couponOptions.map((o) => [o.value, o.label])),
    }),
    [stores, tiers, couponOptions],
  );
}
