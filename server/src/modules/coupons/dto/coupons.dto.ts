import {
  COUPON_LIMITS as L,
  COUPON_TEXT_LIMITS as T,
  IDEMPOTENCY_KEY_PATTERN,
  IDEMPOTENCY_KEY_RULE,
  type ClaimCouponRequest,
  type CouponKind,
  type CouponTemplateInput,
  type CouponTemplateQuery,
  type CouponTemplateStatus,
  type CouponTrigger,
  type MemberCouponQuery,
  type MemberCouponTab,
  type SetCouponTemplateStatusRequest,
  type UpdateCouponTemplateRequest,
} from '@member/shared';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IntWithin, TextWithin } from '../../../common/limit-validators';
import { Nullable } from '../../../common/nullable';
import { PageDto } from '../../../common/page.dto';
import { QueryText } from '../../../common/query-fields';

const KINDS: CouponKind[] = ['CASH_OFF', 'PERCENT_OFF', 'EXCHANGE'];
const TRIGGERS: CouponTrigger[] = ['CLAIM', 'NEW_MEMBER', 'BIRTHDAY', 'TIER_UP', 'MANUAL'];
const STATUSES: CouponTemplateStatus[] = ['DRAFT', 'ACTIVE', 'PAUSED', 'ENDED'];
const TABS: MemberCouponTab[] = ['usable', 'used', 'expired'];
const BOOL = (label: string) => IsBoolean({ message: `${label}须为是或否` });

export const REQUEST_ID = () =>
  Matches(IDEMPOTENCY_KEY_PATTERN, { message: `requestId 须为 ${IDEMPOTENCY_KEY_RULE}` }) as PropertyDecorator;

/** Fixed dates (from, until) or relative days (days, startsAfterDays); the service checks the pairing. */
export class CouponValidityDto {
  @IsIn(['FIXED', 'RELATIVE'], { message: '有效期类型须为固定日期或领取后天数' }) kind!: 'FIXED' | 'RELATIVE';
  @IsOptional() @IsISO8601({ strict: true }, { message: '有效期开始须为日期时间' }) from?: string;
  @IsOptional() @IsISO8601({ strict: true }, { message: '有效期结束须为日期时间' }) until?: string;
  @IsOptional() @IntWithin(L.validDays) days?: number;
  @IsOptional() @IntWithin(L.startsAfterDays) startsAfterDays?: number;
}

export class CouponTemplateDto implements Omit<CouponTemplateInput, 'validity'> {
  @IsIn(KINDS, { message: '券类型须为满减券、折扣券或兑换券' }) kind!: CouponKind;
  @TextWithin('券名称', T.name) name!: string;
  @IntWithin({ ...L.faceValueFen, min: 0 }) faceValueFen!: number;
  @IntWithin(L.minSpendFen) minSpendFen!: number;
  @IsOptional() @Nullable() @IntWithin(L.percentOff) percentOff?: number | null;
  @IsOptional() @Nullable() @IntWithin(L.maxDiscountFen) maxDiscountFen?: number | null;
  @IsOptional() @Nullable() @TextWithin('兑换商品', T.itemName) itemName?: string | null;
  @IsOptional() @TextWithin('使用说明', T.instructions, { multiline: true }) instructions?: string;
  @Nullable() @IsOptional() @IntWithin(L.totalStock) totalStock!: number | null;
  @IntWithin(L.perMemberLimit) perMemberLimit!: number;
  @IsIn(TRIGGERS, { message: '发放方式不正确' }) trigger!: CouponTrigger;
  @IsOptional() @Nullable() @IsISO8601({ strict: true }, { message: '领取开始须为日期时间' }) claimStartsAt?:
    string | null;
  @IsOptional() @Nullable() @IsISO8601({ strict: true }, { message: '领取结束须为日期时间' }) claimEndsAt?:
    string | null;
  @ValidateNested() @Type(() => CouponValidityDto) validity!: CouponValidityDto;
  @IsOptional() @Nullable() @IsArray() @ArrayMaxSize(50) @IsInt({ each: true }) @Min(1, { each: true }) tierIds!:
    number[] | null;
  @IsOptional() @Nullable() @IsArray() @ArrayMaxSize(200) @IsInt({ each: true }) @Min(1, { each: true }) storeIds!:
    number[] | null;
  @BOOL('可叠加') stackable!: boolean;
  @BOOL('可转赠') giftable!: boolean;
}

export class UpdateCouponTemplateDto implements Omit<UpdateCouponTemplateRequest, 'validity'> {
  @IsInt() @Min(0) @Max(2_147_483_647) version!: number;
  @IsOptional() @IsIn(KINDS, { message: '券类型须为满减券、折扣券或兑换券' }) kind?: CouponKind;
  @IsOptional() @TextWithin('券名称', T.name) name?: string;
  @IsOptional() @IntWithin({ ...L.faceValueFen, min: 0 }) faceValueFen?: number;
  @IsOptional() @IntWithin(L.minSpendFen) minSpendFen?: number;
  @IsOptional() @Nullable() @IntWithin(L.percentOff) percentOff?: number | null;
  @IsOptional() @Nullable() @IntWithin(L.maxDiscountFen) maxDiscountFen?: number | null;
  @IsOptional() @Nullable() @TextWithin('兑换商品', T.itemName) itemName?: string | null;
  @IsOptional() @TextWithin('使用说明', T.instructions, { multiline: true }) instructions?: string;
  @IsOptional() @Nullable() @IntWithin(L.totalStock) totalStock?: number | null;
  @IsOptional() @IntWithin(L.perMemberLimit) perMemberLimit?: number;
  @IsOptional() @IsIn(TRIGGERS, { message: '发放方式不正确' }) trigger?: CouponTrigger;
  @IsOptional() @Nullable() @IsISO8601({ strict: true }, { message: '领取开始须为日期时间' }) claimStartsAt?:
    string | null;
  @IsOptional() @Nullable() @IsISO8601({ strict: true }, { message: '领取结束须为日期时间' }) claimEndsAt?:
    string | null;
  @IsOptional() @ValidateNested() @Type(() => CouponValidityDto) validity?: CouponValidityDto;
  @IsOptional() @Nullable() @IsArray() @ArrayMaxSize(50) @IsInt({ each: true }) @Min(1, { each: true }) tierIds?:
    number[] | null;
  @IsOptional() @Nullable() @IsArray() @ArrayMaxSize(200) @IsInt({ each: true }) @Min(1, { each: true }) storeIds?:
    number[] | null;
  @IsOptional() @BOOL('可叠加') stackable?: boolean;
  @IsOptional() @BOOL('可转赠') giftable?: boolean;
}

export class SetCouponTemplateStatusDto implements SetCouponTemplateStatusRequest {
  @IsIn(STATUSES, { message: '状态须为草稿、进行中、已暂停或已结束' }) status!: CouponTemplateStatus;
}

export class CouponTemplateQueryDto extends PageDto implements CouponTemplateQuery {
  @IsOptional() @IsIn(STATUSES) status?: CouponTemplateStatus;
  @IsOptional() @IsIn(TRIGGERS) trigger?: CouponTrigger;
  @IsOptional() @QueryText(32) q?: string;
}

export class ClaimCouponDto implements ClaimCouponRequest {
  @IsInt() @Min(1) @Max(2_147_483_647) templateId!: number;
  @IsString() @REQUEST_ID() requestId!: string;
}

export class MemberCouponQueryDto extends PageDto implements MemberCouponQuery {
  @IsOptional() @IsIn(TABS, { message: 'status 须为 usable、used 或 expired' }) status?: MemberCouponTab;
}
