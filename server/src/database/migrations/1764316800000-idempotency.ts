import type { PointsAdjustment } from '@member/shared';
import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { fingerprint } from '../../common/idempotency/fingerprint';
import { idColumn, intColumn, isMysqlRunner, keyColumn, modifyColumns, textColumn, timeColumn, varchar } from '../columns';

// One idempotency mechanism: the idempotency_record table holds the committed answer per (scope,
// operation, key). Every key column becomes byte-exact (utf8mb4_bin on MySQL) and receipt/refund numbers
// take up to 64 characters. The answers purchases and refunds kept in their own result_json move into
// records (same canonical fingerprints the services compute), so retries of earlier requests still
// answer their first result; adjustments get a record of their current view.

type Row = Record<string, unknown>;

// [table, column, old length, new length]: keys that become byte-exact (and longer where needed).
const KEY_COLUMNS: [string, string, number, number][] = [
  ['purchase', 'receipt_no', 32, 64],
  ['purchase_refund', 'refund_no', 32, 64],
  ['points_adjustment', 'request_id', 64, 64],
  // Ledger idempotency keys carry receipt and refund numbers ("<store>:<receipt>", "<id>:<refund>:claw").
  ['ledger_entry', 'biz_id', 64, 160],
  ['ledger_entry', 'biz_type', 32, 32],
  ['member_code', 'code', 18, 18],
  ['staff_invite', 'code', 16, 16],
];

export class Idempotency1764316800000 implements MigrationInterface {
  name = 'Idempotency1764316800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'idempotency_record',
        columns: [
          idColumn(),
          varchar('scope', 40),
          varchar('operation', 40),
          keyColumn(q, 'idem_key', 64),
          varchar('fingerprint', 64),
          intColumn('status_code'),
          { ...textColumn('response_json'), isNullable: false },
          timeColumn('created_at'),
        ],
        indices: [
          new TableIndex({
            name: 'uq_idempotency_record_key',
            columnNames: ['scope', 'operation', 'idem_key'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_idempotency_record_created_at', columnNames: ['created_at'] }),
        ],
      }),
    );
    for (const [table, column, , length] of KEY_COLUMNS) await resize(q, table, column, length, true);
    await insertRecords(q, await purchaseRecords(q));
    await insertRecords(q, await refundRecords(q));
    await insertRecords(q, await adjustmentRecords(q));
    await q.dropColumn('purchase', 'result_json');
    await q.dropColumn('purchase_refund', 'result_json');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['purchase', 'purchase_refund']) {
      await q.addColumn(table, new TableColumn({ ...textColumn('result_json') }));
    }
    const records: Row[] = await q.query(
      `SELECT scope, operation, idem_key, response_json FROM idempotency_record WHERE operation IN ('purchase', 'refund')`,
    );
    for (const r of records) {
      const storeId = Number(String(r.scope).split(':')[1]);
      if (r.operation === 'purchase') {
        await q.query(`UPDATE purchase SET result_json = ? WHERE store_id = ? AND receipt_no = ?`, [
          r.response_json,
          storeId,
          r.idem_key,
        ]);
      } else {
        await q.query(
          `UPDATE purchase_refund SET result_json = ? WHERE refund_no = ? AND purchase_id IN (SELECT id FROM purchase WHERE store_id = ?)`,
          [r.response_json, r.idem_key, storeId],
        );
      }
    }
    for (const table of ['purchase', 'purchase_refund']) {
      await q.query(`UPDATE ${table} SET result_json = '{}' WHERE result_json IS NULL`);
      await q.changeColumn(table, 'result_json', new TableColumn({ ...textColumn('result_json'), isNullable: false }));
    }
    for (const [table, column, length] of KEY_COLUMNS) await resize(q, table, column, length, false);
    await q.dropTable('idempotency_record');
  }
}

/** Sets a key column's length; on MySQL also its collation (binary, or back to the table's default). */
async function resize(q: QueryRunner, table: string, column: string, length: number, binary: boolean) {
  // SQLite compares bytes already: only a changed declared length (the schema diff reads it) needs a rebuild.
  const current = isMysqlRunner(q) ? null : (await q.getTable(table))?.findColumnByName(column);
  if (current && current.length === String(length)) return;
  await modifyColumns(q, table, [binary ? keyColumn(q, column, length) : varchar(column, length)]);
}

interface NewRecord {
  scope: string;
  operation: string;
  key: string;
  request: unknown;
  response: string;
  createdAt: unknown;
}

async function purchaseRecords(q: QueryRunner): Promise<NewRecord[]> {
  const rows: Row[] = await q.query(
    `SELECT store_id, receipt_no, amount_fen, points_used, result_json, created_at FROM purchase ORDER BY id`,
  );
  return rows.map((r) => ({
    scope: `store:${Number(r.store_id)}`,
    operation: 'purchase',
    key: String(r.receipt_no),
    request: { amountFen: Number(r.amount_fen), pointsToUse: Number(r.points_used) },
    response: String(r.result_json),
    createdAt: r.created_at,
  }));
}

async function refundRecords(q: QueryRunner): Promise<NewRecord[]> {
  const rows: Row[] = await q.query(
    `SELECT p.store_id, p.receipt_no, r.refund_no, r.amount_fen, r.result_json, r.created_at
       FROM purchase_refund r JOIN purchase p ON p.id = r.purchase_id ORDER BY r.id`,
  );
  return rows.map((r) => ({
    scope: `store:${Number(r.store_id)}`,
    operation: 'refund',
    key: String(r.refund_no),
    request: { receiptNo: String(r.receipt_no), amountFen: Number(r.amount_fen) },
    response: String(r.result_json),
    createdAt: r.created_at,
  }));
}

async function adjustmentRecords(q: QueryRunner): Promise<NewRecord[]> {
  const rows: Row[] = await q.query(
    `SELECT a.*, m.member_no, m.nickname, o1.display_name AS by_name, o1.username AS by_user,
            o2.display_name AS decider_name, o2.username AS decider_user
       FROM points_adjustment a
       LEFT JOIN member m ON m.id = a.member_id
       LEFT JOIN operator o1 ON o1.id = a.requested_by
       LEFT JOIN operator o2 ON o2.id = a.decided_by
      ORDER BY a.id`,
  );
  const iso = (v: unknown) => (v === null || v === undefined ? null : toDate(v).toISOString());
  return rows.map((r) => {
    const view: PointsAdjustment = {
      id: Number(r.id),
      member: { id: Number(r.member_id), memberNo: String(r.member_no ?? ''), nickname: String(r.nickname ?? '') },
      delta: Number(r.delta),
      reasonCode: r.reason_code as PointsAdjustment['reasonCode'],
      note: String(r.note),
      status: r.status as PointsAdjustment['status'],
      requestedBy: { operatorId: Number(r.requested_by), name: String(r.by_name || r.by_user || '') },
      requestedAt: iso(r.requested_at)!,
      decidedBy:
        r.decided_by === null
          ? null
          : { operatorId: Number(r.decided_by), name: String(r.decider_name || r.decider_user || '') },
      decidedAt: iso(r.decided_at),
      decisionNote: (r.decision_note as string | null) ?? null,
      balanceAfter: r.balance_after === null ? null : Number(r.balance_after),
    };
    return {
      scope: `operator:${Number(r.requested_by)}`,
      operation: 'points-adjustment',
      key: String(r.request_id),
      request: { memberId: view.member.id, delta: view.delta, reasonCode: view.reasonCode, note: view.note },
      response: JSON.stringify(view),
      createdAt: r.requested_at,
    };
  });
}

/** SQLite hands datetimes back as UTC strings without a zone, MySQL as Date objects. */
function toDate(v: unknown): Date {
  return v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`);
}

async function insertRecords(q: QueryRunner, records: NewRecord[]): Promise<void> {
  // Before, refund numbers were unique per purchase only: the first keeps the key in its store.
  const seen = new Set<string>();
  const unique = records.filter((r) => {
    const id = `${r.scope}\u0000${r.operation}\u0000${r.key}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  for (let i = 0; i < unique.length; i += 200) {
    const batch = unique.slice(i, i + 200);
    await q.query(
      `INSERT INTO idempotency_record (scope, operation, idem_key, fingerprint, status_code, response_json, created_at)
       VALUES ${batch.map(() => '(?, ?, ?, ?, 200, ?, ?)').join(', ')}`,
      batch.flatMap((r) => [r.scope, r.operation, r.key, fingerprint(r.request), r.response, r.createdAt]),
    );
  }
}
