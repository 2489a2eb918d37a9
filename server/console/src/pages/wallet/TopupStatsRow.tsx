import { StatisticCard } from '@ant-design/pro-components';
import { formatCny, type AdminTopupStats } from '@member/shared';
import { Alert, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { topupsApi } from '../../api/wallet';
import { errorText } from '../../utils/feedback';

const count = (n: number) => n.toLocaleString('en-US');
const grey = { color: 'rgba(0,0,0,.45)' };

/** Today's top-ups, the stored value members hold (本金 / 赠送), and what waits for an operator. */
export function TopupStatsRow({ refreshKey }: { refreshKey: number }) {
  const [stats, setStats] = useState<AdminTopupStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    topupsApi.stats().then(
      (s) => {
        if (cancelled) return;
        setStats(s);
        setError(null);
      },
      (e) => !cancelled && setError(errorText(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [refreshKey]);

  if (error) return <Alert type="warning" showIcon message="统计数据暂时无法加载" description={error} />;
  if (!stats) return <Skeleton active paragraph={{ rows: 2 }} />;
  return (
    <div data-testid="topup-stats">
      <StatisticCard.Group direction="row">
        <StatisticCard
          statistic={{
            title: '今日充值（笔）',
            value: count(stats.todayCount),
            description: <span style={grey}>按北京时间，已到账</span>,
          }}
        />
        <StatisticCard.Divider />
        <StatisticCard
          statistic={{
            title: '今日充值金额',
            value: formatCny(stats.todayPayFen),
            description: <span style={grey}>赠送 {formatCny(stats.todayBonusFen)}</span>,
          }}
        />
        <StatisticCard.Divider />
        <StatisticCard
          statistic={{
            title: '储值余额',
            value: formatCny(stats.outstandingPrincipalFen + stats.outstandingBonusFen),
            description: (
              <span style={grey}>
                本金 {formatCny(stats.outstandingPrincipalFen)} · 赠送 {formatCny(stats.outstandingBonusFen)}
              </span>
            ),
          }}
        />
        <StatisticCard.Divider />
        <StatisticCard
          statistic={{
            title: '待处理异常',
            value: count(stats.openAnomalies),
            valueStyle: stats.openAnomalies > 0 ? { color: '#cf1322' } : undefined,
            description: <Link to="/wallet/anomalies">去处理</Link>,
          }}
        />
        <StatisticCard.Divider />
        <StatisticCard
          statistic={{
            title: '未支付订单',
            value: count(stats.unpaidOpen),
            description: <span style={grey}>待支付且未过期</span>,
          }}
        />
      </StatisticCard.Group>
    </div>
  );
}
