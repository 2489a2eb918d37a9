import { ArrowRightOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { TIER_REVIEW_CANCEL_LABELS, TIER_REVIEW_STATUS_LABELS } from '@member/shared';
import type { TierEvaluationResult, TierReview, TierReviewStatus } from '@member/shared';
import { Alert, App, Button, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { HTMLAttributes } from 'react';
import { pointsAdminApi } from '../../api/points-admin';
import { useSession } from '../../auth/AuthContext';
import { showError } from '../../utils/feedback';
import { formatTime, formatYuan } from '../../utils/format';
import { TierBadge } from '../loyalty/TierBadge';
import { rowData, statusTabs } from '../../utils/labels';
import { MemberCell } from './MemberCell';

type StatusTab = TierReviewStatus | 'all';

const TABS = statusTabs(TIER_REVIEW_STATUS_LABELS);

const STATUS_COLORS: Record<TierReviewStatus, string> = {
  pending: 'gold',
  applied: 'red',
  cancelled: 'default',
};

function rowAttrs(r: TierReview): HTMLAttributes<HTMLElement> {
  return rowData({ 'data-testid': 'tier-review-row', 'data-status': r.status });
}

const columns: ProColumns<TierReview>[] = [
  { title: '会员', dataIndex: 'member', render: (_, r) => <MemberCell member={r.member} /> },
  {
    title: '当前等级 → 将降为',
    key: 'tiers',
    render: (_, r) => (
      <Space size={4}>
        <TierBadge name={r.from.name} color={r.from.badgeColor} />
        <ArrowRightOutlined style={{ color: '#8c8c8c' }} />
        <TierBadge name={r.to.name} color={r.to.badgeColor} />
      </Space>
    ),
  },
  {
    title: '标记时成长值',
    dataIndex: 'growthAtFlag',
    align: 'right',
    render: (_, r) => formatYuan(r.growthAtFlag),
  },
  {
    title: '当前成长值',
    dataIndex: 'growthNow',
    align: 'right',
    render: (_, r) => (
      <Typography.Text type={r.growthNow >= r.retentionThreshold ? 'success' : undefined}>
        {formatYuan(r.growthNow)}
      </Typography.Text>
    ),
  },
  {
    title: '保级线',
    dataIndex: 'retentionThreshold',
    align: 'right',
    render: (_, r) => formatYuan(r.retentionThreshold),
  },
  { title: '标记时间', dataIndex: 'flaggedAt', width: 170, render: (_, r) => formatTime(r.flaggedAt) },
  { title: '降级日期', dataIndex: 'dueOn', width: 110, render: (_, r) => <strong>{r.dueOn}</strong> },
  {
    title: '状态',
    dataIndex: 'status',
    width: 200,
    render: (_, r) => (
      <Space size={4} wrap>
        <Tag color={STATUS_COLORS[r.status]}>{TIER_REVIEW_STATUS_LABELS[r.status] ?? r.status}</Tag>
        {r.cancelReason && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {TIER_REVIEW_CANCEL_LABELS[r.cancelReason] ?? r.cancelReason}
          </Typography.Text>
        )}
        {r.decidedAt && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatTime(r.decidedAt)}
          </Typography.Text>
        )}
      </Space>
    ),
  },
];

function EvaluationSummary({ result }: { result: TierEvaluationResult }) {
  return (
    <Descriptions column={1} size="small" style={{ marginTop: 8 }} data-testid="tier-evaluation-result">
      <Descriptions.Item label="新标记">{result.flagged} 人</Descriptions.Item>
      <Descriptions.Item label="取消标记">{result.cancelled} 人</Descriptions.Item>
      <Descriptions.Item label="到期降级">{result.applied} 人</Descriptions.Item>
      <Descriptions.Item label="宽限期">{result.graceDays} 天</Descriptions.Item>
    </Descriptions>
  );
}

/** 等级复评: members below their tier's retention threshold, waiting out the grace period. */
export function TierReviewsPage() {
  const { permissions } = useSession();
  const { modal } = App.useApp();
  const actionRef = useRef<ActionType>();
  const [status, setStatus] = useState<StatusTab>('pending');
  const [evaluating, setEvaluating] = useState(false);

  const evaluate = async () => {
    setEvaluating(true);
    try {
      const result = await pointsAdminApi.evaluateTiers();
      modal.success({ title: '评估完成', content: <EvaluationSummary result={result} />, okText: '知道了' });
      actionRef.current?.reload();
    } catch (e) {
      showError(e);
    } finally {
      setEvaluating(false);
    }
  };

  return (
    <PageContainer title="等级复评">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message="保级复评规则"
        description={
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            <li>成长值（滚动周期内的实付金额）低于当前等级保级线的会员会被标记，进入宽限期。</li>
            <li>宽限期结束（降级日期）时仍未达到保级线，会员下降一个等级；期间成长值回到保级线以上则自动取消。</li>
            <li>锁定等级的会员不参与复评；手动变更等级也会取消标记。每日任务自动评估，也可点击“立即评估”。</li>
          </ul>
        }
      />
      <div data-testid="tier-review-table">
        <ProTable<TierReview, { status: StatusTab }>
          rowKey="id"
          actionRef={actionRef}
          columns={columns}
          search={false}
          params={{ status }}
          options={{ reload: true, density: false, setting: false }}
          pagination={{ defaultPageSize: 20, showSizeChanger: true }}
          toolbar={{
            menu: {
              type: 'tab',
              activeKey: status,
              items: TABS,
              onChange: (key) => setStatus((key as StatusTab) ?? 'pending'),
            },
          }}
          toolBarRender={() =>
            permissions.managePoints
              ? [
                  <Button
                    key="evaluate"
                    type="primary"
                    icon={<ThunderboltOutlined />}
                    loading={evaluating}
                    onClick={evaluate}
                    data-testid="tier-evaluate"
                  >
                    立即评估
                  </Button>,
                ]
              : []
          }
          locale={{ emptyText: <Empty description="暂无复评记录" image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          onRow={rowAttrs}
          request={async (params) => {
            try {
              const page = await pointsAdminApi.tierReviews({
                status: params.status === 'all' ? undefined : params.status,
                page: params.current,
                pageSize: params.pageSize,
              });
              return { data: page.items, total: page.total, success: true };
            } catch (e) {
              showError(e);
              return { data: [], total: 0, success: false };
            }
          }}
        />
      </div>
    </PageContainer>
  );
}
