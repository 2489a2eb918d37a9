import { Text, View } from '@tarojs/components';
import { formatCny, type MallGoodsCard } from '@member/shared';
import { BLOCK_LABELS, formatPoints } from '../utils/mall';
import { GoodsImage } from './GoodsImage';
import './GoodsCard.scss';

/**
 * A goods in a two-column list (积分商城, 首页 推荐商品): picture, name on at most two lines, the price as
 * "1,200 积分 + ¥9.90", the stock hint, and whether this member can redeem it now — greyed with the reason
 * when not. The whole card opens the detail.
 */
export function GoodsCard({ goods, onOpen, compact }: { goods: MallGoodsCard; onOpen: () => void; compact?: boolean }) {
  const blocked = !goods.redeemable && goods.blockReason ? BLOCK_LABELS[goods.blockReason] : null;
  return (
    <View
      className={`goods-card ${blocked ? 'goods-card--off' : ''}`}
      data-goods-id={goods.id}
      aria-role="button"
      onClick={onOpen}
    >
      <GoodsImage src={goods.thumbUrl ?? goods.imageUrl} alt={goods.name} />
      <View className="goods-card__body">
        <Text className="goods-card__name">{goods.name}</Text>
        <View className="goods-card__price">
          <Text className="goods-card__points">{formatPoints(goods.pointsPrice)}</Text>
          <Text className="goods-card__unit">积分</Text>
          {goods.cashFen > 0 && <Text className="goods-card__cash">+ {formatCny(goods.cashFen)}</Text>}
        </View>
        {!compact && (
          <View className="goods-card__foot">
            <Text className="goods-card__stock">{goods.stockHint ?? ''}</Text>
            {blocked ? (
              <Text className="goods-card__state goods-card__state--off">{blocked}</Text>
            ) : goods.redeemable ? (
              <Text className="goods-card__state">可兑换</Text>
            ) : null}
          </View>
        )}
      </View>
    </View>
  );
}
