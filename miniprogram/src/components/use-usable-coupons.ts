import { couponsApi } from '../services/coupons-api';
import { expiryHint } from '../utils/coupons';
import { useShownData } from './use-shown-data';

/** Usable coupons (count, and whether one ends within 7 days), refreshed whenever the page comes back. */
export function useUsableCoupons(): { count: number; expiring: boolean } | null {
  return useShownData(async () => {
    // Sorted by end date: the first one tells whether any ends soon.
    const page = await couponsApi.mine('usable', 1, 1);
    const first = page.items[0];
    return { count: page.total, expiring: !!first && first.status === 'USABLE' && !!expiryHint(first.validUntil) };
  });
}
