import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { GoodsCard } from '../../components/GoodsCard';
import { useShownData } from '../../components/use-shown-data';
import { mallApi } from '../../services/mall-api';
import { COUPON_URLS } from '../../utils/coupons';
import { EVENT_URLS } from '../../utils/events';
import { MALL_URLS } from '../../utils/mall';
import { WALLET_URLS } from '../../utils/wallet';

const ENTRIES = [
  {
    id: 'home-entry-mall',
    label: '积分商城',
    mark: '礼',
    tint: '#c25e00',
    open: () => Taro.switchTab({ url: MALL_URLS.index }),
  },
  {
    id: 'home-entry-coupons',
    label: '领券中心',
    mark: '券',
    tint: '#d9363e',
    open: () => Taro.navigateTo({ url: COUPON_URLS.center }),
  },
  {
    id: 'home-entry-events',
    label: '活动',
    mark: '活',
    tint: '#1a73e8',
    open: () => Taro.navigateTo({ url: EVENT_URLS.list }),
  },
  {
    id: 'home-entry-wallet',
    label: '充值',
    mark: '充',
    tint: '#06a050',
    open: () => Taro.navigateTo({ url: WALLET_URLS.index }),
  },
  {
    id: 'home-entry-orders',
    label: '我的兑换',
    mark: '单',
    tint: '#576b95',
    open: () => Taro.navigateTo({ url: MALL_URLS.orders }),
  },
];

/** 首页's entries (four to a row, labels of at most four characters). */
export function HomeEntries() {
  return (
    <View id="home-entries" className="home-entries">
      {ENTRIES.map((e) => (
        <View key={e.id} id={e.id} className="home-entries__item" aria-role="button" onClick={() => void e.open()}>
          <View className="home-entries__mark" style={{ backgroundColor: e.tint }}>
            <Text>{e.mark}</Text>
          </View>
          <Text className="home-entries__label">{e.label}</Text>
        </View>
      ))}
    </View>
  );
}

const FEATURED_COUNT = 4;

/** 推荐商品: a few featured goods in two columns with their points price; hidden while there are none. */
export function FeaturedGoods() {
  const featured = useShownData(async () => (await mallApi.goods({ featured: true, pageSize: FEATURED_COUNT })).items);
  if (!featured || featured.length === 0) return null;
  return (
    <View id="home-featured" className="home-featured">
      <View className="home-featured__head">
        <Text className="home-featured__title">推荐商品</Text>
        <Text
          id="home-featured-more"
          className="home-featured__more"
          onClick={() => void Taro.switchTab({ url: MALL_URLS.index })}
        >
          积分商城 ›
        </Text>
      </View>
      <View className="goods-grid">
        {featured.slice(0, FEATURED_COUNT).map((g) => (
          <GoodsCard
            key={g.id}
            goods={g}
            compact
            onOpen={() => void Taro.navigateTo({ url: `${MALL_URLS.detail}?id=${g.id}` })}
          />
        ))}
      </View>
    </View>
  );
}
