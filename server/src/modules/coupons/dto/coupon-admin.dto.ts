import {
  COUPON_TEXT_LIMITS as T,
  type AdminCouponQuery,
  type CouponSource,
  type CouponStatus,
  type CouponUseQuery,
  type CreateCouponBatchRequest,
} from '@member/shared';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { TextWithin } from '../../../common/limit-validators';
import { PageDto } from '../../../common/page.dto';
import { IsPlainText } from '../../../common/text.validator';
import { REQUEST_ID } from './coupons.dto';

// Console routes of coupons beyond the templates: batch issue, issue and use records, a template's stats.

/** Members one list batch may name. */
export const BATCH_MEMBERS_MAX = 10_000;
const STATUSES: CouponStatus[] = ['USABLE', 'GIFTING', 'USED', 'EXPIRED', 'VOID'];
const SOURCES: CouponSource[] = [
  'CLAIM',
  'NEW_MEMBER',
  'BIRTHDAY',
  'TIER_UP',
  'BATCH',
  'GIFT',
  'TOPUP',
  'MALL',
  'EVENT',
];
const ID = () => [IsInt(), Min(1), Max(2_147_483_647)];
const apply =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));
const QueryId = () =>
  apply(
    IsOptional(),
    Type(() => Number),
    ...ID(),
  );
const BIZ_DATE = () =>
  apply(
    IsOptional(),
    Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: '日期须为 YYYY-MM-DD 格式' }),
  );

export class CouponBatchTargetDto {
  @IsIn(['MEMBERS', 'TIER', 'ALL'], { message: '发放对象须为指定会员、会员等级或全部会员' })
  kind!: 'MEMBERS' | 'TIER' | 'ALL';

  @ValidateIf((t: CouponBatchTargetDto) => t.kind === 'MEMBERS')
  @IsArray({ message: '请填写会员号' })
  @ArrayMinSize(1, { message: '请至少填写一个会员号' })
  @ArrayMaxSize(BATCH_MEMBERS_MAX, { message: `一次最多发放 ${BATCH_MEMBERS_MAX} 位会员` })
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  @IsPlainText({}, { each: true })
  memberNos?: string[];

  @ValidateIf((t: CouponBatchTargetDto) => t.kind === 'TIER')
  @apply(...ID())
  tierId?: number;
}

export class CreateCouponBatchDto implements Omit<CreateCouponBatchRequest, 'target'> {
  @apply(...ID()) templateId!: number;
  @IsObject({ message: '请选择发放对象' })
  @ValidateNested()
  @Type(() => CouponBatchTargetDto)
  target!: CouponBatchTargetDto;
  @TextWithin('发放说明', T.batchNote) note!: string;
  @IsString() @REQUEST_ID() requestId!: string;
}

export class CouponBatchQueryDto extends PageDto {
  @QueryId() templateId?: number;
}

/** `format=csv`: the same rows (all of them, up to the export cap) as a CSV download. */
class Exportable extends PageDto {
  @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

export class AdminCouponQueryDto extends Exportable implements AdminCouponQuery {
  @QueryId() templateId?: number;
  @IsOptional() @IsIn(STATUSES) status?: CouponStatus;
  @IsOptional() @IsIn(SOURCES) source?: CouponSource;
  @IsOptional() @IsString() @MaxLength(32) @IsPlainText() memberNo?: string;
}

export class CouponUseQueryDto extends Exportable implements CouponUseQuery {
  @QueryId() templateId?: number;
  @QueryId() storeId?: number;
  @QueryId() staffId?: number;
  @BIZ_DATE() from?: string;
  @BIZ_DATE() to?: string;
}
