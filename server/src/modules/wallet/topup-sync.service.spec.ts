import { Clock } from '../../common/clock';
import type { AppConfig } from '../../config/app-config';
import {
  WechatPayError,
  WechatPayGateway,
  type PayTransaction,
  type TradeState,
} from '../../wechat-pay/wechat-pay.gateway';
import type { TopupOrder } from './entities/topup-order.entity';
import type { TopupOrdersRepository } from './topup-orders.repository';
import type { TopupSettlementService } from './topup-settlement.service';
import { TopupSyncService } from './topup-sync.service';

// What the sync job does with one unpaid order for each answer WeChat can give (a scripted gateway double;
// the API tests run the real gateway against the sandbox).

class ScriptedGateway extends WechatPayGateway {
  queries: (PayTransaction | null)[] = [];
  closeAnswer: 'CLOSED' | 'PAID' = 'CLOSED';
  calls: string[] = [];
  prepay(): never {
    throw new Error('not used');
  }
  async query(outTradeNo: string) {
    this.calls.push(`query ${outTradeNo}`);
    const next = this.queries.shift();
    if (next === undefined) throw new WechatPayError('SYSTEM_ERROR', 'no scripted answer', 500);
    return next;
  }
  async close(outTradeNo: string) {
    this.calls.push(`close ${outTradeNo}`);
    return this.closeAnswer;
  }
  refund(): never {
    throw new Error('not used');
  }
  queryRefund(): never {
    throw new Error('not used');
  }
  tradeBill(): never {
    throw new Error('not used');
  }
}

const NOW = new Date('2026-12-01T04:00:00Z');
const tx = (tradeState: TradeState): PayTransaction => ({
  appid: 'wx5a1b0c0d0e0f0a1b',
  mchid: '1900000109',
  outTradeNo: 'T1',
  transactionId: tradeState === 'SUCCESS' ? '4200000001' : null,
  tradeState,
  totalFen: 1000,
  payerTotalFen: tradeState === 'SUCCESS' ? 1000 : null,
  successTime: tradeState === 'SUCCESS' ? NOW : null,
  openid: null,
  attach: null,
});

describe('TopupSyncService.syncOne', () => {
  let gateway: ScriptedGateway;
  let settled: PayTransaction[];
  let closed: number[];
  let sync: TopupSyncService;
  const order = (expiresInMs: number, status: TopupOrder['status'] = 'NOTPAY') =>
    ({ id: 7, outTradeNo: 'T1', status, expiresAt: new Date(NOW.getTime() + expiresInMs) }) as TopupOrder;

  beforeEach(() => {
    gateway = new ScriptedGateway();
    settled = [];
    closed = [];
    const clock = new Clock();
    clock.setNow(NOW);
    const orders = {
      markClosed: async (id: number) => (closed.push(id), true),
    } as unknown as TopupOrdersRepository;
    const settlement = {
      settle: async (t: PayTransaction) => (settled.push(t), 'CREDITED'),
    } as unknown as TopupSettlementService;
    const config = { wallet: { queryAfterMinutes: 2 } } as AppConfig;
    sync = new TopupSyncService(config, clock, gateway, orders, settlement);
  });

  it('credits a paid order through settle (the lost-notification case)', async () => {
    gateway.queries = [tx('SUCCESS')];
    expect(await sync.syncOne(order(60_000))).toBe('CREDITED');
    expect(settled.map((t) => t.transactionId)).toEqual(['4200000001']);
    expect(closed).toEqual([]);
  });

  it('leaves an unpaid order alone until it expires', async () => {
    gateway.queries = [tx('NOTPAY')];
    expect(await sync.syncOne(order(60_000))).toBe('WAITING');
    expect(gateway.calls).toEqual(['query T1']);
  });

  it('closes an expired order at WeChat, then here', async () => {
    gateway.queries = [tx('NOTPAY')];
    expect(await sync.syncOne(order(-1))).toBe('CLOSED');
    expect(gateway.calls).toEqual(['query T1', 'close T1']);
    expect(closed).toEqual([7]);
  });

  it('credits an expired order WeChat says was paid meanwhile (ORDERPAID on close)', async () => {
    gateway.queries = [tx('NOTPAY'), tx('SUCCESS')];
    gateway.closeAnswer = 'PAID';
    expect(await sync.syncOne(order(-1))).toBe('CREDITED');
    expect(gateway.calls).toEqual(['query T1', 'close T1', 'query T1']);
    expect(closed).toEqual([]);
  });

  it('closes here what WeChat closed, or never had once it expired', async () => {
    gateway.queries = [tx('CLOSED')];
    expect(await sync.syncOne(order(60_000))).toBe('CLOSED');
    gateway.queries = [null];
    expect(await sync.syncOne(order(-1))).toBe('CLOSED');
    gateway.queries = [null];
    expect(await sync.syncOne(order(60_000))).toBe('WAITING');
    expect(gateway.calls.filter((c) => c.startsWith('close'))).toEqual([]);
  });

  it('does not ask WeChat about orders no longer unpaid, and lets WeChat errors through', async () => {
    expect(await sync.syncOne(order(-1, 'PAID'))).toBe('ALREADY');
    expect(gateway.calls).toEqual([]);
    await expect(sync.syncOne(order(-1))).rejects.toBeInstanceOf(WechatPayError);
  });
});
