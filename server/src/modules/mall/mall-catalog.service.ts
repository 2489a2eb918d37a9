import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  type MallCategory,
  type MallCategoryInput,
  type MallGoodsAdmin,
  type MallGoodsInput,
  type MallGoodsStatus,
  type MallStockAdjustment,
  type Page,
} from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { CouponIssuingService } from '../coupons/coupon-issuing.service';
import { StoreDirectory } from '../stores/store-directory';
import { TiersService } from '../tiers/tiers.service';
import { MallCategoryRow } from './entities/mall-category.entity';
import { MallGoodsRow } from './entities/mall-goods.entity';
import { MallGoodsRepository } from './mall-goods.repository';
import { MallImages } from './mall-images';
import { goodsAdmin, idsOf } from './mall-views';

// Which status an operator may move goods to from each status.
const MOVES: Record<MallGoodsStatus, MallGoodsStatus[]> = {
  DRAFT: ['ON_SALE'],
  ON_SALE: ['OFF_SALE'],
  OFF_SALE: ['ON_SALE'],
};

const invalid = (message: string) => new AppException(ErrorCode.MALL_GOODS_INVALID, message);
const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Operators' side of the points mall: categories, goods (version-checked edits, draft → on sale → off sale),
 * and stock adjustments that can never take stock below zero. Every change is audited.
 */
@Injectable()
export class MallCatalogService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly repo: MallGoodsRepository,
    private readonly images: MallImages,
    private readonly stores: StoreDirectory,
    private readonly tiers: TiersService,
    private readonly coupons: CouponIssuingService,
  ) {}

  async categories(): Promise<MallCategory[]> {
    const rows = await this.ds.getRepository(MallCategoryRow).find({ order: { sortOrder: 'ASC', id: 'ASC' } });
    const counts = (await this.ds.query(
      `SELECT category_id AS c, COUNT(*) AS n FROM mall_goods WHERE category_id IS NOT NULL GROUP BY category_id`,
    )) as { c: unknown; n: unknown }[];
    const byId = new Map(counts.map((r) => [Number(r.c), Number(r.n)]));
    return rows.map((c) => ({ id: c.id, name: c.name, sortOrder: c.sortOrder, goodsCount: byId.get(c.id) ?? 0 }));
  }

  async createCategory(body: MallCategoryInput, op: OperatorPrincipal): Promise<MallCategory> {
    const now = this.clock.now();
    return this.tx.run(async (em) => {
      const row = em.create(MallCategoryRow, {
        name: body.name.trim(),
        sortOrder: body.sortOrder,
        createdAt: now,
        updatedAt: now,
      });
      await em.insert(MallCategoryRow, row);
      const view = { id: row.id, name: row.name, sortOrder: row.sortOrder, goodsCount: 0 };
      await this.audit.record(
        operatorActor(op),
        { action: AuditAction.MallCategoryCreated, targetType: 'mall_category', targetId: row.id, after: view },
        em,
      );
      return view;
    });
  }

  async updateCategory(id: number, body: MallCategoryInput, op: OperatorPrincipal): Promise<MallCategory> {
    return this.tx.run(async (em) => {
      const before = await em.findOneBy(MallCategoryRow, { id });
      if (!before) throw new AppException(ErrorCode.MALL_CATEGORY_NOT_FOUND);
      await em.update(
        MallCategoryRow,
        { id },
        { name: body.name.trim(), sortOrder: body.sortOrder, updatedAt: this.clock.now() },
      );
      const count = await em.countBy(MallGoodsRow, { categoryId: id });
      const view = { id, name: body.name.trim(), sortOrder: body.sortOrder, goodsCount: count };
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.MallCategoryUpdated,
          targetType: 'mall_category',
          targetId: id,
          before: { name: before.name, sortOrder: before.sortOrder },
          after: view,
        },
        em,
      );
      return view;
    });
  }

  async list(query: { status?: MallGoodsStatus; categoryId?: number; q?: string; page?: number; pageSize?: number }) {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const qb = this.ds.getRepository(MallGoodsRow).createQueryBuilder('g');
    if (query.status) qb.andWhere('g.status = :status', { status: query.status });
    if (query.categoryId) qb.andWhere('g.categoryId = :categoryId', { categoryId: query.categoryId });
    if (query.q) qb.andWhere('g.name LIKE :q', { q: like(query.q) });
    const [rows, total] = await qb
      .orderBy('g.sortOrder', 'ASC')
      .addOrderBy('g.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const assets = await this.images.assets(rows.flatMap((g) => idsOf(g.imageIdsJson)));
    return { items: rows.map((g) => goodsAdmin(g, assets)), total, page, pageSize } satisfies Page<MallGoodsAdmin>;
  }

  async get(id: number): Promise<MallGoodsAdmin> {
    return this.view(await this.find(id));
  }

  async create(body: MallGoodsInput, op: OperatorPrincipal): Promise<MallGoodsAdmin> {
    const input = await this.coherent(body);
    const now = this.clock.now();
    return this.tx.run(async (em) => {
      const row = em.create(MallGoodsRow, {
        ...this.columns(input),
        stock: input.stock,
        stockTotal: input.stock,
        soldCount: 0,
        status: 'DRAFT',
        version: 0,
        createdBy: op.operatorId,
        createdAt: now,
        updatedAt: now,
      });
      await em.insert(MallGoodsRow, row);
      const view = await this.view(row);
      await this.audit.record(
        operatorActor(op),
        { action: AuditAction.MallGoodsCreated, targetType: 'mall_goods', targetId: row.id, after: view },
        em,
      );
      return view;
    });
  }

  /**
   * Replaces the goods' fields, guarded by the version the operator edited. Stock changes go through
   * adjustments once the goods has been on sale; a draft's stock is still its initial stock.
   */
  async update(id: number, body: MallGoodsInput & { version: number }, op: OperatorPrincipal) {
    const input = await this.coherent(body);
    return this.tx.run(async (em) => {
      const current = await this.find(id, em);
      const draft = current.status === 'DRAFT';
      const result = await em
        .createQueryBuilder()
        .update(MallGoodsRow)
        .set({
          ...this.columns(input),
          ...(draft ? { stock: input.stock, stockTotal: input.stock } : {}),
          version: () => 'version + 1',
          updatedAt: this.clock.now(),
        })
        .where(draft ? 'id = :id AND version = :version AND status = :draft' : 'id = :id AND version = :version', {
          id,
          version: body.version,
          draft: 'DRAFT',
        })
        .execute();
      if (result.affected !== 1) throw new AppException(ErrorCode.MALL_GOODS_VERSION_CONFLICT);
      const after = await this.view(await this.find(id, em));
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.MallGoodsUpdated,
          targetType: 'mall_goods',
          targetId: id,
          before: await this.view(current),
          after,
        },
        em,
      );
      return after;
    });
  }

  async setStatus(id: number, status: MallGoodsStatus, version: number, op: OperatorPrincipal) {
    return this.tx.run(async (em) => {
      const current = await this.find(id, em);
      if (current.version !== version) throw new AppException(ErrorCode.MALL_GOODS_VERSION_CONFLICT);
      if (!MOVES[current.status].includes(status)) throw new AppException(ErrorCode.MALL_GOODS_STATUS_INVALID);
      if (status === 'ON_SALE' && current.kind === 'COUPON') {
        const brief = (await this.coupons.describe([current.couponTemplateId ?? 0], em)).get(
          current.couponTemplateId ?? 0,
        );
        if (!brief?.active) throw invalid('所发的优惠券模板未启用，请先启用后再上架');
      }
      const result = await em
        .createQueryBuilder()
        .update(MallGoodsRow)
        .set({ status, version: () => 'version + 1', updatedAt: this.clock.now() })
        .where('id = :id AND version = :version AND status = :from', { id, version, from: current.status })
        .execute();
      if (result.affected !== 1) throw new AppException(ErrorCode.MALL_GOODS_VERSION_CONFLICT);
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.MallGoodsStatusChanged,
          targetType: 'mall_goods',
          targetId: id,
          before: { status: current.status },
          after: { status },
        },
        em,
      );
      return this.view(await this.find(id, em));
    });
  }

  /** +n adds, −n removes; never below what is left, whatever orders land meanwhile (guarded update). */
  async adjustStock(id: number, body: MallStockAdjustment, op: OperatorPrincipal): Promise<MallGoodsAdmin> {
    if (body.delta === 0) throw new AppException(ErrorCode.MALL_STOCK_ADJUST_INVALID, '调整数量不能为 0');
    return this.tx.run(async (em) => {
      const current = await this.find(id, em);
      if (current.stock === null)
        throw new AppException(ErrorCode.MALL_STOCK_ADJUST_INVALID, '不限库存的商品无需调整库存');
      if (!(await this.repo.adjustStock(em, id, body.delta, body.version, this.clock.now()))) {
        const now = await this.find(id, em);
        if (now.version !== body.version) throw new AppException(ErrorCode.MALL_GOODS_VERSION_CONFLICT);
        throw new AppException(
          ErrorCode.MALL_STOCK_ADJUST_INVALID,
          `库存调整后不能少于 0（当前剩余 ${now.stock ?? 0} 件）`,
        );
      }
      const after = await this.find(id, em);
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.MallStockAdjusted,
          targetType: 'mall_goods',
          targetId: id,
          // What was left right before this change and after it (orders may have moved it since the read).
          before: { stock: (after.stock ?? 0) - body.delta },
          after: { stock: after.stock, delta: body.delta },
          reason: body.reason.trim(),
        },
        em,
      );
      return this.view(after);
    });
  }

  private async view(row: MallGoodsRow): Promise<MallGoodsAdmin> {
    return goodsAdmin(row, await this.images.assets(idsOf(row.imageIdsJson)));
  }

  private async find(id: number, reader: DataSource | EntityManager = this.ds): Promise<MallGoodsRow> {
    const row = await this.repo.goods(id, reader);
    if (!row) throw new AppException(ErrorCode.MALL_GOODS_NOT_FOUND);
    return row;
  }

  /** The input made coherent for its kind, with every reference checked (stores, tiers, category, coupon). */
  private async coherent(body: MallGoodsInput): Promise<MallGoodsInput> {
    const input = { ...body, name: body.name.trim() };
    const starts = input.saleStartsAt ? Date.parse(input.saleStartsAt) : null;
    const ends = input.saleEndsAt ? Date.parse(input.saleEndsAt) : null;
    if (starts !== null && ends !== null && ends <= starts) throw invalid('结束兑换时间须晚于开始兑换时间');
    if (input.pointsPrice + input.cashFen <= 0) throw invalid('请填写兑换所需的积分');
    if (!input.name) throw invalid('请填写商品名称');
    if (input.categoryId != null && !(await this.ds.getRepository(MallCategoryRow).existsBy({ id: input.categoryId })))
      throw new AppException(ErrorCode.MALL_CATEGORY_NOT_FOUND);
    const tierCodes = input.tierCodes?.length ? [...new Set(input.tierCodes)].sort() : null;
    if (tierCodes) {
      const known = new Set((await this.tiers.list()).map((t) => t.code));
      if (tierCodes.some((c) => !known.has(c))) throw invalid('所选会员等级不存在');
    }
    let pickupStoreIds = [...new Set(input.pickupStoreIds)].sort((a, b) => a - b);
    let couponTemplateId = input.couponTemplateId ?? null;
    if (input.kind === 'COUPON') {
      pickupStoreIds = [];
      if (!couponTemplateId || !(await this.coupons.describe([couponTemplateId])).has(couponTemplateId))
        throw invalid('请选择兑换后发放的优惠券模板');
    } else {
      couponTemplateId = null;
      if (!pickupStoreIds.length) throw invalid('请至少选择一个自提门店');
      const places = await this.stores.places(pickupStoreIds);
      if (pickupStoreIds.some((id) => !places.has(id))) throw invalid('所选自提门店不存在');
    }
    const imageIds = [...new Set(input.imageIds)];
    if ((await this.images.assets(imageIds)).size !== imageIds.length) throw invalid('所选图片不存在，请重新上传');
    return { ...input, tierCodes, pickupStoreIds, couponTemplateId, imageIds };
  }

  private columns(i: MallGoodsInput) {
    return {
      kind: i.kind,
      name: i.name,
      categoryId: i.categoryId ?? null,
      description: i.description,
      imageIdsJson: JSON.stringify(i.imageIds),
      pointsPrice: i.pointsPrice,
      cashFen: i.cashFen,
      perMemberLimit: i.perMemberLimit ?? null,
      limitPeriod: i.limitPeriod,
      tierCodesJson: i.tierCodes ? JSON.stringify(i.tierCodes) : null,
      pickupStoreIdsJson: JSON.stringify(i.pickupStoreIds),
      pickupDays: i.pickupDays,
      couponTemplateId: i.couponTemplateId ?? null,
      saleStartsAt: i.saleStartsAt ? new Date(i.saleStartsAt) : null,
      saleEndsAt: i.saleEndsAt ? new Date(i.saleEndsAt) : null,
      sortOrder: i.sortOrder,
      featured: i.featured,
    };
  }
}
