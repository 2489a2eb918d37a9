import { Logger } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { ActorType, OperatorRole } from '@member/shared';
import { AppConfig } from '../../config/app-config';
import { LedgerService } from '../../ledger/ledger.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { MallCatalogService } from '../mall/mall-catalog.service';
import { MallGoodsRepository } from '../mall/mall-goods.repository';
import { MallOrdersRepository } from '../mall/mall-orders.repository';
import { MallPaySyncService } from '../mall/mall-pay-sync.service';
import { MallRedeemService } from '../mall/mall-redeem.service';
import { idsOf } from '../mall/mall-views';
import { sandboxControl } from './demo-sandbox';

// The demo seed's own principal (as demo-seed.service.ts's): the catalogue audits what "system" put on sale.
const system: OperatorPrincipal = {
  kind: 'operator',
  operatorId: 0,
  username: ActorType.System,
  role: OperatorRole.Admin,
  storeId: null,
};

/**
 * Points + cash for the demo: a 随行杯 for 1,200 积分 + ¥9.90 picked up where the latte is, put on sale by the
 * system operator, and one paid order — the member redeems it, pays in the sandbox WeChat Pay, and the order is
 * fulfilled by the same settle path as any payment (the sync's query, as the result page's wait would find
 * it), so its shipping upload and 待自提 code are real. Answers the number of orders placed.
 */
export async function seedMallCashOrder(
  refs: ModuleRef,
  pickupFrom: number,
  candidates: (number | undefined)[],
): Promise<number> {
  const get = <T>(type: new (...args: never[]) => T): T => refs.get(type, { strict: false });
  const latte = await get(MallGoodsRepository).goods(pickupFrom);
  const storeId = latte ? idsOf(latte.pickupStoreIdsJson)[0] : undefined;
  // The first demo member with the points for it (the others spent theirs in the seed's redemptions).
  let memberId: number | undefined;
  for (const id of candidates)
    if (id !== undefined && (await get(LedgerService).available(id, 'POINTS')).balance >= 1_200) {
      memberId = id;
      break;
    }
  if (storeId === undefined || memberId === undefined) return 0;
  try {
    return await paidOrder(get, latte!.categoryId, storeId, memberId);
  } catch (error) {
    // The rest of the demo does not depend on it: say why it is missing and carry on.
    new Logger('Demo').warn(`Demo points + cash order not created: ${(error as Error).message}`);
    return 0;
  }
}

async function paidOrder(
  get: <T>(type: new (...args: never[]) => T) => T,
  categoryId: number | null,
  storeId: number,
  memberId: number,
): Promise<number> {
  const catalog = get(MallCatalogService);
  const created = await catalog.create(
    {
      kind: 'PHYSICAL',
      name: '品牌随行杯（积分+现金）',
      categoryId,
      description: '双层不锈钢随行杯，1,200 积分 + ¥9.90 换购，微信支付现金部分后到店自提。',
      imageIds: [],
      pointsPrice: 1_200,
      cashFen: 990,
      stock: 30,
      perMemberLimit: 2,
      limitPeriod: 'TOTAL',
      tierCodes: null,
      pickupStoreIds: [storeId],
      pickupDays: 7,
      couponTemplateId: null,
      saleStartsAt: null,
      saleEndsAt: null,
      sortOrder: 15,
      featured: true,
    },
    system,
  );
  await catalog.setStatus(created.id, 'ON_SALE', created.version, system);
  const placed = await get(MallRedeemService).redeem(
    { kind: 'member', memberId },
    { goodsId: created.id, quantity: 1, requestId: 'demo-mall-cash' },
  );
  await sandboxControl(get(AppConfig), 'pay', `transactions/${placed.order.orderNo}/pay`, {});
  const order = await get(MallOrdersRepository).byId(placed.order.id);
  if (order) await get(MallPaySyncService).syncOne(order);
  return 1;
}
