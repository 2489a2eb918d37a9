import { DiffOutlined } from '@ant-design/icons';
import {
  ModalForm,
  ProFormDependency,
  ProFormDigit,
  ProFormRadio,
  ProFormSelect,
  ProFormTextArea,
} from '@ant-design/pro-components';
import { ErrorCode, lengthMessage, POINTS_ADJUSTMENT_REASON_LABELS, TEXT_LIMITS } from '@member/shared';
import type { PointsAdjustment, PointsAdjustmentQuota, PointsAdjustmentReason } from '@member/shared';
import { Alert, Button, Skeleton, type FormInstance } from 'antd';
import { useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { newRequestId, pointsAdminApi } from '../../api/points-admin';
import { errorText, showError, showSuccess } from '../../utils/feedback';

interface FormValues {
  direction: 'add' | 'deduct';
  points: number;
  reasonCode: PointsAdjustmentReason;
  note: string;
}

const REASON_OPTIONS = Object.entries(POINTS_ADJUSTMENT_REASON_LABELS).map(([value, label]) => ({ value, label }));

interface PointsAdjustmentFormProps {
  memberId: number;
  /** Current balance, shown next to the points field (null while loading). */
  balance: number | null;
  onDone: (adjustment: PointsAdjustment | null) => void;
}

/**
 * Manual points change. One request id per opening of the form: a double click or a retry after a
 * network error answers the first result instead of adjusting twice.
 */
export function PointsAdjustmentForm({ memberId, balance, onDone }: PointsAdjustmentFormProps) {
  const requestId = useRef(newRequestId());
  const [quota, setQuota] = useState<PointsAdjustmentQuota | null>(null);
  const [quotaError, setQuotaError] = useState<unknown>(null);

  const loadQuota = () => {
    setQuota(null);
    setQuotaError(null);
    pointsAdminApi.quota().then(setQuota, setQuotaError);
  };

  return (
    <ModalForm<FormValues>
      title="积分调整"
      width={520}
      trigger={
        <Button icon={<DiffOutlined />} data-testid="points-adjust">
          积分调整
        </Button>
      }
      modalProps={{ destroyOnClose: true }}
      initialValues={{ direction: 'add' }}
      onOpenChange={(open) => {
        if (!open) return;
        requestId.current = newRequestId();
        loadQuota();
      }}
      submitter={{ searchConfig: { submitText: '提交' } }}
      onFinish={async (values) => {
        const delta = values.direction === 'deduct' ? -values.points : values.points;
        try {
          const result = await pointsAdminApi.createAdjustment(memberId, {
            delta,
            reasonCode: values.reasonCode,
            note: values.note.trim(),
            requestId: requestId.current,
          });
          if (result.status === 'applied') {
            showSuccess(`积分调整已生效，当前余额 ${result.balanceAfter ?? '—'} 分`);
          } else {
            showSuccess('已提交审批，需另一位运营审批后生效');
          }
          onDone(result);
          return true;
        } catch (e) {
          // The server refused this request outright, so nothing was recorded under its id: a corrected
          // resubmit gets a fresh one. After a network error, a 5xx or IN_PROGRESS (the first attempt is
          // still running) the outcome is unknown, so keep it.
          if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.code !== ErrorCode.IN_PROGRESS) {
            if (e.code === ErrorCode.IDEMPOTENCY_KEY_REUSED) onDone(null);
            else requestId.current = newRequestId();
          }
          showError(e);
          if (e instanceof ApiError && e.code === ErrorCode.ADJUSTMENT_DAILY_LIMIT) loadQuota();
          return false;
        }
      }}
    >
      <div data-testid="points-adjust-quota" style={{ marginBottom: 16 }}>
        {quota ? (
          <Alert
            type={quota.remaining > 0 ? 'info' : 'warning'}
            showIcon
            message={`今日剩余额度 ${quota.remaining} 分；其中 ${quota.unapprovedRemaining} 分可直接生效，超出需另一位运营审批`}
            description={`每日额度 ${quota.dailyLimit} 分，今日已用 ${quota.used} 分（增加和扣减都计入，驳回的申请退回额度）；每人每日累计超过 ${quota.approvalThreshold} 分的调整需审批`}
          />
        ) : quotaError ? (
          <Alert type="error" showIcon message={`额度查询失败：${errorText(quotaError)}`} />
        ) : (
          <Skeleton active title={false} paragraph={{ rows: 2 }} />
        )}
      </div>
      <ProFormRadio.Group
        name="direction"
        label="调整方向"
        radioType="button"
        options={[
          { label: '增加', value: 'add' },
          { label: '扣减', value: 'deduct' },
        ]}
        fieldProps={{ buttonStyle: 'solid' }}
      />
      <ProFormDigit
        name="points"
        label="积分"
        width="md"
        min={1}
        fieldProps={{ precision: 0, addonAfter: '分' }}
        extra={balance === null ? undefined : `当前余额 ${balance} 分`}
        dependencies={['direction']}
        rules={[
          { required: true, message: '请输入积分' },
          { type: 'integer', min: 1, message: '请输入正整数' },
          ({ getFieldValue }: Pick<FormInstance, 'getFieldValue'>) => ({
            validator: (_: unknown, value: number | undefined) => {
              if (!value) return Promise.resolve();
              if (quota && value > quota.remaining) {
                return Promise.reject(new Error(`超过今日剩余额度 ${quota.remaining} 分`));
              }
              if (getFieldValue('direction') === 'deduct' && balance !== null && value > balance) {
                return Promise.reject(new Error(`扣减不能超过当前余额 ${balance} 分`));
              }
              return Promise.resolve();
            },
          }),
        ]}
      />
      <ProFormDependency name={['points']}>
        {({ points }) =>
          quota && typeof points === 'number' && points > quota.unapprovedRemaining ? (
            <Alert
              type="warning"
              showIcon
              data-testid="points-adjust-approval-hint"
              style={{ marginTop: -8, marginBottom: 16 }}
              message={`超过今日可直接生效的 ${quota.unapprovedRemaining} 分，提交后需另一位运营审批才会生效`}
            />
          ) : null
        }
      </ProFormDependency>
      <ProFormSelect
        name="reasonCode"
        label="调整原因"
        width="md"
        options={REASON_OPTIONS}
        rules={[{ required: true, message: '请选择调整原因' }]}
      />
      <ProFormTextArea
        name="note"
        label="说明"
        placeholder="例如：3 月 2 日会员投诉门店少积分，核实小票后补发"
        fieldProps={{ maxLength: TEXT_LIMITS.reason.max, showCount: true, rows: 3 }}
        rules={[
          { required: true, whitespace: true, message: '请填写说明' },
          {
            validator: (_: unknown, value: string | undefined) => {
              const length = value?.trim().length ?? 0;
              return length === 0 || (length >= TEXT_LIMITS.reason.min && length <= TEXT_LIMITS.reason.max)
                ? Promise.resolve()
                : Promise.reject(new Error(lengthMessage('说明', TEXT_LIMITS.reason)));
            },
          },
        ]}
      />
    </ModalForm>
  );
}
