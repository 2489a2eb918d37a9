import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  type AdminCouponQuery,
  type AdminCouponRow,
  type CouponSource,
  type CouponStatus,
  type CouponTemplateStats,
  type CouponTerms,
  type CouponUseQuery,
  type CouponUseRow,
  type Page,
} from '@member/shared';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { addBizDays, Clock, shanghaiDayStart } from '../../common/clock';
import { csvDocument, csvTime } from '../../common/csv';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { MemberDirectory, unknownMember } from '../members/member-directory';
import { MemberScope } from '../members/member-scope';
import { StoreDirectory } from '../stores/store-directory';
import { CouponRecordsRepository, type CouponUseRaw } from './coupon-records.repository';
import { CouponTemplate } from './entities/coupon-template.entity';
import { Coupon } from './entities/coupon.entity';

/** Rows one CSV download holds at most (the filters narrow a bigger set). */
export const COUPON_EXPORT_MAX_ROWS = 10_000;
const STATUS_LABELS: Record<CouponStatus, string> = {
  USABLE: '可使用',
  GIFTING: '转赠中',
  USED: '已使用',
  EXPIRED: '已过期',
  VOID: '已作废',
};
const SOURCE_LABELS: Record<CouponSource, string> = {
  CLAIM: '领券中心',
  NEW_MEMBER: '新会员礼',
  BIRTHDAY: '生日礼',
  TIER_UP: '升级礼',
  BATCH: '批量发放',
  GIFT: '好友转赠',
  TOPUP: '充值赠券',
  MALL: '积分兑换',
  EVENT: '活动签到奖励',
};
const USES_DAYS = 30;
/** Fen as yuan for a spreadsheet: digits and a point, no currency sign or grouping. */
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/**
 * The console's coupon records: issues (every coupon, with its member), uses (in sales and stand-alone
 * redemptions) and a template's figures. Scoped by the role table (auth/access-policy.ts): store managers
 * see the coupons of members their store served and the uses at their store; analysts get totals only.
 */
@Injectable()
export class CouponRecordsService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly repo: CouponRecordsRepository,
    private readonly members: MemberDirectory,
    private readonly scope: MemberScope,
    private readonly stores: StoreDirectory,
    private readonly audit: AuditService,
  ) {}

  async issues(query: AdminCouponQuery, op: OperatorPrincipal): Promise<Page<AdminCouponRow>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const qb = await this.issueQuery(query, op);
    if (!qb) return { items: [], total: 0, page, pageSize };
    if (this.scope.aggregateOnly(op)) return { items: [], total: await qb.getCount(), page, pageSize };
    const [rows, total] = await qb
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.issueRows(rows), total, page, pageSize };
  }

  /** The coupons the filters and the operator's scope show, newest first; null when none can match. */
  private async issueQuery(query: AdminCouponQuery, op: OperatorPrincipal) {
    const qb = this.ds.getRepository(Coupon).createQueryBuilder('c');
    if (query.templateId) qb.andWhere('c.templateId = :templateId', { templateId: query.templateId });
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.source) qb.andWhere('c.source = :source', { source: query.source });
    if (query.memberNo) {
      const no = query.memberNo.trim();
      const id = (await this.members.idsByNo([no])).get(no);
      if (!id) return null;
      qb.andWhere('c.memberId = :memberId', { memberId: id });
    }
    this.scope.restrict(qb, op, 'c.member_id');
    return qb.orderBy('c.id', 'DESC');
  }

  async uses(query: CouponUseQuery, op: OperatorPrincipal): Promise<Page<CouponUseRow>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const filter = this.useFilter(query, op);
    const total = await this.repo.countUses(filter);
    if (this.scope.aggregateOnly(op) || !total) return { items: [], total, page, pageSize };
    const rows = await this.repo.uses(filter, (page - 1) * pageSize, pageSize);
    return { items: await this.useRows(rows), total, page, pageSize };
  }

  /** The issue records the filters show, as CSV (audited: it names members). */
  async issuesCsv(query: AdminCouponQuery, op: OperatorPrincipal): Promise<string> {
    if (this.scope.aggregateOnly(op)) throw new AppException(ErrorCode.FORBIDDEN);
    const qb = await this.issueQuery(query, op);
    const rows = qb ? await this.issueRows(await qb.take(COUPON_EXPORT_MAX_ROWS).getMany()) : [];
    await this.exported(op, 'issues', query, rows.length);
    return csvDocument(
      ['券码', '券名称', '会员号', '会员昵称', '来源', '状态', '发放时间', '有效期至', '使用时间'],
      rows.map((r) => [
        r.code,
        r.name,
        r.member.memberNo,
        r.member.nickname,
        SOURCE_LABELS[r.source],
        STATUS_LABELS[r.status],
        csvTime(r.issuedAt),
        csvTime(r.validUntil),
        csvTime(r.usedAt),
      ]),
    );
  }

  /** The uses the filters show, as CSV (audited). */
  async usesCsv(query: CouponUseQuery, op: OperatorPrincipal): Promise<string> {
    if (this.scope.aggregateOnly(op)) throw new AppException(ErrorCode.FORBIDDEN);
    const rows = await this.useRows(await this.repo.uses(this.useFilter(query, op), 0, COUPON_EXPORT_MAX_ROWS));
    await this.exported(op, 'uses', query, rows.length);
    return csvDocument(
      [
        '券码',
        '券名称',
        '核销方式',
        '单号/核销编号',
        '门店',
        '店员',
        '会员号',
        '优惠金额（元）',
        '消费金额（元）',
        '使用时间',
        '状态',
      ],
      rows.map((r) => [
        r.code,
        r.name,
        r.kind === 'SALE' ? '收款抵扣' : '单独核销',
        r.ref,
        r.storeName,
        r.staffName,
        r.memberNo,
        yuan(r.discountFen),
        r.kind === 'SALE' ? yuan(r.billFen) : '',
        csvTime(r.usedAt),
        r.voided ? '已撤销' : '有效',
      ]),
    );
  }

  async stats(templateId: number): Promise<CouponTemplateStats> {
    const template = await this.ds.getRepository(CouponTemplate).findOneBy({ id: templateId });
    if (!template) throw new AppException(ErrorCode.COUPON_TEMPLATE_NOT_FOUND);
    const today = this.clock.today();
    const since = shanghaiDayStart(addBizDays(today, 1 - USES_DAYS));
    const [{ byStatus, bySource }, money, days, stores] = await Promise.all([
      this.repo.counts(templateId),
      this.repo.money(templateId),
      this.repo.usesByDay(templateId, since),
      this.repo.usesByStore(templateId),
    ]);
    const used = byStatus.get('USED') ?? 0;
    const perDay = new Map(days.map((d) => [d.day, d]));
    const names = await this.stores.names(stores.map((s) => s.storeId));
    return {
      templateId,
      issued: template.issued,
      used,
      expired: byStatus.get('EXPIRED') ?? 0,
      voided: byStatus.get('VOID') ?? 0,
      conversionPermille: template.issued ? Math.floor((used * 1000) / template.issued) : 0,
      discountGivenFen: money.discountFen,
      salesDrivenFen: money.salesFen,
      bySource: [...bySource].map(([source, issued]) => ({ source, issued })),
      usesByDay: Array.from({ length: USES_DAYS }, (_, i) => {
        const day = addBizDays(today, i + 1 - USES_DAYS);
        const d = perDay.get(day);
        return { day, uses: d?.uses ?? 0, discountFen: d?.discountFen ?? 0 };
      }),
      byStore: stores.map((s) => ({ ...s, storeName: names.get(s.storeId) ?? '' })),
    };
  }

  /** A store manager's uses are their store's, whatever store the query names. */
  private useFilter(query: CouponUseQuery, op: OperatorPrincipal): CouponUseQuery {
    const own = this.scope.storeOf(op);
    return { ...query, storeId: own ?? query.storeId };
  }

  private async issueRows(rows: Coupon[]): Promise<AdminCouponRow[]> {
    const refs = await this.members.refs(rows.map((r) => r.memberId));
    return rows.map((c) => ({
      id: c.id,
      code: c.code,
      templateId: c.templateId,
      name: (JSON.parse(c.termsJson) as CouponTerms).name,
      member: refs.get(c.memberId) ?? unknownMember(c.memberId),
      status: c.status,
      source: c.source,
      issuedAt: c.issuedAt.toISOString(),
      validUntil: c.validUntil.toISOString(),
      usedAt: c.usedAt?.toISOString() ?? null,
    }));
  }

  private async useRows(rows: CouponUseRaw[]): Promise<CouponUseRow[]> {
    const names = await this.stores.names([...new Set(rows.map((r) => r.storeId))]);
    return rows.map((r) => {
      const terms = JSON.parse(r.termsJson) as CouponTerms;
      return {
        couponId: r.couponId,
        code: r.code,
        templateId: r.templateId,
        name: terms.name,
        kind: r.receiptNo !== null ? 'SALE' : 'REDEMPTION',
        ref: r.receiptNo ?? String(r.redemptionId),
        redemptionId: r.redemptionId,
        storeId: r.storeId,
        storeName: names.get(r.storeId) ?? '',
        staffId: r.staffId,
        staffName: r.staffName,
        memberNo: r.memberNo,
        // A stand-alone redemption gives the voucher's value.
        discountFen: r.discountFen ?? terms.faceValueFen,
        billFen: r.billFen,
        usedAt: r.usedAt.toISOString(),
        voided: r.voided,
      };
    });
  }

  private async exported(op: OperatorPrincipal, list: 'issues' | 'uses', query: object, rows: number) {
    const filters = Object.fromEntries(
      Object.entries(query).filter(([k, v]) => v !== undefined && !['format', 'page', 'pageSize'].includes(k)),
    );
    await this.audit.record(operatorActor(op), {
      action: AuditAction.CouponRecordsExported,
      targetType: 'coupon',
      after: { list, ...filters, rows },
    });
  }
}
