import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Cell } from '@nutui/nutui-react-taro';
import { ErrorCode, type MallPickupView } from '@member/shared';
import { GoodsImage } from '../../../components/GoodsImage';
import { PageShell } from '../../../components/PageShell';
import { errorMessage } from '../../../services/api-error';
import { staffMallApi } from '../../../services/mall-api';
import { useSession } from '../../../store/session';
import { maskName } from '../../../utils/checkout';
import { maskMemberNo } from '../../../utils/coupon-code';
import {
  PICKUP_BLOCK_TEXT,
  PICKUP_CODE_LENGTH,
  PICKUP_DUPLICATE_TEXT,
  formatPoints,
  groupPickupCode,
  newRedeemRequestId,
  pickupCodeOf,
} from '../../../utils/mall';
import { formatBizDateTime } from '../../../utils/time';
import { CodeEntry } from '../CodeEntry';
import { StaffGate } from '../StaffGate';
import { useCodeRedemption } from '../use-code-redemption';
import '../staff.scss';
import './index.scss';

// Refusals that mean the order changed since the lookup (picked up at the other till, cancelled): look again.
const REFRESH_ON = new Set<string>([ErrorCode.MALL_PICKUP_NOT_READY, ErrorCode.MALL_PICKUP_OTHER_STORE]);

const newPickupRequestId = () => newRedeemRequestId().replace(/^M/, 'P');

function memberLine(view: MallPickupView): string {
  return `${maskName(view.member.nickname) || '会员'} · ${maskMemberNo(view.member.memberNo)}`;
}

function TodayList({
  items,
  error,
  onReload,
}: {
  items: MallPickupView[] | null;
  error: string | null;
  onReload: () => void;
}) {
  return (
    <View id="pickup-today" className="pickup__today">
      <View className="pickup__today-head">
        <Text className="pickup__today-title">今日自提{items ? `（${items.length}）` : ''}</Text>
        <Text className="pickup__today-reload" onClick={onReload}>
          刷新
        </Text>
      </View>
      {error && <Text className="staff__error">{error}</Text>}
      {items && items.length === 0 && <Text className="staff__tip">今天本店还没有自提记录</Text>}
      {items?.map((p) => (
        <View key={p.order.id} className="pickup__today-row">
          <View className="pickup__today-main">
            <Text className="pickup__today-name">
              {p.order.goods.name} × {p.order.quantity}
            </Text>
            <Text className="pickup__today-sub">{memberLine(p)}</Text>
          </View>
          <Text className="pickup__today-time">
            {p.order.doneAt ? formatBizDateTime(p.order.doneAt).slice(11, 16) : ''}
          </Text>
        </View>
      ))}
    </View>
  );
}

function PickupContent() {
  const { member } = useSession();
  const [today, setToday] = useState<MallPickupView[] | null>(null);
  const [todayError, setTodayError] = useState<string | null>(null);

  const loadToday = useCallback(async () => {
    try {
      setToday(await staffMallApi.today());
      setTodayError(null);
    } catch (e) {
      setTodayError(errorMessage(e));
    }
  }, []);
  useEffect(() => {
    void loadToday();
  }, [loadToday]);

  const r = useCodeRedemption<MallPickupView, MallPickupView>({
    normalize: pickupCodeOf,
    problem: (code) => (code.length === PICKUP_CODE_LENGTH ? null : `请输入 ${PICKUP_CODE_LENGTH} 位自提码`),
    lookup: (code) => staffMallApi.lookup(code),
    redeem: (code, requestId) => staffMallApi.pickup({ code, requestId }),
    newRequestId: newPickupRequestId,
    refreshOn: REFRESH_ON,
    noScanText: '请输入自提码',
    onRedeemed: () => void loadToday(),
  });
  const { digits, done } = r;

  if (done) {
    const o = done.order;
    return (
      <View id="pickup-result" className="staff">
        <View className="pickup__done">
          <Text className="pickup__done-title">{done.replayed ? '无需重复交付' : '交付成功'}</Text>
          <Text id="pickup-result-item" className="pickup__done-item">
            {o.goods.name} × {o.quantity}
          </Text>
          <Text className="pickup__done-sub">
            {done.replayed ? PICKUP_DUPLICATE_TEXT : '请将商品交给会员，订单已完成'}
          </Text>
        </View>
        <Cell.Group>
          <Cell title="会员" extra={memberLine(done)} />
          <Cell title="门店" extra={o.pickupStore?.name ?? member?.staff?.storeName ?? ''} />
          <Cell title="订单号" extra={<Text id="pickup-result-no">{o.orderNo}</Text>} />
          {o.doneAt && <Cell title="交付时间" extra={formatBizDateTime(o.doneAt)} />}
        </Cell.Group>
        <View className="staff__actions">
          <Button id="pickup-next" type="primary" size="large" block onClick={r.again}>
            继续核销
          </Button>
        </View>
        <TodayList items={today} error={todayError} onReload={() => void loadToday()} />
      </View>
    );
  }

  const view = r.looked?.view;
  const order = view?.order;
  return (
    <View className="staff">
      <CodeEntry
        idPrefix="pickup"
        title={`${member?.staff?.storeName ?? '门店'} · 自提核销`}
        subtitle="扫描会员「我的兑换」中的自提码，或输入码下方的 6 位数字"
        scanText="扫描自提码"
        label="自提码"
        length={PICKUP_CODE_LENGTH}
        slack={2}
        tip={
          digits ? `${groupPickupCode(digits)}（${digits.length}/${PICKUP_CODE_LENGTH}）` : '自提码在会员的兑换订单中'
        }
        redemption={r}
      />

      {view && order && (
        <View id="pickup-view" className="pickup">
          {view.blockReason && (
            <View id="pickup-block" className="pickup__blocked">
              {PICKUP_BLOCK_TEXT[view.blockReason]}
            </View>
          )}
          <View className="pickup__goods">
            <GoodsImage className="pickup__thumb" src={order.goods.thumbUrl} alt={order.goods.name} />
            <View className="pickup__goods-text">
              <Text id="pickup-goods" className="pickup__goods-name">
                {order.goods.name}
              </Text>
              <Text id="pickup-quantity" className="pickup__quantity">
                × {order.quantity}
              </Text>
            </View>
          </View>
          <Cell.Group className="pickup__figures">
            <Cell title="会员" extra={<Text id="pickup-member">{memberLine(view)}</Text>} />
            <Cell title="自提门店" extra={<Text id="pickup-store">{order.pickupStore?.name ?? '—'}</Text>} />
            <Cell title="消耗积分" extra={formatPoints(order.pointsTotal)} />
            {order.pickupUntil && <Cell title="有效期至" extra={order.pickupUntil} />}
            <Cell title="订单号" extra={<Text className="pickup__mono">{order.orderNo}</Text>} />
          </Cell.Group>

          {r.redeemError && (
            <View id="pickup-confirm-error" className="pickup__blocked">
              {r.redeemError}
              {r.unsure && '。结果未确认，可再次提交，不会重复交付'}
            </View>
          )}

          <View className="staff__actions">
            <Button
              id="pickup-confirm"
              type="primary"
              size="large"
              block
              loading={r.redeeming}
              disabled={!!view.blockReason || r.redeeming}
              onClick={() => void r.redeem()}
            >
              {view.blockReason ? '不能交付' : r.unsure ? '重新提交' : '确认交付'}
            </Button>
          </View>
        </View>
      )}

      <TodayList items={today} error={todayError} onReload={() => void loadToday()} />
    </View>
  );
}

export default function PickupPage() {
  return (
    <PageShell>
      <StaffGate>
        <PickupContent />
      </StaffGate>
    </PageShell>
  );
}
