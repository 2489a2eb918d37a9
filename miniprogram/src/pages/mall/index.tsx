import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Input as TaroInput, Text, View } from '@tarojs/components';
import { InfiniteLoading, SideBar, Skeleton } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/sidebar/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/sidebaritem/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/infiniteloading/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/skeleton/style/css';
import type { MallCategory, MallGoodsCard } from '@member/shared';
import { GoodsCard } from '../../components/GoodsCard';
import { PageShell } from '../../components/PageShell';
import { POINTS_HISTORY_URL, usePointsBalance } from '../../components/PointsSummary';
import { StateBlock } from '../../components/StateBlock';
import { showError } from '../../components/feedback';
import { errorMessage, isApiError } from '../../services/api-error';
import { mallApi } from '../../services/mall-api';
import { COUPON_URLS } from '../../utils/coupons';
import { MALL_URLS, formatPoints } from '../../utils/mall';
import { appendById, hasMorePages } from '../../utils/paging';
import './index.scss';

const ALL = 'all';
const PAGE_SIZE = 20;

interface ListState {
  key: string;
  items: MallGoodsCard[];
  page: number;
  hasMore: boolean;
  error: { message: string; code: string } | null;
}

/** True once `on` has stayed true for `ms`: a quick answer shows no skeleton flash. */
function useDelayed(on: boolean, ms = 300): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!on) {
      setShown(false);
      return;
    }
    const t = setTimeout(() => setShown(true), ms);
    return () => clearTimeout(t);
  }, [on, ms]);
  return shown;
}

function GoodsSkeleton() {
  return (
    <View id="mall-skeleton" className="goods-grid">
      {[0, 1, 2, 3].map((i) => (
        <View key={i} className="mall__skeleton-card">
          <View className="mall__skeleton-img" />
          <Skeleton rows={2} animated />
        </View>
      ))}
    </View>
  );
}

function MallContent() {
  const balance = usePointsBalance();
  const [categories, setCategories] = useState<MallCategory[] | null>(null);
  const [category, setCategory] = useState<string>(ALL);
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [list, setList] = useState<ListState | null>(null);
  // Answers for an earlier category or search are dropped: only the list on screen is filled.
  const listKey = `${category}|${q}`;
  const keyRef = useRef(listKey);
  keyRef.current = listKey;
  const loadingRef = useRef<string | null>(null);

  const loadCategories = useCallback(async () => {
    try {
      setCategories(await mallApi.categories());
    } catch {
      // The rail then shows 全部 only; the goods list reports the error.
      setCategories((c) => c ?? []);
    }
  }, []);

  const load = useCallback(async (key: string, page: number) => {
    const marker = `${key}#${page}`;
    if (loadingRef.current === marker) return;
    loadingRef.current = marker;
    const [cat, query] = key.split('|');
    try {
      const res = await mallApi.goods({
        categoryId: cat === ALL ? null : Number(cat),
        q: query,
        page,
        pageSize: PAGE_SIZE,
      });
      if (keyRef.current !== key) return;
      setList((prev) => ({
        key,
        items: page === 1 || prev?.key !== key ? res.items : appendById(prev.items, res.items),
        page: res.page,
        hasMore: hasMorePages(res),
        error: null,
      }));
    } catch (e) {
      if (keyRef.current !== key) return;
      if (page === 1) {
        const code = isApiError(e) ? e.code : 'ERROR';
        setList({ key, items: [], page: 0, hasMore: false, error: { message: errorMessage(e), code } });
      } else showError(e);
    } finally {
      if (loadingRef.current === marker) loadingRef.current = null;
    }
  }, []);

  useEffect(() => {
    void loadCategories();
  }, [loadCategories]);
  useEffect(() => {
    void load(listKey, 1);
  }, [listKey, load]);
  // Back from a redemption: balance, stock and 可兑换 may have changed.
  const shownOnce = useRef(false);
  useDidShow(() => {
    if (shownOnce.current) void load(keyRef.current, 1);
    shownOnce.current = true;
  });

  const current = list?.key === listKey ? list : null;
  const showSkeleton = useDelayed(current === null);
  const refresh = async () => {
    await Promise.all([loadCategories(), load(listKey, 1)]);
  };
  const more = async () => {
    if (current?.hasMore) await load(listKey, current.page + 1);
  };
  const search = (text: string) => setQ(text.trim());
  const open = (g: MallGoodsCard) => void Taro.navigateTo({ url: `${MALL_URLS.detail}?id=${g.id}` });

  const rail = [{ key: ALL, name: '全部' }, ...(categories ?? []).map((c) => ({ key: String(c.id), name: c.name }))];

  let body;
  if (!current) body = showSkeleton ? <GoodsSkeleton /> : null;
  else if (current.error) {
    const network = current.error.code === 'NETWORK_ERROR';
    body = (
      <StateBlock
        id="mall-error"
        status={network ? 'network' : 'error'}
        title={network ? '网络不给力' : '商品加载失败'}
        description={network ? current.error.message : `${current.error.message}（${current.error.code}）`}
        actions={[{ text: '重新加载', onClick: () => void load(listKey, 1) }]}
      />
    );
  } else if (current.items.length === 0) {
    body = q ? (
      <StateBlock
        id="mall-empty"
        title={`没有找到“${q}”相关的商品`}
        description="换个关键词试试"
        actions={[
          {
            text: '查看全部商品',
            onClick: () => {
              setTyped('');
              setQ('');
              setCategory(ALL);
            },
          },
        ]}
      />
    ) : (
      <StateBlock
        id="mall-empty"
        title={category === ALL ? '商城暂无可兑换的商品' : '该分类暂无商品'}
        description={category === ALL ? '新品上架后会出现在这里，先去领张优惠券吧' : '看看其他分类吧'}
        actions={
          category === ALL
            ? [{ text: '去领券中心', onClick: () => void Taro.navigateTo({ url: COUPON_URLS.center }) }]
            : [{ text: '查看全部商品', onClick: () => setCategory(ALL) }]
        }
      />
    );
  } else {
    body = (
      <View id="mall-goods" className="goods-grid">
        {current.items.map((g) => (
          <GoodsCard key={g.id} goods={g} onOpen={() => open(g)} />
        ))}
      </View>
    );
  }

  return (
    <View className={`mall ${process.env.TARO_ENV === 'h5' ? 'mall--h5' : ''}`}>
      <View className="mall__head">
        <View
          id="mall-balance"
          className="mall__balance"
          aria-role="button"
          onClick={() => void Taro.navigateTo({ url: POINTS_HISTORY_URL })}
        >
          <Text className="mall__balance-label">我的积分</Text>
          <Text id="mall-balance-value" className="mall__balance-value">
            {balance == null ? '--' : formatPoints(balance)}
          </Text>
        </View>
        <View
          id="mall-orders-link"
          className="mall__orders"
          aria-role="button"
          onClick={() => void Taro.navigateTo({ url: MALL_URLS.orders })}
        >
          <Text>我的兑换 ›</Text>
        </View>
      </View>

      <View className="mall__search">
        <Text className="mall__search-icon" aria-hidden>
          ⌕
        </Text>
        <TaroInput
          id="mall-search"
          className="mall__search-input"
          placeholder="搜索积分好礼"
          confirmType="search"
          value={typed}
          maxlength={30}
          onInput={(e) => setTyped(e.detail.value)}
          onConfirm={(e) => search(e.detail.value)}
        />
        {typed ? (
          <Text
            className="mall__search-clear"
            aria-label="清除"
            onClick={() => {
              setTyped('');
              setQ('');
            }}
          >
            ×
          </Text>
        ) : null}
        <Text id="mall-search-submit" className="mall__search-go" onClick={() => search(typed)}>
          搜索
        </Text>
      </View>

      <SideBar
        className="mall__rail"
        value={category}
        onChange={(v) => setCategory(String(v))}
        contentDuration={0}
        sidebarDuration={0}
      >
        {rail.map((c) => (
          <SideBar.Item key={c.key} title={c.name} value={c.key}>
            {/* Only the chosen category holds the list; the others stay empty panes. */}
            {c.key === category ? (
              <InfiniteLoading
                className="mall__list"
                pullRefresh
                pullingText="松开刷新"
                loadingText="加载中…"
                loadMoreText={current && current.items.length > 0 ? '没有更多了' : ''}
                hasMore={!!current?.hasMore}
                onRefresh={refresh}
                onLoadMore={more}
              >
                <View className="mall__list-inner">{body}</View>
              </InfiniteLoading>
            ) : (
              <View />
            )}
          </SideBar.Item>
        ))}
      </SideBar>
    </View>
  );
}

export default function MallPage() {
  return (
    <PageShell className="mp-page--flush">
      <MallContent />
    </PageShell>
  );
}
