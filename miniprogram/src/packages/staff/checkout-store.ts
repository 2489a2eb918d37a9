import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import type { StaffCheckout } from '@member/shared';
import { errorMessage } from '../../services/api-error';
import { staffApi } from '../../services/api';
import { deviceDeadline, secondsUntil } from '../../utils/checkout';

export const SCAN_URL = '/packages/staff/scan/index';
export const MEMBER_URL = '/packages/staff/member/index';
export const PURCHASE_URL = '/packages/staff/purchase/index';

// The scan hands its checkout to the next pages in memory; only the id travels in the URL (member data
// stays out of URLs, which end up in logs), so a reloaded H5 page fetches the checkout again.
let current: { checkout: StaffCheckout; deadline: number } | null = null;

export function setCheckout(checkout: StaffCheckout): void {
  current = { checkout, deadline: deviceDeadline(checkout.expiresAt, checkout.serverTime, Date.now()) };
}

/** Once its sale is booked the checkout is spent: pages must not offer it again. */
export function clearCheckout(): void {
  current = null;
}

export function openCheckoutPage(url: string, checkoutId: number): void {
  void Taro.navigateTo({ url: `${url}?checkoutId=${checkoutId}` });
}

/** Back to scanning: pop to the scan page when it is below, otherwise open it in place of this one. */
export function backToScan(): void {
  const pages = Taro.getCurrentPages();
  const scanIndex = pages.findIndex((p) => (p.route ?? '').includes('packages/staff/scan'));
  if (scanIndex >= 0 && scanIndex < pages.length - 1) {
    void Taro.navigateBack({ delta: pages.length - 1 - scanIndex });
  } else {
    void Taro.redirectTo({ url: SCAN_URL });
  }
}

export interface CheckoutState {
  checkout: StaffCheckout | null;
  /** Expiry on this device's clock (ms). */
  deadline: number;
  loading: boolean;
  error: string | null;
}

/** The checkout named by the page's ?checkoutId=: from the scan's hand-over, or fetched after a reload. */
export function useCheckout(): CheckoutState & { reload: () => void } {
  const id = Number(useRouter().params.checkoutId);
  const initial = current && current.checkout.checkoutId === id ? current : null;
  const [state, setState] = useState<CheckoutState>({
    checkout: initial?.checkout ?? null,
    deadline: initial?.deadline ?? 0,
    loading: !initial && id > 0,
    error: id > 0 ? null : '没有会员信息，请重新扫码',
  });

  const reload = useCallback(() => {
    if (!(id > 0)) return;
    setState((s) => ({ ...s, loading: true, error: null }));
    staffApi
      .checkout(id)
      .then((checkout) => {
        setCheckout(checkout);
        setState({ checkout, deadline: current!.deadline, loading: false, error: null });
      })
      .catch((e: unknown) => setState((s) => ({ ...s, loading: false, error: errorMessage(e) })));
  }, [id]);

  useEffect(() => {
    if (!initial) reload();
    // Only on arrival: the hand-over is read once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reload]);

  return { ...state, reload };
}

/** Seconds until `deadline`, ticking once a second. */
export function useSecondsLeft(deadline: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return secondsUntil(deadline, now);
}
