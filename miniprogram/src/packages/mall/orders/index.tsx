import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Dialog, Loading, Tag } from '@nutui/nutui-react-taro';
import { formatCny, type MallOrderTab, type MallOrderView } from '@member/shared';
import { GoodsImage } from '../../../components/GoodsImage';
import { PageShell } from '../../../components/PageShell';
import { StateBlock } from '../../../components/StateBlock';
import { useTabbedPages } from '../../../components/use-tabbed-pages';
import { showSuccess } from '../../../components/feedback';
import { errorMessage, isApiError } from '../../../services/api-error';
import { mallApi } from '../../../services/mall-api';
import { COUPON_URLS } from '../../../utils/coupons';
import {
  MALL_URLS,
  ORDER_EMPTY_TEXT,
  ORDER_TABS,
  formatPoints,
  orderStatusText,
  orderStatusTone,
} from '../../../utils/mall';
import { canPayNow, payCountdownText, paySecondsLeft } from '../../../utils/mall-pay';
import { formatBizDateTime } from '../../../utils/time';
import { PickupCard } from '../PickupCard';
import '../mall.scss';

const PAGE_SIZE = 10;

/** Seconds left to pay, ticking each second while the order waits for payment (null otherwise). */
function usePayCountdown(order: MallOrderView): number | null {
  const [nowMs, setNowMs] = useState(() => Date.now());
  const waiting = order.status === 'PENDING_PAYMENT';
  useEffect(() => {
    if (!waiting) return undefined;
    const t = setInterval(() => setNowMs(Date.now()), 1000);
    return () => clearInterval(t);
  }, [waiting]);
  return paySecondsLeft(order, nowMs);
}

function OrderCard(props: { order: MallOrderView; onCancel: () => void; cancelling: boolean }) {
  const { order, onCancel, cancelling } = props;
  const cost = `${formatPoints(order.pointsTotal)} 积分${order.cashFen > 0 ? ` + ${formatCny(order.cashFen)}` : ''}`;
  const left = usePayCountdown(order);
  return (
    <View className="order-card" data-order-no={order.orderNo}>
      <View className="order-card__head">
        <Text className="order-card__time">{formatBizDateTime(order.createdAt).slice(0, 16)}</Text>
        <Tag className="order-card__tag" type={orderStatusTone(order.status)} plain={order.status !== 'READY'}>
          {orderStatusText(order.status, order.goods.kind)}
        </Tag>
      </View>
      <View
        className="order-card__main"
        aria-role="button"
        onClick={() => void Taro.navigateTo({ url: `${MALL_URLS.result}?id=${order.id}` })}
      >
        <GoodsImage className="order-card__thumb" src={order.goods.thumbUrl} alt={order.goods.name} />
        <View className="order-card__text">
          <Text className="order-card__name">{order.goods.name}</Text>
          <Text className="order-card__meta">
            × {order.quantity} · {cost}
          </Text>
          {order.endReason && <Text className="order-card__meta">{order.endReason}</Text>}
          {order.status === 'DONE' && order.doneAt && (
            <Text className="order-card__meta">完成于 {formatBizDateTime(order.doneAt).slice(0, 16)}</Text>
          )}
        </View>
      </View>
      <PickupCard order={order} compact idPrefix={`order-${order.id}`} />
      {left !== null && (
        <View className="order-card__actions">
          <Text className="order-card__countdown">{payCountdownText(left)}</Text>
          {canPayNow(left) && (
            <Button
              className="order-card__pay"
              size="small"
              type="primary"
              onClick={() => void Taro.navigateTo({ url: `${MALL_URLS.result}?id=${order.id}&pay=1` })}
            >
              去支付
            </Button>
          )}
        </View>
      )}
      {(order.canCancel || (order.goods.kind === 'COUPON' && order.couponId)) && (
        <View className="order-card__actions">
          {order.goods.kind === 'COUPON' && order.couponId ? (
            <Button
              size="small"
              type="primary"
              fill="outline"
              onClick={() => void Taro.navigateTo({ url: `${COUPON_URLS.detail}?id=${order.couponId}` })}
            >
              去使用
            </Button>
          ) : null}
          {order.canCancel && (
            <Button className="order-card__cancel" size="small" loading={cancelling} onClick={onCancel}>
              取消兑换
            </Button>
          )}
        </View>
      )}
    </View>
  );
}

function OrdersContent() {
  const router = useRouter();
  const initial = (ORDER_TABS.find((t) => t.key === router.params.tab)?.key ?? 'ALL') as MallOrderTab;
  const [tab, setTab] = useState<MallOrderTab>(initial);
  const [confirming, setConfirming] = useState<MallOrderView | null>(null);
  const [cancelling, setCancelling] = useState<number | null>(null);
  // A refused cancel (picked up or expired meanwhile) needs reading, not a passing toast.
  const [cancelError, setCancelError] = useState<string | null>(null);
  // Back from the result page or the counter: an order may have been picked up meanwhile.
  const { state, loading, load, loadMore, update } = useTabbedPages(tab, (which: MallOrderTab, page) =>
    mallApi.orders(which, page, PAGE_SIZE),
  );

  const cancel = async (order: MallOrderView) => {
    if (cancelling) return;
    setCancelling(order.id);
    try {
      const next = await mallApi.cancel(order.id);
      update((o) => (o.id === next.id ? next : o));
      showSuccess('已取消');
    } catch (e) {
      setCancelError(errorMessage(e));
      // Picked up or expired meanwhile: show it as it is now.
      if (isApiError(e)) void load(tab, 1);
    } finally {
      setCancelling(null);
    }
  };

  return (
    <View className="mall-orders">
      <View id="mall-order-tabs" className="mall-orders__tabs" aria-role="tablist">
        {ORDER_TABS.map((t) => (
          <View
            key={t.key}
            id={`mall-order-tab-${t.key}`}
            className={`mall-orders__tab ${t.key === tab ? 'mall-orders__tab--active' : ''}`}
            aria-role="tab"
            aria-selected={t.key === tab}
            onClick={() => setTab(t.key)}
          >
            <Text>{t.label}</Text>
          </View>
        ))}
      </View>

      <View id="mall-order-list" className="mall-orders__list">
        {state?.items.map((o) => (
          <OrderCard key={o.id} order={o} cancelling={cancelling === o.id} onCancel={() => setConfirming(o)} />
        ))}
        {!state && (
          <View className="mall-state">
            <Loading type="circular">加载中…</Loading>
          </View>
        )}
        {state?.error && (
          <StateBlock
            id="mall-orders-error"
            status="network"
            title={state.error}
            actions={[{ text: '重新加载', onClick: () => void load(tab, 1) }]}
          />
        )}
        {state && !state.error && state.page > 0 && state.items.length === 0 && (
          <StateBlock
            id="mall-orders-empty"
            title={ORDER_EMPTY_TEXT[tab]}
            description="用积分兑换好礼，到店即可自提"
            actions={[{ text: '去积分商城', onClick: () => void Taro.switchTab({ url: MALL_URLS.index }) }]}
          />
        )}
        {state && state.items.length > 0 && (
          <View id="mall-orders-more" className="mall-orders__more" onClick={loadMore}>
            {loading && state.hasMore ? (
              <Loading type="circular" />
            ) : (
              <Text>{state.hasMore ? '加载更多' : '没有更多了'}</Text>
            )}
          </View>
        )}
      </View>

      <Dialog
        id="mall-cancel-dialog"
        visible={confirming !== null}
        title="取消兑换"
        content={
          confirming
            ? `取消后，${formatPoints(confirming.pointsTotal)} 积分将退回您的账户${
                confirming.cashFen > 0 ? `，已付 ${formatCny(confirming.cashFen)} 原路退回` : ''
              }，商品不再为您保留。`
            : ''
        }
        confirmText="确认取消"
        cancelText="再想想"
        onConfirm={() => {
          const order = confirming;
          setConfirming(null);
          if (order) void cancel(order);
        }}
        onCancel={() => setConfirming(null)}
      />
      <Dialog
        id="mall-cancel-error"
        visible={cancelError !== null}
        title="未能取消"
        content={cancelError ?? ''}
        confirmText="知道了"
        hideCancelButton
        onConfirm={() => setCancelError(null)}
      />
    </View>
  );
}

export default function MallOrdersPage() {
  return (
    <PageShell>
      <OrdersContent />
    </PageShell>
  );
}
