// Members for load and burst set-ups, inserted in bulk SQL (thousands per statement) instead of signing each
// up through the API: a 100,000-member batch issue would otherwise spend its setup on sign-ups. They are
// plain members who accepted the privacy policy `privacyVersion` (no phone, no ledger accounts yet), which is
// all a coupon needs.
const { randomBytes } = require('node:crypto');

/**
 * Inserts `count` members whose member no. starts with a fresh prefix and answers their ids (in order),
 * member nos. and openids (a sandbox WeChat login with the openid signs the member in).
 * `query(sql, params)` runs one statement (TypeORM's ds.query, or a mysql2 pool wrapped to answer rows).
 * @param {(sql: string, params?: unknown[]) => Promise<any>} query
 * @param {{ count: number, privacyVersion: string, status?: 'active' | 'disabled' }} opts
 */
async function insertMembers(query, { count, privacyVersion, status = 'active' }) {
  const prefix = 'Z' + randomBytes(3).toString('hex');
  // A datetime string both MariaDB and SQLite take as is.
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
  const chunk = 2000;
  for (let from = 0; from < count; from += chunk) {
    const n = Math.min(chunk, count - from);
    const params = [];
    for (let i = from; i < from + n; i++) {
      params.push(
        `${prefix}${i.toString(36)}`,
        `o${prefix}${i.toString(36)}`,
        `压测${i}`,
        status,
        privacyVersion,
        now,
        now,
        now,
      );
    }
    await query(
      `INSERT INTO member (member_no, openid, nickname, status, privacy_version, privacy_accepted_at, created_at, updated_at) VALUES ${Array(
        n,
      )
        .fill('(?, ?, ?, ?, ?, ?, ?, ?)')
        .join(', ')}`,
      params,
    );
  }
  await query(
    `INSERT INTO member_consent (member_id, kind, version, granted, source, created_at)
     SELECT id, 'privacy', ?, 1, 'bulk', ? FROM member WHERE member_no LIKE ?`,
    [privacyVersion, now, `${prefix}%`],
  );
  const rows = await query(`SELECT id, member_no, openid FROM member WHERE member_no LIKE ? ORDER BY id`, [
    `${prefix}%`,
  ]);
  return rows.map((r) => ({ id: Number(r.id), memberNo: String(r.member_no), openid: String(r.openid) }));
}

/** A mysql2 pool as a `query(sql, params)` that answers rows. */
const rowsOf = (pool) => (sql, params) => pool.query(sql, params).then(([rows]) => rows);

module.exports = { insertMembers, rowsOf };
