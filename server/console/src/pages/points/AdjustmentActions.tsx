import { ModalForm, ProFormTextArea } from '@ant-design/pro-components';
import { TEXT_LIMITS, type PointsAdjustment } from '@member/shared';
import { Input, Popconfirm, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { pointsAdminApi } from '../../api/points-admin';
import { showError, showSuccess } from '../../utils/feedback';
import { SignedPoints } from '../../components/SignedPoints';

interface AdjustmentActionsProps {
  adjustment: PointsAdjustment;
  /** The signed-in operator: nobody decides their own request. */
  operatorId: number;
  onDecided: (updated: PointsAdjustment) => void;
}

/** 通过 / 驳回 for one pending adjustment. */
export function AdjustmentActions({ adjustment, operatorId, onDecided }: AdjustmentActionsProps) {
  if (adjustment.status !== 'pending') return null;
  if (adjustment.requestedBy.operatorId === operatorId) {
    return (
      <Tooltip title="不能审批自己提交的申请，需另一位运营处理">
        <Space size={12}>
          <Typography.Text disabled>通过</Typography.Text>
          <Typography.Text disabled>驳回</Typography.Text>
        </Space>
      </Tooltip>
    );
  }
  return (
    <Space size={12}>
      <ApproveAction adjustment={adjustment} onDecided={onDecided} />
      <RejectAction adjustment={adjustment} onDecided={onDecided} />
    </Space>
  );
}

function ApproveAction({ adjustment, onDecided }: Omit<AdjustmentActionsProps, 'operatorId'>) {
  const [note, setNote] = useState('');
  return (
    <Popconfirm
      title={
        <span>
          通过后立即为 {adjustment.member.nickname} 调整 <SignedPoints amount={adjustment.delta} /> 分
        </span>
      }
      description={
        <Input.TextArea
          data-testid="adjustment-approve-note"
          placeholder="审批意见（选填）"
          maxLength={TEXT_LIMITS.reason.max}
          rows={2}
          style={{ width: 280, marginTop: 4 }}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      }
      okText="通过"
      cancelText="取消"
      onOpenChange={(open) => open && setNote('')}
      onConfirm={async () => {
        try {
          const trimmed = note.trim();
          const updated = await pointsAdminApi.approveAdjustment(adjustment.id, trimmed ? { note: trimmed } : {});
          showSuccess('已审批通过，积分调整已生效');
          onDecided(updated);
        } catch (e) {
          showError(e);
          // Someone else may have decided it meanwhile: reload so the row shows what happened.
          onDecided(adjustment);
        }
      }}
    >
      <a data-testid="adjustment-approve">通过</a>
    </Popconfirm>
  );
}

function RejectAction({ adjustment, onDecided }: Omit<AdjustmentActionsProps, 'operatorId'>) {
  return (
    <ModalForm<{ note: string }>
      title="驳回积分调整"
      width={440}
      trigger={
        <a data-testid="adjustment-reject" style={{ color: '#cf1322' }}>
          驳回
        </a>
      }
      modalProps={{ destroyOnClose: true }}
      submitter={{ searchConfig: { submitText: '驳回' }, submitButtonProps: { danger: true } }}
      onFinish={async (values) => {
        try {
          const updated = await pointsAdminApi.rejectAdjustment(adjustment.id, { note: values.note.trim() });
          showSuccess('已驳回，申请人的额度已退回');
          onDecided(updated);
          return true;
        } catch (e) {
          showError(e);
          onDecided(adjustment);
          return false;
        }
      }}
    >
      <Typography.Paragraph type="secondary">
        {adjustment.member.nickname}（{adjustment.member.memberNo}）<SignedPoints amount={adjustment.delta} />{' '}
        分，申请人 {adjustment.requestedBy.name}：{adjustment.note}
      </Typography.Paragraph>
      <ProFormTextArea
        name="note"
        label="驳回原因"
        placeholder="申请人会看到这条意见"
        fieldProps={{ maxLength: TEXT_LIMITS.reason.max, showCount: true, rows: 3 }}
        rules={[
          { required: true, whitespace: true, message: '请填写驳回原因' },
          {
            transform: (v: string) => v?.trim(),
            min: TEXT_LIMITS.reason.min,
            max: TEXT_LIMITS.reason.max,
            message: `需 ${TEXT_LIMITS.reason.min}-${TEXT_LIMITS.reason.max} 个字`,
          },
        ]}
      />
    </ModalForm>
  );
}
