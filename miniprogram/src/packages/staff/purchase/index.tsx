import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import {
  ErrorCode,
  formatCny,
  IDEMPOTENCY_KEY_RULE,
  type PurchaseQuote,
  type PurchaseResult,
  type WalletConfirmation,
  formatInt,
} from '@member/shared';
import { PageShell } from '../../../components/PageShell';
import { StaffGate } from '../StaffGate';
import { showError } from '../../../components/feedback';
import { errorMessage, isApiError } from '../../../services/api-error';
import { staffApi } from '../../../services/api';
import { billPreview, billWithoutQuote, chosenCoupons, maskName, type BillLines } from '../../../utils/checkout';
import { parseYuanToFen } from '../../../utils/money-input';
import { generateReceiptNo, isValidReceiptNo } from '../../../utils/receipt-no';
import { CheckoutMissing } from '../CheckoutMissing';
import { CheckoutStrip } from '../CheckoutStrip';
import { clearCheckout, useCheckout, useSecondsLeft } from '../checkout-store';
import { ApprovalSheet, approvalReason } from './ApprovalSheet';
import { ConfirmSheet } from './ConfirmSheet';
import { CouponChoice } from './CouponChoice';
import { PointsDeduction } from './PointsDeduction';
import { PurchaseResultView } from './PurchaseResultView';
import { WalletTender } from './WalletTender';
import { WalletWaitSheet } from './WalletWaitSheet';
import { walletCap } from './wallet-tender';
import '../staff.scss';
import './index.scss';

const QUOTE_DELAY_MS = 400;
// Refusals that mean the quote's coupons are stale: the sale was not booked, a fresh quote shows why.
const COUPON_REQUOTE = new Set<string>([
  ErrorCode.COUPON_NOT_USABLE,
  ErrorCode.COUPON_NOT_APPLICABLE,
  ErrorCode.COUPON_NOT_FOUND,
  ErrorCode.COUPON_NOT_STACKABLE,
]);

interface QuoteState {
  fen: number;
  quote: PurchaseQuote | null;
  error: string | null;
}

/** The quote for the typed amount (debounced; a newer amount wins over a slower older answer). */
function useQuote(checkoutId: number | null, amountFen: number | null) {
  const [state, setState] = useState<QuoteState | null>(null);
  const [quoting, setQuoting] = useState(false);
  const [nonce, setNonce] = useState(0);
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    if (amountFen === null || !checkoutId) {
      setQuoting(false);
      return undefined;
    }
    setQuoting(true);
    const timer = setTimeout(() => {
      staffApi
        .quotePurchase({ checkoutId, amountFen })
        .then((quote) => mine === seq.current && setState({ fen: amountFen, quote, error: null }))
        .catch(
          (e: unknown) => mine === seq.current && setState({ fen: amountFen, quote: null, error: errorMessage(e) }),
        )
        .finally(() => mine === seq.current && setQuoting(false));
    }, QUOTE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [checkoutId, amountFen, nonce]);

  const current = state && state.fen === amountFen ? state : null;
  return { quote: current?.quote ?? null, error: current?.error ?? null, quoting, retry: () => setNonce((n) => n + 1) };
}

function PurchaseContent() {
  const { checkout, deadline, loading, error, reload } = useCheckout();
  const left = useSecondsLeft(deadline);
  const [amount, setAmount] = useState('');
  // One receipt number per form: a retry after a network error resends it, so the server answers
  // the first booking instead of booking twice (even though that booking closed the checkout).
  const [receiptNo, setReceiptNo] = useState(() => generateReceiptNo());
  const [points, setPoints] = useState(0);
  // The clerk's own coupon choice; null = the quote's best (re-chosen for each new amount).
  const [pickedCoupons, setPickedCoupons] = useState<number[] | null>(null);
  // Stored value asked for (fen); what is tendered is this within the current cap.
  const [walletAsk, setWalletAsk] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<PurchaseResult | null>(null);
  // Beyond the clerk's limits: the manager's sheet, then the sale with the approval it gave.
  const [approvalNeed, setApprovalNeed] = useState<string | null>(null);
  // Stored value above the threshold: the member's confirmation on their phone, waited for on this sheet.
  const [walletWait, setWalletWait] = useState<WalletConfirmation | null>(null);
  const approvalUsed = useRef<number | undefined>(undefined);
  // Bumped when stored value is dropped after a refused confirmation, so its input starts empty again.
  const [tenderKey, setTenderKey] = useState(0);

  const parsed = parseYuanToFen(amount);
  const amountFen = parsed.ok ? parsed.fen : null;
  const amountError = amount.trim() && !parsed.ok ? parsed.error : null;
  const receiptOk = isValidReceiptNo(receiptNo);
  const { quote, error: quoteError, quoting, retry } = useQuote(checkout?.checkoutId ?? null, amountFen);

  if (result) return <PurchaseResultView result={result} />;
  if (!checkout) return <CheckoutMissing loading={loading} error={error} onRetry={reload} />;

  const open = checkout.status === 'open' && left > 0;
  // Coupons first, then points on what they leave: the server books in the same order with the same math.
  // Without a quote for this exact amount neither can be used; the sale itself can still go ahead.
  const bill: BillLines | null =
    amountFen === null
      ? null
      : quote
        ? billPreview(quote, amountFen, points, chosenCoupons(quote, pickedCoupons))
        : billWithoutQuote(amountFen);
  // Stored value pays last, out of what coupons and points leave; cash is the rest.
  const cap = bill ? walletCap(quote, bill.payableFen) : 0;
  const walletFen = Math.min(walletAsk, cap);
  const cashFen = bill ? bill.payableFen - walletFen : 0;
  const ready = open && !!bill && receiptOk && !quoting && (points === 0 || !!quote);

  // Asks the member to confirm the stored value on their phone; the sheet then waits for the answer.
  const askMember = async () => {
    if (!checkout) return;
    setSubmitting(true);
    try {
      const asked = await staffApi.requestWalletConfirmation(checkout.checkoutId, { receiptNo, amountFen: walletFen });
      setConfirming(false);
      setApprovalNeed(null);
      setWalletWait(asked);
    } catch (e) {
      if (isApiError(e) && e.code === ErrorCode.WALLET_INSUFFICIENT) {
        setConfirming(false);
        retry();
      }
      showError(e);
    } finally {
      setSubmitting(false);
    }
  };

  // Declined, expired or cancelled: the receipt no. had its one request, so the next try gets a new one.
  const otherTender = () => {
    setWalletWait(null);
    setWalletAsk(0);
    setTenderKey((k) => k + 1);
    setReceiptNo(generateReceiptNo());
    retry();
  };

  const submit = async (approvalId?: number, walletConfirmationId?: number) => {
    if (!bill || amountFen === null) return;
    // The quote said this bill needs a manager: ask before sending, not after a refusal.
    if (!approvalId && quote?.approval) {
      setConfirming(false);
      setApprovalNeed(approvalReason(quote.approval));
      return;
    }
    approvalUsed.current = approvalId;
    // Above the threshold the member confirms the stored value on their own phone first.
    const confirm = quote?.walletConfirm;
    if (!walletConfirmationId && confirm && walletFen > confirm.aboveFen) {
      await askMember();
      return;
    }
    setSubmitting(true);
    try {
      const res = await staffApi.purchase({
        checkoutId: checkout.checkoutId,
        amountFen,
        receiptNo,
        ...(bill.pointsToUse > 0 ? { pointsToUse: bill.pointsToUse } : {}),
        ...(bill.couponIds.length ? { couponIds: bill.couponIds } : {}),
        ...(walletFen > 0 ? { walletFen } : {}),
        ...(approvalId ? { approvalId } : {}),
        ...(walletConfirmationId ? { walletConfirmationId } : {}),
      });
      clearCheckout();
      setConfirming(false);
      setApprovalNeed(null);
      setWalletWait(null);
      setResult(res);
    } catch (e) {
      if (isApiError(e) && COUPON_REQUOTE.has(e.code)) {
        // The coupon went elsewhere meanwhile (another till, expiry): ask again and let the clerk see.
        setConfirming(false);
        setPickedCoupons(null);
        retry();
      }
      if (isApiError(e) && e.code === ErrorCode.WALLET_INSUFFICIENT) {
        // The balance moved since the quote (another till, a top-up refund): ask again, show the new cap.
        setConfirming(false);
        retry();
      }
      if (isApiError(e) && e.code === ErrorCode.SALE_APPROVAL_REQUIRED && !approvalId) {
        // Limits moved since the quote (e.g. the hour's count): the manager's sheet instead of an error.
        setConfirming(false);
        setApprovalNeed(e.message);
        return;
      }
      if (isApiError(e) && e.code === ErrorCode.WALLET_CONFIRMATION_REQUIRED && !walletConfirmationId) {
        // The threshold moved since the quote: ask the member now instead of failing.
        await askMember();
        return;
      }
      if (walletConfirmationId) {
        // The confirmed request could not be used (expired meanwhile …): say why, pick another tender.
        setWalletWait(null);
        if (isApiError(e) && e.code.startsWith('WALLET_CONFIRMATION_')) otherTender();
      }
      // The sheet stays open with the same receipt no.: sending again cannot book twice.
      showError(e);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <View className="staff purchase">
      <CheckoutStrip checkout={checkout} deadline={deadline} coupons={quote ? quote.coupons.options.length : null} />

      <View className="staff__form">
        <Text className="staff__label">消费金额（元）</Text>
        <Input
          id="purchase-amount"
          className="staff__input purchase__amount"
          type="digit"
          maxLength={12}
          placeholder="0.00"
          value={amount}
          onChange={setAmount}
          clearable
        />
        {amountError && <Text className="purchase__error">{amountError}</Text>}
      </View>

      {bill && (
        <View className="staff__form purchase__bill">
          {quote && <CouponChoice options={quote.coupons.options} bill={bill} onChange={setPickedCoupons} />}
          {quote && <PointsDeduction quote={quote} bill={bill} onChange={setPoints} />}
          {quote && (
            <WalletTender
              key={tenderKey}
              wallet={quote.wallet}
              cap={cap}
              walletFen={walletFen}
              onChange={setWalletAsk}
            />
          )}
          {!quote && quoting && <Text className="staff__tip">正在计算可用优惠券和积分…</Text>}
          {!quote && !quoting && quoteError && (
            <View className="purchase__row">
              <Text id="purchase-quote-error" className="purchase__error">
                {quoteError}
              </Text>
              <Button id="purchase-quote-retry" size="small" onClick={retry}>
                重试
              </Button>
            </View>
          )}
          <View className="purchase__line">
            <Text>应收</Text>
            <Text>{formatCny(amountFen!)}</Text>
          </View>
          <View className="purchase__line">
            <Text>优惠券</Text>
            <Text id="purchase-coupon-preview">−{formatCny(bill.couponDiscountFen)}</Text>
          </View>
          <View className="purchase__line">
            <Text>积分抵扣</Text>
            <Text id="purchase-deduction-preview">
              {bill.pointsToUse > 0 ? `−${formatCny(bill.deductionFen)}` : '−¥0.00'}
            </Text>
          </View>
          {walletFen > 0 && (
            <View className="purchase__line">
              <Text>储值支付</Text>
              <Text id="purchase-wallet-preview">−{formatCny(walletFen)}</Text>
            </View>
          )}
          <View className="purchase__line purchase__line--total">
            <Text>还需支付</Text>
            <Text id="purchase-payable-preview" className="purchase__money">
              {formatCny(cashFen)}
            </Text>
          </View>
          <View className="purchase__line">
            <Text>本单可得积分</Text>
            <Text id="purchase-earn-preview">
              {bill.pointsEarned === null ? '—' : `+${formatInt(bill.pointsEarned)}`}
            </Text>
          </View>
        </View>
      )}

      <View className="staff__form">
        <Text className="staff__label">小票号</Text>
        <Input
          id="purchase-receipt"
          className="staff__input purchase__receipt"
          maxLength={64}
          placeholder="收银小票号"
          value={receiptNo}
          onChange={setReceiptNo}
        />
        {receiptOk ? (
          <Text className="staff__tip">可改为收银系统的小票号；同一小票重复提交只记一次</Text>
        ) : (
          <Text className="purchase__error">小票号须为 {IDEMPOTENCY_KEY_RULE}</Text>
        )}
      </View>

      <View className="staff__actions">
        <Button
          id="purchase-submit"
          type="primary"
          size="large"
          block
          disabled={!ready}
          onClick={() => setConfirming(true)}
        >
          {open ? (bill ? `收款 ${formatCny(cashFen)}` : '请输入金额') : '扫码已超时，请重新扫码'}
        </Button>
      </View>

      {bill && amountFen !== null && (
        <ConfirmSheet
          visible={confirming}
          name={maskName(checkout.member.nickname) || '会员'}
          amountFen={amountFen}
          bill={bill}
          walletFen={walletFen}
          receiptNo={receiptNo}
          memberConfirms={!!quote?.walletConfirm && walletFen > quote.walletConfirm.aboveFen}
          submitting={submitting}
          onConfirm={() => void submit()}
          onClose={() => setConfirming(false)}
        />
      )}
      <WalletWaitSheet
        confirmation={walletWait}
        onConfirmed={(confirmed) => void submit(approvalUsed.current, confirmed.id)}
        onOtherTender={otherTender}
      />
      {approvalNeed && amountFen !== null && (
        <ApprovalSheet
          visible
          checkoutId={checkout.checkoutId}
          amountFen={amountFen}
          reason={approvalNeed}
          onApproved={(approval) => void submit(approval.approvalId)}
          onClose={() => setApprovalNeed(null)}
        />
      )}
    </View>
  );
}

export default function PurchasePage() {
  return (
    <PageShell>
      <StaffGate>
        <PurchaseContent />
      </StaffGate>
    </PageShell>
  );
}
