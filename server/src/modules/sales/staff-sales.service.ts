import { Injectable } from '@nestjs/common';
import type { StaffSaleItem, StaffSalesPage, StaffSalesQuery } from '@member/shared';
import { Clock, shanghaiDayStart } from '../../common/clock';
import type { StaffPrincipal } from '../auth/token.service';
import { StaffSalesRepository, type SaleRow } from './staff-sales.repository';

export const SALES_PAGE_SIZE = 20;

/** Hides the middle of a member no. at the counter: "8123456790" → "8123****90". */
export function maskMemberNo(memberNo: string): string {
  if (memberNo.length <= 6) return memberNo;
  return `${memberNo.slice(0, 4)}****${memberNo.slice(-2)}`;
}

/** Today's sales at the clerk's store, the starting point of a refund. */
@Injectable()
export class StaffSalesService {
  constructor(
    private readonly sales: StaffSalesRepository,
    private readonly clock: Clock,
  ) {}

  async today(staff: StaffPrincipal, query: StaffSalesQuery): Promise<StaffSalesPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? SALES_PAGE_SIZE;
    const date = this.clock.today();
    const from = shanghaiDayStart(date);
    const to = new Date(from.getTime() + 86_400_000);
    const [rows, total] = await this.sales.page(
      { storeId: staff.storeId, from, to },
      query.q?.trim() ?? '',
      (page - 1) * pageSize,
      pageSize,
    );
    return { date, page, pageSize, total, items: rows.map(toItem) };
  }
}

function toItem(r: SaleRow): StaffSaleItem {
  return {
    receiptNo: r.receiptNo,
    createdAt: r.createdAt.toISOString(),
    nickname: r.nickname,
    memberNoMasked: maskMemberNo(r.memberNo),
    amountFen: r.amountFen,
    payableFen: r.payableFen,
    couponDiscountFen: r.couponDiscountFen,
    pointsUsed: r.pointsUsed,
    refundedFen: r.refundedFen,
    refundableFen: r.amountFen - r.refundedFen,
  };
}
