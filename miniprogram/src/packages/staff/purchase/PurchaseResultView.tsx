import { Text, View } from '@tarojs/components';
import { Button, Cell } from '@nutui/nutui-react-taro';
import { formatCny, type PurchaseResult, formatInt } from '@member/shared';
import { maskName } from '../../../utils/checkout';
import { formatBizDateTime } from '../../../utils/time';
import { backToScan } from '../checkout-store';
import { openRefund, openShiftSummary } from '../StaffToolbar';

/** The booked sale, kept until the clerk moves on. */
export function PurchaseResultView({ result }: { result: PurchaseResult }) {
  return (
    <View id="purchase-result" className="staff">
      <View className="purchase__done">
        <Text className="purchase__done-title">收款成功</Text>
        <Text id="purchase-paid" className="purchase__done-amount">
          {formatCny(result.payableFen)}
        </Text>
        <Text className="purchase__done-sub">
          {maskName(result.nickname) || '会员'} · 会员号 {result.memberNo}
        </Text>
        <Text className="purchase__earned">
          本次获得积分 <Text id="purchase-earned">+{formatInt(result.pointsEarned)}</Text>
        </Text>
        {result.replayed && <Text className="purchase__done-sub">该小票已记过账，以下为首次记账结果</Text>}
      </View>

      {result.promotedTo && (
        <View id="purchase-promoted" className="purchase__promoted">
          恭喜！会员已升级为「{result.promotedTo.name}」
        </View>
      )}

      <Cell.Group className="purchase__figures">
        <Cell title="应收" extra={formatCny(result.amountFen)} />
        {/* Stored answers from before coupons carry no coupon fields. */}
        {(result.coupons ?? []).length > 0 && (
          <Cell
            title="优惠券"
            description={<Text id="purchase-coupon-names">{result.coupons.map((c) => c.name).join('、')}</Text>}
            extra={<Text id="purchase-coupon">−{formatCny(result.couponDiscountFen)}</Text>}
          />
        )}
        <Cell
          title="积分抵扣"
          extra={
            <Text id="purchase-deduction">
              {result.pointsUsed > 0
                ? `−${formatCny(result.deductionFen)}（${formatInt(result.pointsUsed)} 分）`
                : '未使用'}
            </Text>
          }
        />
        {/* Stored answers from before stored value carry no wallet fields. */}
        {(result.walletFen ?? 0) > 0 && (
          <Cell
            title="储值支付"
            description={
              <Text id="purchase-wallet-split">
                本金 {formatCny(result.walletPrincipalFen)} / 赠送 {formatCny(result.walletBonusFen)}
              </Text>
            }
            extra={<Text id="purchase-wallet">−{formatCny(result.walletFen)}</Text>}
          />
        )}
        <Cell
          title="实收"
          extra={
            <Text id="purchase-payable" className="purchase__money">
              {formatCny(result.payableFen)}
            </Text>
          }
        />
        <Cell title="积分余额" extra={<Text id="purchase-balance">{formatInt(result.balance)}</Text>} />
        {result.walletBalanceFen != null && (
          <Cell
            title="储值余额"
            extra={<Text id="purchase-wallet-balance">{formatCny(result.walletBalanceFen)}</Text>}
          />
        )}
        <Cell
          title="会员等级"
          extra={
            <Text id="purchase-tier" className="purchase__tier" style={{ backgroundColor: result.tier.badgeColor }}>
              {result.tier.name}
            </Text>
          }
        />
        {/* Full width under the title: a 20-character receipt no. must not wrap mid-number. */}
        <Cell title="小票号" description={<Text id="purchase-receipt-no">{result.receiptNo}</Text>} />
        <Cell title="记账时间" extra={formatBizDateTime(result.createdAt)} />
      </Cell.Group>

      <View className="staff__actions">
        <Button id="purchase-next" type="primary" size="large" block onClick={backToScan}>
          继续收款
        </Button>
        <View className="purchase__links">
          <Text id="purchase-refund" className="purchase__link" onClick={() => openRefund(result.receiptNo)}>
            退款这笔消费
          </Text>
          <Text className="purchase__divider">|</Text>
          <Text id="purchase-summary" className="purchase__link" onClick={openShiftSummary}>
            今日交班
          </Text>
        </View>
      </View>
    </View>
  );
}
