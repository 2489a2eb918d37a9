import { Text, View } from '@tarojs/components';
import { Button, Popup, SafeArea } from '@nutui/nutui-react-taro';
import { formatCny, formatInt } from '@member/shared';
import type { BillLines } from '../../../utils/checkout';

interface Props {
  visible: boolean;
  name: string;
  amountFen: number;
  bill: BillLines;
  /** Stored value tendered after coupons and points (fen). */
  walletFen: number;
  receiptNo: string;
  /** The stored value is above the threshold: the member confirms it on their phone after this sheet. */
  memberConfirms: boolean;
  submitting: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/** Money always passes this sheet: every line of the bill, nothing netted silently. */
export function ConfirmSheet(props: Props) {
  const { visible, name, amountFen, bill, walletFen, receiptNo, memberConfirms, submitting, onConfirm, onClose } =
    props;
  const cashFen = bill.payableFen - walletFen;
  return (
    <Popup
      visible={visible}
      position="bottom"
      round
      closeable={!submitting}
      closeOnOverlayClick={!submitting}
      title="确认收款"
      onClose={onClose}
    >
      <View id="purchase-confirm" className="purchase-sheet">
        <View className="purchase-sheet__row">
          <Text>会员</Text>
          <Text>{name}</Text>
        </View>
        <View className="purchase-sheet__row">
          <Text>应收</Text>
          <Text>{formatCny(amountFen)}</Text>
        </View>
        {bill.couponIds.length > 0 && (
          <View className="purchase-sheet__row">
            <Text>优惠券</Text>
            <Text id="confirm-coupon">
              −{formatCny(bill.couponDiscountFen)}（{bill.couponIds.length} 张）
            </Text>
          </View>
        )}
        <View className="purchase-sheet__row">
          <Text>积分抵扣</Text>
          <Text id="confirm-deduction">
            {bill.pointsToUse > 0 ? `−${formatCny(bill.deductionFen)}（${formatInt(bill.pointsToUse)} 分）` : '不使用'}
          </Text>
        </View>
        {walletFen > 0 && (
          <View className="purchase-sheet__row">
            <Text>储值支付</Text>
            <Text id="confirm-wallet">−{formatCny(walletFen)}</Text>
          </View>
        )}
        <View className="purchase-sheet__row purchase-sheet__row--total">
          <Text>还需支付</Text>
          <Text id="confirm-payable" className="purchase-sheet__total">
            {formatCny(cashFen)}
          </Text>
        </View>
        <View className="purchase-sheet__row">
          <Text>本单可得积分</Text>
          <Text id="confirm-earn">{bill.pointsEarned === null ? '—' : `+${formatInt(bill.pointsEarned)}`}</Text>
        </View>
        <View className="purchase-sheet__row">
          <Text>小票号</Text>
          <Text className="purchase-sheet__mono">{receiptNo}</Text>
        </View>
        {memberConfirms && (
          <Text id="confirm-member-note" className="purchase-sheet__note">
            储值支付 {formatCny(walletFen)} 需会员在自己的手机上确认，确认前该金额将暂时冻结
          </Text>
        )}
        <Button
          id="purchase-confirm-submit"
          className="purchase-sheet__cta"
          type="primary"
          size="large"
          block
          loading={submitting}
          disabled={submitting}
          onClick={onConfirm}
        >
          {memberConfirms ? `请会员确认储值 ${formatCny(walletFen)}` : `确认收款 ${formatCny(cashFen)}`}
        </Button>
        <SafeArea position="bottom" />
      </View>
    </Popup>
  );
}
