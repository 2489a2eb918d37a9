import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Loading } from '@nutui/nutui-react-taro';
import { formatCny, type WalletHistoryItem } from '@member/shared';
import { PageShell } from '../../../components/PageShell';
import { usePagedHistory } from '../../../components/use-paged-history';
import { walletApi } from '../../../services/wallet-api';
import { formatBizDateTime } from '../../../utils/time';
import { WALLET_KIND_LABELS, WALLET_URLS, formatSignedCny, splitLine } from '../../../utils/wallet';
import '../wallet.scss';

function HistoryRow({ item }: { item: WalletHistoryItem }) {
  const credit = item.amountFen > 0;
  return (
    <View className="wallet-line">
      <View className="wallet-line__main">
        <View className="wallet-line__head">
          <Text className={`wallet-line__kind wallet-line__kind--${item.kind.toLowerCase()}`}>
            {WALLET_KIND_LABELS[item.kind]}
          </Text>
          <Text className="wallet-line__title">{item.title}</Text>
        </View>
        <Text className="wallet-line__meta">{splitLine(item)}</Text>
        <Text className="wallet-line__meta">{formatBizDateTime(item.at)}</Text>
      </View>
      <View className="wallet-line__side">
        <Text className={`wallet-line__amount ${credit ? 'wallet-line__amount--plus' : ''}`}>
          {formatSignedCny(item.amountFen)}
        </Text>
        <Text className="wallet-line__after">余额 {formatCny(item.balanceAfterFen)}</Text>
      </View>
    </View>
  );
}

function HistoryContent() {
  const { items, page, hasMore, loading, error, reload, loadMore } = usePagedHistory<WalletHistoryItem>((p, size) =>
    walletApi.history(p, size),
  );

  return (
    <View className="wallet">
      <View id="wallet-history" className="wallet-history">
        {items.map((item) => (
          <HistoryRow key={item.id} item={item} />
        ))}
        {page === 0 && loading && (
          <View className="wallet-state">
            <Loading type="circular">加载中…</Loading>
          </View>
        )}
        {error && items.length === 0 && (
          <View className="wallet-state">
            <Text className="wallet-state__text">{error}</Text>
            <Button size="small" type="primary" onClick={() => void reload()}>
              重新加载
            </Button>
          </View>
        )}
        {!error && page > 0 && items.length === 0 && (
          <View id="wallet-history-empty" className="wallet-state">
            <Text className="wallet-state__text">暂无储值记录</Text>
            <Text className="wallet-state__sub">充值、消费和退款都会记录在这里</Text>
            <Button
              size="small"
              type="primary"
              fill="outline"
              onClick={() => Taro.navigateBack().catch(() => void Taro.redirectTo({ url: WALLET_URLS.index }))}
            >
              去充值
            </Button>
          </View>
        )}
        {items.length > 0 && (
          <View id="wallet-history-more" className="wallet-history__more" onClick={loadMore}>
            {loading ? <Loading type="circular" /> : <Text>{hasMore ? '加载更多' : '没有更多了'}</Text>}
          </View>
        )}
      </View>
      <Text className="wallet-footnote">储值记录至少保存五年</Text>
    </View>
  );
}

export default function WalletHistoryPage() {
  return (
    <PageShell>
      <HistoryContent />
    </PageShell>
  );
}
