import { PageContainer } from '@ant-design/pro-components';
import { OPERATOR_ROLE_LABELS } from '@member/shared';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { auditApi, membersApi, staffApi, storesApi } from '../api/admin';
import { useSession } from '../auth/AuthContext';

interface Counts {
  members?: number;
  stores?: number;
  activeStores?: number;
  staff?: number;
  pendingInvites?: number;
  auditEntries?: number;
}

/** Value of a settled promise, or undefined when that list is unavailable to this role. */
function settled<T, R>(result: PromiseSettledResult<T>, pick: (v: T) => R): R | undefined {
  return result.status === 'fulfilled' ? pick(result.value) : undefined;
}

export function WelcomePage() {
  const { operator, permissions } = useSession();
  const [counts, setCounts] = useState<Counts>({});
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    const storeId = permissions.fixedStoreId ?? undefined;
    let cancelled = false;
    Promise.allSettled([
      membersApi.list({ page: 1, pageSize: 1 }),
      permissions.viewStores ? storesApi.list() : Promise.reject(new Error('hidden')),
      // Analysts read aggregates only: staff lists and the audit trail are not theirs to open.
      permissions.viewMemberRows ? staffApi.list(storeId) : Promise.reject(new Error('hidden')),
      permissions.viewMemberRows ? staffApi.listInvites(storeId) : Promise.reject(new Error('hidden')),
      permissions.viewMemberRows
        ? auditApi.list({ page: 1, pageSize: 1, storeId })
        : Promise.reject(new Error('hidden')),
    ]).then(([members, stores, staff, invites, audit]) => {
      if (cancelled) return;
      setCounts({
        members: settled(members, (p) => p.total),
        stores: settled(stores, (s) => s.length),
        activeStores: settled(stores, (s) => s.filter((x) => x.active).length),
        staff: settled(staff, (s) => s.filter((x) => x.active).length),
        pendingInvites: settled(invites, (i) => i.filter((x) => x.status === 'pending').length),
        auditEntries: settled(audit, (p) => p.total),
      });
      setLoading(false);
    });
    return () => {
      cancelled = true;
    };
  }, [permissions]);

  const cards: { key: keyof Counts; title: string; to: string; show: boolean }[] = [
    { key: 'members', title: '会员总数', to: '/members', show: true },
    { key: 'activeStores', title: '营业门店', to: '/stores', show: permissions.viewStores },
    { key: 'staff', title: '在职店员', to: '/staff', show: permissions.viewMemberRows },
    { key: 'pendingInvites', title: '待使用邀请码', to: '/staff', show: permissions.viewMemberRows },
    { key: 'auditEntries', title: '审计记录', to: '/audit', show: permissions.viewMemberRows },
  ];

  return (
    <PageContainer
      title="概览"
      content={
        <Typography.Text type="secondary">
          欢迎，{operator.displayName}（{OPERATOR_ROLE_LABELS[operator.role]}）
        </Typography.Text>
      }
    >
      <Row gutter={[16, 16]}>
        {cards
          .filter((c) => c.show)
          .map((c) => (
            <Col key={c.key} xs={24} sm={12} lg={8} xl={6}>
              <Link to={c.to}>
                <Card hoverable loading={loading} data-testid={`stat-${c.key}`}>
                  <Statistic
                    title={c.title}
                    value={counts[c.key] ?? '—'}
                    suffix={c.key === 'activeStores' && counts.stores !== undefined ? `/ ${counts.stores}` : undefined}
                  />
                </Card>
              </Link>
            </Col>
          ))}
      </Row>
    </PageContainer>
  );
}
