import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Loading } from '@nutui/nutui-react-taro';
import type { MemberCoupon, MemberCouponTab } from '@member/shared';
import { CouponCard } from '../../../components/CouponCard';
import { showError } from '../../../components/feedback';
import { PageShell } from '../../../components/PageShell';
import { errorMessage } from '../../../services/api-error';
import { couponsApi } from '../../../services/coupons-api';
import { COUPON_TABS, COUPON_URLS, couponHint, statusStamp, validityRange } from '../../../utils/coupons';
import { hasMorePages } from '../../../utils/paging';
import { formatBizDateTime } from '../../../utils/time';
import '../coupons.scss';
import './index.scss';

const PAGE_SIZE = 20;

interface TabState {
  items: MemberCoupon[];
  page: number;
  total: number;
  hasMore: boolean;
  error: string | null;
}

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
  const [tabs, setTabs] = useState<Partial<Record<MemberCouponTab, TabState>>>({});
  const [loading, setLoading] = useState(false);
  // The load on its way, by tab and page: a repeat is dropped, another tab's load goes ahead.
  const inFlight = useRef<string | null>(null);
  const tabRef = useRef(tab);
  tabRef.current = tab;

  const load = useCallback(async (which: MemberCouponTab, page: number) => {
    const key = `${which}:${page}`;
    if (inFlight.current === key) return;
    inFlight.current = key;
    setLoading(true);
    try {
      const res = await couponsApi.mine(which, page, PAGE_SIZE);
      setTabs((prev) => {
        const before = page === 1 ? [] : (prev[which]?.items ?? []);
        const seen = new Set(before.map((c) => c.id));
        return {
          ...prev,
          [which]: {
            items: [...before, ...res.items.filter((c) => !seen.has(c.id))],
            page: res.page,
            total: res.total,
            hasMore: hasMorePages(res),
            error: null,
          },
        };
      });
    } catch (e) {
      if (page === 1) {
        setTabs((prev) => ({
          ...prev,
          [which]: { items: [], page: 0, total: 0, hasMore: false, error: errorMessage(e) },
        }));
      } else showError(e);
    } finally {
      if (inFlight.current === key) {
        inFlight.current = null;
        setLoading(false);
      }
    }
  }, []);

  useEffect(() => {
    void load(tab, 1);
  }, [tab, load]);
  // Back from a detail (a gift sent or taken back): the list may have changed.
  useDidShow(() => void load(tabRef.current, 1));
  usePullDownRefresh(() => {
    void load(tabRef.current, 1).finally(() => Taro.stopPullDownRefresh());
  });

  const state = tabs[tab];
  const loadMore = () => {
    if (state?.hasMore && !loading) void load(tab, state.page + 1);
  };
  useReachBottom(loadMore);

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
