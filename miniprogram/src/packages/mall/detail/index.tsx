import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Swiper, SwiperItem, Text, View } from '@tarojs/components';
import { Button, Loading, SafeArea, Tag } from '@nutui/nutui-react-taro';
import { formatCny, type MallGoodsDetail, type MallOrderResult, type MemberTier } from '@member/shared';
import { useNoticeMoment } from '../../../components/ask-for-notices';
import { GoodsImage } from '../../../components/GoodsImage';
import { PageShell } from '../../../components/PageShell';
import { StateBlock } from '../../../components/StateBlock';
import { errorMessage, isApiError } from '../../../services/api-error';
import { tiersApi } from '../../../services/api';
import { mallApi } from '../../../services/mall-api';
import {
  BLOCK_LABELS,
  KIND_LABELS,
  MALL_URLS,
  blockNote,
  formatPoints,
  limitText,
  needsPickupStore,
  takenText,
} from '../../../utils/mall';
import { formatBizDateTime } from '../../../utils/time';
import { keepResult } from '../last-result';
import { payMallOrder } from '../pay-mall-order';
import { RedeemSheet } from './RedeemSheet';
import '../mall.scss';

function Row({ label, children, id }: { label: string; children: ReactNode; id?: string }) {
  return (
    <View className="mall-rows__row">
      <Text className="mall-rows__label">{label}</Text>
      <View id={id} className="mall-rows__value">
        {children}
      </View>
    </View>
  );
}

function windowText(g: MallGoodsDetail): string | null {
  if (g.saleStartsAt && g.saleEndsAt) {
    return `${formatBizDateTime(g.saleStartsAt).slice(0, 16)} 至 ${formatBizDateTime(g.saleEndsAt).slice(0, 16)}`;
  }
  if (g.saleEndsAt) return `${formatBizDateTime(g.saleEndsAt).slice(0, 16)} 截止`;
  if (g.saleStartsAt) return `${formatBizDateTime(g.saleStartsAt).slice(0, 16)} 开始`;
  return null;
}

function DetailContent() {
  const router = useRouter();
  const id = Number(router.params.id);
  const [goods, setGoods] = useState<MallGoodsDetail | null>(null);
  const [error, setError] = useState<{ message: string; code: string } | null>(null);
  const [tiers, setTiers] = useState<MemberTier[] | null>(null);
  const [sheetOpen, setSheetOpen] = useState(false);
  const inFlight = useRef(false);

  const load = useCallback(async () => {
    if (!Number.isInteger(id) || id <= 0) {
      setError({ message: '商品不存在或已下架', code: 'MALL_GOODS_NOT_FOUND' });
      return;
    }
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      const next = await mallApi.detail(id);
      setGoods(next);
      setError(null);
      if (next.tierCodes) tiersApi.list().then(setTiers, () => undefined);
    } catch (e) {
      setError({ message: errorMessage(e), code: isApiError(e) ? e.code : 'ERROR' });
    } finally {
      inFlight.current = false;
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);
  // Back from the result page or 积分明细: stock, limit and balance may have changed.
  const shownOnce = useRef(false);
  useDidShow(() => {
    if (shownOnce.current) void load();
    shownOnce.current = true;
  });

  const askForPickupReminder = useNoticeMoment('MALL_REDEEMED');
  const done = async (result: MallOrderResult) => {
    setSheetOpen(false);
    keepResult(result);
    // Points + cash: WeChat Pay now; the result page then waits for the server (the popup's ok proves nothing).
    const paying = result.pay ? await payMallOrder(result.pay, result.order.orderNo) : false;
    // Goods picked up at a store: offer 待自提提醒 while still in the 兑换 tap (coupons need no pickup).
    if (result.order.goods.kind !== 'COUPON' && (!result.pay || paying)) await askForPickupReminder();
    void Taro.navigateTo({ url: `${MALL_URLS.result}?id=${result.order.id}${paying ? '&paying=1' : ''}` });
  };

  if (!goods) {
    if (!error) {
      return (
        <View className="mall-state">
          <Loading type="circular">加载中…</Loading>
        </View>
      );
    }
    const gone = error.code === 'MALL_GOODS_NOT_FOUND';
    return (
      <StateBlock
        id="goods-error"
        status={gone ? 'empty' : error.code === 'NETWORK_ERROR' ? 'network' : 'error'}
        title={gone ? '商品不存在或已下架' : error.message}
        description={gone ? '看看商城里的其他商品吧' : error.code === 'NETWORK_ERROR' ? '' : `错误码 ${error.code}`}
        actions={
          gone
            ? [{ text: '去积分商城', onClick: () => void Taro.switchTab({ url: MALL_URLS.index }) }]
            : [{ text: '重新加载', onClick: () => void load() }]
        }
      />
    );
  }

  const g = goods;
  const images = g.images.length ? g.images.map((m) => m.url) : [g.imageUrl];
  const limit = limitText(g);
  const taken = takenText(g);
  const tierNames = g.tierCodes?.map((code) => tiers?.find((t) => t.code === code)?.name ?? code);
  const blocked = !g.redeemable && g.blockReason ? g.blockReason : null;
  const saleWindow = windowText(g);

  return (
    <View className="goods-detail">
      <View className="goods-detail__gallery">
        {images.length > 1 ? (
          <Swiper className="goods-detail__swiper" indicatorDots indicatorActiveColor="#07c160" circular>
            {images.map((src, i) => (
              <SwiperItem key={`${src}-${i}`}>
                <GoodsImage src={src} alt={`${g.name} 图 ${i + 1}`} />
              </SwiperItem>
            ))}
          </Swiper>
        ) : (
          <GoodsImage src={images[0]} alt={g.name} />
        )}
      </View>

      <View className="mall-panel goods-detail__head">
        <View className="goods-detail__price">
          <Text id="goods-points" className="goods-detail__points">
            {formatPoints(g.pointsPrice)}
          </Text>
          <Text className="goods-detail__unit">积分</Text>
          {g.cashFen > 0 && (
            <Text id="goods-cash" className="goods-detail__cash">
              + {formatCny(g.cashFen)}
            </Text>
          )}
        </View>
        <Text id="goods-name" className="goods-detail__name">
          {g.name}
        </Text>
        <View className="goods-detail__tags">
          <Tag plain type="primary">
            {KIND_LABELS[g.kind]}
          </Tag>
          {g.stockHint && (
            <Tag plain type={g.stockLeft === 0 ? 'default' : 'warning'}>
              {g.stockHint}
            </Tag>
          )}
          {/* NutUI Tag drops `id`: the test hook wraps it. */}
          {limit && (
            <View id="goods-limit">
              <Tag plain type="default">
                {limit}
              </Tag>
            </View>
          )}
        </View>
        {taken && <Text className="goods-detail__taken">{taken}</Text>}
      </View>

      {g.coupon && (
        <View id="goods-coupon" className="mall-panel goods-detail__coupon">
          <Text className="goods-detail__coupon-name">{g.coupon.name}</Text>
          <Text className="goods-detail__coupon-sub">{g.coupon.summary}</Text>
          <Text className="goods-detail__coupon-sub">兑换后立即发放到「我的优惠券」</Text>
        </View>
      )}

      <View className="mall-panel mall-rows">
        {g.stockLeft != null && <Row label="库存">{g.stockLeft > 0 ? `剩余 ${g.stockLeft} 件` : '已兑完'}</Row>}
        {limit && <Row label="兑换限制">{limit}</Row>}
        {tierNames && <Row label="适用等级">仅限 {tierNames.join('、')} 会员兑换</Row>}
        {saleWindow && <Row label="兑换时间">{saleWindow}</Row>}
        {needsPickupStore(g.kind) && (
          <Row label={g.kind === 'SERVICE' ? '使用门店' : '自提门店'} id="goods-stores">
            {g.pickupStores.map((s) => (
              <View key={s.id} className="goods-detail__store">
                <Text className="goods-detail__store-name">{s.name}</Text>
                {s.address && <Text className="goods-detail__store-addr">{s.address}</Text>}
              </View>
            ))}
          </Row>
        )}
        {needsPickupStore(g.kind) && (
          <Row label="有效期">
            兑换后 {g.pickupDays} 天内到店{g.kind === 'SERVICE' ? '使用' : '自提'}，逾期订单自动取消，积分退回
          </Row>
        )}
        {needsPickupStore(g.kind) && <Row label="自提说明">到店出示「我的兑换」中的自提码，店员扫码核销后交付</Row>}
      </View>

      {g.description ? (
        <View className="mall-panel goods-detail__desc">
          <Text className="goods-detail__desc-title">商品介绍</Text>
          <Text id="goods-description" className="goods-detail__desc-text" userSelect>
            {g.description}
          </Text>
        </View>
      ) : null}

      <View className="goods-detail__bar">
        {blocked && (
          <Text id="goods-block" className="goods-detail__block">
            {blockNote(blocked, g, (iso) => formatBizDateTime(iso).slice(0, 16))}
          </Text>
        )}
        <View className="goods-detail__bar-row">
          <View className="goods-detail__balance">
            <Text className="goods-detail__balance-label">我的积分</Text>
            <Text id="goods-balance" className="goods-detail__balance-value">
              {formatPoints(g.pointsBalance)}
            </Text>
          </View>
          <Button
            id="goods-redeem"
            className="goods-detail__cta"
            type="primary"
            disabled={!!blocked}
            onClick={() => setSheetOpen(true)}
          >
            {blocked ? BLOCK_LABELS[blocked] : '立即兑换'}
          </Button>
        </View>
        <SafeArea position="bottom" />
      </View>

      {!blocked && (
        <RedeemSheet
          goods={g}
          visible={sheetOpen}
          onClose={() => setSheetOpen(false)}
          onDone={(r) => void done(r)}
          onStale={() => void load()}
        />
      )}
    </View>
  );
}

export default function GoodsDetailPage() {
  return (
    <PageShell className="mp-page--goods">
      <DetailContent />
    </PageShell>
  );
}
