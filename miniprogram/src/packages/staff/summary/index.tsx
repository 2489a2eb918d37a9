import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Loading } from '@nutui/nutui-react-taro';
import { formatCny, type ShiftSummary, formatInt } from '@member/shared';
import { PageShell } from '../../../components/PageShell';
import { StaffGate } from '../StaffGate';
import { showError } from '../../../components/feedback';
import { errorMessage } from '../../../services/api-error';
import { staffApi } from '../../../services/api';
import { formatBizDateTime } from '../../../utils/time';
import '../staff.scss';
import './index.scss';

type Totals = ShiftSummary['mine'];

// ¥1,234,567.89 at full size would not fit half a 375 px card: long figures step down a size.
const LONG_VALUE = 11;

function Cell({ field, label, value, money }: { field: string; label: string; value: string; money?: boolean }) {
  const classes = `summary__value${money ? ' summary__value--money' : ''}${value.length > LONG_VALUE ? ' summary__value--long' : ''}`;
  return (
    <View className="summary__cell">
      <Text className={classes} data-field={field}>
        {value}
      </Text>
      <Text className="summary__label">{label}</Text>
    </View>
  );
}

function TotalsBlock({ id, title, totals }: { id: string; title: string; totals: Totals }) {
  return (
    <View id={id} className="summary__block">
      <Text className="summary__block-title">{title}</Text>
      <View className="summary__grid">
        <Cell field="purchases" label="笔数" value={String(totals.purchases)} />
        <Cell field="amount" label="消费金额" value={formatCny(totals.amountFen)} money />
        <Cell field="payable" label="收取现金" value={formatCny(totals.payableFen)} money />
        <Cell
          field="refunds"
          label={`退款 ${totals.refunds} 笔 · 退还现金`}
          value={totals.cashRefundedFen ? `-${formatCny(totals.cashRefundedFen)}` : formatCny(0)}
        />
        <Cell field="net" label="净收现金" value={formatCny(totals.netCashFen)} money />
        <Cell field="earned" label="发放积分" value={formatInt(totals.pointsEarned)} />
        <Cell field="used" label="抵扣积分" value={formatInt(totals.pointsUsed)} />
        <Cell field="returned" label="退回抵扣积分" value={formatInt(totals.pointsReturned)} />
        {/* Stored value is not cash: shown apart, and only when the shop's sales used it. */}
        {((totals.walletFen ?? 0) > 0 || (totals.walletRefundedFen ?? 0) > 0) && (
          <>
            <Cell field="wallet" label="储值支付" value={formatCny(totals.walletFen)} money />
            <Cell field="wallet-refunded" label="退回储值" value={formatCny(totals.walletRefundedFen)} />
          </>
        )}
      </View>
    </View>
  );
}

function SummaryContent() {
  const [summary, setSummary] = useState<ShiftSummary | null>(null);
  const [loadedAt, setLoadedAt] = useState<Date | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const inFlight = useRef(false);

  const load = useCallback(async (userAsked = false) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setLoading(true);
    try {
      setSummary(await staffApi.shiftSummary());
      setLoadedAt(new Date());
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
      if (userAsked) showError(e);
    } finally {
      inFlight.current = false;
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);
  // Back from a refund or a purchase: the numbers have changed.
  useDidShow(() => void load());
  usePullDownRefresh(() => {
    void load(true).finally(() => Taro.stopPullDownRefresh());
  });

  if (!summary) {
    return (
      <View className="summary__state">
        {error ? (
          <>
            <Text className="summary__state-text">{error}</Text>
            <Button size="small" type="primary" onClick={() => void load(true)}>
              重试
            </Button>
          </>
        ) : (
          <Loading type="circular">加载中…</Loading>
        )}
      </View>
    );
  }

  return (
    <View className="staff">
      <View className="staff__banner">
        <Text id="summary-store" className="staff__banner-title">
          {summary.storeName || '门店'}
        </Text>
        <Text className="staff__banner-sub">
          <Text id="summary-date">{summary.date}</Text> · 今日交班
        </Text>
      </View>

      <TotalsBlock id="summary-mine" title="我的" totals={summary.mine} />
      <TotalsBlock id="summary-store-totals" title="本店" totals={summary.store} />

      <View className="summary__footer">
        <Text className="staff__tip">
          统计今日 0 点起的消费与退款；消费金额为原价，现金不含积分抵扣，净收现金 = 收取现金 − 退还现金
        </Text>
        <Text className="staff__tip">
          {loadedAt ? `更新于 ${formatBizDateTime(loadedAt.toISOString()).slice(11)} · ` : ''}下拉可刷新
        </Text>
        <Button id="summary-refresh" size="small" fill="outline" loading={loading} onClick={() => void load(true)}>
          刷新
        </Button>
      </View>
    </View>
  );
}

export default function ShiftSummaryPage() {
  return (
    <PageShell>
      <StaffGate>
        <SummaryContent />
      </StaffGate>
    </PageShell>
  );
}
