import type { WalletRefund } from '@member/shared';
import type { MemberDirectory } from '../members/member-directory';
import type { WalletRefundRow } from './entities/wallet-refund.entity';
import type { WalletRefundsRepository } from './wallet-refunds.repository';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Refund rows as the API answers them: member no. and name, the order's WeChat transaction id, ISO times. */
export async function walletRefundViews(
  members: MemberDirectory,
  refunds: WalletRefundsRepository,
  rows: WalletRefundRow[],
): Promise<WalletRefund[]> {
  const [refs, orders] = await Promise.all([
    members.refs(rows.map((r) => r.memberId)),
    refunds.ordersByIds(rows.map((r) => r.topupOrderId).filter((id): id is number => id !== null)),
  ]);
  return rows.map((r) => {
    const member = refs.get(r.memberId);
    return {
      outRefundNo: r.outRefundNo,
      memberId: r.memberId,
      memberNo: member?.memberNo ?? '',
      memberName: member?.nickname || null,
      outTradeNo: r.outTradeNo,
      transactionId: r.topupOrderId === null ? null : (orders.get(r.topupOrderId)?.transactionId ?? null),
      refundId: r.refundId,
      offPlatform: r.offPlatform,
      principalFen: r.principalFen,
      bonusForfeitedFen: r.bonusForfeitedFen,
      status: r.status,
      reason: r.reason,
      failReason: r.failReason,
      operatorName: r.operatorName || null,
      createdAt: r.createdAt.toISOString(),
      successAt: iso(r.successAt),
      closedAt: iso(r.closedAt),
    };
  });
}
