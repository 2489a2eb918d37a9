import { PageContainer } from '@ant-design/pro-components';
import { Space } from 'antd';
import { useState } from 'react';
import { TopupOrderTable } from './TopupOrderTable';
import { TopupStatsRow } from './TopupStatsRow';

/** 充值订单: today's figures and the stored value held on top, then every top-up and its payment state. */
export function TopupOrdersPage() {
  // A sync may credit an order: the figures above the table follow.
  const [refreshKey, setRefreshKey] = useState(0);
  return (
    <PageContainer
      title="充值订单"
      content="会员通过微信支付的充值。到账以微信支付通知或主动查询为准；未支付的订单超时后自动关闭。"
    >
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <TopupStatsRow refreshKey={refreshKey} />
        <TopupOrderTable onChanged={() => setRefreshKey((k) => k + 1)} />
      </Space>
    </PageContainer>
  );
}
