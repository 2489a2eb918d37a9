import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { intColumn, timeColumn, varchar } from '../columns';

// Console sessions get a refresh token (an httpOnly cookie) beside a short-lived access token: the session
// remembers the account's token version at sign-in, which refresh token generation is current, a random
// nonce the tokens' MAC covers, and when it was last refreshed (idle expiry). Sessions from before have no
// nonce and cannot refresh: their operators sign in again once their access token runs out.
export class ConsoleRefresh1765526400000 implements MigrationInterface {
  name = 'ConsoleRefresh1765526400000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('operator_session', [
      new TableColumn({ ...intColumn('token_version'), default: 0 }),
      new TableColumn({ ...intColumn('refresh_generation'), default: 0 }),
      new TableColumn(varchar('refresh_nonce', 64, { isNullable: true })),
      new TableColumn(timeColumn('refreshed_at', true)),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('operator_session', ['refreshed_at', 'refresh_nonce', 'refresh_generation', 'token_version']);
  }
}
