import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Popup, SafeArea } from '@nutui/nutui-react-taro';
import { formatCny, type PendingWalletCharge, type WalletChargeDecision } from '@member/shared';
import { showError } from '../../components/feedback';
import { meApi } from '../../services/api';

interface Props {
  /** The store's request as the card's poll last reported it (null: none waiting). */
  pending: PendingWalletCharge | null;
  /** Server time of that poll, so the countdown runs on the server's deadline. */
  serverNow: string | null;
  onDecided: (decision: WalletChargeDecision) => void;
  onClose: () => void;
}

/**
 * 门店收款确认: a store asks to charge a large amount to the member's stored value. Nothing is spent
 * until the member taps 确认支付 here, on their own phone; 拒绝 (or letting it time out) releases it.
 */
export function WalletConfirmSheet({ pending, serverNow, onDecided, onClose }: Props) {
  const [busy, setBusy] = useState<'confirm' | 'decline' | null>(null);
  const [deadline, setDeadline] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const id = pending?.id;

  useEffect(() => {
    if (!pending) return;
    const skew = serverNow ? Date.parse(serverNow) - Date.now() : 0;
    // Each poll re-anchors the deadline on the server's clock.
    setDeadline(Date.parse(pending.expiresAt) - skew);
  }, [pending, serverNow]);

  useEffect(() => {
    if (!id) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [id]);

  const left = Math.max(0, Math.ceil((deadline - now) / 1000));
  const decide = async (decision: 'confirm' | 'decline') => {
    if (!pending) return;
    setBusy(decision);
    try {
      onDecided(await meApi.decideWalletCharge(pending.id, decision));
    } catch (e) {
      showError(e);
      onClose();
    } finally {
      setBusy(null);
    }
  };

  return (
    <Popup
      visible={!!pending}
      position="bottom"
      round
      closeable={false}
      closeOnOverlayClick={false}
      title="门店收款确认"
    >
      {pending && (
        <View id="wallet-confirm-sheet" className="sale-sheet wallet-confirm">
          <Text id="wallet-confirm-store" className="sale-sheet__store">
            {pending.storeName} 请求使用您的储值付款
          </Text>
          <View className="sale-sheet__head">
            <Text className="sale-sheet__paid-label">储值支付</Text>
            <Text id="wallet-confirm-amount" className="sale-sheet__paid">
              {formatCny(pending.amountFen)}
            </Text>
          </View>
          <View className="sale-sheet__row">
            <Text>支付后剩余储值</Text>
            <Text id="wallet-confirm-after">{formatCny(pending.balanceAfterFen)}</Text>
          </View>
          <Text id="wallet-confirm-countdown" className="wallet-confirm__countdown">
            {left > 0 ? `请在 ${left} 秒内确认，超时将自动取消` : '已超时，本次收款已取消'}
          </Text>
          <View className="sale-sheet__actions">
            <Button
              id="wallet-confirm-decline"
              size="large"
              className="sale-sheet__button"
              loading={busy === 'decline'}
              disabled={!!busy}
              onClick={() => void decide('decline')}
            >
              拒绝
            </Button>
            <Button
              id="wallet-confirm-accept"
              type="primary"
              size="large"
              className="sale-sheet__button"
              loading={busy === 'confirm'}
              disabled={!!busy || left === 0}
              onClick={() => void decide('confirm')}
            >
              确认支付
            </Button>
          </View>
          <SafeArea position="bottom" />
        </View>
      )}
    </Popup>
  );
}
