import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Cell, Input, Switch } from '@nutui/nutui-react-taro';
import { formatCny, IDEMPOTENCY_KEY_RULE, type PurchaseQuote, type PurchaseResult } from '@member/shared';
import { PageShell } from '../../../components/PageShell';
import { showError } from '../../../components/feedback';
import { errorMessage } from '../../../services/api-error';
import { staffApi } from '../../../services/api';
import { parseYuanToFen } from '../../../utils/money-input';
import { generateReceiptNo, isValidReceiptNo } from '../../../utils/receipt-no';
import { formatBizDateTime } from '../../../utils/time';
import { getLastCode, getLastLookup, setLastLookup } from '../lookup-store';
import { openRefund, openShiftSummary } from '../StaffToolbar';
import '../staff.scss';
import './index.scss';

const QUOTE_DELAY_MS = 400;

function backToScan() {
  // Normal stack: scan → member → purchase. After an H5 reload only this page is left.
  const pages = Taro.getCurrentPages();
  const scanIndex = pages.findIndex((p) => (p.route ?? '').includes('packages/staff/scan'));
  if (scanIndex >= 0 && scanIndex < pages.length - 1) {
    void Taro.navigateBack({ delta: pages.length - 1 - scanIndex });
  } else {
    void Taro.redirectTo({ url: '/packages/staff/scan/index' });
  }
}

interface QuoteState {
  fen: number;
  quote: PurchaseQuote | null;
  error: string | null;
}

function PurchaseResultView({ result }: { result: PurchaseResult }) {
  return (
    <View id="purchase-result" className="staff">
      <View className="purchase__done">
        <Text className="purchase__done-title">消费已记账</Text>
        <Text className="purchase__done-sub">
          {result.nickname || '会员'} · 会员号 {result.memberNo}
        </Text>
        <Text className="purchase__earned">
          本次获得积分 <Text id="purchase-earned">{result.pointsEarned}</Text> 分
        </Text>
        {result.replayed && <Text className="purchase__done-sub">该小票已记过账，以下为首次记账结果</Text>}
      </View>

      {result.promotedTo && (
        <View id="purchase-promoted" className="purchase__promoted">
          恭喜！会员已升级为「{result.promotedTo.name}」
        </View>
      )}

      <Cell.Group>
        <Cell title="消费金额" extra={formatCny(result.amountFen)} />
        <Cell
          title="抵扣积分"
          extra={
            <Text id="purchase-deduction">
              {result.pointsUsed > 0 ? `${result.pointsUsed} 分（-${formatCny(result.deductionFen)}）` : '未使用'}
            </Text>
          }
        />
        <Cell
          title="应付金额"
          extra={
            <Text id="purchase-payable" className="purchase__money">
              {formatCny(result.payableFen)}
            </Text>
          }
        />
        <Cell title="当前积分余额" extra={<Text id="purchase-balance">{result.balance}</Text>} />
        <Cell
          title="会员等级"
          extra={
            <Text id="purchase-tier" className="purchase__tier" style={{ backgroundColor: result.tier.badgeColor }}>
              {result.tier.name}
            </Text>
          }
        />
        <Cell title="小票号" extra={<Text id="purchase-receipt-no">{result.receiptNo}</Text>} />
        <Cell title="记账时间" extra={formatBizDateTime(result.createdAt)} />
      </Cell.Group>

      <View className="staff__actions">
        <Button id="purchase-next" type="primary" block onClick={backToScan}>
          继续扫码
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

function PurchaseContent() {
  const summary = getLastLookup();
  const memberCode = getLastCode();
  const [amount, setAmount] = useState('');
  // One receipt number per form: a retry after a network error resends it, so the server answers
  // the first booking instead of booking twice.
  const [receiptNo, setReceiptNo] = useState(() => generateReceiptNo());
  const [quoteState, setQuoteState] = useState<QuoteState | null>(null);
  const [quoting, setQuoting] = useState(false);
  const [usePoints, setUsePoints] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<PurchaseResult | null>(null);
  const [quoteNonce, setQuoteNonce] = useState(0);
  const quoteSeq = useRef(0);

  const parsed = parseYuanToFen(amount);
  const amountFen = parsed.ok ? parsed.fen : null;
  const amountError = amount.trim() && !parsed.ok ? parsed.error : null;
  const receiptOk = isValidReceiptNo(receiptNo);

  useEffect(() => {
    const seq = ++quoteSeq.current;
    if (amountFen === null || !memberCode) {
      setQuoting(false);
      return undefined;
    }
    setQuoting(true);
    const timer = setTimeout(() => {
      staffApi
        .quotePurchase({ memberCode, amountFen })
        .then((quote) => {
          if (seq === quoteSeq.current) setQuoteState({ fen: amountFen, quote, error: null });
        })
        .catch((e: unknown) => {
          if (seq === quoteSeq.current) setQuoteState({ fen: amountFen, quote: null, error: errorMessage(e) });
        })
        .finally(() => {
          if (seq === quoteSeq.current) setQuoting(false);
        });
    }, QUOTE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [amountFen, memberCode, quoteNonce]);

  if (result) return <PurchaseResultView result={result} />;

  if (!summary || !memberCode) {
    return (
      <View className="staff">
        <View className="staff__scan">
          <Text className="staff__tip">没有会员信息，请重新扫码</Text>
          <Button type="primary" onClick={backToScan}>
            去扫码
          </Button>
        </View>
      </View>
    );
  }

  const current = quoteState && quoteState.fen === amountFen ? quoteState : null;
  const quote = current?.quote ?? null;
  const canUsePoints = !!quote && quote.maxPointsToUse > 0;
  const pointsToUse = usePoints && canUsePoints ? quote.maxPointsToUse : 0;
  const deductionFen = usePoints && canUsePoints ? quote.maxDeductionFen : 0;
  const payableFen = amountFen !== null ? amountFen - deductionFen : null;
  // Using points needs the quote for this exact amount; without points the purchase can go ahead.
  const ready = amountFen !== null && receiptOk && (!usePoints || (!!quote && !quoting));

  const submit = async () => {
    if (!parsed.ok) return showError(new Error(parsed.error));
    if (!receiptOk) return showError(new Error(`小票号须为 ${IDEMPOTENCY_KEY_RULE}`));
    setSubmitting(true);
    try {
      const res = await staffApi.purchase({
        memberCode,
        amountFen: parsed.fen,
        receiptNo: receiptNo.trim(),
        ...(pointsToUse > 0 ? { pointsToUse } : {}),
      });
      // The code is spent; the member page must not offer it again.
      setLastLookup(null);
      setResult(res);
    } catch (e) {
      showError(e);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <View className="staff">
      <View className="staff__banner">
        <Text id="purchase-nickname" className="staff__banner-title">
          {summary.nickname || '会员'}
        </Text>
        <Text className="staff__banner-sub">
          会员号 <Text id="purchase-member-no">{summary.memberNo}</Text> · 会员码有效至{' '}
          {formatBizDateTime(summary.codeExpiresAt)}
        </Text>
      </View>

      <View className="staff__form">
        <Text className="staff__label">消费金额（元）</Text>
        <Input
          id="purchase-amount"
          className="staff__input"
          type="digit"
          maxLength={12}
          placeholder="如 128.50"
          value={amount}
          onChange={setAmount}
          clearable
        />
        {amountError && <Text className="purchase__error">{amountError}</Text>}

        <Text className="staff__label">小票号</Text>
        <Input
          id="purchase-receipt"
          className="staff__input purchase__receipt"
          maxLength={32}
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

      {amountFen !== null && (
        <View className="staff__form">
          {quote && (
            <View className="purchase__row">
              <Text id="purchase-available">
                可用积分 {quote.maxPointsToUse}（抵扣 {formatCny(quote.maxDeductionFen)}）
              </Text>
              <Text className="staff__tip">余额 {quote.balance}</Text>
            </View>
          )}
          {!quote && (quoting || !current) && <Text className="staff__tip">正在计算可用积分…</Text>}
          {!quote && !quoting && current?.error && (
            <View className="purchase__row">
              <Text className="purchase__error">{current.error}</Text>
              <Button id="purchase-quote-retry" size="small" onClick={() => setQuoteNonce((n) => n + 1)}>
                重试
              </Button>
            </View>
          )}
          <View className="purchase__row">
            <Text>使用积分抵扣</Text>
            <Switch
              id="purchase-use-points"
              checked={usePoints && (!quote || canUsePoints)}
              // Without a quote the switch can still be turned off, so a failed quote never blocks the sale.
              disabled={quote ? !canUsePoints : !usePoints}
              onChange={(v) => setUsePoints(v)}
            />
          </View>
          {quote && !canUsePoints && <Text className="staff__tip">本单暂不可使用积分</Text>}
          {quote && pointsToUse === 0 && (
            <Text className="staff__tip">不使用积分，本单可得 {quote.pointsIfNoDeduction} 分</Text>
          )}
          <View className="purchase__row">
            <Text className="staff__label">应付金额</Text>
            <Text id="purchase-payable-preview" className="purchase__money">
              {payableFen !== null ? formatCny(payableFen) : '—'}
            </Text>
          </View>
        </View>
      )}

      <View className="staff__actions">
        <Button
          id="purchase-submit"
          type="primary"
          block
          loading={submitting}
          disabled={!ready || submitting}
          onClick={() => void submit()}
        >
          确认消费
        </Button>
      </View>
    </View>
  );
}

export default function PurchasePage() {
  return (
    <PageShell>
      <PurchaseContent />
    </PageShell>
  );
}
