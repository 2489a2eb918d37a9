import type { MallCategory, Tier } from '@member/shared';
import { useEffect, useMemo, useState } from 'react';
import { loyaltyApi } from '../../api/admin';
import { couponTemplatesApi } from '../../api/coupons';
import { mallCategoriesApi } from '../../api/mall';
import { useStores } from '../../components/useStores';
import { showError } from '../../utils/feedback';

export interface GoodsOptions {
  categories: MallCategory[];
  tiers: Tier[];
  stores: ReturnType<typeof useStores>['stores'];
  /** Coupon templates a COUPON goods may issue (发放中 first, then paused ones, named so). */
  couponOptions: { label: string; value: number }[];
  tierNames: Map<string, string>;
  storeNames: Map<number, string>;
  couponNames: Map<number, string>;
}

/** Pickers for the goods editor, loaded once when it opens (`active`). */
export function useGoodsOptions(active: boolean): GoodsOptions {
  const { stores } = useStores();
  const [categories, setCategories] = useState<MallCategory[]>([]);
  const [tiers, setTiers] = useState<Tier[]>([]);
  const [couponOptions, setCouponOptions] = useState<{ label: string; value: number }[]>([]);

  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    Promise.all([
      mallCategoriesApi.list(),
      loyaltyApi.tiers(),
      couponTemplatesApi.list({ status: 'ACTIVE', pageSize: 100 }),
      couponTemplatesApi.list({ status: 'PAUSED', pageSize: 100 }),
    ]).then(([c, t, on, paused]) => {
      if (cancelled) return;
      setCategories(c);
      setTiers(t);
      setCouponOptions([
        ...on.items.map((x) => ({ label: x.name, value: x.id })),
        ...paused.items.map((x) => ({ label: `${x.name}（已暂停）`, value: x.id })),
      ]);
    }, showError);
    return () => {
      cancelled = true;
    };
  }, [active]);

  return useMemo(
    () => ({
      categories,
      tiers,
      stores,
      couponOptions,
      tierNames: new Map(tiers.map((t) => [t.code, t.name])),
      storeNames: new Map(stores.map((s) => [s.id, s.name])),
      couponNames: new Map(couponOptions.map((o) => [o.value, o.label])),
    }),
    [categories, tiers, stores, couponOptions],
  );
}
