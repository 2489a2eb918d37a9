import { useEffect, useRef, useState } from 'react';
import { useDidHide, useDidShow } from '@tarojs/taro';
import { CHECKOUT_TTL_SECONDS, type CardActivity, type CardSale, type PendingWalletCharge } from '@member/shared';
import { meApi } from '../../services/api';

/** How often the 会员码 page asks whether a store scanned the code or finished a sale. */
export const ACTIVITY_POLL_MS = 2_000;

export interface CardActivityHandlers {
  onScanned: (scan: NonNullable<CardActivity['scanned']>) => void;
  onSale: (sale: CardSale) => void;
  /** Every answer: the store's stored-value charge waiting for this member's confirmation, or null. */
  onWalletConfirmation: (pending: PendingWalletCharge | null, serverNow: string) => void;
}

/**
 * Polls GET /me/card/activity every ~2 s while the page is on screen (stops on hide), starting from the
 * server time of the first card, then from each answer's `now`. Each scan and sale is reported once.
 */
export function useCardActivity(start: string | null, handlers: CardActivityHandlers): void {
  const [visible, setVisible] = useState(true);
  const since = useRef<string | null>(null);
  const seen = useRef(new Set<string>());
  // The checkout a store opened with this code, until its sale (or its 10 minutes) is over.
  const waiting = useRef<{ checkoutId: number; until: number } | null>(null);
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  if (!since.current && start) since.current = start;

  useDidShow(() => setVisible(true));
  useDidHide(() => setVisible(false));

  useEffect(() => {
    if (!visible || !start) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const once = (key: string) => !seen.current.has(key) && !!seen.current.add(key);
    const poll = async () => {
      try {
        if (waiting.current && Date.now() > waiting.current.until) waiting.current = null;
        const answer = await meApi.cardActivity(since.current ?? start, waiting.current?.checkoutId);
        if (stopped) return;
        since.current = answer.now;
        if (answer.scanned && once(`scan:${answer.scanned.checkoutId}`)) {
          waiting.current = { checkoutId: answer.scanned.checkoutId, until: Date.now() + CHECKOUT_TTL_SECONDS * 1000 };
          handlersRef.current.onScanned(answer.scanned);
        }
        handlersRef.current.onWalletConfirmation(answer.walletConfirmation ?? null, answer.now);
        if (answer.sale && once(`sale:${answer.sale.checkoutId}`)) {
          if (waiting.current?.checkoutId === answer.sale.checkoutId) waiting.current = null;
          handlersRef.current.onSale(answer.sale);
        }
      } catch {
        // A missed poll is retried on the next tick; the code itself shows network trouble.
      }
      if (!stopped) timer = setTimeout(() => void poll(), ACTIVITY_POLL_MS);
    };
    timer = setTimeout(() => void poll(), ACTIVITY_POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [visible, start]);
}
