import { PageContainer, ProCard, StatisticCard } from '@ant-design/pro-components';
import { formatCny, type LiabilityGroupBy, type LiabilityReport } from '@member/shared';
import { Alert, Button, DatePicker, Empty, Result, Segmented, Skeleton, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { liabilityApi } from '../../api/wallet-finance';
import { useSession } from '../../auth/AuthContext';
import { errorText, showError } from '../../utils/feedback';
import { GroupedStatement, TotalStatement } from './LiabilityStatement';
import { businessToday } from '../../utils/format';

// The chart library is big: it loads with the chart, not with the console.
const LiabilityChart = lazy(async () => ({ default: (await import('./LiabilityChart')).LiabilityChart }));

const DAY = 'YYYY-MM-DD';
const RECOGNITION_LABELS: Record<LiabilityReport['bonusRecognition'], { name: string; line: string }> = {
  DISCOUNT_ON_SPEND: { name: '消费时冲减收入', line: '本期消费使用的赠送金（销售折扣）' },
  EXPENSE_AT_GRANT: { name: '赠送时计入费用', line: '本期赠送的赠送金（扣除作废）' },
};

/**
 * 储值负债: what members hold in stored value as of a day, as a statement of the period — opening,
 * principal top-ups, bonus, spend (principal/bonus), refunds, forfeits, adjustments, closing — checked
 * against the ledger's system accounts, with the custody (存管) amount and the daily balance.
 */
export function LiabilityReportPage() {
  const { permissions } = useSession();
  const [search, setSearch] = useSearchParams();
  const asOf = search.get('asOf') ?? businessToday().format(DAY);
  // The last 30 days by default: a month's start would leave the chart a single point on the 1st.
  const from = search.get('from') ?? dayjs(asOf).subtract(29, 'day').format(DAY);
  const groupBy = (search.get('groupBy') as LiabilityGroupBy | null) ?? 'total';
  const [report, setReport] = useState<LiabilityReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    liabilityApi.report({ from, asOf, groupBy }).then(
      (r) => !cancelled && setReport(r),
      (e) => !cancelled && setError(errorText(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [from, asOf, groupBy]);

  const setQuery = (next: Partial<{ from: string; asOf: string; groupBy: LiabilityGroupBy }>) =>
    setSearch({ from, asOf, groupBy, ...next }, { replace: true });
  const exportCsv = async () => {
    setExporting(true);
    try {
      await liabilityApi.exportCsv({ from, asOf, groupBy }, `储值负债_${from}_${asOf}.csv`);
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };
  const shown = report && report.from === from && report.asOf === asOf && report.groupBy === groupBy ? report : null;

  return (
    <PageContainer
      title="储值负债"
      content="会员储值余额是对会员的负债。报表按期间列示期初、本金充值、赠送、消费、退款、赠送作废、调整与期末，本金与赠送分列，并与账本系统科目核对。"
      extra={
        <Space wrap>
          <DatePicker.RangePicker
            data-testid="liability-range"
            allowClear={false}
            value={[dayjs(from), dayjs(asOf)]}
            disabledDate={(d: Dayjs) => d.isAfter(businessToday(), 'day')}
            onChange={(v) => v?.[0] && v[1] && setQuery({ from: v[0].format(DAY), asOf: v[1].format(DAY) })}
          />
          <Segmented<LiabilityGroupBy>
            data-testid="liability-group"
            value={groupBy}
            onChange={(v) => setQuery({ groupBy: v })}
            options={[
              { label: '总计', value: 'total' },
              { label: '门店', value: 'store' },
              // Analysts read totals only (as for coupons): no per-member statement.
              { label: '会员', value: 'member', disabled: !permissions.viewMemberRows },
            ]}
          />
          <Button onClick={exportCsv} loading={exporting} data-testid="liability-export">
            导出 CSV
          </Button>
        </Space>
      }
    >
      {error ? (
        <Result status="warning" title="报表暂时无法生成" subTitle={error} />
      ) : !shown ? (
        <Skeleton active />
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <TieOut report={shown} />
          <StatisticCard.Group direction="row">
            <StatisticCard
              statistic={{ title: `期末余额（${shown.asOf}）`, value: formatCny(shown.total.closing.totalFen) }}
            />
            <StatisticCard.Divider />
            <StatisticCard
              statistic={{
                title: '其中本金 / 赠送',
                value: formatCny(shown.total.closing.principalFen),
                description: <span>赠送 {formatCny(shown.total.closing.bonusFen)}</span>,
              }}
            />
            <StatisticCard.Divider />
            <StatisticCard
              data-testid="liability-custody"
              statistic={{
                title: '存管要求',
                value: formatCny(shown.custody.requiredFen),
                description: (
                  <span>
                    {shown.custody.percent}% × {shown.custody.quarterEnd} 余额{' '}
                    {formatCny(shown.custody.quarterEndBalanceFen)}
                  </span>
                ),
              }}
            />
            <StatisticCard.Divider />
            <StatisticCard
              statistic={{
                title: `赠送金费用（${RECOGNITION_LABELS[shown.bonusRecognition].name}）`,
                value: formatCny(shown.bonusExpenseFen),
                description: <span>{RECOGNITION_LABELS[shown.bonusRecognition].line}</span>,
              }}
            />
          </StatisticCard.Group>
          <ProCard title={`${shown.from} 至 ${shown.asOf}`} bordered>
            {shown.groupBy === 'total' ? <TotalStatement total={shown.total} /> : <GroupedStatement report={shown} />}
          </ProCard>
          <ProCard title="每日期末余额" bordered>
            {shown.daily.length ? (
              <Suspense fallback={<Skeleton active />}>
                <LiabilityChart daily={shown.daily} />
              </Suspense>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无数据" />
            )}
          </ProCard>
          <Typography.Text type="secondary">
            存管比例按所在地单用途预付卡管理规定设置（配置项 wallet.custodyPercent），以上一季度末的预收储值余额为基数。
          </Typography.Text>
        </Space>
      )}
    </PageContainer>
  );
}

/** The closing balance three ways: the statement, the ledger's system accounts, the members' balances. */
function TieOut({ report }: { report: LiabilityReport }) {
  const t = report.tieOut;
  const figures = `报表期末 ${formatCny(t.closingFen)} · 账本系统科目 ${formatCny(t.systemAccountsFen)} · 会员余额合计 ${formatCny(t.memberBalancesFen)}`;
  return t.matches ? (
    <Alert data-testid="liability-tieout" type="success" showIcon message="已与账本核对一致" description={figures} />
  ) : (
    <Alert
      data-testid="liability-tieout"
      type="error"
      showIcon
      message="与账本核对不一致，请联系技术人员检查账本"
      description={figures}
    />
  );
}
