import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { formatCny, type StaffPurchaseDetail, formatInt } from '@member/shared';
import { errorMessage } from '../../../services/api-error';
import { staffApi } from '../../../services/api';

export type PurchaseLookup =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'found'; purchase: StaffPurchaseDetail }
  | { state: 'error'; message: string };

/** Looks the receipt up shortly after the clerk stops typing, so they see whose bill it is and what is left. */
export function usePurchaseLookup(receiptNo: string, valid: boolean, refreshKey: number): PurchaseLookup {
  const [lookup, setLookup] = useState<PurchaseLookup>({ state: 'idle' });
  useEffect(() => {
    if (!valid) {
      setLookup({ state: 'idle' });
      return;
    }
    let current = true;
    setLookup({ state: 'loading' });
    const timer = setTimeout(() => {
      staffApi
        .purchaseDetail(receiptNo)
        .then((purchase) => current && setLookup({ state: 'found', purchase }))
        .catch((e: unknown) => current && setLookup({ state: 'error', message: errorMessage(e) }));
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [receiptNo, valid, refreshKey]);
  return lookup;
}

/** What the bill's points paid: the rest after cash, coupons and stored value. */
export function pointsPaidFen(
  p: Pick<StaffPurchaseDetail, 'amountFen' | 'couponDiscountFen' | 'payableFen' | 'walletFen'>,
): number {
  return p.amountFen - p.couponDiscountFen - p.payableFen - (p.walletFen ?? 0);
}

export function PurchaseCard({ lookup, onFillAll }: { lookup: PurchaseLookup; onFillAll: (fen: number) => void }) {
  if (lookup.state === 'idle') return null;
  if (lookup.state === 'loading') return <Text className="staff__tip">正在查询小票…</Text>;
  if (lookup.state === 'error') {
    return (
      <Text id="refund-lookup-error" className="refund__error">
        {lookup.message}
      </Text>
    );
  }
  const p = lookup.purchase;
  return (
    <View id="refund-purchase" className="refund__purchase">
      <View className="refund__purchase-row">
        <Text className="refund__purchase-member">{p.nickname || '微信用户'}</Text>
        <Text className="staff__tip">会员号 {p.memberNo}</Text>
      </View>
      <View className="refund__purchase-row">
        <Text className="staff__tip">
          消费 {formatCny(p.amountFen)} · 已退 {formatCny(p.refundedFen)}
        </Text>
        <Text id="refund-refundable" className="refund__purchase-left">
          可退 {formatCny(p.refundableFen)}
        </Text>
      </View>
      <View id="refund-tenders" className="refund__tenders">
        <View className="refund__purchase-row">
          <Text className="staff__tip">现金支付</Text>
          <Text className="refund__tender">{formatCny(p.payableFen)}</Text>
        </View>
        {p.couponDiscountFen > 0 && (
          <View className="refund__purchase-row">
            <Text className="staff__tip">优惠券</Text>
            <Text id="refund-tender-coupon" className="refund__tender">
              −{formatCny(p.couponDiscountFen)}
            </Text>
          </View>
        )}
        {p.pointsUsed > 0 && (
          <View className="refund__purchase-row">
            <Text className="staff__tip">积分抵扣</Text>
            <Text className="refund__tender">
              {formatInt(p.pointsUsed)} 分（{formatCny(pointsPaidFen(p))}）
            </Text>
          </View>
        )}
        {/* Answers of a server from before stored value carry no wallet fields. */}
        {(p.walletFen ?? 0) > 0 && (
          <View className="refund__purchase-row">
            <Text className="staff__tip">储值支付</Text>
            <Text id="refund-tender-wallet" className="refund__tender">
              {formatCny(p.walletFen)}（本金 {formatCny(p.walletPrincipalFen)} / 赠送 {formatCny(p.walletBonusFen)}）
            </Text>
          </View>
        )}
        {(p.walletRefundedFen ?? 0) > 0 && (
          <View className="refund__purchase-row">
            <Text className="staff__tip">已退回储值</Text>
            <Text className="refund__tender">{formatCny(p.walletRefundedFen)}</Text>
          </View>
        )}
        {p.cashRefundedFen > 0 && (
          <View className="refund__purchase-row">
            <Text className="staff__tip">已退现金</Text>
            <Text className="refund__tender">{formatCny(p.cashRefundedFen)}</Text>
          </View>
        )}
      </View>
      {p.refundableFen > 0 ? (
        <Text id="refund-fill-all" className="refund__purchase-fill" onClick={() => onFillAll(p.refundableFen)}>
          全部退款
        </Text>
      ) : (
        <Text className="refund__error">该小票已全额退款</Text>
      )}
    </View>
  );
}
