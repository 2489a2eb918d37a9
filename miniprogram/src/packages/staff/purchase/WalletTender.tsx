import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { formatCny, type WalletTenderBalance } from '@member/shared';
import { fenToYuanInput, parseYuanToFen } from '../../../utils/money-input';
import { clampWallet } from './wallet-tender';

interface Props {
  wallet: WalletTenderBalance | null;
  /** min(balance, what coupons and points leave). */
  cap: number;
  /** What is tendered: the parent keeps it within the cap, so a lower cap (another coupon) lowers it. */
  walletFen: number;
  onChange: (fen: number) => void;
}

/** 储值 after coupons and points: the member's balance (本金/赠送), an amount up to the cap, 全额 / 不使用. */
export function WalletTender({ wallet, cap, walletFen, onChange }: Props) {
  const [text, setText] = useState(walletFen > 0 ? fenToYuanInput(walletFen) : '');

  if (!wallet || wallet.balanceFen === 0) {
    return (
      <View className="purchase__row">
        <Text>储值支付</Text>
        <Text id="purchase-wallet-none" className="staff__tip">
          会员暂无储值余额
        </Text>
      </View>
    );
  }
  const set = (fen: number) => {
    const next = clampWallet(fen, cap);
    onChange(next);
    setText(next > 0 ? fenToYuanInput(next) : '');
  };
  return (
    <View className="purchase__points">
      <View className="purchase__row">
        <Text>储值支付（元）</Text>
        <Input
          id="purchase-wallet"
          className="staff__input purchase__wallet-input"
          type="digit"
          maxLength={12}
          placeholder="0.00"
          value={text}
          onChange={(v) => {
            setText(v);
            const parsed = parseYuanToFen(v);
            onChange(parsed.ok ? clampWallet(parsed.fen, cap) : 0);
          }}
          onBlur={() => setText(walletFen > 0 ? fenToYuanInput(walletFen) : '')}
        />
      </View>
      <View className="purchase__row">
        <Text id="purchase-wallet-balance" className="staff__tip">
          {`余额 ${formatCny(wallet.balanceFen)}（本金 ${formatCny(wallet.principalFen)} / 赠送 ${formatCny(wallet.bonusFen)}），本单最多 ${formatCny(cap)}`}
        </Text>
        <View className="purchase__chips">
          {walletFen > 0 && (
            <Button id="purchase-wallet-clear" size="small" fill="none" onClick={() => set(0)}>
              不使用
            </Button>
          )}
          <Button
            id="purchase-wallet-all"
            size="small"
            fill="outline"
            type="primary"
            disabled={cap === 0 || walletFen === cap}
            onClick={() => set(cap)}
          >
            全额
          </Button>
        </View>
      </View>
    </View>
  );
}
