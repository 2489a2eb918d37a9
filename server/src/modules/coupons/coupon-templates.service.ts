import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  type CouponTemplate as CouponTemplateView,
  type CouponTemplateInput,
  type CouponTemplateQuery,
  type CouponTemplateStatus,
  type CouponValidity,
  type Page,
  type UpdateCouponTemplateRequest,
} from '@member/shared';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { coherentTemplate, templateView } from './coupon-views';
import type { CouponValidityDto } from './dto/coupons.dto';
import { CouponTemplate } from './entities/coupon-template.entity';

// Which status an operator may move a template to from each status. ENDED is final.
const MOVES: Record<CouponTemplateStatus, CouponTemplateStatus[]> = {
  DRAFT: ['ACTIVE', 'ENDED'],
  ACTIVE: ['PAUSED', 'ENDED'],
  PAUSED: ['ACTIVE', 'ENDED'],
  ENDED: [],
};

type TemplateBody = Omit<CouponTemplateInput, 'validity'> & { validity: CouponValidityDto };

/** The validity as stored: the pairing its kind needs, nothing else. */
function validityFrom(v: CouponValidityDto): CouponValidity {
  if (v.kind === 'FIXED') {
    if (!v.from || !v.until)
      throw new AppException(ErrorCode.COUPON_TEMPLATE_TERMS_INVALID, '固定有效期需要开始和结束时间');
    return { kind: 'FIXED', from: new Date(v.from).toISOString(), until: new Date(v.until).toISOString() };
  }
  if (!v.days) throw new AppException(ErrorCode.COUPON_TEMPLATE_TERMS_INVALID, '请填写领取后有效的天数');
  return { kind: 'RELATIVE', days: v.days, startsAfterDays: v.startsAfterDays ?? 0 };
}

const toDate = (iso: string | null | undefined) => (iso ? new Date(iso) : null);

/**
 * Operators design coupon templates. Edits never touch coupons already issued (they carry their own
 * terms); stock can grow but never drop below what was issued; every change is audited.
 */
@Injectable()
export class CouponTemplatesService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async list(query: CouponTemplateQuery): Promise<Page<CouponTemplateView>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const qb = this.ds.getRepository(CouponTemplate).createQueryBuilder('t');
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    if (query.trigger) qb.andWhere('t.trigger = :trigger', { trigger: query.trigger });
    if (query.q) qb.andWhere('t.name LIKE :q', { q: `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    const [rows, total] = await qb
      .orderBy('t.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: rows.map(templateView), total, page, pageSize };
  }

  async get(id: number): Promise<CouponTemplateView> {
    return templateView(await this.find(id));
  }

  async create(body: TemplateBody, op: OperatorPrincipal): Promise<CouponTemplateView> {
    const input = coherentTemplate({ ...body, validity: validityFrom(body.validity) });
    const now = this.clock.now();
    return this.tx.run(async (em) => {
      const row = em.create(CouponTemplate, {
        ...this.columns(input),
        status: 'DRAFT',
        issued: 0,
        version: 0,
        createdBy: op.operatorId,
        createdAt: now,
        updatedAt: now,
      });
      await em.insert(CouponTemplate, row);
      const view = templateView(row);
      await this.audit.record(
        operatorActor(op),
        { action: AuditAction.CouponTemplateCreated, targetType: 'coupon_template', targetId: row.id, after: view },
        em,
      );
      return view;
    });
  }

  async update(
    id: number,
    body: Omit<UpdateCouponTemplateRequest, 'validity'> & { validity?: CouponValidityDto },
    op: OperatorPrincipal,
  ): Promise<CouponTemplateView> {
    return this.tx.run(async (em) => {
      const current = await this.find(id, em);
      if (current.status === 'ENDED')
        throw new AppException(ErrorCode.COUPON_TEMPLATE_STATUS_INVALID, '已结束的模板不能修改');
      const before = templateView(current);
      const { version, validity, ...fields } = body;
      // The DTO instance has every declared field as an own property (undefined when not sent): only the
      // sent ones replace the stored values, so a PATCH of one field keeps the rest.
      const sent = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      const merged = coherentTemplate({
        ...before,
        ...sent,
        validity: validity ? validityFrom(validity) : before.validity,
      } as CouponTemplateInput);
      if (merged.totalStock != null && merged.totalStock < current.issued)
        throw new AppException(ErrorCode.COUPON_TEMPLATE_TERMS_INVALID, `总库存不能少于已发放的 ${current.issued} 张`);
      // Guarded by the version the operator edited, and by the stock already issued at this moment.
      const result = await em
        .createQueryBuilder()
        .update(CouponTemplate)
        .set({ ...this.columns(merged), version: () => 'version + 1', updatedAt: this.clock.now() })
        .where('id = :id AND version = :version', { id, version })
        .andWhere('(:stock IS NULL OR issued <= :stock)', { stock: merged.totalStock })
        .execute();
      if (result.affected !== 1) throw new AppException(ErrorCode.COUPON_TEMPLATE_VERSION_CONFLICT);
      const after = templateView(await this.find(id, em));
      await this.audit.record(
        operatorActor(op),
        { action: AuditAction.CouponTemplateUpdated, targetType: 'coupon_template', targetId: id, before, after },
        em,
      );
      return after;
    });
  }

  async setStatus(id: number, status: CouponTemplateStatus, op: OperatorPrincipal): Promise<CouponTemplateView> {
    return this.tx.run(async (em) => {
      const current = await this.find(id, em);
      if (!MOVES[current.status].includes(status)) throw new AppException(ErrorCode.COUPON_TEMPLATE_STATUS_INVALID);
      const result = await em
        .createQueryBuilder()
        .update(CouponTemplate)
        .set({ status, version: () => 'version + 1', updatedAt: this.clock.now() })
        .where('id = :id AND status = :from', { id, from: current.status })
        .execute();
      if (result.affected !== 1) throw new AppException(ErrorCode.COUPON_TEMPLATE_VERSION_CONFLICT);
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.CouponTemplateStatusChanged,
          targetType: 'coupon_template',
          targetId: id,
          before: { status: current.status },
          after: { status },
        },
        em,
      );
      return templateView(await this.find(id, em));
    });
  }

  private async find(id: number, reader: Pick<DataSource, 'getRepository'> = this.ds): Promise<CouponTemplate> {
    const row = await reader.getRepository(CouponTemplate).findOneBy({ id });
    if (!row) throw new AppException(ErrorCode.COUPON_TEMPLATE_NOT_FOUND);
    return row;
  }

  private columns(t: CouponTemplateInput) {
    return {
      kind: t.kind,
      name: t.name.trim(),
      faceValueFen: t.faceValueFen,
      minSpendFen: t.minSpendFen,
      percentOff: t.percentOff ?? null,
      maxDiscountFen: t.maxDiscountFen ?? null,
      itemName: t.itemName?.trim() || null,
      instructions: t.instructions ?? '',
      totalStock: t.totalStock,
      perMemberLimit: t.perMemberLimit,
      trigger: t.trigger,
      claimStartsAt: toDate(t.claimStartsAt),
      claimEndsAt: toDate(t.claimEndsAt),
      validityJson: JSON.stringify(t.validity),
      tierIdsJson: t.tierIds ? JSON.stringify([...new Set(t.tierIds)].sort((a, b) => a - b)) : null,
      storeIdsJson: t.storeIds ? JSON.stringify([...new Set(t.storeIds)].sort((a, b) => a - b)) : null,
      stackable: t.stackable,
      giftable: t.giftable,
    };
  }
}
