import { PageContainer } from '@ant-design/pro-components';
import { GENDER_LABELS, STAFF_ROLE_LABELS } from '@member/shared';
import type { AdminMemberDetail } from '@member/shared';
import { Button, Card, Descriptions, Result, Skeleton, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { membersApi } from '../../api/admin';
import { ApiError } from '../../api/client';
import { useSession } from '../../auth/AuthContext';
import { errorText } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { AuditTable } from '../audit/AuditTable';
import { MemberWalletDrawer } from '../wallet/MemberWalletDrawer';
import { MemberEditForm } from './MemberEditForm';
import { AdjustmentTable } from '../points/AdjustmentTable';
import { MemberPointsCard } from './MemberPointsCard';
import { MemberPrivacyCard } from './MemberPrivacyCard';
import { PointsAdjustmentForm } from './PointsAdjustmentForm';
import { SetTierForm } from './SetTierForm';

export function MemberDetailPage() {
  const { id } = useParams<{ id: string }>();
  const memberId = Number(id);
  const { permissions } = useSession();
  const [member, setMember] = useState<AdminMemberDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Bumped after an edit so the audit trail below shows the new row.
  const [auditKey, setAuditKey] = useState(0);
  // Bumped after a points adjustment, a decision or a tier change: reloads points, tier and adjustments.
  const [pointsKey, setPointsKey] = useState(0);
  const [walletOpen, setWalletOpen] = useState(false);
  const pointsChanged = () => {
    setPointsKey((k) => k + 1);
    setAuditKey((k) => k + 1);
  };

  useEffect(() => {
    let cancelled = false;
    setMember(null);
    setError(null);
    membersApi
      .get(memberId)
      .then((m) => !cancelled && setMember(m))
      .catch((e: unknown) => !cancelled && setError(e));
    return () => {
      cancelled = true;
    };
  }, [memberId]);

  if (error) {
    return (
      <Result
        status={error instanceof ApiError && error.status === 404 ? '404' : 'error'}
        title={errorText(error)}
        extra={
          <Link to="/members">
            <Button>返回会员列表</Button>
          </Link>
        }
      />
    );
  }

  return (
    <PageContainer
      title={member ? `${member.nickname}（${member.memberNo}）` : '会员详情'}
      onBack={() => window.history.back()}
      extra={
        member ? (
          <Space>
            {permissions.viewWallet && (
              <Button data-testid="member-wallet-open" onClick={() => setWalletOpen(true)}>
                储值
              </Button>
            )}
            {permissions.editMembers && (
              <MemberEditForm
                member={member}
                onSaved={(m) => {
                  setMember(m);
                  setAuditKey((k) => k + 1);
                }}
              />
            )}
          </Space>
        ) : null
      }
    >
      <MemberWalletDrawer
        memberId={memberId}
        open={walletOpen}
        onClose={() => setWalletOpen(false)}
        onChanged={() => setAuditKey((k) => k + 1)}
      />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card title="基本资料" data-testid="member-detail">
          {member ? <MemberDescriptions member={member} /> : <Skeleton active />}
        </Card>
        {member?.staff && (
          <Card title="店员身份">
            <Descriptions column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label="门店">{member.staff.storeName}</Descriptions.Item>
              <Descriptions.Item label="角色">{STAFF_ROLE_LABELS[member.staff.role]}</Descriptions.Item>
              <Descriptions.Item label="状态">
                {member.staff.active ? <Tag color="green">在职</Tag> : <Tag>已停用</Tag>}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        )}
        <MemberPointsCard
          memberId={memberId}
          refreshKey={pointsKey}
          extra={({ tier, balance }) =>
            permissions.managePoints ? (
              <Space>
                <PointsAdjustmentForm memberId={memberId} balance={balance} onDone={pointsChanged} />
                <SetTierForm memberId={memberId} tier={tier} onSaved={pointsChanged} />
              </Space>
            ) : null
          }
        />
        {permissions.viewLoyalty && (
          <Card title="积分调整记录" data-testid="member-adjustments">
            <AdjustmentTable memberId={memberId} refreshKey={pointsKey} onDecided={pointsChanged} />
          </Card>
        )}
        {permissions.viewPrivacy && <MemberPrivacyCard memberId={memberId} />}
        <Card title="操作记录" styles={{ body: { padding: 0 } }}>
          <AuditTable key={auditKey} fixed={{ targetType: 'member', targetId: String(memberId) }} />
        </Card>
      </Space>
    </PageContainer>
  );
}

function MemberDescriptions({ member }: { member: AdminMemberDetail }) {
  return (
    <Descriptions column={{ xs: 1, md: 2, xl: 3 }}>
      <Descriptions.Item label="会员号">{member.memberNo}</Descriptions.Item>
      <Descriptions.Item label="昵称">{member.nickname}</Descriptions.Item>
      <Descriptions.Item label="手机号">{member.phoneMasked ?? '未绑定'}</Descriptions.Item>
      <Descriptions.Item label="性别">{GENDER_LABELS[member.gender] ?? member.gender}</Descriptions.Item>
      <Descriptions.Item label="生日">
        {member.birthday ?? '—'}
        {member.birthdayLocked && <Tag style={{ marginLeft: 8 }}>会员已设置</Tag>}
      </Descriptions.Item>
      <Descriptions.Item label="注册时间">{formatTime(member.joinedAt)}</Descriptions.Item>
      <Descriptions.Item label="OpenID">{member.openidMasked}</Descriptions.Item>
      <Descriptions.Item label="UnionID">{member.hasUnionid ? '已关联' : '未关联'}</Descriptions.Item>
      <Descriptions.Item label="隐私政策">
        {member.privacyVersion ? `${member.privacyVersion}（${formatTime(member.privacyAcceptedAt)} 同意）` : '未同意'}
      </Descriptions.Item>
    </Descriptions>
  );
}
