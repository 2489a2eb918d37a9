import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Loading } from '@nutui/nutui-react-taro';
import type { MemberCoupon, MemberCouponTab } from '@member/shared';
import { CouponCard } from '../../../components/CouponCard';
import { PageShell } from '../../../components/PageShell';
import { useTabbedPages } from '../../../components/use-tabbed-pages';
import { couponsApi } from '../../../services/coupons-api';
import { COUPON_TABS, COUPON_URLS, couponHint, statusStamp, validityRange } from '../../../utils/coupons';
import { formatBizDateTime } from '../../../utils/time';
import '../coupons.scss';
import './index.scss';

const PAGE_SIZE = 20;

const EMPTY_TEXT: Record<MemberCouponTab, string> = {
  usable: '暂无可使用的优惠券',
  used: '暂无已使用的优惠券',
  expired: '暂无已过期的优惠券',
};

function MineCouponCard({ coupon, onOpen }: { coupon: MemberCoupon; onOpen: () => void }) {
  const stamp = statusStamp(coupon.status);
  return (
    <CouponCard
      className="mine-coupons__card"
      terms={coupon.terms}
      validity={validityRange(coupon.validFrom, coupon.validUntil)}
      hint={couponHint(coupon)}
      stamp={stamp}
      onClick={onOpen}
      meta={
        coupon.status === 'USED' && coupon.usedAt ? (
          <Text className="mine-coupons__used">
            {formatBizDateTime(coupon.usedAt)} 使用{coupon.usedStoreName ? ` · ${coupon.usedStoreName}` : ''}
          </Text>
        ) : null
      }
      action={
        stamp ? null : (
          <Button className="coupons__btn" size="small" type="primary" fill="outline" onClick={onOpen}>
            {coupon.status === 'GIFTING' ? '查看' : '出示券码'}
          </Button>
        )
      }
    />
  );
}

function MineContent() {
  const router = useRouter();
  const initial = (COUPON_TABS.find((t) => t.key === router.params.tab)?.key ?? 'usable') as MemberCouponTab;
  const [tab, setTab] = useState<MemberCouponTab>(initial);
  // Reloaded on return from a detail (a gift sent or taken back): the list may have changed.
  const { tabs, state, loading, load, loadMore } = useTabbedPages(tab, (which: MemberCouponTab, page) =>
    couponsApi.mine(which, page, PAGE_SIZE),
  );

  const open = (c: MemberCoupon) => void Taro.navigateTo({ url: `${COUPON_URLS.detail}?id=${c.id}` });
  const usableTotal = tabs.usable?.error ? null : tabs.usable?.total;

  return (
    <View className="coupons mine-coupons">
      <View id="coupon-tabs" className="mine-coupons__tabs" aria-role="tablist">
        {COUPON_TABS.map((t) => (
          <View
            key={t.key}
            id={`coupon-tab-${t.key}`}
            className={`mine-coupons__tab ${t.key === tab ? 'mine-coupons__tab--active' : ''}`}
            aria-role="tab"
            aria-selected={t.key === tab}
            onClick={() => setTab(t.key)}
          >
            <Text>
              {t.label}
              {t.key === 'usable' && usableTotal != null ? `(${usableTotal})` : ''}
            </Text>
          </View>
        ))}
      </View>

      <View id="coupon-list" className="mine-coupons__list">
        {state?.items.map((c) => (
          <MineCouponCard key={c.id} coupon={c} onOpen={() => open(c)} />
        ))}

        {!state && (
          <View className="coupons__state">
            <Loading type="circular">加载中…</Loading>
          </View>
        )}
        {state?.error && (
          <View id="coupon-list-error" className="coupons__state">
            <Text className="coupons__state-text">{state.error}</Text>
            <Button size="small" type="primary" onClick={() => void load(tab, 1)}>
              重新加载
            </Button>
          </View>
        )}
        {state && !state.error && state.page > 0 && state.items.length === 0 && (
          <View id="coupon-empty" className="coupons__state">
            <Text className="coupons__state-text">{EMPTY_TEXT[tab]}</Text>
            <Button
              size="small"
              type="primary"
              fill="outline"
              onClick={() => void Taro.navigateTo({ url: COUPON_URLS.center })}
            >
              去领券中心
            </Button>
          </View>
        )}
        {state && state.items.length > 0 && (
          <View id="coupon-load-more" className="coupons__more" onClick={loadMore}>
            {loading ? <Loading type="circular" /> : <Text>{state.hasMore ? '加载更多' : '没有更多了'}</Text>}
          </View>
        )}
      </View>
    </View>
  );
}

export default function MyCouponsPage() {
  return (
    <PageShell>
      <MineContent />
    </PageShell>
  );
}
