import { PageContainer, StatisticCard } from '@ant-design/pro-components';
import { formatCny, type MallDashboard } from '@member/shared';
import { DatePicker, Result, Skeleton, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { mallOrdersApi } from '../../api/mall';
import { errorText } from '../../utils/feedback';
import { points } from './mall-labels';
import { businessToday } from '../../utils/format';

// The chart library is big: it loads with the charts, not with the console.
const MallCharts = lazy(async () => ({ default: (await import('./MallCharts')).MallCharts }));

const DAY = 'YYYY-MM-DD';
const grey = { color: 'rgba(0,0,0,.45)' };
const today = () => dayjs().tz('Asia/Shanghai').format(DAY);

/** 兑换看板: points spent, cash, orders and pickup rate for a period, then the daily series and top goods. */
export function DashboardPage() {
  const [search, setSearch] = useSearchParams();
  const to = search.get('to') ?? today();
  const from = search.get('from') ?? dayjs(to).subtract(29, 'day').format(DAY);
  const [data, setData] = useState<MallDashboard | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    mallOrdersApi.dashboard({ from, to }).then(
      (d) => !cancelled && setData(d),
      (e) => !cancelled && setError(errorText(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [from, to]);

  const shown = data && data.from === from && data.to === to ? data : null;
  return (
    <PageContainer
      title="兑换看板"
      content="按北京时间统计所选期间的兑换：积分消耗、现金、订单数和自提率。"
      extra={
        <Space wrap>
          <DatePicker.RangePicker
            data-testid="mall-dashboard-range"
            allowClear={false}
            value={[dayjs(from), dayjs(to)]}
            disabledDate={(d: Dayjs) => d.isAfter(businessToday(), 'day')}
            onChange={(v) =>
              v?.[0] && v[1] && setSearch({ from: v[0].format(DAY), to: v[1].format(DAY) }, { replace: true })
            }
          />
        </Space>
      }
    >
      {error ? (
        <Result status="warning" title="看板暂时无法加载" subTitle={error} />
      ) : !shown ? (
        <Skeleton active />
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="mall-dashboard">
          <StatisticCard.Group direction="row">
            <StatisticCard
              statistic={{
                title: '积分消耗',
                value: points(shown.pointsSpent),
                tip: '待自提和已完成的订单；取消和过期的订单已退回积分，不计入',
              }}
            />
            <StatisticCard.Divider />
            <StatisticCard statistic={{ title: '现金', value: formatCny(shown.cashFen) }} />
            <StatisticCard.Divider />
            <StatisticCard
              statistic={{
                title: '订单数',
                value: points(shown.orders),
                tip: '期间内下单并兑换成功（待自提或已完成）的订单',
              }}
            />
            <StatisticCard.Divider />
            <StatisticCard
              statistic={{
                title: '自提率',
                value: shown.pickupRatePct == null ? '—' : `${shown.pickupRatePct.toFixed(1)}%`,
                tip: '期间内结束的实物和服务订单中，已自提 ÷（已自提 + 逾期未自提）',
                description: shown.pickupRatePct == null ? <span style={grey}>期间内暂无结束的自提订单</span> : null,
              }}
            />
          </StatisticCard.Group>
          <Suspense fallback={<Skeleton active />}>
            <MallCharts dashboard={shown} />
          </Suspense>
        </Space>
      )}
    </PageContainer>
  );
}
