import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolColumn, idColumn, intColumn, textColumn, timeColumn, timestamps, varchar } from '../columns';

// Members, rotating member codes, stores, staff and invites, operators, audit log.
export class InitialSchema1763884800000 implements MigrationInterface {
  name = 'InitialSchema1763884800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'member',
        columns: [
          idColumn(),
          varchar('member_no', 16),
          varchar('openid', 64),
          varchar('unionid', 64, { isNullable: true }),
          varchar('nickname', 32, { default: "''" }),
          varchar('gender', 8, { default: "'unknown'" }),
          varchar('birthday', 10, { isNullable: true }),
          boolColumn('birthday_locked', false),
          varchar('phone_cipher', 255, { isNullable: true }),
          varchar('phone_hash', 64, { isNullable: true }),
          varchar('phone_masked', 16, { isNullable: true }),
          varchar('privacy_version', 16, { isNullable: true }),
          timeColumn('privacy_accepted_at', true),
          varchar('status', 16, { default: "'active'" }),
          ...timestamps(),
        ],
        indices: [
          new TableIndex({ name: 'uq_member_member_no', columnNames: ['member_no'], isUnique: true }),
          new TableIndex({ name: 'uq_member_openid', columnNames: ['openid'], isUnique: true }),
          new TableIndex({ name: 'uq_member_unionid', columnNames: ['unionid'], isUnique: true }),
          new TableIndex({ name: 'uq_member_phone_hash', columnNames: ['phone_hash'], isUnique: true }),
          new TableIndex({ name: 'idx_member_created_at', columnNames: ['created_at'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'member_code',
        columns: [
          idColumn(),
          varchar('code', 18),
          intColumn('member_id'),
          timeColumn('expires_at'),
          timeColumn('consumed_at', true),
          varchar('consumed_by', 64, { isNullable: true }),
          timeColumn('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_member_code_code', columnNames: ['code'], isUnique: true }),
          new TableIndex({ name: 'idx_member_code_member', columnNames: ['member_id'] }),
          new TableIndex({ name: 'idx_member_code_expires_at', columnNames: ['expires_at'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'store',
        columns: [
          idColumn(),
          varchar('code', 32),
          varchar('name', 64),
          varchar('address', 255, { default: "''" }),
          varchar('phone', 32, { default: "''" }),
          boolColumn('active', true),
          ...timestamps(),
        ],
        indices: [new TableIndex({ name: 'uq_store_code', columnNames: ['code'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'staff',
        columns: [idColumn(), intColumn('member_id'), intColumn('store_id'), varchar('role', 16), boolColumn('active', true), ...timestamps()],
        indices: [
          new TableIndex({ name: 'uq_staff_member', columnNames: ['member_id'], isUnique: true }),
          new TableIndex({ name: 'idx_staff_store', columnNames: ['store_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'staff_invite',
        columns: [
          idColumn(),
          varchar('code', 16),
          intColumn('store_id'),
          varchar('role', 16),
          timeColumn('expires_at'),
          timeColumn('redeemed_at', true),
          intColumn('redeemed_by_member_id', true),
          intColumn('created_by_operator_id', true),
          timeColumn('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_staff_invite_code', columnNames: ['code'], isUnique: true }),
          new TableIndex({ name: 'idx_staff_invite_store', columnNames: ['store_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'operator',
        columns: [
          idColumn(),
          varchar('username', 64),
          varchar('password_hash', 255),
          varchar('display_name', 64),
          varchar('role', 16),
          intColumn('store_id', true),
          boolColumn('active', true),
          timeColumn('last_login_at', true),
          ...timestamps(),
        ],
        indices: [new TableIndex({ name: 'uq_operator_username', columnNames: ['username'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          idColumn(),
          varchar('actor_type', 16),
          intColumn('actor_id', true),
          varchar('actor_name', 64),
          varchar('actor_role', 32, { isNullable: true }),
          intColumn('store_id', true),
          varchar('action', 64),
          varchar('target_type', 32, { isNullable: true }),
          varchar('target_id', 64, { isNullable: true }),
          textColumn('before_json'),
          textColumn('after_json'),
          varchar('reason', 255, { isNullable: true }),
          timeColumn('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'idx_audit_log_target', columnNames: ['target_type', 'target_id'] }),
          new TableIndex({ name: 'idx_audit_log_store', columnNames: ['store_id'] }),
          new TableIndex({ name: 'idx_audit_log_action', columnNames: ['action'] }),
          new TableIndex({ name: 'idx_audit_log_created_at', columnNames: ['created_at'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'operator', 'staff_invite', 'staff', 'store', 'member_code', 'member']) {
      await q.dropTable(table);
    }
  }
}
