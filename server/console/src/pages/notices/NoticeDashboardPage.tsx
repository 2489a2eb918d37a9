import { PageContainer, ProTable, StatisticCard } from '@ant-design/pro-components';
import type { ProColumns } from '@ant-design/pro-components';
import type { NoticeDashboard, NoticeDashboardRow } from '@member/shared';
import { DatePicker, Progress, Result, Skeleton, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { noticesApi } from '../../api/notices';
import { errorText } from '../../utils/feedback';
import { businessToday } from '../../utils/format';

// The chart library is big: it loads with the charts, not with the console.
const NoticeCharts = lazy(async () => ({ default: (await import('./NoticeCharts')).NoticeCharts }));

const DAY = 'YYYY-MM-DD';
const TZ = 'Asia/Shanghai';
const today = () => dayjs().tz(TZ).format(DAY);
const count = (n: number) => n.toLocaleString('en-US');
const pct = (x: number | null) => (x == null ? '—' : `${(x * 100).toFixed(1)}%`);

/** Beijing days → the instants the route takes: [first instant of from, first instant after to). */
export function dashboardRange(from: string, to: string): { from: string; to: string } {
  return {
    from: dayjs.tz(from, TZ).toISOString(),
    to: dayjs.tz(to, TZ).add(1, 'day').toISOString(),
  };
}

const columns: ProColumns<NoticeDashboardRow>[] = [
  { title: '提醒类型', dataIndex: 'label', width: 160 },
  { title: '计划', dataIndex: 'planned', align: 'right', render: (_, r) => count(r.planned) },
  { title: '已发送', dataIndex: 'sent', align: 'right', render: (_, r) => count(r.sent) },
  { title: '延后中', dataIndex: 'deferred', align: 'right', render: (_, r) => count(r.deferred) },
  { title: '跳过', dataIndex: 'skipped', align: 'right', render: (_, r) => count(r.skipped) },
  {
    title: '失败',
    dataIndex: 'failed',
    align: 'right',
    render: (_, r) => <Typography.Text type={r.failed ? 'danger' : undefined}>{count(r.failed)}</Typography.Text>,
  },
  {
    title: '订阅覆盖率',
    dataIndex: 'grantCoverage',
    width: 200,
    tooltip: '到期时有剩余订阅次数的会员 ÷ 到期的会员',
    render: (_, r) =>
      r.grantCoverage == null ? (
        <Typography.Text type="secondary">无到期会员</Typography.Text>
      ) : (
        <Progress percent={Math.round(r.grantCoverage * 1000) / 10} size="small" format={(p) => `${p}%`} />
      ),
  },
];

/** 数据看板: per kind planned vs sent vs skipped, grant coverage, and why notices were skipped. */
export function NoticeDashboardPage() {
  const [search, setSearch] = useSearchParams();
  const to = search.get('to') ?? today();
  const from = search.get('from') ?? dayjs(to).subtract(6, 'day').format(DAY);
  const [data, setData] = useState<{ key: string; dashboard: NoticeDashboard } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = `${from}|${to}`;

  useEffect(() => {
    let cancelled = false;
    setError(null);
    noticesApi.dashboard(dashboardRange(from, to)).then(
      (dashboard) => !cancelled && setData({ key, dashboard }),
      (e) => !cancelled && setError(errorText(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [from, to, key]);

  const shown = data?.key === key ? data.dashboard : null;
  const total = (pick: (r: NoticeDashboardRow) => number) => (shown ? shown.rows.reduce((s, r) => s + pick(r), 0) : 0);
  const planned = total((r) => r.planned);
  const sent = total((r) => r.sent);
  return (
    <PageContainer
      title="数据看板"
      content="按北京时间统计所选期间计划发送的关怀提醒：发送、延后、跳过和失败的数量，以及会员订阅覆盖率。"
      extra={
        <DatePicker.RangePicker
          data-testid="notice-dashboard-range"
          allowClear={false}
          value={[dayjs(from), dayjs(to)]}
          disabledDate={(d: Dayjs) => d.isAfter(businessToday(), 'day')}
          onChange={(v) =>
            v?.[0] && v[1] && setSearch({ from: v[0].format(DAY), to: v[1].format(DAY) }, { replace: true })
          }
        />
      }
    >
      {error ? (
        <Result status="warning" title="看板暂时无法加载" subTitle={error} />
      ) : !shown ? (
        <Skeleton active />
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="notice-dashboard">
          <StatisticCard.Group direction="row">
            <StatisticCard statistic={{ title: '计划发送', value: count(planned) }} />
            <StatisticCard.Divider />
            <StatisticCard
              statistic={{
                title: '已发送',
                value: count(sent),
                description: planned ? <span>发送率 {pct(sent / planned)}</span> : null,
              }}
            />
            <StatisticCard.Divider />
            <StatisticCard statistic={{ title: '跳过', value: count(total((r) => r.skipped)) }} />
            <StatisticCard.Divider />
            <StatisticCard statistic={{ title: '失败', value: count(total((r) => r.failed)) }} />
          </StatisticCard.Group>
          <ProTable<NoticeDashboardRow>
            rowKey="kind"
            headerTitle="各类提醒"
            columns={columns}
            dataSource={shown.rows}
            search={false}
            pagination={false}
            options={false}
            size="small"
          />
          <Suspense fallback={<Skeleton active />}>
            <NoticeCharts dashboard={shown} />
          </Suspense>
        </Space>
      )}
    </PageContainer>
  );
}
