import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { CreateTierRequest } from '@member/shared';

export class PointsExpiryDto {
  @IsIn(['days', 'end_of_next_year']) kind!: 'days' | 'end_of_next_year';
  // Only for kind 'days'; ignored otherwise.
  @ValidateIf((o: PointsExpiryDto) => o.kind === 'days' || o.days !== undefined)
  @IsInt()
  @Min(1)
  @Max(3650)
  days?: number;
}

export class PointsDeductionDto {
  @IsInt() @Min(1) @Max(1_000_000) pointsPerYuan!: number;
  @IsInt() @Min(0) @Max(100) maxPercentOfBill!: number;
  @IsInt() @Min(0) @Max(1_000_000_000) minSpendFen!: number;
}

export class PointsRulesDto {
  @IsInt() @Min(0) @Max(1000) pointsPerYuan!: number;
  @IsInt() @Min(100) @Max(1000) birthdayMultiplierPct!: number;
  @IsInt() @Min(0) @Max(1_000_000) signUpBonus!: number;
  @IsObject() @ValidateNested() @Type(() => PointsExpiryDto) expiry!: PointsExpiryDto;
  @IsObject() @ValidateNested() @Type(() => PointsDeductionDto) deduction!: PointsDeductionDto;
}

// Not `implements PublishPointsRulesRequest`: the expiry union (days | end of next year) is one class here,
// narrowed by the service after validation.
export class PublishPointsRulesDto {
  @IsObject() @ValidateNested() @Type(() => PointsRulesDto) rules!: PointsRulesDto;
  @IsOptional() @IsString() @MaxLength(255) note?: string;
}

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
