import { createCipheriv, createSign, randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { ensureSandboxPayKeys } from '../../server/src/config/sandbox-pay-keys';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { checkWalletInvariants } from '../../server/src/modules/wallet/wallet-invariants';
import { bearer, loginMember, loginOperator, startTestServer, type TestServer } from './support';

// Wallet test helpers: members with a bound phone, active plans, top-ups, and WeChat Pay notifications
// built here from the documented format (signed with the sandbox's platform key, encrypted with its APIv3
// key) — independent of the sandbox's own notification signer.

export interface WalletServer {
  s: TestServer;
  admin: string;
  ds: DataSource;
}

/**
 * The hooks every wallet test file needs: a fresh server and an admin token before, the clock reset after
 * each test, and after the file the ledger and wallet invariants (then the server closed). `ready` hands
 * the server to the file's own variables.
 */
export function useWalletServer(ready: (w: WalletServer) => unknown): void {
  let w: WalletServer | undefined;
  beforeAll(async () => {
    const s = await startTestServer();
    w = { s, admin: await loginOperator(s), ds: s.app.get(DataSource) };
    await ready(w);
  });
  afterEach(() => w?.s.clock.reset());
  afterAll(async () => {
    if (!w) return;
    try {
      await expectBooksBalance(w.ds);
    } finally {
      await w.s.close();
    }
  });
}

/** Both books still balance: the points/stored-value ledger and the wallet's lots. */
export async function expectBooksBalance(ds: DataSource): Promise<void> {
  expect((await checkLedgerInvariants(ds)).violations).toEqual([]);
  expect((await checkWalletInvariants((sql, p) => ds.query(sql, p))).violations).toEqual([]);
}

/** A fresh analyst (reads the wallet reports, may not run or change anything); returns its token. */
export async function loginAnalyst(s: TestServer, admin: string, prefix: string): Promise<string> {
  const username = prefix + randomBytes(4).toString('hex');
  const password = 'An-Passw0rd!' + username;
  await s.http
    .post('/api/v1/admin/operators')
    .set(bearer(admin))
    .send({ username, password, displayName: username, role: 'analyst' })
    .expect(201);
  return loginOperator(s, { username, password });
}

export const requestId = (prefix = 'TU') => `${prefix}-${randomBytes(8).toString('hex')}`;
const randomPhone = () => `139${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;

/** A member who accepted the privacy policy and bound a phone (a registered balance needs one). */
export async function walletMember(s: TestServer, opts: { phone?: boolean } = {}) {
  const m = await loginMember(s);
  if (opts.phone !== false) {
    const { body: pc } = await s.http.post('/sandbox/wx/phone-code').send({ phone: randomPhone() }).expect(200);
    await s.http.post('/api/v1/me/phone').set(bearer(m.token)).send({ code: pc.code }).expect(200);
  }
  return m;
}

export interface PlanBody {
  name?: string;
  payFen?: number;
  bonusFen?: number;
  startsAt?: string | null;
  endsAt?: string | null;
  perMemberLimit?: number | null;
  sortOrder?: number;
}

/** A plan created and put on sale. */
export async function activePlan(s: TestServer, admin: string, body: PlanBody = {}) {
  const created = await s.http
    .post('/api/v1/admin/wallet/plans')
    .set(bearer(admin))
    .send({
      name: '充 ¥100 送 ¥10',
      payFen: 10_000,
      bonusFen: 1_000,
      startsAt: null,
      endsAt: null,
      perMemberLimit: null,
      sortOrder: 10,
      ...body,
    })
    .expect(201);
  const active = await s.http
    .post(`/api/v1/admin/wallet/plans/${created.body.id}/status`)
    .set(bearer(admin))
    .send({ status: 'ACTIVE' })
    .expect(200);
  return active.body as { id: number; payFen: number; bonusFen: number; version: number };
}

export const policyVersion = async (s: TestServer, token: string) =>
  (await s.http.get('/api/v1/me/wallet').set(bearer(token)).expect(200)).body.policy.version as string;

export function topup(s: TestServer, token: string, body: Record<string, unknown>) {
  return s.http.post('/api/v1/me/wallet/topups').set(bearer(token)).send(body);
}

export interface TransactionResource {
  mchid: string;
  appid: string;
  out_trade_no: string;
  transaction_id: string;
  trade_state: string;
  amount: { total: number; payer_total: number; currency: string; payer_currency: string };
  [key: string]: unknown;
}

/** A SUCCESS transaction resource as WeChat sends it for one of our orders. */
export function paidResource(
  s: TestServer,
  order: { outTradeNo: string; payFen: number },
  over: Partial<TransactionResource> = {},
): TransactionResource {
  return {
    mchid: s.config.wechatPay.mchId,
    appid: s.config.wechat.appId,
    out_trade_no: order.outTradeNo,
    transaction_id: `42000${randomInt(0, 1e9)}${randomInt(0, 1e9)}`.slice(0, 28),
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    attach: '',
    success_time: new Date(s.clock.nowMs()).toISOString().replace(/\.\d+Z$/, '+00:00'),
    payer: { openid: 'o-test-payer' },
    amount: { total: order.payFen, payer_total: order.payFen, currency: 'CNY', payer_currency: 'CNY' },
    ...over,
  };
}

export interface NotifyOptions {
  originalType?: 'transaction' | 'refund';
  eventType?: string;
  /** Seconds to add to the timestamp (stale: > 300). */
  skewSeconds?: number;
  signature?: (real: string) => string;
  serial?: string;
  tamperTag?: boolean;
  /** Sign with another key (not WeChat Pay's). */
  wrongKey?: boolean;
}

/** The signed, encrypted notification WeChat Pay would POST: headers and raw body. */
export function buildNotification(s: TestServer, resource: object, opts: NotifyOptions = {}) {
  const keys = ensureSandboxPayKeys(s.db.dataDir);
  const nonce = randomBytes(6).toString('hex');
  const aad = opts.originalType ?? 'transaction';
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keys.apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const encrypted = Buffer.concat([cipher.update(JSON.stringify(resource), 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  if (opts.tamperTag) tag[0] ^= 0x01;
  const body = JSON.stringify({
    id: randomBytes(16).toString('hex'),
    create_time: new Date(s.clock.nowMs()).toISOString(),
    resource_type: 'encrypt-resource',
    event_type: opts.eventType ?? (aad === 'refund' ? 'REFUND.SUCCESS' : 'TRANSACTION.SUCCESS'),
    summary: '支付成功',
    resource: {
      original_type: aad,
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: Buffer.concat([encrypted, tag]).toString('base64'),
      associated_data: aad,
      nonce,
    },
  });
  const timestamp = String(Math.floor(s.clock.nowMs() / 1000) + (opts.skewSeconds ?? 0));
  const headerNonce = randomBytes(16).toString('hex');
  const key = opts.wrongKey ? ensureSandboxPayKeys(s.db.dataDir).files.merchantKey : keys.files.platformKey;
  const signature = createSign('RSA-SHA256')
    .update(`${timestamp}\n${headerNonce}\n${body}\n`)
    .sign(readFileSync(key), 'base64');
  return {
    body,
    headers: {
      'Content-Type': 'application/json',
      'Wechatpay-Timestamp': timestamp,
      'Wechatpay-Nonce': headerNonce,
      'Wechatpay-Serial': opts.serial ?? keys.platformKeyId,
      'Wechatpay-Signature': opts.signature ? opts.signature(signature) : signature,
      'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
    },
  };
}

/** POSTs a notification built by buildNotification to our endpoint. */
export function notify(s: TestServer, resource: object, opts: NotifyOptions = {}, path = '/api/v1/pay/wechat/notify') {
  const n = buildNotification(s, resource, opts);
  return fetch(s.url + path, { method: 'POST', headers: n.headers, body: n.body });
}
