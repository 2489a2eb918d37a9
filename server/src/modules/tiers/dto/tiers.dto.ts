import type { CreateTierRequest, SetMemberTierRequest, TierReviewQuery, TierReviewStatus } from '@member/shared';
import { IsIn, Length } from 'class-validator';
import { PageDto } from '../../../common/page.dto';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsPlainText } from '../../../common/text.validator';

const COLOR = /^#[0-9A-Fa-f]{6}$/;

export class CreateTierDto implements CreateTierRequest {
  @Matches(/^[A-Za-z0-9_-]{2,32}$/, { message: 'code must be 2-32 letters, digits, _ or -' }) code!: string;
  @IsString() @MinLength(1) @MaxLength(32) name!: string;
  @IsInt() @Min(0) @Max(1_000_000_000) growthThreshold!: number;
  @IsInt() @Min(0) @Max(1_000_000_000) retentionThreshold!: number;
  @IsInt() @Min(0) @Max(1000) pointsMultiplierPct!: number;
  @IsOptional() @IsString() @MaxLength(64) discountText?: string;
  @IsOptional() @IsBoolean() birthdayGift?: boolean;
  @Matches(COLOR, { message: 'badgeColor must be #RRGGBB' }) badgeColor!: string;
  @IsInt() @Min(0) @Max(1_000_000) sortOrder!: number;
  @IsOptional() @IsBoolean() active?: boolean;
}

export class UpdateTierDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(32) name?: string;
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000_000) growthThreshold?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000_000) retentionThreshold?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1000) pointsMultiplierPct?: number;
  @IsOptional() @IsString() @MaxLength(64) discountText?: string;
  @IsOptional() @IsBoolean() birthdayGift?: boolean;
  @IsOptional() @Matches(COLOR, { message: 'badgeColor must be #RRGGBB' }) badgeColor?: string;
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000) sortOrder?: number;
  @IsOptional() @IsBoolean() active?: boolean;
}

export class TierReviewQueryDto extends PageDto implements TierReviewQuery {
  @IsOptional() @IsIn(['pending', 'applied', 'cancelled']) status?: TierReviewStatus;
}

export class SetMemberTierDto implements SetMemberTierRequest {
  @IsString() @Length(1, 32) tierCode!: string;
  @IsBoolean() pinned!: boolean;
  @IsString() @Length(2, 200) @IsPlainText({ multiline: true }) reason!: string;
}
