import { Bar, Column } from '@ant-design/plots';
import { ProCard } from '@ant-design/pro-components';
import type { NoticeDashboard } from '@member/shared';
import { Col, Empty, Row } from 'antd';

/** Counts are whole: no 0.5 tick labels on an axis of notices. */
const whole = (v: number) => (Number.isInteger(v) ? v.toLocaleString('en-US') : '');

function NoData({ text }: { text: string }) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} style={{ padding: '48px 0' }} />;
}

/** The dashboard's charts, loaded lazily with the chart library: per kind planned vs sent vs skipped, and why skipped. */
export function NoticeCharts({ dashboard }: { dashboard: NoticeDashboard }) {
  const perKind = dashboard.rows.flatMap((r) => [
    { kind: r.label, series: '计划', count: r.planned },
    { kind: r.label, series: '已发送', count: r.sent },
    { kind: r.label, series: '跳过', count: r.skipped },
    { kind: r.label, series: '失败', count: r.failed },
  ]);
  const any = dashboard.rows.some((r) => r.planned > 0);
  const reasons = dashboard.skippedByReason.filter((r) => r.count > 0).map((r) => ({ reason: r.label, 条数: r.count }));
  return (
    <Row gutter={[16, 16]} data-testid="notice-charts">
      <Col span={24}>
        <ProCard title="各类提醒：计划 / 已发送 / 跳过 / 失败" bordered>
          {any ? (
            <Column
              data={perKind}
              xField="kind"
              yField="count"
              colorField="series"
              group
              height={300}
              scale={{ color: { range: ['#8c8c8c', '#52c41a', '#faad14', '#ff4d4f'] } }}
              axis={{ x: { title: false }, y: { title: '条', labelFormatter: whole } }}
            />
          ) : (
            <NoData text="所选期间暂无计划中的提醒" />
          )}
        </ProCard>
      </Col>
      <Col span={24}>
        <ProCard title="跳过原因" bordered>
          {reasons.length ? (
            <Bar
              data={reasons}
              xField="reason"
              yField="条数"
              height={Math.max(180, reasons.length * 44)}
              label={{ text: '条数', position: 'inside', style: { fill: '#fff' } }}
              axis={{ x: { title: false }, y: { title: '条', labelFormatter: whole } }}
            />
          ) : (
            <NoData text="所选期间没有跳过的提醒" />
          )}
        </ProCard>
      </Col>
    </Row>
  );
}
