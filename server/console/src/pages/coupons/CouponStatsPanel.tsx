import { Column, Line, Pie } from '@ant-design/plots';
import { ProCard, StatisticCard } from '@ant-design/pro-components';
import { formatCny, type CouponTemplateStats } from '@member/shared';
import { Col, Empty, Result, Row, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { couponTemplatesApi } from '../../api/coupons';
import { errorText } from '../../utils/feedback';
import { COUPON_SOURCE_LABELS } from './coupon-labels';

const count = (n: number) => n.toLocaleString('en-US');
const yuan = (fen: number) => Number((fen / 100).toFixed(2));

function NoData() {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无数据" style={{ padding: '48px 0' }} />;
}

/** The template's dashboard: what was issued, used and given, and where and when it was used. */
export function CouponStatsPanel({ templateId }: { templateId: number }) {
  const [stats, setStats] = useState<CouponTemplateStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    couponTemplatesApi.stats(templateId).then(
      (s) => !cancelled && setStats(s),
      (e) => !cancelled && setError(errorText(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [templateId]);

  if (error) return <Result status="warning" title="数据暂时无法加载" subTitle={error} />;
  if (!stats) return <Skeleton active />;

  const uses = stats.usesByDay.map((d) => ({ day: d.day.slice(5), 核销张数: d.uses, 优惠金额: yuan(d.discountFen) }));
  const byStore = stats.byStore.map((s) => ({ store: s.storeName, uses: s.uses, discount: yuan(s.discountFen) }));
  const bySource = stats.bySource
    .filter((s) => s.issued > 0)
    .map((s) => ({ source: COUPON_SOURCE_LABELS[s.source] ?? s.source, issued: s.issued }));

  return (
    <div data-testid="coupon-stats">
      <StatisticCard.Group direction="row" style={{ marginBottom: 16 }}>
        <StatisticCard statistic={{ title: '已发放（张）', value: count(stats.issued) }} />
        <StatisticCard.Divider />
        <StatisticCard
          statistic={{
            title: '已使用（张）',
            value: count(stats.used),
            description: (
              <span style={{ color: 'rgba(0,0,0,.45)' }}>
                过期 {count(stats.expired)} · 作废 {count(stats.voided)}
              </span>
            ),
          }}
        />
        <StatisticCard.Divider />
        <StatisticCard
          statistic={{ title: '核销率', value: (stats.conversionPermille / 10).toFixed(1), suffix: '%' }}
        />
        <StatisticCard.Divider />
        <StatisticCard statistic={{ title: '优惠金额', value: formatCny(stats.discountGivenFen) }} />
        <StatisticCard.Divider />
        <StatisticCard
          statistic={{
            title: '带动销售额',
            value: formatCny(stats.salesDrivenFen),
            tip: '使用了此券的消费单的应收金额合计',
          }}
        />
      </StatisticCard.Group>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <ProCard title="近 30 天每日核销" bordered>
            {uses.some((d) => d.核销张数 > 0) ? (
              <Column data={uses} xField="day" yField="核销张数" height={260} axis={{ y: { title: '张' } }} />
            ) : (
              <NoData />
            )}
          </ProCard>
        </Col>
        <Col xs={24} xl={8}>
          <ProCard title="发放来源" bordered>
            {bySource.length ? (
              <Pie
                data={bySource}
                angleField="issued"
                colorField="source"
                innerRadius={0.6}
                height={260}
                label={{ text: 'issued', position: 'outside' }}
                legend={{ color: { position: 'bottom', layout: { justifyContent: 'center' } } }}
              />
            ) : (
              <NoData />
            )}
          </ProCard>
        </Col>
        <Col span={24}>
          <ProCard title="各门店核销" bordered>
            {byStore.length ? (
              <Column data={byStore} xField="store" yField="uses" height={240} axis={{ y: { title: '张' } }} />
            ) : (
              <NoData />
            )}
          </ProCard>
        </Col>
        {uses.some((d) => d.优惠金额 > 0) && (
          <Col span={24}>
            <ProCard title="近 30 天每日优惠金额（元）" bordered>
              <Line data={uses} xField="day" yField="优惠金额" height={220} />
            </ProCard>
          </Col>
        )}
      </Row>
    </div>
  );
}
