import { Injectable } from '@nestjs/common';
import { ErrorCode, type MallCategory, type MallGoodsCard, type MallGoodsDetail, type Page } from '@member/shared';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { sqlValue } from '../../database/raw-sql';
import { LedgerService } from '../../ledger/ledger.service';
import { CouponIssuingService } from '../coupons/coupon-issuing.service';
import { StoreDirectory } from '../stores/store-directory';
import { MemberTiersService } from '../tiers/member-tiers.service';
import { TiersService } from '../tiers/tiers.service';
import { MallCategoryRow } from './entities/mall-category.entity';
import { MallGoodsRow } from './entities/mall-goods.entity';
import { MallGoodsRepository } from './mall-goods.repository';
import { MallImages, imagesOf } from './mall-images';
import { periodKey } from './mall-periods';
import { blockReason, goodsCard, idsOf, tierCodesOf, type MemberStanding } from './mall-views';

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * 积分商城 for a signed-in member: categories, goods on sale (and ones announced but not started), each
 * with whether this member can redeem it now and why not. A page costs a fixed handful of queries:
 * goods + count, the member's points, tier and quotas for the page, the images.
 */
@Injectable()
export class MallShelfService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly repo: MallGoodsRepository,
    private readonly images: MallImages,
    private readonly ledger: LedgerService,
    private readonly tiers: TiersService,
    private readonly memberTiers: MemberTiersService,
    private readonly stores: StoreDirectory,
    private readonly coupons: CouponIssuingService,
  ) {}

  /** Categories with the count of goods a member can see in each. */
  async categories(): Promise<MallCategory[]> {
    const rows = await this.ds.getRepository(MallCategoryRow).find({ order: { sortOrder: 'ASC', id: 'ASC' } });
    const counts = (await this.ds.query(
      `SELECT category_id AS c, COUNT(*) AS n FROM mall_goods
        WHERE status = 'ON_SALE' AND category_id IS NOT NULL AND (sale_ends_at IS NULL OR sale_ends_at > ?)
        GROUP BY category_id`,
      [sqlValue(this.ds.manager, MallGoodsRow, 'saleEndsAt', this.clock.now())],
    )) as { c: unknown; n: unknown }[];
    const byId = new Map(counts.map((r) => [Number(r.c), Number(r.n)]));
    return rows.map((c) => ({ id: c.id, name: c.name, sortOrder: c.sortOrder, goodsCount: byId.get(c.id) ?? 0 }));
  }

  async list(
    memberId: number,
    q: { categoryId?: number; q?: string; featured?: boolean; page?: number; pageSize?: number },
  ): Promise<Page<MallGoodsCard>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const now = this.clock.now();
    const qb = this.ds
      .getRepository(MallGoodsRow)
      .createQueryBuilder('g')
      .where("g.status = 'ON_SALE' AND (g.saleEndsAt IS NULL OR g.saleEndsAt > :now)", { now });
    if (q.categoryId) qb.andWhere('g.categoryId = :categoryId', { categoryId: q.categoryId });
    if (q.featured !== undefined) qb.andWhere('g.featured = :featured', { featured: q.featured });
    if (q.q) qb.andWhere('g.name LIKE :q', { q: like(q.q.trim()) });
    const [rows, total] = await qb
      .orderBy('g.sortOrder', 'ASC')
      .addOrderBy('g.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const [standing, assets] = await Promise.all([
      this.standing(memberId, rows, now),
      this.images.assets(rows.map((g) => idsOf(g.imageIdsJson)[0]).filter((id) => id !== undefined)),
    ]);
    return { items: rows.map((g) => goodsCard(g, assets, blockReason(g, standing, now))), total, page, pageSize };
  }

  async detail(memberId: number, id: number): Promise<MallGoodsDetail> {
    const g = await this.repo.goods(id);
    // Drafts are not for members; goods taken off sale stay readable (an order links to them).
    if (!g || g.status === 'DRAFT') throw new AppException(ErrorCode.MALL_GOODS_NOT_FOUND);
    const now = this.clock.now();
    const imageIds = idsOf(g.imageIdsJson);
    const [standing, assets, places, coupon] = await Promise.all([
      this.standing(memberId, [g], now),
      this.images.assets(imageIds),
      this.stores.places(idsOf(g.pickupStoreIdsJson)),
      g.couponTemplateId ? this.coupons.describe([g.couponTemplateId]) : Promise.resolve(null),
    ]);
    const brief = g.couponTemplateId ? coupon?.get(g.couponTemplateId) : undefined;
    const block = g.status === 'ON_SALE' ? blockReason(g, standing, now) : 'ENDED';
    return {
      ...goodsCard(g, assets, block),
      description: g.description,
      images: imagesOf(imageIds, assets),
      perMemberLimit: g.perMemberLimit,
      limitPeriod: g.limitPeriod,
      takenInPeriod: standing.taken.get(g.id) ?? 0,
      tierCodes: tierCodesOf(g),
      pickupStores: [...places.values()]
        .filter((p) => p.active)
        .map((p) => ({ id: p.id, name: p.name, address: p.address })),
      saleStartsAt: g.saleStartsAt?.toISOString() ?? null,
      saleEndsAt: g.saleEndsAt?.toISOString() ?? null,
      pickupDays: g.pickupDays,
      coupon: brief ? { templateId: brief.templateId, name: brief.name, summary: brief.summary } : null,
      pointsBalance: standing.balance,
    };
  }

  /** The member's points, tier and units taken in each goods' current period. */
  private async standing(memberId: number, goods: MallGoodsRow[], now: Date): Promise<MemberStanding> {
    const limited = goods.filter((g) => g.perMemberLimit !== null);
    const needsTier = goods.some((g) => g.tierCodesJson !== null);
    const [points, tier, taken] = await Promise.all([
      this.ledger.available(memberId, 'POINTS'),
      needsTier
        ? this.tiers.activeTiers().then((ladder) => this.memberTiers.current(this.ds.manager, memberId, ladder))
        : Promise.resolve(null),
      this.repo.taken(
        memberId,
        limited.map((g) => ({ goodsId: g.id, periodKey: periodKey(g.limitPeriod, now) })),
      ),
    ]);
    return { balance: points.balance, tierCode: tier?.tier.code ?? '', taken };
  }
}
