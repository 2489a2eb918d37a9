import { Text, View } from '@tarojs/components';
import { Button, Cell } from '@nutui/nutui-react-taro';
import { formatCny, type RefundResult, formatInt } from '@member/shared';
import { openShiftSummary } from '../StaffToolbar';

interface Props {
  result: RefundResult;
  onNext: () => void;
}

/** What the refund did to the member's points and growth, for the clerk to tell the member. */
export function RefundResultView({ result, onNext }: Props) {
  return (
    <View id="refund-result" className="staff">
      <View className="refund__done">
        <Text className="refund__done-title">退款已完成 · 请退还现金</Text>
        <Text id="refund-amount-done" className="refund__done-amount">
          {formatCny(result.cashRefundedFen)}
        </Text>
        <Text className="refund__done-sub">小票号 {result.receiptNo}</Text>
        {result.replayed && <Text className="refund__done-sub">此退款在上次提交时已完成，未重复退款</Text>}
      </View>

      <Cell.Group>
        <Cell title="退货金额（原价）" extra={<Text id="refund-result-amount">{formatCny(result.amountFen)}</Text>} />
        <Cell title="退还现金" extra={<Text id="refund-result-cash">{formatCny(result.cashRefundedFen)}</Text>} />
        {/* Answers stored before coupons carry no coupon fields. */}
        {(result.couponFen ?? 0) > 0 && (
          <Cell
            title="优惠券抵扣部分"
            description="券的优惠不退现金"
            extra={<Text id="refund-result-coupon">{formatCny(result.couponFen)}</Text>}
          />
        )}
        {/* Answers stored before stored value carry no wallet fields. */}
        {(result.walletFen ?? 0) > 0 && (
          <Cell
            title="退回储值"
            description="退回会员储值原来的本金与赠送部分，不退现金"
            extra={<Text id="refund-result-wallet">{formatCny(result.walletFen)}</Text>}
          />
        )}
        {result.walletBalanceFen != null && (
          <Cell
            title="会员储值余额"
            extra={<Text id="refund-result-wallet-balance">{formatCny(result.walletBalanceFen)}</Text>}
          />
        )}
        {(result.couponsReturned ?? 0) > 0 && (
          <Cell
            title="退回优惠券"
            description="仍在有效期内的可再次使用"
            extra={<Text id="refund-result-coupons-returned">{result.couponsReturned} 张</Text>}
          />
        )}
        <Cell
          title="该小票累计已退"
          extra={<Text id="refund-result-total">{formatCny(result.refundedTotalFen)}</Text>}
        />
      </Cell.Group>

      <Cell.Group title="积分与成长值">
        <Cell
          title="退回抵扣积分"
          description="按原有效期退回"
          extra={<Text id="refund-result-returned">{formatInt(result.pointsReturned)} 分</Text>}
        />
        <Cell title="扣回积分" extra={<Text id="refund-result-clawed">{formatInt(result.pointsClawedBack)} 分</Text>} />
        {result.pointsShortfall > 0 && (
          <Cell
            title="记为欠分"
            description="会员已使用，下次获得积分时先行抵扣"
            extra={
              <Text id="refund-result-shortfall" className="refund__warn">
                {formatInt(result.pointsShortfall)} 分
              </Text>
            }
          />
        )}
        <Cell title="扣回成长值" extra={<Text id="refund-result-growth">{formatInt(result.growthClawedBack)}</Text>} />
        <Cell title="会员当前积分" extra={<Text id="refund-result-balance">{formatInt(result.balance)}</Text>} />
      </Cell.Group>

      <View className="staff__actions">
        <Button id="refund-next" type="primary" block onClick={onNext}>
          继续退款
        </Button>
        <Button id="refund-summary" block onClick={openShiftSummary}>
          今日交班
        </Button>
      </View>
    </View>
  );
}
