import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { MallGoodsInput } from '@member/shared';
import { Clock } from '../../common/clock';
import type { OperatorPrincipal, StaffPrincipal } from '../auth/token.service';
import { MallCatalogService } from '../mall/mall-catalog.service';
import { MallExpiryJob } from '../mall/mall-expiry.job';
import { MallMemberOrdersService } from '../mall/mall-member-orders.service';
import { MallPickupsService } from '../mall/mall-pickups.service';
import { MallRedeemService } from '../mall/mall-redeem.service';
import { DemoMediaSeed } from '../media/demo-media.seed';
import type { DemoCoupons } from './demo-coupons.seed';
import { seedMallCashOrder } from './demo-mall-cash.seed';

/** The demo's goods by role, so the member seed can redeem them. */
export interface DemoMall {
  latte: number;
  tote: number;
  latteVoucher: number;
  cashOffPack: number;
  breakfast: number;
}

const DAY_MS = 86_400_000;

/**
 * 积分商城 for a fresh sandbox: four categories and goods of every kind — a featured latte picked up in the
 * store, a tote bag with one left (a demo member takes it: 已兑完), a thermos for 金卡 and 钻石 only, a
 * Christmas mug announced for next week, coupon packs that issue the demo's coupon templates, a coffee
 * class and a breakfast voucher — all created and put on sale through the catalogue service, with the
 * media module's demo tiles as images (the thermos, the class and the breakfast show the placeholder).
 */
@Injectable()
export class DemoMallSeed {
  private readonly logger = new Logger('Demo');

  constructor(private readonly refs: ModuleRef) {}

  private get<T>(type: new (...args: never[]) => T): T {
    return this.refs.get(type, { strict: false });
  }

  async seedCatalog(system: OperatorPrincipal, storeId: number, coupons: DemoCoupons): Promise<DemoMall> {
    const catalog = this.get(MallCatalogService);
    const category = async (name: string, sortOrder: number) =>
      (await catalog.createCategory({ name, sortOrder }, system)).id;
    const drinks = await category('饮品', 1);
    const merch = await category('周边', 2);
    const packs = await category('券包', 3);
    const services = await category('服务', 4);
    const now = this.get(Clock).now();
    // Demo tiles stored through the media service, as if an operator had uploaded them.
    const images = await this.get(DemoMediaSeed).store();
    const base = {
      kind: 'PHYSICAL' as const,
      imageIds: [],
      cashFen: 0,
      perMemberLimit: null,
      limitPeriod: 'TOTAL' as const,
      tierCodes: null,
      pickupStoreIds: [storeId],
      pickupDays: 7,
      couponTemplateId: null,
      saleStartsAt: null,
      saleEndsAt: null,
      featured: false,
    };
    const make = async (g: MallGoodsInput, sell = true) => {
      const created = await catalog.create(g, system);
      if (sell) await catalog.setStatus(created.id, 'ON_SALE', created.version, system);
      return created.id;
    };
    const latte = await make({
      ...base,
      name: '招牌拿铁（中杯）',
      imageIds: [images.latte.id],
      categoryId: drinks,
      description: '每日现磨，门店自提。兑换后 7 天内到所选门店出示自提码领取。',
      pointsPrice: 800,
      stock: 50,
      perMemberLimit: 1,
      limitPeriod: 'DAY',
      sortOrder: 1,
      featured: true,
    });
    const tote = await make({
      ...base,
      name: '品牌帆布袋',
      imageIds: [images.tote.id],
      categoryId: merch,
      description: '加厚帆布，印有门店插画，限量发售。',
      pointsPrice: 1500,
      stock: 1,
      perMemberLimit: 1,
      sortOrder: 2,
      featured: true,
    });
    await make({
      ...base,
      name: '定制保温杯 · 金卡专享',
      categoryId: merch,
      description: '316 不锈钢，500ml。金卡、钻石会员专享兑换。',
      pointsPrice: 2800,
      stock: 30,
      perMemberLimit: 1,
      tierCodes: ['DIAMOND', 'GOLD'],
      sortOrder: 3,
    });
    await make({
      ...base,
      name: '圣诞限定马克杯',
      imageIds: [images.mug.id],
      categoryId: merch,
      description: '圣诞季限定款，下周开放兑换，敬请期待。',
      pointsPrice: 2000,
      stock: 100,
      saleStartsAt: new Date(now.getTime() + 7 * DAY_MS).toISOString(),
      sortOrder: 4,
      featured: true,
    });
    const latteVoucher = await make({
      ...base,
      kind: 'COUPON',
      name: '拿铁兑换券',
      imageIds: [images.latte.id],
      categoryId: packs,
      description: '兑换后立即发放一张拿铁兑换券到「我的优惠券」，可转赠好友。',
      pointsPrice: 600,
      stock: null,
      perMemberLimit: 2,
      limitPeriod: 'MONTH',
      pickupStoreIds: [],
      couponTemplateId: coupons.latte,
      sortOrder: 5,
      featured: true,
    });
    const cashOffPack = await make({
      ...base,
      kind: 'COUPON',
      name: '满 100 减 20 券',
      imageIds: [images.voucher.id],
      categoryId: packs,
      description: '兑换后立即发放，单笔消费满 100 元可用。',
      pointsPrice: 300,
      stock: 200,
      pickupStoreIds: [],
      couponTemplateId: coupons.cashOff,
      sortOrder: 6,
    });
    await make({
      ...base,
      kind: 'SERVICE',
      name: '手冲咖啡体验课（1 人）',
      categoryId: services,
      description: '周末下午 14:00，咖啡师带你体验手冲。兑换后 14 天内到店预约使用。',
      pointsPrice: 3000,
      stock: 10,
      perMemberLimit: 1,
      pickupDays: 14,
      sortOrder: 7,
    });
    const breakfast = await make({
      ...base,
      kind: 'SERVICE',
      name: '早餐套餐券',
      categoryId: drinks,
      description: '美式咖啡 + 可颂，兑换后 2 天内到店使用。',
      pointsPrice: 500,
      stock: 100,
      pickupDays: 2,
      sortOrder: 8,
    });
    return { latte, tote, latteVoucher, cashOffPack, breakfast };
  }

  /**
   * Orders in every state through the real paths: a latte waiting for pickup, the last tote bag picked up at
   * the counter (sold out since), a coupon pack issued at once, a breakfast voucher the member cancelled,
   * and one redeemed four days ago that the expiry job ended (its points back).
   */
  async seedOrders(mall: DemoMall, members: Map<string, number>, clerk: StaffPrincipal): Promise<number> {
    const redeem = this.get(MallRedeemService);
    const clock = this.get(Clock);
    let orders = 0;
    const order = async (nickname: string, goodsId: number, key: string) => {
      const memberId = members.get(nickname);
      if (!memberId) return null;
      const r = await redeem.redeem(
        { kind: 'member', memberId },
        { goodsId, quantity: 1, requestId: `demo-mall-${key}` },
      );
      orders++;
      return { memberId, order: r.order };
    };
    // Four days ago (the sandbox clock, moved back for this one order): its two pickup days have passed.
    clock.advance((-4 * DAY_MS) / 1000);
    try {
      await order('陈一鸣', mall.breakfast, 'expired');
    } finally {
      clock.advance((4 * DAY_MS) / 1000);
    }
    const expired = await this.get(MallExpiryJob).expire();
    await order('陈一鸣', mall.latte, 'ready');
    await order('陈一鸣', mall.latteVoucher, 'voucher');
    const tote = await order('陈一鸣', mall.tote, 'tote');
    if (tote?.order.pickupCode) {
      await this.get(MallPickupsService).confirm(clerk, { code: tote.order.pickupCode, requestId: 'demo-mall-pickup' });
    }
    await order('林小满', mall.cashOffPack, 'pack');
    const cancelled = await order('王珊珊', mall.breakfast, 'cancelled');
    if (cancelled) await this.get(MallMemberOrdersService).cancel(cancelled.memberId, cancelled.order.id);
    // Points + cash, paid through the sandbox WeChat Pay (demo-mall-cash.seed.ts).
    orders += await seedMallCashOrder(
      this.refs,
      mall.latte,
      ['周婷', '王珊珊', '陈一鸣', '林小满'].map((n) => members.get(n)),
    );
    this.logger.log(`Demo data: 积分商城 ${orders} orders (${expired.expired} expired)`);
    return orders;
  }
}
