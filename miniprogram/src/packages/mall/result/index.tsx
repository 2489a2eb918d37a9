import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Loading, ResultPage, Step, Steps } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/resultpage/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/steps/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/step/style/css';
import { formatCny, type MallOrderView } from '@member/shared';
import { PageShell } from '../../../components/PageShell';
import { StateBlock } from '../../../components/StateBlock';
import { platform } from '../../../platform';
import { showError } from '../../../components/feedback';
import { errorMessage } from '../../../services/api-error';
import { mallApi } from '../../../services/mall-api';
import { COUPON_URLS } from '../../../utils/coupons';
import { MALL_URLS, formatPoints, orderStatusText, orderStep, orderSteps } from '../../../utils/mall';
import { formatBizDateTime } from '../../../utils/time';
import { canPayNow, keepPolling, PAY_POLL_MS, payCountdownText, paySecondsLeft } from '../../../utils/mall-pay';
import { takeResult } from '../last-result';
import { payMallOrder } from '../pay-mall-order';
import { PickupCard } from '../PickupCard';
import '../mall.scss';

const toOrders = () => void Taro.redirectTo({ url: MALL_URLS.orders });
const toMall = () => void Taro.switchTab({ url: MALL_URLS.index });

function headline(order: MallOrderView, balance: number | null, confirming: boolean) {
  const spent = `消耗 ${formatPoints(order.pointsTotal)} 积分${order.cashFen > 0 ? ` + ${formatCny(order.cashFen)}` : ''}`;
  const left = balance != null ? `，剩余 ${formatPoints(balance)} 积分` : '';
  switch (order.status) {
    case 'READY':
      return { status: 'success' as const, title: '兑换成功', description: `${spent}${left}` };
    case 'DONE':
      return order.goods.kind === 'COUPON'
        ? { status: 'success' as const, title: '兑换成功', description: `优惠券已发放到您的账户，${spent}${left}` }
        : { status: 'success' as const, title: orderStatusText('DONE', order.goods.kind), description: spent };
    case 'PENDING_PAYMENT':
      if (confirming)
        return { status: 'waiting' as const, title: '支付结果确认中', description: '正在等待微信支付的结果，请稍候…' };
      return {
        status: 'waiting' as const,
        title: '待支付',
        description: `积分与库存已为您保留${order.payUntil ? `至 ${formatBizDateTime(order.payUntil).slice(11, 16)}` : ''}，需支付 ${formatCny(order.cashFen)}`,
      };
    default:
      return {
        status: 'warning' as const,
        title: orderStatusText(order.status, order.goods.kind),
        description: order.endReason ? `${order.endReason}，积分已退回` : '积分已退回',
      };
  }
}

function ResultContent() {
  const router = useRouter();
  const id = Number(router.params.id);
  const kept = takeResult(id);
  const [order, setOrder] = useState<MallOrderView | null>(kept?.order ?? null);
  const balance = kept?.pointsBalance ?? null;
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);
  // After WeChat Pay: ask the server every second until the order moves (bounded; 刷新 and the job do the rest).
  const [polls, setPolls] = useState<number | null>(router.params.paying === '1' ? 0 : null);
  const [paying, setPaying] = useState(false);
  const [nowMs, setNowMs] = useState(() => Date.now());

  const load = useCallback(async () => {
    if (!Number.isInteger(id) || id <= 0) {
      setError('兑换订单不存在');
      return;
    }
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      setOrder(await mallApi.order(id));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      inFlight.current = false;
    }
  }, [id]);

  useEffect(() => {
    if (kept) platform.vibrateShort();
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [load]);
  // Shown again after the pickup (the member keeps the page open at the counter): the state moves on.
  const shownOnce = useRef(false);
  useDidShow(() => {
    if (shownOnce.current) void load();
    shownOnce.current = true;
  });

  const confirming = order != null && polls !== null && keepPolling(order, polls);
  useEffect(() => {
    if (!confirming) return undefined;
    const t = setTimeout(() => {
      void load().then(() => setPolls((n) => (n === null ? n : n + 1)));
    }, PAY_POLL_MS);
    return () => clearTimeout(t);
  }, [confirming, polls, load]);
  const waiting = order?.status === 'PENDING_PAYMENT';
  useEffect(() => {
    if (!waiting) return undefined;
    const t = setInterval(() => setNowMs(Date.now()), 1000);
    return () => clearInterval(t);
  }, [waiting]);

  const pay = useCallback(async () => {
    if (paying) return;
    setPaying(true);
    try {
      const again = await mallApi.pay(id);
      setOrder(again.order);
      if (again.pay && (await payMallOrder(again.pay, again.order.orderNo))) setPolls(0);
    } catch (e) {
      showError(e);
      void load();
    } finally {
      setPaying(false);
    }
  }, [id, paying, load]);
  // 去支付 from 我的兑换 opens WeChat Pay at once.
  const autoPaid = useRef(false);
  useEffect(() => {
    if (router.params.pay !== '1' || autoPaid.current || order?.status !== 'PENDING_PAYMENT') return;
    autoPaid.current = true;
    void pay();
  }, [order, pay, router.params.pay]);

  if (!order) {
    return error ? (
      <StateBlock
        id="mall-result-error"
        status="error"
        title={error}
        actions={[
          { text: '重新加载', onClick: () => void load() },
          { text: '我的兑换', onClick: toOrders, primary: false },
        ]}
      />
    ) : (
      <View className="mall-state">
        <Loading type="circular">加载中…</Loading>
      </View>
    );
  }

  const head = headline(order, balance, confirming);
  const secondsLeft = paySecondsLeft(order, nowMs);
  const steps = orderSteps(order.goods.kind);
  const ended = order.status === 'CANCELLED' || order.status === 'EXPIRED';
  const actions =
    order.status === 'PENDING_PAYMENT' && !confirming
      ? [
          ...(canPayNow(secondsLeft)
            ? [{ text: paying ? '正在发起支付…' : '去支付', type: 'primary' as const, onClick: () => void pay() }]
            : []),
          { text: '查看我的兑换', type: 'default' as const, onClick: toOrders },
        ]
      : order.goods.kind === 'COUPON' && order.couponId
        ? [
            {
              text: '去使用',
              type: 'primary' as const,
              onClick: () => void Taro.redirectTo({ url: `${COUPON_URLS.detail}?id=${order.couponId}` }),
            },
            { text: '继续逛逛', type: 'default' as const, onClick: toMall },
          ]
        : [
            { text: '查看我的兑换', type: 'primary' as const, onClick: toOrders },
            { text: '继续逛逛', type: 'default' as const, onClick: toMall },
          ];

  return (
    <View id="mall-result" className="mall-result">
      <View id="mall-result-head" className="mall-panel">
        <ResultPage
          status={head.status}
          title={head.title}
          description={<Text className="mall-result__desc">{head.description}</Text>}
          actions={actions}
        />
      </View>

      {!ended && order.status !== 'PENDING_PAYMENT' && (
        <View id="mall-result-steps" className="mall-panel mall-result__steps">
          <Steps value={orderStep(order.status, order.goods.kind)}>
            {steps.map((title, i) => (
              <Step key={title} value={i + 1} title={title} />
            ))}
          </Steps>
        </View>
      )}

      <PickupCard order={order} idPrefix="mall-result" />

      {order.status === 'PENDING_PAYMENT' && (
        <View className="mall-panel mall-result__note">
          {secondsLeft !== null && (
            <Text id="mall-result-countdown" className="mall-result__countdown">
              {payCountdownText(secondsLeft)}
            </Text>
          )}
          <Text>现金部分需通过微信支付完成，逾期未支付订单自动取消，积分与库存退回。可在「我的兑换」中查看订单。</Text>
        </View>
      )}

      <View className="mall-panel mall-rows">
        <View className="mall-rows__row">
          <Text className="mall-rows__label">商品</Text>
          <Text className="mall-rows__value">
            {order.goods.name} × {order.quantity}
          </Text>
        </View>
        <View className="mall-rows__row">
          <Text className="mall-rows__label">订单号</Text>
          <Text id="mall-result-no" className="mall-rows__value">
            {order.orderNo}
          </Text>
        </View>
        <View className="mall-rows__row">
          <Text className="mall-rows__label">兑换时间</Text>
          <Text className="mall-rows__value">{formatBizDateTime(order.createdAt)}</Text>
        </View>
        {order.doneAt && (
          <View className="mall-rows__row">
            <Text className="mall-rows__label">完成时间</Text>
            <Text className="mall-rows__value">{formatBizDateTime(order.doneAt)}</Text>
          </View>
        )}
      </View>
    </View>
  );
}

export default function MallResultPage() {
  return (
    <PageShell>
      <ResultContent />
    </PageShell>
  );
}
