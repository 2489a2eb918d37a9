import { Bar, Column, Line } from '@ant-design/plots';
import type { MallDashboard } from '@member/shared';
import { Col, Empty, Row } from 'antd';
import { ProCard } from '@ant-design/pro-components';

/** Counts are whole: no 0.5 tick labels on an axis of orders or pieces. */
const whole = (v: number) => (Number.isInteger(v) ? v.toLocaleString('en-US') : '');

function NoData() {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="所选期间暂无兑换" style={{ padding: '48px 0' }} />;
}

/** The dashboard's charts: orders and points per day, and the top goods; loaded lazily with the chart library. */
export function MallCharts({ dashboard }: { dashboard: MallDashboard }) {
  const daily = dashboard.daily.map((d) => ({ date: d.date.slice(5), 订单数: d.orders, 消耗积分: d.points }));
  const any = daily.some((d) => d.订单数 > 0);
  // Longest names get cut in the axis; the tooltip keeps the full name.
  const top = dashboard.topGoods.map((g) => ({ name: g.name, 兑换件数: g.quantity, 消耗积分: g.points }));
  return (
    <Row gutter={[16, 16]} data-testid="mall-charts">
      <Col xs={24} xl={12}>
        <ProCard title="每日订单数" bordered>
          {any ? (
            <Column
              data={daily}
              xField="date"
              yField="订单数"
              height={260}
              axis={{ y: { title: '单', labelFormatter: whole } }}
            />
          ) : (
            <NoData />
          )}
        </ProCard>
      </Col>
      <Col xs={24} xl={12}>
        <ProCard title="每日消耗积分" bordered>
          {any ? (
            <Line
              data={daily}
              xField="date"
              yField="消耗积分"
              height={260}
              // A period of one day is a single point, which a bare line would not draw.
              point={{ shapeField: 'circle', sizeField: 3 }}
              axis={{ y: { title: '积分', labelFormatter: (v: number) => v.toLocaleString('en-US') } }}
            />
          ) : (
            <NoData />
          )}
        </ProCard>
      </Col>
      <Col span={24}>
        <ProCard title="热门商品（按兑换件数）" bordered>
          {top.length ? (
            <Bar
              data={top}
              xField="name"
              yField="兑换件数"
              height={Math.max(200, top.length * 40)}
              label={{ text: '兑换件数', position: 'inside', style: { fill: '#fff' } }}
              axis={{ x: { title: false }, y: { title: '件', labelFormatter: whole } }}
            />
          ) : (
            <NoData />
          )}
        </ProCard>
      </Col>
    </Row>
  );
}
