import { Text, View } from '@tarojs/components';
import type { MallOrderView } from '@member/shared';
import { QrCode } from '../../components/QrCode';
import { groupPickupCode } from '../../utils/mall';

/**
 * The pickup code of a READY order: the QR the clerk scans, the 6 digits to read out, the store and the last
 * day. `compact` draws it smaller inside an order card.
 */
export function PickupCard({
  order,
  compact,
  idPrefix,
}: {
  order: MallOrderView;
  compact?: boolean;
  idPrefix: string;
}) {
  if (order.status !== 'READY' || !order.pickupCode) return null;
  const service = order.goods.kind === 'SERVICE';
  return (
    <View id={`${idPrefix}-pickup`} className={`pickup-card ${compact ? 'pickup-card--compact' : ''}`}>
      <Text className="pickup-card__title">{service ? '到店出示核销码' : '到店出示自提码'}</Text>
      <QrCode id={`${idPrefix}-qr`} className="pickup-card__qr" value={order.pickupQr ?? order.pickupCode} />
      <Text id={`${idPrefix}-code`} className="pickup-card__code">
        {groupPickupCode(order.pickupCode)}
      </Text>
      <View className="pickup-card__rows">
        {order.pickupStore && (
          <View className="pickup-card__row">
            <Text className="pickup-card__label">{service ? '使用门店' : '自提门店'}</Text>
            <View className="pickup-card__value">
              <Text id={`${idPrefix}-store`}>{order.pickupStore.name}</Text>
              {order.pickupStore.address && <Text className="pickup-card__sub">{order.pickupStore.address}</Text>}
            </View>
          </View>
        )}
        {order.pickupUntil && (
          <View className="pickup-card__row">
            <Text className="pickup-card__label">有效期至</Text>
            <Text id={`${idPrefix}-until`} className="pickup-card__value">
              {order.pickupUntil}
            </Text>
          </View>
        )}
      </View>
      <Text className="pickup-card__note">逾期未{service ? '使用' : '自提'}订单自动取消，积分退回</Text>
    </View>
  );
}
