import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Loading } from '@nutui/nutui-react-taro';
import { formatCny, formatYuan, type MemberTopup } from '@member/shared';
import { PageShell } from '../../../components/PageShell';
import { platform } from '../../../platform';
import { errorMessage } from '../../../services/api-error';
import { walletApi } from '../../../services/wallet-api';
import { formatBizDateTime } from '../../../utils/time';
import { WALLET_URLS, pollTopup, topupOutcome } from '../../../utils/wallet';
import '../wallet.scss';

type ResultState =
  | { kind: 'checking' }
  | { kind: 'done'; topup: MemberTopup; balanceFen: number | null }
  | { kind: 'failed'; error: string };

function backToWallet() {
  // Opened from 储值 it sits right below; opened from a link there is nothing to go back to.
  Taro.navigateBack().catch(() => void Taro.redirectTo({ url: WALLET_URLS.index }));
}

function Row({ label, value, id }: { label: string; value: string; id?: string }) {
  return (
    <View className="topup-result__row">
      <Text className="topup-result__row-label">{label}</Text>
      <Text id={id} className="topup-result__row-value">
        {value}
      </Text>
    </View>
  );
}

function Success({ topup, balanceFen }: { topup: MemberTopup; balanceFen: number | null }) {
  return (
    <View id="topup-success" className="topup-result">
      <View className="topup-result__icon topup-result__icon--success" aria-label="成功">
        <View className="topup-result__check" />
      </View>
      <Text className="topup-result__title">充值成功</Text>
      <View className="topup-result__amount">
        <Text className="topup-result__currency">¥</Text>
        <Text id="topup-credited">{formatYuan(topup.payFen + topup.bonusFen)}</Text>
      </View>
      <Text className="topup-result__sub">已存入储值余额{topup.bonusFen > 0 ? '（含赠送）' : ''}</Text>
      <View className="topup-result__rows">
        <Row label="支付金额" value={formatCny(topup.payFen)} id="topup-pay" />
        {topup.bonusFen > 0 && <Row label="赠送金额" value={`+${formatCny(topup.bonusFen)}`} id="topup-bonus" />}
        {balanceFen !== null && <Row label="当前余额" value={formatCny(balanceFen)} id="topup-balance" />}
        {topup.planName && <Row label="充值方案" value={topup.planName} />}
        {topup.coupons.length > 0 && (
          <Row label="获得优惠券" value={topup.coupons.map((c) => c.name).join('、')} id="topup-coupons" />
        )}
        {topup.paidAt && <Row label="支付时间" value={formatBizDateTime(topup.paidAt)} />}
        <Row label="订单号" value={topup.outTradeNo} />
      </View>
      <View className="topup-result__actions">
        <Button id="topup-done" type="primary" block onClick={backToWallet}>
          完成
        </Button>
        <Button id="topup-history" block onClick={() => void Taro.redirectTo({ url: WALLET_URLS.history })}>
          查看储值记录
        </Button>
      </View>
    </View>
  );
}

/** Not (yet) paid, or the status could not be read: what happened, then 刷新 (when it can still change) and 返回储值. */
function Pending(props: {
  id: string;
  mark: string;
  title: string;
  sub: string;
  onRefresh?: () => void;
  children?: ReactNode;
}) {
  const { id, mark, title, sub, onRefresh, children } = props;
  return (
    <View id={id} className="topup-result">
      <View className="topup-result__icon topup-result__icon--wait">
        <Text>{mark}</Text>
      </View>
      <Text className="topup-result__title">{title}</Text>
      <Text className="topup-result__sub">{sub}</Text>
      {children}
      <View className="topup-result__actions">
        {onRefresh && (
          <Button id="topup-refresh" type="primary" block onClick={onRefresh}>
            刷新
          </Button>
        )}
        <Button block onClick={backToWallet}>
          返回储值
        </Button>
      </View>
    </View>
  );
}

function ResultContent() {
  const outTradeNo = useRouter().params.no ?? '';
  const [state, setState] = useState<ResultState>({ kind: 'checking' });
  const alive = useRef(true);
  const busy = useRef(false);

  const check = useCallback(async () => {
    if (busy.current || !outTradeNo) return;
    busy.current = true;
    setState({ kind: 'checking' });
    try {
      const topup = await pollTopup(() => walletApi.topupStatus(outTradeNo), { cancelled: () => !alive.current });
      let balanceFen: number | null = null;
      if (topupOutcome(topup.status) === 'success') {
        balanceFen = await walletApi.summary().then(
          (s) => s.balanceFen,
          () => null,
        );
        platform.vibrateShort();
      }
      if (alive.current) setState({ kind: 'done', topup, balanceFen });
    } catch (e) {
      if (alive.current) setState({ kind: 'failed', error: errorMessage(e) });
    } finally {
      busy.current = false;
    }
  }, [outTradeNo]);

  useEffect(() => {
    alive.current = true;
    void check();
    return () => {
      alive.current = false;
    };
  }, [check]);

  if (state.kind === 'checking') {
    return (
      <View id="topup-checking" className="topup-result">
        <Loading type="circular" />
        <Text className="topup-result__title">正在确认支付结果…</Text>
        <Text className="topup-result__sub">请稍候，不要重复支付</Text>
      </View>
    );
  }

  if (state.kind === 'failed') {
    return (
      <Pending id="topup-failed" mark="!" title="暂时查不到支付结果" sub={state.error} onRefresh={() => void check()} />
    );
  }

  const { topup, balanceFen } = state;
  const outcome = topupOutcome(topup.status);
  if (outcome === 'success') return <Success topup={topup} balanceFen={balanceFen} />;

  const closed = outcome === 'closed' || outcome === 'refunded';
  return (
    <Pending
      id={closed ? 'topup-closed' : 'topup-waiting'}
      mark={closed ? '×' : '…'}
      title={outcome === 'closed' ? '订单已关闭' : outcome === 'refunded' ? '该笔充值已退款' : '支付结果确认中'}
      sub={
        closed ? '该订单未完成支付，如需充值请重新下单' : '如已完成支付，余额将在微信支付确认后自动到账，请勿重复支付'
      }
      onRefresh={closed ? undefined : () => void check()}
    >
      <View className="topup-result__rows">
        <Row label="支付金额" value={formatCny(topup.payFen)} />
        <Row label="订单号" value={topup.outTradeNo} />
      </View>
    </Pending>
  );
}

export default function TopupResultPage() {
  return (
    <PageShell>
      <ResultContent />
    </PageShell>
  );
}
