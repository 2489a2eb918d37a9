import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Loading, Popup, SafeArea } from '@nutui/nutui-react-taro';
import { formatCny, type WalletConfirmation } from '@member/shared';
import { errorMessage } from '../../../services/api-error';
import { staffApi } from '../../../services/api';
import { useSecondsLeft } from '../checkout-store';

/** How often the till asks whether the member has answered. */
export const WALLET_CONFIRM_POLL_MS = 2_000;

interface Props {
  /** The request as the server last answered it (null: sheet closed). */
  confirmation: WalletConfirmation | null;
  /** The member confirmed: the sale goes ahead with this request. */
  onConfirmed: (confirmation: WalletConfirmation) => void;
  /** Declined, expired or cancelled: the clerk picks another tender. */
  onOtherTender: () => void;
}

const ENDED: Record<string, string> = {
  DECLINED: '会员已拒绝这笔储值支付，请改用其他方式付款',
  EXPIRED: '会员未在规定时间内确认，储值已退回会员账户，请改用其他方式付款',
  CANCELLED: '已取消储值支付，储值已退回会员账户',
};

/**
 * 储值支付 above the threshold: the member confirms on their own phone. The amount is held meanwhile; this
 * sheet waits (polling), counts down the member's time, and lets the clerk cancel (the hold is released).
 */
export function WalletWaitSheet({ confirmation, onConfirmed, onOtherTender }: Props) {
  const [current, setCurrent] = useState(confirmation);
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const handled = useRef<number | null>(null);
  const [deadline, setDeadline] = useState(0);
  const left = useSecondsLeft(deadline);

  useEffect(() => {
    setCurrent(confirmation);
    setError(null);
    if (confirmation) {
      // Counted on this phone's clock from the server's answer (the two clocks need not agree).
      setDeadline(Date.now() + (Date.parse(confirmation.expiresAt) - Date.parse(confirmation.serverTime)));
    }
  }, [confirmation]);

  const status = current?.status;
  useEffect(() => {
    if (!current || status !== 'PENDING') return undefined;
    let stopped = false;
    const timer = setInterval(() => {
      staffApi
        .walletConfirmation(current.id)
        .then((next) => !stopped && setCurrent(next))
        // A missed poll is retried on the next tick; the countdown keeps running.
        .catch(() => undefined);
    }, WALLET_CONFIRM_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [current, status]);

  useEffect(() => {
    if (current && status === 'CONFIRMED' && handled.current !== current.id) {
      handled.current = current.id;
      onConfirmed(current);
    }
  }, [current, status, onConfirmed]);

  const cancel = async () => {
    if (!current) return;
    setCancelling(true);
    setError(null);
    try {
      setCurrent(await staffApi.cancelWalletConfirmation(current.id));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setCancelling(false);
    }
  };

  const ended = status ? ENDED[status] : undefined;
  return (
    <Popup
      visible={!!confirmation}
      position="bottom"
      round
      closeable={false}
      closeOnOverlayClick={false}
      title={ended ? '储值支付未完成' : '等待会员确认'}
    >
      {current && (
        <View id="wallet-wait-sheet" className="purchase-sheet wallet-wait">
          {!ended && (
            <>
              <View className="wallet-wait__spinner">
                <Loading type="circular" />
              </View>
              <Text id="wallet-wait-text" className="wallet-wait__text">
                等待会员在手机上确认 {formatCny(current.amountFen)}…
              </Text>
              <Text id="wallet-wait-countdown" className="wallet-wait__countdown">
                {status === 'CONFIRMED' ? '会员已确认，正在收款…' : `剩余 ${left} 秒 · 请会员打开「会员码」页面确认`}
              </Text>
            </>
          )}
          {ended && (
            <Text id="wallet-wait-ended" className="purchase__error wallet-wait__ended">
              {ended}
            </Text>
          )}
          {error && <Text className="purchase__error">{error}</Text>}
          {ended ? (
            <Button
              id="wallet-wait-other"
              className="purchase-sheet__cta"
              type="primary"
              size="large"
              block
              onClick={onOtherTender}
            >
              改用其他方式付款
            </Button>
          ) : (
            <Button
              id="wallet-wait-cancel"
              className="purchase-sheet__cta"
              size="large"
              block
              loading={cancelling}
              disabled={cancelling || status === 'CONFIRMED'}
              onClick={() => void cancel()}
            >
              取消储值支付
            </Button>
          )}
          <SafeArea position="bottom" />
        </View>
      )}
    </Popup>
  );
}
