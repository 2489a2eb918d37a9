import { refundSplit } from '@member/shared';
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { intColumn } from '../columns';

// Refunds record the cash they hand back (the bill's cash share), so the staff page and the shift summary
// speak in cash actually taken and returned. Existing refunds get it from their running totals.
export class RefundCash1764460800000 implements MigrationInterface {
  name = 'RefundCash1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('purchase_refund', new TableColumn({ ...intColumn('cash_refunded_fen'), default: 0 }));
    const rows: Record<string, unknown>[] = await q.query(
      `SELECT r.id, r.purchase_id, r.amount_fen, p.amount_fen AS bill_fen, p.deduction_fen, p.points_used
         FROM purchase_refund r JOIN purchase p ON p.id = r.purchase_id ORDER BY r.purchase_id, r.id`,
    );
    const refundedBefore = new Map<number, number>();
    for (const r of rows) {
      const purchaseId = Number(r.purchase_id);
      const before = refundedBefore.get(purchaseId) ?? 0;
      const bill = { amountFen: Number(r.bill_fen), deductionFen: Number(r.deduction_fen), pointsUsed: Number(r.points_used) };
      const { cashFen } = refundSplit(bill, before, Number(r.amount_fen));
      await q.query(`UPDATE purchase_refund SET cash_refunded_fen = ? WHERE id = ?`, [cashFen, Number(r.id)]);
      refundedBefore.set(purchaseId, before + Number(r.amount_fen));
    }
    // The default only served the backfill: every new refund states its cash.
    await q.changeColumn('purchase_refund', 'cash_refunded_fen', new TableColumn(intColumn('cash_refunded_fen')));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('purchase_refund', 'cash_refunded_fen');
  }
}
