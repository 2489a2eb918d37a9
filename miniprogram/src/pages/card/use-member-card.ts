import { useCallback, useEffect, useRef, useState } from 'react';
import { useDidHide, useDidShow } from '@tarojs/taro';
import { ErrorCode, type MemberCard } from '@member/shared';
import { meApi } from '../../services/api';
import { isApiError } from '../../services/api-error';
import { showError } from '../../components/feedback';
import { cardTiming, secondsLeft, shouldRefresh, type CardTiming } from '../../utils/card-timing';

export interface MemberCardState {
  card: MemberCard | null;
  secondsLeft: number;
  loading: boolean;
  /** The last refresh failed; auto-refresh pauses until the user taps or pulls. */
  failed: boolean;
  /** Set when the account is in its deletion cooling-off period: the card is paused, not broken. */
  paused: boolean;
  refresh: () => Promise<void>;
}

/** Fetches the rotating member code and replaces it shortly before it expires, while the page is visible. */
export function useMemberCard(): MemberCardState {
  const [card, setCard] = useState<MemberCard | null>(null);
  const [timing, setTiming] = useState<CardTiming | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  const [paused, setPaused] = useState(false);
  const [visible, setVisible] = useState(true);
  const inFlight = useRef(false);

  const refresh = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setLoading(true);
    try {
      const next = await meApi.card();
      const receivedAt = Date.now();
      setCard(next);
      setTiming(cardTiming(next, receivedAt));
      setNow(receivedAt);
      setFailed(false);
      setPaused(false);
    } catch (e) {
      setFailed(true);
      // The page explains a paused card itself; a toast would only repeat it every refresh.
      if (isApiError(e) && e.code === ErrorCode.MEMBER_DELETION_PENDING) setPaused(true);
      else showError(e);
    } finally {
      inFlight.current = false;
      setLoading(false);
    }
  }, []);

  // Codes are single-use and minted per request: only fetch while the card is on screen.
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useDidShow(() => {
    setVisible(true);
    void refresh();
  });
  useDidHide(() => setVisible(false));

  useEffect(() => {
    if (!visible) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [visible]);

  useEffect(() => {
    if (visible && timing && !failed && shouldRefresh(timing, now)) void refresh();
  }, [visible, timing, failed, now, refresh]);

  return { card, secondsLeft: timing ? secondsLeft(timing, now) : 0, loading, failed, paused, refresh };
}
