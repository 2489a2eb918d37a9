import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Loading, SafeArea } from '@nutui/nutui-react-taro';
import { ErrorCode, formatCny, type WalletSummary } from '@member/shared';
import { useNoticeMoment } from '../../../components/ask-for-notices';
import { BindPhoneButton } from '../../../components/BindPhoneButton';
import { showError, showInfo } from '../../../components/feedback';
import { PageShell } from '../../../components/PageShell';
import { PlatformError, platform } from '../../../platform';
import { errorMessage, isApiError } from '../../../services/api-error';
import { walletApi } from '../../../services/wallet-api';
import { useSession } from '../../../store/session';
import {
  WALLET_URLS,
  checkCustomAmount,
  defaultChoice,
  keepAttemptAfter,
  payFenOf,
  topupAttemptFor,
  type TopupAttempt,
  type TopupChoice,
} from '../../../utils/wallet';
import { BalanceCard } from '../BalanceCard';
import { PlanGrid, type PlanPick } from '../PlanGrid';
import { PolicyLine } from '../PolicyLine';
import '../wallet.scss';

// Refusals after which the page's plans or flags are stale: read the summary again.
const RELOAD_ON = new Set<string>([
  ErrorCode.WALLET_PLAN_UNAVAILABLE,
  ErrorCode.WALLET_PLAN_LIMIT_REACHED,
  ErrorCode.WALLET_PLAN_NOT_FOUND,
  ErrorCode.WALLET_PHONE_REQUIRED,
  ErrorCode.WALLET_CAP_EXCEEDED,
  ErrorCode.WALLET_POLICY_NOT_ACCEPTED,
]);

function pickOf(choice: TopupChoice | null): PlanPick {
  return choice && 'planId' in choice ? { planId: choice.planId } : null;
}

function WalletContent() {
  const { setMember } = useSession();
  const [summary, setSummary] = useState<WalletSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pick, setPick] = useState<PlanPick>(null);
  const [customText, setCustomText] = useState('');
  const [agreed, setAgreed] = useState(false);
  const [rulesOpen, setRulesOpen] = useState(false);
  const [paying, setPaying] = useState(false);
  const payingRef = useRef(false);
  const askForCreditReminder = useNoticeMoment('TOPUP_PAID');
  // The attempt whose outcome is open: paying again for the same choice reuses its request id.
  const attempt = useRef<TopupAttempt | null>(null);

  const loading = useRef(false);

  const load = useCallback(async () => {
    if (loading.current) return;
    loading.current = true;
    try {
      const next = await walletApi.summary();
      setSummary(next);
      setError(null);
      // Keep the member's pick while it is still buyable; otherwise preselect the first buyable plan.
      setPick((current) => {
        if (current === 'custom') return current;
        const still = current && next.plans.some((p) => p.id === current.planId && p.available);
        return still ? current : pickOf(defaultChoice(next.plans));
      });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      loading.current = false;
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);
  // Back from the result page or from binding the phone elsewhere: the balance may have changed.
  useDidShow(() => void load());
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  const custom = useMemo(
    () => (summary && pick === 'custom' && customText.trim() ? checkCustomAmount(customText, summary) : null),
    [summary, pick, customText],
  );
  const choice: TopupChoice | null =
    pick === 'custom' ? (custom?.ok ? { amountFen: custom.fen } : null) : pick ? { planId: pick.planId } : null;
  const payFen = payFenOf(choice, summary?.plans ?? []);

  const pay = async () => {
    if (payingRef.current || !summary) return; // a double tap pays once
    if (!choice) {
      showInfo(pick === 'custom' ? '请输入充值金额' : '请选择充值金额');
      return;
    }
    if (!agreed) {
      setRulesOpen(true);
      return;
    }
    payingRef.current = true;
    setPaying(true);
    const current = topupAttemptFor(attempt.current, choice);
    attempt.current = current;
    try {
      const order = await walletApi.topup({
        ...choice,
        policyVersion: summary.policy.version,
        requestId: current.requestId,
      });
      current.order = order;
      await platform.requestPayment(order.payParams, order.outTradeNo);
      attempt.current = null;
      // The payment callback is one of the contexts WeChat lets ask: 储值到账通知 before the result page.
      await askForCreditReminder();
      void Taro.navigateTo({ url: `${WALLET_URLS.result}?no=${encodeURIComponent(order.outTradeNo)}` });
    } catch (e) {
      if (e instanceof PlatformError) {
        // Closing WeChat's popup is not an error: back to the page, the same order is offered next time.
        if (e.reason === 'cancelled') showInfo('已取消支付');
        else if (current.order) {
          // The popup failed in a way that may still have charged: only the server can tell.
          void Taro.navigateTo({ url: `${WALLET_URLS.result}?no=${encodeURIComponent(current.order.outTradeNo)}` });
        } else showError(e);
        return;
      }
      if (!keepAttemptAfter(e)) attempt.current = null;
      if (isApiError(e) && RELOAD_ON.has(e.code)) {
        if (e.code === ErrorCode.WALLET_POLICY_NOT_ACCEPTED) setAgreed(false);
        void load();
      }
      showError(e);
    } finally {
      payingRef.current = false;
      setPaying(false);
    }
  };

  if (!summary) {
    return error ? (
      <View id="wallet-error" className="wallet-state">
        <Text className="wallet-state__text">{error}</Text>
        <Button size="small" type="primary" onClick={() => void load()}>
          重新加载
        </Button>
      </View>
    ) : (
      <View className="wallet-state">
        <Loading type="circular">加载中…</Loading>
      </View>
    );
  }

  const blocked = !summary.phoneBound;
  return (
    <View className="wallet">
      <BalanceCard balanceFen={summary.balanceFen} principalFen={summary.principalFen} bonusFen={summary.bonusFen} />

      {blocked && (
        <View id="wallet-phone-notice" className="wallet-notice">
          <View className="wallet-notice__text">
            <Text className="wallet-notice__title">请先绑定手机号</Text>
            <Text className="wallet-notice__sub">储值为记名余额，绑定手机号后才能充值</Text>
          </View>
          <BindPhoneButton
            onBound={(member) => {
              setMember(member);
              void load();
            }}
          />
        </View>
      )}

      <PlanGrid
        plans={summary.plans}
        pick={pick}
        onPick={setPick}
        customText={customText}
        onCustomText={setCustomText}
        customError={custom && !custom.ok ? custom.error : null}
        minTopupFen={summary.minTopupFen}
        maxTopupFen={summary.maxTopupFen}
        disabled={blocked}
      />

      <View className="wallet-footnote">
        <Text>储值余额上限 {formatCny(summary.capFen)}，可在门店消费时使用。赠送金额不可退款、不可提现。</Text>
      </View>

      <View className="wallet-bar">
        <PolicyLine
          policy={summary.policy}
          agreed={agreed}
          onAgreed={setAgreed}
          open={rulesOpen}
          onOpen={setRulesOpen}
        />
        <Button
          id="wallet-pay"
          className="wallet-bar__pay"
          type="primary"
          block
          disabled={blocked}
          loading={paying}
          onClick={() => void pay()}
        >
          {blocked ? '绑定手机号后可充值' : `立即充值${payFen ? ` ${formatCny(payFen)}` : ''}`}
        </Button>
        <SafeArea position="bottom" />
      </View>
    </View>
  );
}

export default function WalletPage() {
  return (
    <PageShell>
      <WalletContent />
    </PageShell>
  );
}
