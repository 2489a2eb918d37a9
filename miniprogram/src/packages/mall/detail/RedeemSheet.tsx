import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Dialog, InputNumber, Picker, Popup, SafeArea } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/inputnumber/style/css';
import { formatCny, type MallGoodsDetail, type MallOrderResult } from '@member/shared';
import { GoodsImage } from '../../../components/GoodsImage';
import { POINTS_HISTORY_URL } from '../../../components/PointsSummary';
import { TIER_PAGE_URL } from '../../../components/TierBadge';
import { errorMessage, isApiError } from '../../../services/api-error';
import { mallApi } from '../../../services/mall-api';
import {
  attemptAfterFailure,
  formatPoints,
  maxQuantity,
  needsPickupStore,
  openRedeemAttempt,
  quantityCapText,
  redeemNextStep,
  redeemRequestFor,
  type RedeemAttempt,
  type RedeemNextStep,
} from '../../../utils/mall';

interface Props {
  goods: MallGoodsDetail;
  visible: boolean;
  onClose: () => void;
  /** The order was placed (or an earlier submission's order answered again). */
  onDone: (result: MallOrderResult) => void;
  /** The goods changed under the member (stock, limit, window): read the detail again. */
  onStale: () => void;
}

interface Refusal {
  message: string;
  step: RedeemNextStep;
}

const STEP_BUTTON: Record<RedeemNextStep, string> = {
  retry: '重新提交',
  reload: '知道了',
  points: '查看积分明细',
  tier: '查看等级权益',
  store: '重新选择门店',
  gone: '返回商城',
  other: '知道了',
};

/**
 * 兑换确认: item, quantity within stock, limit and balance, the pickup store, what it costs and what is left,
 * then 确认兑换. The request id is made when the sheet opens and kept for every retry of an unanswered
 * submission (inputs lock meanwhile), so a lost answer never places a second order; a double tap sends once.
 */
export function RedeemSheet({ goods, visible, onClose, onDone, onStale }: Props) {
  const max = maxQuantity(goods);
  const stores = goods.pickupStores;
  const [quantity, setQuantity] = useState(1);
  const [storeId, setStoreId] = useState<number | null>(stores.length === 1 ? stores[0].id : null);
  const [picking, setPicking] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const submittingRef = useRef(false);
  const [attempt, setAttempt] = useState<RedeemAttempt>(() => openRedeemAttempt());
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  // A new opening of the sheet is a new redemption: fresh id, the last quantity clamped to what is allowed.
  useEffect(() => {
    if (!visible) return;
    setAttempt(openRedeemAttempt());
    setRefusal(null);
    setQuantity((q) => Math.min(Math.max(1, q), Math.max(1, max)));
    setStoreId((id) =>
      id != null && stores.some((s) => s.id === id) ? id : stores.length === 1 ? stores[0].id : null,
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visible]);

  const unsure = attempt.sent !== null;
  const shownQuantity = attempt.sent?.quantity ?? quantity;
  const shownStoreId = attempt.sent ? (attempt.sent.pickupStoreId ?? null) : storeId;
  const pointsTotal = goods.pointsPrice * shownQuantity;
  const cashTotal = goods.cashFen * shownQuantity;
  const left = goods.pointsBalance - pointsTotal;
  const store = stores.find((s) => s.id === shownStoreId) ?? null;
  const needStore = needsPickupStore(goods.kind);
  const capText = quantityCapText(goods);
  const cta = `确认兑换 ${formatPoints(pointsTotal)} 积分${cashTotal > 0 ? ` + ${formatCny(cashTotal)}` : ''}`;

  const submit = async () => {
    if (submittingRef.current) return; // a double tap submits once
    if (needStore && !store) {
      setPicking(true);
      return;
    }
    submittingRef.current = true;
    setSubmitting(true);
    const body = redeemRequestFor(attempt, {
      goodsId: goods.id,
      quantity,
      ...(needStore && storeId != null ? { pickupStoreId: storeId } : {}),
    });
    try {
      const result = await mallApi.redeem(body);
      onDone(result);
    } catch (e) {
      setAttempt(attemptAfterFailure(attempt, body, e));
      setRefusal({ message: errorMessage(e), step: redeemNextStep(e, isApiError(e) ? e.code : undefined) });
    } finally {
      submittingRef.current = false;
      setSubmitting(false);
    }
  };

  const followUp = () => {
    const step = refusal?.step;
    setRefusal(null);
    switch (step) {
      case 'retry':
        void submit();
        break;
      case 'store':
        setPicking(true);
        break;
      case 'points':
      case 'tier':
        onClose();
        void Taro.navigateTo({ url: step === 'points' ? POINTS_HISTORY_URL : TIER_PAGE_URL });
        break;
      case 'gone':
        onClose();
        void Taro.navigateBack().catch(() => undefined);
        break;
      case 'reload':
        onClose();
        onStale();
        break;
      default:
        break;
    }
  };

  return (
    <>
      <Popup
        visible={visible}
        position="bottom"
        round
        closeable={!submitting}
        closeOnOverlayClick={!submitting}
        title="确认兑换"
        onClose={onClose}
      >
        <View id="redeem-sheet" className="redeem-sheet">
          <View className="redeem-sheet__item">
            <GoodsImage className="redeem-sheet__thumb" src={goods.thumbUrl ?? goods.imageUrl} alt={goods.name} />
            <View className="redeem-sheet__item-text">
              <Text className="redeem-sheet__name">{goods.name}</Text>
              <Text className="redeem-sheet__unit">
                单价 {formatPoints(goods.pointsPrice)} 积分{goods.cashFen > 0 ? ` + ${formatCny(goods.cashFen)}` : ''}
              </Text>
            </View>
          </View>

          <View className="redeem-sheet__row">
            <Text>兑换数量</Text>
            <InputNumber
              id="redeem-quantity"
              value={shownQuantity}
              min={1}
              max={Math.max(1, max)}
              disabled={unsure || submitting}
              onChange={(v) => setQuantity(Math.min(Math.max(1, Number(v) || 1), Math.max(1, max)))}
            />
          </View>
          {capText && <Text className="redeem-sheet__hint">{capText}</Text>}

          {needStore && (
            <View
              id="redeem-store"
              className="redeem-sheet__row redeem-sheet__row--tap"
              aria-role="button"
              onClick={() => !unsure && !submitting && setPicking(true)}
            >
              <Text>{goods.kind === 'SERVICE' ? '使用门店' : '自提门店'}</Text>
              <Text className={store ? 'redeem-sheet__value' : 'redeem-sheet__placeholder'}>
                {store ? store.name : '请选择门店'} ›
              </Text>
            </View>
          )}

          <View className="redeem-sheet__row">
            <Text>消耗积分</Text>
            <Text id="redeem-points" className="redeem-sheet__value redeem-sheet__value--strong">
              {formatPoints(pointsTotal)}
            </Text>
          </View>
          {cashTotal > 0 && (
            <View className="redeem-sheet__row">
              <Text>需支付</Text>
              <Text id="redeem-cash" className="redeem-sheet__value redeem-sheet__value--strong">
                {formatCny(cashTotal)}
              </Text>
            </View>
          )}
          <View className="redeem-sheet__row">
            <Text>兑换后剩余</Text>
            <Text id="redeem-left" className="redeem-sheet__value">
              {formatPoints(Math.max(0, left))} 积分
            </Text>
          </View>

          {unsure && (
            <View id="redeem-unsure" className="redeem-sheet__notice">
              结果确认中，请勿重复兑换。点击“重新提交”会查询这笔兑换，不会重复扣积分。
            </View>
          )}

          <Button
            id="redeem-submit"
            type="primary"
            size="large"
            block
            loading={submitting}
            disabled={submitting || max < 1}
            onClick={() => void submit()}
          >
            {unsure ? '重新提交' : cta}
          </Button>
          <SafeArea position="bottom" />
        </View>
      </Popup>

      {needStore && (
        <Picker
          visible={picking}
          title={goods.kind === 'SERVICE' ? '选择使用门店' : '选择自提门店'}
          options={[stores.map((s) => ({ label: s.name, value: s.id }))]}
          value={storeId != null ? [storeId] : stores.length ? [stores[0].id] : []}
          onConfirm={(_, values) => setStoreId(Number(values[0]))}
          onClose={() => setPicking(false)}
        />
      )}

      <Dialog
        id="redeem-refusal"
        visible={refusal !== null}
        title={refusal?.step === 'retry' ? '结果未确认' : '未能兑换'}
        content={refusal?.message ?? ''}
        confirmText={refusal ? STEP_BUTTON[refusal.step] : '知道了'}
        cancelText={refusal?.step === 'retry' ? '稍后再试' : '关闭'}
        hideCancelButton={refusal?.step === 'reload' || refusal?.step === 'other'}
        onConfirm={followUp}
        onCancel={() => setRefusal(null)}
      />
    </>
  );
}
