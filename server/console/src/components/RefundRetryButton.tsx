import { ErrorCode, formatCny, type PayRefundRetryResult } from '@member/shared';
import { Button, Popconfirm } from 'antd';
import { useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { newRequestId } from '../api/points-admin';
import { showError, showSuccess } from '../utils/feedback';

/**
 * 重新退款 for a WeChat Pay refund that failed for good (WeChat closed it, or refused the ask): says why and
 * for how much, then asks the server for a new attempt. One request id per confirmed click, kept while the
 * outcome is unknown, so a double click or a retry after a lost answer starts one attempt.
 */
export function RefundRetryButton({
  refundFen,
  failReason,
  retry,
  onDone,
  testId = 'refund-retry',
}: {
  refundFen: number;
  /** WeChat's code when it refused the ask; null when WeChat closed the refund itself. */
  failReason: string | null;
  retry: (requestId: string) => Promise<PayRefundRetryResult>;
  onDone: (result: PayRefundRetryResult) => void;
  testId?: string;
}) {
  const requestId = useRef(newRequestId());
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      const result = await retry(requestId.current);
      requestId.current = newRequestId();
      showSuccess(`已向微信支付重新申请退款 ${formatCny(result.refundFen)}，退款单号 ${result.outRefundNo}`);
      onDone(result);
    } catch (e) {
      // Refused outright (e.g. someone retried it already): nothing was recorded under this id.
      if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.code !== ErrorCode.IN_PROGRESS)
        requestId.current = newRequestId();
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const why = failReason ? `微信支付拒绝了上次退款（${failReason}）` : '微信支付关闭了上次退款';
  return (
    <Popconfirm
      title={`重新退款 ${formatCny(refundFen)}？`}
      description={
        <div style={{ maxWidth: 300 }}>{why}，会员尚未收到这笔钱。将用新的退款单号再向微信支付申请一次，金额不变。</div>
      }
      okText="重新退款"
      cancelText="取消"
      okButtonProps={{ danger: true, 'data-testid': `${testId}-confirm` }}
      onConfirm={confirm}
    >
      <Button size="small" danger loading={busy} data-testid={testId}>
        重新退款
      </Button>
    </Popconfirm>
  );
}
