import { useState } from 'react';
import { useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Input, Loading } from '@nutui/nutui-react-taro';
import { formatCny, type StaffSaleItem, formatInt } from '@member/shared';
import { formatBizDateTime } from '../../../utils/time';
import { openScan } from '../StaffToolbar';
import { useSales } from './use-sales';

interface Props {
  /** Bumped after a refund so the list shows what is still refundable. */
  refreshKey: number;
  onPick: (receiptNo: string) => void;
  onManual: () => void;
}

function SaleRow({ sale, onPick }: { sale: StaffSaleItem; onPick: (receiptNo: string) => void }) {
  const done = sale.refundableFen === 0;
  return (
    <View
      className={`sales__item${done ? ' sales__item--done' : ''}`}
      data-receipt={sale.receiptNo}
      onClick={() => onPick(sale.receiptNo)}
    >
      <View className="sales__row">
        <Text className="sales__receipt">{sale.receiptNo}</Text>
        <Text className="sales__bill">{formatCny(sale.amountFen)}</Text>
      </View>
      {/* A long nickname gives way; the time and the member no. stay readable. */}
      <View className="sales__row sales__row--meta">
        <Text className="sales__time">{formatBizDateTime(sale.createdAt).slice(11, 16)}</Text>
        <Text className="sales__nickname">{sale.nickname || '微信用户'}</Text>
        <Text className="sales__member-no">{sale.memberNoMasked}</Text>
      </View>
      <View className="sales__row">
        <Text className="sales__tenders">
          现金 {formatCny(sale.payableFen)}
          {sale.couponDiscountFen > 0 ? ` · 券 ${formatCny(sale.couponDiscountFen)}` : ''}
          {sale.pointsUsed > 0 ? ` · 积分 ${formatInt(sale.pointsUsed)} 分` : ''}
        </Text>
        <Text className={done ? 'sales__left sales__left--done' : 'sales__left'}>
          {done ? '已全额退款' : `可退 ${formatCny(sale.refundableFen)}`}
        </Text>
      </View>
      {sale.refundedFen > 0 && !done && <Text className="sales__refunded">已退 {formatCny(sale.refundedFen)}</Text>}
    </View>
  );
}

/** Today's sales at the store, searchable; tapping one starts its refund. */
export function SalesList({ refreshKey, onPick, onManual }: Props) {
  const [query, setQuery] = useState('');
  const sales = useSales(query, refreshKey);
  useReachBottom(sales.loadMore);
  const searching = sales.shownQuery !== '';
  const firstLoad = sales.page === 0;

  return (
    <View id="sales" className="sales">
      <View className="sales__search">
        <Input
          id="sales-search"
          className="staff__input sales__search-input"
          maxLength={64}
          placeholder="搜索小票号、会员号或昵称"
          value={query}
          onChange={setQuery}
          clearable
        />
      </View>
      <View className="sales__head">
        <Text className="sales__title">今日消费{sales.date ? ` · ${sales.date}` : ''}</Text>
        {!firstLoad && (
          <Text id="sales-total" className="staff__tip">
            {searching ? `找到 ${sales.total} 笔` : `共 ${sales.total} 笔`}
          </Text>
        )}
      </View>

      {sales.items.map((sale) => (
        <SaleRow key={sale.receiptNo} sale={sale} onPick={onPick} />
      ))}

      {firstLoad && sales.loading && (
        <View className="sales__state">
          <Loading type="circular">加载中…</Loading>
        </View>
      )}
      {sales.error && sales.items.length === 0 && (
        <View className="sales__state">
          <Text className="sales__state-text">{sales.error}</Text>
          <Button size="small" type="primary" onClick={sales.reload}>
            重新加载
          </Button>
        </View>
      )}
      {!sales.error && !firstLoad && sales.items.length === 0 && (
        <View id="sales-empty" className="sales__state">
          <Text className="sales__state-text">{searching ? '没有找到匹配的消费' : '暂无今日消费'}</Text>
          <Text className="staff__tip">
            {searching ? '可按小票号开头、完整会员号或昵称搜索' : '收款后，今天的消费会出现在这里'}
          </Text>
          <View className="sales__state-actions">
            {searching ? (
              <Button id="sales-clear" type="primary" onClick={() => setQuery('')}>
                清除搜索
              </Button>
            ) : (
              <Button id="sales-go-scan" type="primary" onClick={openScan}>
                去收款
              </Button>
            )}
            <Button id="sales-manual-empty" fill="outline" onClick={onManual}>
              输入小票号
            </Button>
          </View>
        </View>
      )}
      {sales.items.length > 0 && (
        <View id="sales-more" className="sales__more" onClick={sales.loadMore}>
          {sales.loading ? <Loading type="circular" /> : <Text>{sales.hasMore ? '加载更多' : '没有更多了'}</Text>}
        </View>
      )}
      {sales.items.length > 0 && (
        <Text id="sales-manual" className="sales__manual" onClick={onManual}>
          找不到？输入小票号退款
        </Text>
      )}
    </View>
  );
}
