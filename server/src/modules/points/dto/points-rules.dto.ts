import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

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
