import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Popup, SafeArea } from '@nutui/nutui-react-taro';
import { formatCny, type CardSale, formatInt } from '@member/shared';
import { POINTS_HISTORY_URL } from '../../components/PointsSummary';
import { formatBizDateTime } from '../../utils/time';

/** 消费成功: what the store just rang up on the member's code, line by line. */
export function SaleSheet({ sale, onClose }: { sale: CardSale | null; onClose: () => void }) {
  const details = () => {
    onClose();
    void Taro.navigateTo({ url: POINTS_HISTORY_URL });
  };
  return (
    <Popup visible={!!sale} position="bottom" round closeable title="消费成功" onClose={onClose}>
      {sale && (
        <View id="card-sale-sheet" className="sale-sheet">
          <Text className="sale-sheet__store">
            {sale.storeName} · {formatBizDateTime(sale.at)}
          </Text>
          <View className="sale-sheet__head">
            <Text className="sale-sheet__paid-label">实付</Text>
            <Text id="sale-paid" className="sale-sheet__paid">
              {formatCny(sale.payableFen)}
            </Text>
          </View>
          <View className="sale-sheet__row">
            <Text>消费金额</Text>
            <Text id="sale-amount">{formatCny(sale.amountFen)}</Text>
          </View>
          {sale.couponDiscountFen > 0 && (
            <View className="sale-sheet__row">
              <Text>优惠券</Text>
              <Text id="sale-coupon">−{formatCny(sale.couponDiscountFen)}</Text>
            </View>
          )}
          {sale.pointsUsed > 0 && (
            <View className="sale-sheet__row">
              <Text>积分抵扣</Text>
              <Text id="sale-deduction">
                −{formatCny(sale.deductionFen)}（{formatInt(sale.pointsUsed)} 分）
              </Text>
            </View>
          )}
          {sale.walletFen > 0 && (
            <View className="sale-sheet__row">
              <Text>储值支付</Text>
              <Text id="sale-wallet">−{formatCny(sale.walletFen)}</Text>
            </View>
          )}
          {sale.walletBalanceFen !== null && (
            <View className="sale-sheet__row">
              <Text>储值余额</Text>
              <Text id="sale-wallet-balance">{formatCny(sale.walletBalanceFen)}</Text>
            </View>
          )}
          <View className="sale-sheet__row">
            <Text>获得积分</Text>
            <Text id="sale-earned">+{formatInt(sale.pointsEarned)}</Text>
          </View>
          <View className="sale-sheet__row">
            <Text>积分余额</Text>
            <Text id="sale-balance">{formatInt(sale.balance)}</Text>
          </View>
          {sale.promotedTo && (
            <View id="sale-promoted" className="sale-sheet__promoted">
              恭喜升级为「{sale.promotedTo.name}」
            </View>
          )}
          <View className="sale-sheet__actions">
            <Button id="sale-details" size="large" className="sale-sheet__button" onClick={details}>
              查看明细
            </Button>
            <Button id="sale-done" type="primary" size="large" className="sale-sheet__button" onClick={onClose}>
              完成
            </Button>
          </View>
          <SafeArea position="bottom" />
        </View>
      )}
    </Popup>
  );
}
