import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Dialog, Input } from '@nutui/nutui-react-taro';
import {
  formatCny,
  IDEMPOTENCY_KEY_RULE,
  saleRefundSplit,
  type RefundResult,
  type SaleRefundSplit,
  formatInt,
} from '@member/shared';
import { showError } from '../../../components/feedback';
import { staffApi } from '../../../services/api';
import { useSession } from '../../../store/session';
import { fenToYuanInput, parseYuanToFen } from '../../../utils/money-input';
import { isValidReceiptNo } from '../../../utils/receipt-no';
import { outcomeUnknown, refundAttemptFor, type RefundAttempt } from '../../../utils/refund-attempt';
import { PurchaseCard, pointsPaidFen, usePurchaseLookup } from './PurchaseCard';

const RECEIPT_HINT = `小票号须为 ${IDEMPOTENCY_KEY_RULE}`;

interface Props {
  initialReceiptNo: string;
  /** Set while a submission's outcome is unknown; kept by the page so it survives going back to the list. */
  pending: RefundAttempt | null;
  setPending: (attempt: RefundAttempt | null) => void;
  onDone: (result: RefundResult) => void;
  /** Back to today's sales. */
  onList: () => void;
}

/** One refund: the receipt (picked from today's sales or typed), the amount, what goes back, confirm. */
export function RefundForm({ initialReceiptNo, pending, setPending, onDone, onList }: Props) {
  const { member } = useSession();
  const [receiptNo, setReceiptNo] = useState(initialReceiptNo);
  const [amount, setAmount] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [submitting, setSubmitting] = useState(false);

  const parsed = parseYuanToFen(amount, '退款');
  const amountError = amount.trim() && !parsed.ok ? parsed.error : null;
  const receipt = receiptNo.trim();
  const receiptOk = isValidReceiptNo(receipt);
  const ready = parsed.ok && receiptOk && !submitting;
  // A refund leaves this form (result, then the list), so one lookup per receipt typed is enough.
  const lookup = usePurchaseLookup(receipt, receiptOk, 0);
  const overLimit =
    lookup.state === 'found' && parsed.ok && parsed.fen > lookup.purchase.refundableFen
      ? `超过可退金额 ${formatCny(lookup.purchase.refundableFen)}`
      : null;
  // What the clerk hands back: the bill's cash share; the points part goes back to the member as points,
  // the coupons' part is value never paid. The earlier refunds are replayed as the server books them.
  const split: SaleRefundSplit | null =
    lookup.state === 'found' && parsed.ok && !overLimit
      ? saleRefundSplit(
          {
            amountFen: lookup.purchase.amountFen,
            couponDiscountFen: lookup.purchase.couponDiscountFen,
            deductionFen: pointsPaidFen(lookup.purchase),
            pointsUsed: lookup.purchase.pointsUsed,
            walletFen: lookup.purchase.walletFen ?? 0,
          },
          lookup.purchase.refundsFen,
          parsed.fen,
        )
      : null;
  const completes = lookup.state === 'found' && parsed.ok && !overLimit && parsed.fen === lookup.purchase.refundableFen;
  const couponNote =
    split && split.couponFen > 0
      ? `优惠券抵扣 ${formatCny(split.couponFen)} 不退现金${completes ? '，优惠券退回会员' : ''}`
      : null;
  const retrying = !!pending && parsed.ok && pending.receiptNo === receipt && pending.amountFen === parsed.fen;

  const ask = () => {
    if (!parsed.ok) return showError(new Error(parsed.error));
    if (!receiptOk) return showError(new Error(RECEIPT_HINT));
    setConfirming(true);
  };

  const submit = async () => {
    setConfirming(false);
    if (!parsed.ok || !receiptOk) return;
    const attempt = refundAttemptFor(pending, receipt, parsed.fen);
    setPending(attempt);
    setSubmitting(true);
    try {
      const res = await staffApi.refund(attempt.receiptNo, {
        amountFen: attempt.amountFen,
        refundNo: attempt.refundNo,
      });
      setPending(null);
      onDone(res);
    } catch (e) {
      // Refused by the server: nothing was refunded, the next submission is a new refund.
      if (!outcomeUnknown(e)) setPending(null);
      showError(e);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <View className="staff">
      <View className="staff__banner">
        <Text className="staff__banner-title">{member?.staff?.storeName ?? '门店'} · 退款</Text>
        <Text className="staff__banner-sub">核对小票后填写退货金额，现金、积分与储值按原支付比例退回</Text>
      </View>

      <Text id="refund-back-list" className="refund__back" onClick={onList}>
        ‹ 今日消费
      </Text>

      <View className="staff__form">
        <Text className="staff__label">小票号</Text>
        <Input
          id="refund-receipt"
          className="staff__input refund__receipt"
          maxLength={64}
          placeholder="本店消费的小票号"
          value={receiptNo}
          onChange={setReceiptNo}
          clearable
        />
        {receipt && !receiptOk && <Text className="refund__error">{RECEIPT_HINT}</Text>}
        <PurchaseCard lookup={lookup} onFillAll={(fen) => setAmount(fenToYuanInput(fen))} />

        <Text className="staff__label">退货金额（元，按原价）</Text>
        <Input
          id="refund-amount"
          className="staff__input"
          type="digit"
          maxLength={12}
          placeholder="如 30.00"
          value={amount}
          onChange={setAmount}
          clearable
        />
        {amountError || overLimit ? (
          <Text className="refund__error">{amountError ?? overLimit}</Text>
        ) : split ? (
          <View id="refund-split" className="refund__split">
            <Text>
              退还现金 <Text className="refund__split-cash">{formatCny(split.cashFen)}</Text>
            </Text>
            {split.pointsReturned > 0 && <Text>退回抵扣积分 {formatInt(split.pointsReturned)} 分</Text>}
            {split.walletFen > 0 && (
              <Text id="refund-split-wallet">退回会员储值 {formatCny(split.walletFen)}（不退现金）</Text>
            )}
            {couponNote && <Text id="refund-split-coupon">{couponNote}</Text>}
          </View>
        ) : (
          <Text className="staff__tip">可部分退款；现金、积分与储值按原支付比例退回</Text>
        )}
      </View>

      {retrying && (
        <View id="refund-retry-note" className="refund__notice">
          上次提交未收到结果。保持小票号和金额不变再次提交，不会重复退款。
        </View>
      )}

      <View className="staff__actions">
        <Button
          id="refund-submit"
          type="primary"
          block
          loading={submitting}
          disabled={!ready || !!overLimit}
          onClick={ask}
        >
          {retrying ? '重新提交退款' : '确认退款'}
        </Button>
      </View>

      <Dialog
        className="refund-dialog"
        visible={confirming}
        title="确认退款"
        content={
          <View className="refund__confirm">
            <View id="refund-confirm-text" className="refund__confirm-text">
              <Text className="refund__confirm-amount">
                退还现金 {split ? formatCny(split.cashFen) : parsed.ok ? formatCny(parsed.fen) : ''}
              </Text>
              {split && split.pointsReturned > 0 && <Text>退回抵扣积分 {formatInt(split.pointsReturned)} 分</Text>}
              {couponNote && <Text>{couponNote}</Text>}
              <Text>退货金额 {parsed.ok ? formatCny(parsed.fen) : ''}，获得的积分和成长值按比例扣回</Text>
            </View>
            <Text className="staff__tip">小票号 {receipt}</Text>
          </View>
        }
        confirmText="确认退款"
        cancelText="取消"
        onConfirm={() => void submit()}
        onCancel={() => setConfirming(false)}
        onClose={() => setConfirming(false)}
      />
    </View>
  );
}
