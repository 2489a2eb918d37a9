import {
  TOPUP_PLAN_LIMITS as L,
  type AdminTopupQuery,
  type PayAnomalyStatus,
  type ResolveAnomalyRequest,
  type TopupPlanInput,
  type TopupPlanPatch,
  type TopupPlanStatus,
  type TopupRequest,
  type TopupStatus,
  type WalletHistoryQuery,
} from '@member/shared';
import { applyDecorators } from '@nestjs/common';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IntWithin, TextWithin } from '../../../common/limit-validators';
import { Nullable } from '../../../common/nullable';
import { PageDto } from '../../../common/page.dto';
import { QueryBoolean, QueryText } from '../../../common/query-fields';
import { IsPlainText } from '../../../common/text.validator';
import { REQUEST_ID } from '../../coupons/dto/coupons.dto';

const PLAN_STATUSES: TopupPlanStatus[] = ['DRAFT', 'ACTIVE', 'PAUSED', 'ENDED'];
const TOPUP_STATUSES: TopupStatus[] = ['NOTPAY', 'PAID', 'CLOSED', 'REFUNDED'];
const ANOMALY_STATUSES: PayAnomalyStatus[] = ['OPEN', 'RESOLVED'];
const PAY = { ...L.payFen, label: '支付金额', unit: '¥' };
const BONUS = { ...L.bonusFen, label: '赠送金额', unit: '¥' };
const LIMIT = { ...L.perMemberLimit, label: '每人限购', unit: '次' };
const SORT = { ...L.sortOrder, label: '排序', unit: '' };
const NAME = { min: 1, max: L.nameChars };
const TIME = (label: string) => IsISO8601({ strict: true }, { message: `${label}须为日期时间` });
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Coupon templates a plan gives (checked against the templates by the service). */
const COUPON_IDS = () =>
  applyDecorators(
    IsArray({ message: '加赠优惠券须为模板编号列表' }),
    ArrayMaxSize(10),
    IsInt({ each: true, message: '优惠券模板编号须为整数' }),
    Min(1, { each: true, message: '优惠券模板编号须为正整数' }),
  );

export class TopupPlanDto implements TopupPlanInput {
  @TextWithin('方案名称', NAME) name!: string;
  @IntWithin(PAY) payFen!: number;
  @IntWithin(BONUS) bonusFen!: number;
  @Nullable() @IsOptional() @TIME('开始时间') startsAt!: string | null;
  @Nullable() @IsOptional() @TIME('结束时间') endsAt!: string | null;
  @Nullable() @IsOptional() @IntWithin(LIMIT) perMemberLimit!: number | null;
  @IntWithin(SORT) sortOrder!: number;
  @IsOptional() @COUPON_IDS() couponTemplateIds?: number[];
}

export class TopupPlanPatchDto implements TopupPlanPatch {
  @IsInt() @Min(0) @Max(2_147_483_647) version!: number;
  @IsOptional() @TextWithin('方案名称', NAME) name?: string;
  @IsOptional() @IntWithin(PAY) payFen?: number;
  @IsOptional() @IntWithin(BONUS) bonusFen?: number;
  @IsOptional() @Nullable() @TIME('开始时间') startsAt?: string | null;
  @IsOptional() @Nullable() @TIME('结束时间') endsAt?: string | null;
  @IsOptional() @Nullable() @IntWithin(LIMIT) perMemberLimit?: number | null;
  @IsOptional() @IntWithin(SORT) sortOrder?: number;
  @IsOptional() @COUPON_IDS() couponTemplateIds?: number[];
}

export class SetTopupPlanStatusDto {
  @IsIn(PLAN_STATUSES, { message: '状态须为草稿、进行中、已暂停或已结束' }) status!: TopupPlanStatus;
}

export class TopupRequestDto implements TopupRequest {
  @IsOptional() @IsInt() @Min(1) @Max(2_147_483_647) planId?: number;
  // Bounds come from configuration (wallet.minTopupFen / maxTopupFen): the service checks them.
  @IsOptional() @IsInt({ message: '充值金额须为整数（分）' }) @Min(1) @Max(2_147_483_647) amountFen?: number;
  @IsString() @MaxLength(16) @IsPlainText() policyVersion!: string;
  @IsString() @REQUEST_ID() requestId!: string;
}

export class WalletHistoryQueryDto extends PageDto implements WalletHistoryQuery {}

export class AdminTopupQueryDto extends PageDto implements AdminTopupQuery {
  @IsOptional() @IsIn(TOPUP_STATUSES) status?: TopupStatus;
  @IsOptional() @QueryText(16) memberNo?: string;
  @IsOptional()
  @IsString()
  @Matches(/^[0-9A-Za-z_*|-]{1,32}$/, { message: '商户订单号格式不正确' })
  outTradeNo?: string;
  @IsOptional() @Matches(DATE, { message: '开始日期须为 YYYY-MM-DD' }) from?: string;
  @IsOptional() @Matches(DATE, { message: '结束日期须为 YYYY-MM-DD' }) to?: string;
  @IsOptional() @QueryBoolean() flagged?: boolean;
  @IsOptional() @IsIn(['PENDING', 'FAILED'], { message: '发货状态须为待处理或失败' }) shipping?: 'PENDING' | 'FAILED';
  /** `format=csv`: the same rows (up to the export cap) as a CSV download. */
  @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

export class PayAnomalyQueryDto extends PageDto {
  @IsOptional() @IsIn(ANOMALY_STATUSES) status?: PayAnomalyStatus;
}

export class ResolveAnomalyDto implements ResolveAnomalyRequest {
  @TextWithin('处理说明', { min: 1, max: 200 }, { multiline: true }) resolution!: string;
}
