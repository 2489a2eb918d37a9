import { ModalForm, ProFormTextArea } from '@ant-design/pro-components';
import { COUPON_TEXT_LIMITS as T, ErrorCode, formatCny, lengthMessage, type CouponUseRow } from '@member/shared';
import { Alert, Descriptions, Typography } from 'antd';
import { ApiError } from '../../api/client';
import { couponRecordsApi } from '../../api/coupons';
import { showError, showSuccess } from '../../utils/feedback';
import { formatTime } from '../../utils/format';

/**
 * 撤销核销 of a stand-alone voucher redemption (coupons used in a sale come back only through the sale's
 * refund). The server allows it within its window and answers COUPON_VOID_WINDOW_PASSED after.
 */
export function VoidRedemptionForm({ row, onDone }: { row: CouponUseRow; onDone: () => void }) {
  return (
    <ModalForm<{ reason: string }>
      title="撤销核销"
      width={520}
      trigger={
        <Typography.Link type="danger" data-testid="use-void">
          撤销核销
        </Typography.Link>
      }
      modalProps={{ destroyOnClose: true, okButtonProps: { danger: true } }}
      submitter={{ searchConfig: { submitText: '撤销核销', resetText: '取消' } }}
      onFinish={async ({ reason }) => {
        try {
          await couponRecordsApi.voidRedemption(row.redemptionId!, reason.trim());
          showSuccess('已撤销，券已退回会员');
          onDone();
          return true;
        } catch (e) {
          showError(e);
          // The window has passed or it was voided meanwhile: the list shows the current state.
          if (
            e instanceof ApiError &&
            (e.code === ErrorCode.COUPON_VOID_WINDOW_PASSED || e.code === ErrorCode.COUPON_REDEMPTION_VOIDED)
          ) {
            onDone();
            return true;
          }
          return false;
        }
      }}
    >
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label="券">{row.name}</Descriptions.Item>
        <Descriptions.Item label="券码">{row.code}</Descriptions.Item>
        <Descriptions.Item label="会员">{row.memberNo}</Descriptions.Item>
        <Descriptions.Item label="核销">
          {formatTime(row.usedAt)} · {row.storeName} · {row.staffName}
        </Descriptions.Item>
        <Descriptions.Item label="价值">{formatCny(row.discountFen)}</Descriptions.Item>
      </Descriptions>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        message="撤销后这张券退回会员账户，仍在有效期内时可再次使用；只能在核销后规定时间内撤销，操作会记入审计日志。"
      />
      <ProFormTextArea
        name="reason"
        label="撤销原因"
        placeholder="例如：店员误扫，顾客未领取商品"
        fieldProps={{ maxLength: T.voidReason.max, showCount: true, 'data-testid': 'use-void-reason' } as object}
        rules={[
          { required: true, whitespace: true, message: '请填写撤销原因' },
          { min: T.voidReason.min, max: T.voidReason.max, message: lengthMessage('撤销原因', T.voidReason) },
        ]}
      />
    </ModalForm>
  );
}
