import type { MallGoodsAdmin, MallGoodsInput } from '@member/shared';
import { DataSource } from 'typeorm';
import { LedgerService } from '../../server/src/ledger/ledger.service';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { checkMallInvariants } from '../../server/src/modules/mall/mall-invariants';
import { bearer, type TestServer } from './support';

let seq = 0;
export const rid = (prefix = 'M') => `${prefix}${Date.now().toString(36)}${++seq}`;

/** A goods body for tests: a physical item for 100 points picked up in `storeIds`, unlimited, no limit. */
export function goodsBody(storeIds: number[], over: Partial<MallGoodsInput> = {}): MallGoodsInput {
  return {
    kind: 'PHYSICAL',
    name: `测试商品${++seq}`,
    categoryId: null,
    description: '到店自提',
    imageIds: [],
    pointsPrice: 100,
    cashFen: 0,
    stock: null,
    perMemberLimit: null,
    limitPeriod: 'TOTAL',
    tierCodes: null,
    pickupStoreIds: storeIds,
    pickupDays: 7,
    couponTemplateId: null,
    saleStartsAt: null,
    saleEndsAt: null,
    sortOrder: 100,
    featured: false,
    ...over,
  };
}

/** Creates goods and puts them on sale; answers the operator's view. */
export async function onSale(s: TestServer, admin: string, body: MallGoodsInput): Promise<MallGoodsAdmin> {
  const created = await s.http.post('/api/v1/admin/mall/goods').set(bearer(admin)).send(body);
  if (created.status !== 201) throw new Error(`goods: ${created.status} ${JSON.stringify(created.body)}`);
  const live = await s.http
    .post(`/api/v1/admin/mall/goods/${created.body.id}/status`)
    .set(bearer(admin))
    .send({ status: 'ON_SALE', version: created.body.version });
  if (live.status !== 200) throw new Error(`on sale: ${live.status} ${JSON.stringify(live.body)}`);
  return live.body;
}

/** A test stand-in for earned points (a credit through the ledger, as a purchase would post). */
export async function givePoints(s: TestServer, memberId: number, amount: number): Promise<void> {
  const ledger = s.app.get(LedgerService);
  const account = await ledger.openAccount(null, memberId, 'POINTS');
  await ledger.credit(null, {
    accountId: account.id,
    amount,
    bizType: 'TEST_GRANT',
    bizId: rid('grant'),
    reason: '测试积分',
  });
}

export const redeem = (s: TestServer, token: string, body: Record<string, unknown>) =>
  s.http
    .post('/api/v1/me/mall/orders')
    .set(bearer(token))
    .send({ quantity: 1, requestId: rid(), ...body });

export async function pointsOf(s: TestServer, memberId: number): Promise<number> {
  return (await s.app.get(LedgerService).available(memberId, 'POINTS')).balance;
}

/** The mall's and the ledger's invariant checkers, both clean. */
export async function expectMallInvariants(s: TestServer): Promise<void> {
  const ds = s.app.get(DataSource);
  expect((await checkMallInvariants((sql, p) => ds.query(sql, p))).violations).toEqual([]);
  expect((await checkLedgerInvariants(ds)).violations).toEqual([]);
}
