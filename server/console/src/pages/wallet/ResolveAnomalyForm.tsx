import { ModalForm, ProFormTextArea } from '@ant-design/pro-components';
import { ErrorCode, formatCny, type PayAnomaly } from '@member/shared';
import { Alert, Descriptions, Typography } from 'antd';
import { ApiError } from '../../api/client';
import { payAnomaliesApi } from '../../api/wallet';
import { showError, showSuccess } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { ANOMALY_KIND_HELP, ANOMALY_KIND_LABELS } from './wallet-labels';

const RESOLUTION_MAX = 200;
const fen = (v: number | null) => (v == null ? '—' : formatCny(v));

/** 处理 one payment anomaly: what happened, then the operator's note of what was done (audited). */
export function ResolveAnomalyForm({ anomaly, onDone }: { anomaly: PayAnomaly; onDone: () => void }) {
  return (
    <ModalForm<{ resolution: string }>
      title={`处理支付异常：${ANOMALY_KIND_LABELS[anomaly.kind]}`}
      width={560}
      trigger={<Typography.Link data-testid="anomaly-resolve">处理</Typography.Link>}
      modalProps={{ destroyOnClose: true }}
      submitter={{
        searchConfig: { submitText: '标记为已处理', resetText: '取消' },
        submitButtonProps: { 'data-testid': 'anomaly-resolve-submit' },
      }}
      onFinish={async ({ resolution }) => {
        try {
          await payAnomaliesApi.resolve(anomaly.id, resolution.trim());
          showSuccess('已标记为已处理');
          onDone();
          return true;
        } catch (e) {
          showError(e);
          // Someone handled it meanwhile: the list shows who and how.
          if (e instanceof ApiError && e.code === ErrorCode.PAY_ANOMALY_RESOLVED) {
            onDone();
            return true;
          }
          return false;
        }
      }}
    >
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label="订单号">{anomaly.outTradeNo}</Descriptions.Item>
        <Descriptions.Item label="微信支付单号">{anomaly.transactionId ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="应付 / 实付">
          {fen(anomaly.expectedFen)} / {fen(anomaly.reportedFen)}
        </Descriptions.Item>
        <Descriptions.Item label="是否已入账">{anomaly.credited ? '已入账' : '未入账'}</Descriptions.Item>
        <Descriptions.Item label="会员号">{anomaly.memberNo ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="发生时间">{formatTime(anomaly.createdAt)}</Descriptions.Item>
      </Descriptions>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={ANOMALY_KIND_HELP[anomaly.kind]} />
      <ProFormTextArea
        name="resolution"
        label="处理说明"
        placeholder="例如：已在商户平台核对，原路退款 ¥500.00，退款单号 …"
        fieldProps={{ maxLength: RESOLUTION_MAX, showCount: true, 'data-testid': 'anomaly-resolution' } as object}
        rules={[
          { required: true, whitespace: true, message: '请填写处理说明' },
          { max: RESOLUTION_MAX, message: `处理说明最多 ${RESOLUTION_MAX} 个字` },
        ]}
      />
    </ModalForm>
  );
}
