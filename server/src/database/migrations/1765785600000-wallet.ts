import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolColumn, dateParam, idColumn, intColumn, keyColumn, timeColumn, varchar } from '../columns';

// Stored value, part one: top-up plans, top-up orders paid through WeChat Pay and the payments operators
// must look at (pay_anomaly). The wallet's own system accounts are created here: paid principal comes from
// WALLET:CASH_RECEIVED and bonus from WALLET:BONUS_GRANTED; REFUNDED and FORFEITED take refunds later.

const WALLET_ROLES = ['CASH_RECEIVED', 'BONUS_GRANTED', 'REFUNDED', 'FORFEITED'];

export class Wallet1765785600000 implements MigrationInterface {
  name = 'Wallet1765785600000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'topup_plan',
        columns: [
          idColumn(),
          varchar('name', 64),
          intColumn('pay_fen'),
          intColumn('bonus_fen'),
          varchar('status', 10),
          timeColumn('starts_at', true),
          timeColumn('ends_at', true),
          intColumn('per_member_limit', true),
          intColumn('sort_order'),
          { ...intColumn('paid_count'), default: 0 },
          { ...intColumn('version'), default: 0 },
          timeColumn('created_at'),
          timeColumn('updated_at'),
        ],
        indices: [new TableIndex({ name: 'idx_topup_plan_status_sort', columnNames: ['status', 'sort_order'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'topup_order',
        columns: [
          idColumn(),
          keyColumn(q, 'out_trade_no', 32),
          intColumn('member_id'),
          intColumn('plan_id', true),
          intColumn('pay_fen'),
          intColumn('bonus_fen'),
          varchar('status', 10),
          keyColumn(q, 'request_id', 64),
          varchar('request_hash', 64),
          varchar('policy_version', 16),
          varchar('openid', 64),
          varchar('prepay_id', 64, { isNullable: true }),
          { ...keyColumn(q, 'transaction_id', 32), isNullable: true },
          varchar('confirmed_by', 8, { isNullable: true }),
          { ...intColumn('refunded_fen'), default: 0 },
          timeColumn('expires_at'),
          timeColumn('paid_at', true),
          timeColumn('closed_at', true),
          timeColumn('created_at'),
          timeColumn('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_topup_order_out_trade_no', columnNames: ['out_trade_no'], isUnique: true }),
          new TableIndex({ name: 'uq_topup_order_request', columnNames: ['member_id', 'request_id'], isUnique: true }),
          new TableIndex({ name: 'uq_topup_order_transaction', columnNames: ['transaction_id'], isUnique: true }),
          new TableIndex({ name: 'idx_topup_order_status_created', columnNames: ['status', 'created_at'] }),
          new TableIndex({ name: 'idx_topup_order_member_created', columnNames: ['member_id', 'created_at'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'pay_anomaly',
        columns: [
          idColumn(),
          varchar('kind', 20),
          keyColumn(q, 'out_trade_no', 64),
          varchar('transaction_id', 64, { isNullable: true }),
          keyColumn(q, 'transaction_key', 80),
          intColumn('expected_fen', true),
          intColumn('reported_fen', true),
          boolColumn('credited', false),
          intColumn('member_id', true),
          varchar('status', 10),
          varchar('resolution', 255, { isNullable: true }),
          intColumn('resolved_by', true),
          varchar('detail_json', 2000),
          timeColumn('created_at'),
          timeColumn('resolved_at', true),
        ],
        indices: [
          new TableIndex({
            name: 'uq_pay_anomaly_key',
            columnNames: ['kind', 'out_trade_no', 'transaction_key'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_pay_anomaly_status_created', columnNames: ['status', 'created_at'] }),
          new TableIndex({ name: 'idx_pay_anomaly_out_trade_no', columnNames: ['out_trade_no', 'status'] }),
        ],
      }),
    );
    const now = dateParam(q, new Date());
    for (const role of WALLET_ROLES) {
      await q.query(
        `INSERT INTO ledger_account (member_id, system_code, kind, balance, seq, created_at, updated_at)
         VALUES (NULL, ?, 'WALLET', 0, 0, ?, ?)`,
        [`WALLET:${role}`, now, now],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const codes = WALLET_ROLES.map((r) => `WALLET:${r}`);
    const marks = codes.map(() => '?').join(', ');
    await q.query(
      `DELETE FROM ledger_entry WHERE account_id IN (SELECT id FROM ledger_account WHERE system_code IN (${marks}))`,
      codes,
    );
    await q.query(`DELETE FROM ledger_account WHERE system_code IN (${marks})`, codes);
    await q.dropTable('pay_anomaly');
    await q.dropTable('topup_order');
    await q.dropTable('topup_plan');
  }
}
