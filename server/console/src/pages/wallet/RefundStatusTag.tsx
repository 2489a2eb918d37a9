import type { WalletRefund } from '@member/shared';
import { Tag, Tooltip } from 'antd';
import { REFUND_STATUS_TAGS } from './wallet-refund-labels';

/** A refund's status as a tag; hovering says what it means (and WeChat's reason when it failed). */
export function RefundStatusTag({ refund }: { refund: Pick<WalletRefund, 'status' | 'failReason'> }) {
  const tag = REFUND_STATUS_TAGS[refund.status];
  return (
    <Tooltip title={refund.failReason ? `${tag.help}（${refund.failReason}）` : tag.help}>
      <Tag color={tag.color} data-testid="refund-status" data-status={refund.status}>
        {tag.text}
      </Tag>
    </Tooltip>
  );
}
