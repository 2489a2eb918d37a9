import { LockOutlined } from '@ant-design/icons';
import { ProTable } from '@ant-design/pro-components';
import type { ProColumns } from '@ant-design/pro-components';
import type { MemberPoints, MemberTierView, PointsEntry, PointsEntryType } from '@member/shared';
import { Card, Descriptions, Divider, Empty, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { HTMLAttributes, ReactNode } from 'react';
import { membersApi } from '../../api/admin';
import { SignedPoints } from '../../components/SignedPoints';
import { errorText, showError } from '../../utils/feedback';
import { formatDate, formatTime, formatYuan } from '../../utils/format';
import { TierBadge } from '../loyalty/TierBadge';

const ENTRY_TYPE_LABELS: Record<PointsEntryType, string> = {
  CREDIT: '获得',
  DEBIT: '使用',
  EXPIRE: '过期',
  REVERSAL: '冲正',
};

interface MemberPointsCardProps {
  memberId: number;
  /** Bump to reload the tier, balance and ledger (e.g. after an adjustment or a tier change). */
  refreshKey?: number;
  /** Card actions; they get the loaded tier and balance (null while loading). */
  extra?: (state: { tier: MemberTierView | null; balance: number | null }) => ReactNode;
}

export function MemberPointsCard({ memberId, refreshKey = 0, extra }: MemberPointsCardProps) {
  const [summary, setSummary] = useState<Pick<MemberPoints, 'balance' | 'debt' | 'expiring'> | null>(null);
  const [tier, setTier] = useState<MemberTierView | null>(null);
  const [tierError, setTierError] = useState<unknown>(null);

  useEffect(() => {
    // A different member: drop what was shown for the previous one.
    setTier(null);
    setSummary(null);
  }, [memberId]);

  useEffect(() => {
    let cancelled = false;
    setTierError(null);
    membersApi
      .tier(memberId)
      .then((t) => !cancelled && setTier(t))
      .catch((e: unknown) => !cancelled && setTierError(e));
    return () => {
      cancelled = true;
    };
  }, [memberId, refreshKey]);

  const columns: ProColumns<PointsEntry>[] = [
    { title: '时间', dataIndex: 'createdAt', width: 170, render: (_, r) => formatTime(r.createdAt) },
    {
      title: '类型',
      dataIndex: 'type',
      width: 80,
      render: (_, r) => <Tag>{ENTRY_TYPE_LABELS[r.type] ?? r.type}</Tag>,
    },
    { title: '原因', dataIndex: 'reason', ellipsis: true },
    {
      title: '积分',
      dataIndex: 'amount',
      align: 'right',
      width: 100,
      render: (_, r) => <SignedPoints amount={r.amount} />,
    },
    { title: '变动后余额', dataIndex: 'balanceAfter', align: 'right', width: 110 },
    { title: '门店', dataIndex: 'storeName', render: (_, r) => r.storeName ?? '—' },
    {
      title: '到期',
      dataIndex: 'expiresAt',
      width: 120,
      render: (_, r) => (r.type === 'CREDIT' && r.expiresAt ? formatDate(r.expiresAt) : '—'),
    },
  ];

  return (
    <Card title="积分与等级" data-testid="member-points" extra={extra?.({ tier, balance: summary?.balance ?? null })}>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <div data-testid="member-tier">
          {tier ? (
            <TierSummary tier={tier} />
          ) : tierError ? (
            <Typography.Text type="danger">{errorText(tierError)}</Typography.Text>
          ) : (
            <Skeleton active paragraph={{ rows: 1 }} />
          )}
        </div>
        <Divider style={{ margin: 0 }} />
        <Space size={48} align="start" wrap>
          <Statistic
            title="积分余额"
            value={summary?.balance ?? '—'}
            loading={!summary}
            valueRender={(node) => <span data-testid="member-points-balance">{node}</span>}
          />
          {summary && summary.debt > 0 && (
            // Earned points a refund could not take back: the member's next points settle them first.
            <Statistic
              title="待抵扣欠分"
              value={summary.debt}
              valueStyle={{ color: '#fa5151' }}
              valueRender={(node) => <span data-testid="member-points-debt">{node}</span>}
            />
          )}
          <div>
            <Typography.Text type="secondary">即将到期</Typography.Text>
            <div data-testid="member-points-expiring" style={{ marginTop: 4 }}>
              {!summary ? (
                <Skeleton active title={false} paragraph={{ rows: 1, width: 160 }} />
              ) : summary.expiring.length === 0 ? (
                <Typography.Text type="secondary">暂无</Typography.Text>
              ) : (
                summary.expiring.map((e) => (
                  <div key={e.expiresAt} data-testid="member-points-expiring-line">
                    {formatDate(e.expiresAt)} 到期 {e.points} 分
                  </div>
                ))
              )}
            </div>
          </div>
        </Space>
        <div data-testid="member-points-table">
          <ProTable<PointsEntry>
            rowKey="id"
            columns={columns}
            search={false}
            options={false}
            cardProps={false}
            size="small"
            params={{ memberId, refreshKey }}
            pagination={{ defaultPageSize: 10, showSizeChanger: true }}
            locale={{ emptyText: <Empty description="暂无积分记录" image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
            onRow={() => ({ 'data-testid': 'member-points-row' }) as HTMLAttributes<HTMLElement>}
            request={async (params) => {
              try {
                const res = await membersApi.points(memberId, { page: params.current, pageSize: params.pageSize });
                setSummary({ balance: res.balance, debt: res.debt, expiring: res.expiring });
                return { data: res.entries.items, total: res.entries.total, success: true };
              } catch (e) {
                showError(e);
                return { data: [], total: 0, success: false };
              }
            }}
          />
        </div>
      </Space>
    </Card>
  );
}

function TierSummary({ tier }: { tier: MemberTierView }) {
  const { current, next } = tier;
  return (
    <Descriptions column={{ xs: 1, md: 2, xl: 4 }}>
      <Descriptions.Item label="当前等级">
        <span data-testid="member-tier-badge">
          <TierBadge name={current.name} color={current.badgeColor} />
        </span>
        {tier.pinned && (
          <Tag color="orange" icon={<LockOutlined />} style={{ marginLeft: 4 }} data-testid="member-tier-pinned">
            已锁定
          </Tag>
        )}
      </Descriptions.Item>
      <Descriptions.Item label="成长值">
        <span data-testid="member-tier-growth">{formatYuan(tier.growth)}</span>
      </Descriptions.Item>
      <Descriptions.Item label="下一等级">
        <span data-testid="member-tier-next">
          {next ? `再消费 ${formatYuan(next.remaining)} 升级为 ${next.name}` : '已是最高等级'}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label="保级">
        <span data-testid="member-tier-keep">
          {tier.keepRemaining > 0 ? `再消费 ${formatYuan(tier.keepRemaining)} 可保级` : '已达保级要求'}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label="权益">
        {[
          current.discountText,
          current.pointsMultiplierPct !== 100 && `积分 ${current.pointsMultiplierPct / 100} 倍`,
          current.birthdayGift && '生日礼',
        ]
          .filter(Boolean)
          .join(' · ') || '—'}
      </Descriptions.Item>
    </Descriptions>
  );
}
