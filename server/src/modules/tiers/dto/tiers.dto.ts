import {
  BADGE_COLOR_PATTERN,
  BADGE_COLOR_RULE,
  TEXT_LIMITS,
  TIER_CODE_PATTERN,
  TIER_CODE_RULE,
  TIER_LIMITS as L,
  type CreateTierRequest,
  type SetMemberTierRequest,
  type TierReviewQuery,
  type TierReviewStatus,
  type UpdateTierRequest,
} from '@member/shared';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IntWithin, TextWithin } from '../../../common/limit-validators';
import { PageDto } from '../../../common/page.dto';
import { IsPlainText } from '../../../common/text.validator';

const BOOL = (label: string) => IsBoolean({ message: `${label}须为是或否` });

export class CreateTierDto implements CreateTierRequest {
  @Matches(TIER_CODE_PATTERN, { message: TIER_CODE_RULE }) code!: string;
  @TextWithin('等级名称', TEXT_LIMITS.tierName) name!: string;
  @IntWithin(L.growthThreshold) growthThreshold!: number;
  @IntWithin(L.retentionThreshold) retentionThreshold!: number;
  @IntWithin(L.pointsMultiplierPct) pointsMultiplierPct!: number;
  @IsOptional() @TextWithin('折扣说明', TEXT_LIMITS.tierDiscountText) discountText?: string;
  @IsOptional() @BOOL('生日礼') birthdayGift?: boolean;
  @Matches(BADGE_COLOR_PATTERN, { message: BADGE_COLOR_RULE }) badgeColor!: string;
  @IntWithin(L.sortOrder) sortOrder!: number;
  @IsOptional() @BOOL('启用') active?: boolean;
  // Required; the service also refuses a note that is only spaces (CHANGE_NOTE_REQUIRED).
  @TextWithin('变更说明', TEXT_LIMITS.changeNote, { multiline: true }) note!: string;
  @IsOptional() @BOOL('确认数值') acknowledgeWarnings?: boolean;
}

export class UpdateTierDto implements UpdateTierRequest {
  @IsOptional() @TextWithin('等级名称', TEXT_LIMITS.tierName) name?: string;
  @IsOptional() @IntWithin(L.growthThreshold) growthThreshold?: number;
  @IsOptional() @IntWithin(L.retentionThreshold) retentionThreshold?: number;
  @IsOptional() @IntWithin(L.pointsMultiplierPct) pointsMultiplierPct?: number;
  @IsOptional() @TextWithin('折扣说明', TEXT_LIMITS.tierDiscountText) discountText?: string;
  @IsOptional() @BOOL('生日礼') birthdayGift?: boolean;
  @IsOptional() @Matches(BADGE_COLOR_PATTERN, { message: BADGE_COLOR_RULE }) badgeColor?: string;
  @IsOptional() @IntWithin(L.sortOrder) sortOrder?: number;
  @IsOptional() @BOOL('启用') active?: boolean;
  @TextWithin('变更说明', TEXT_LIMITS.changeNote, { multiline: true }) note!: string;
  @IsOptional() @BOOL('确认数值') acknowledgeWarnings?: boolean;
}

export class TierReviewQueryDto extends PageDto implements TierReviewQuery {
  @IsOptional() @IsIn(['pending', 'applied', 'cancelled']) status?: TierReviewStatus;
}

export class SetMemberTierDto implements SetMemberTierRequest {
  @IsString() @Length(1, 32) tierCode!: string;
  @IsBoolean() pinned!: boolean;
  @IsString() @Length(TEXT_LIMITS.reason.min, TEXT_LIMITS.reason.max) @IsPlainText({ multiline: true }) reason!: string;
}
