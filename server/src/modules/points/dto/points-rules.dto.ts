import { POINTS_RULE_LIMITS as L, TEXT_LIMITS } from '@member/shared';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, ValidateIf, ValidateNested } from 'class-validator';
import { IntWithin, TextWithin } from '../../../common/limit-validators';

export class PointsExpiryDto {
  @IsIn(['days', 'end_of_next_year'], { message: '积分有效期须为“按天数”或“次年年底”' }) kind!:
    'days' | 'end_of_next_year';
  // Only for kind 'days'; ignored otherwise.
  @ValidateIf((o: PointsExpiryDto) => o.kind === 'days' || o.days !== undefined)
  @IntWithin(L['expiry.days'])
  days?: number;
}

export class PointsDeductionDto {
  @IntWithin(L['deduction.pointsPerYuan']) pointsPerYuan!: number;
  @IntWithin(L['deduction.maxPercentOfBill']) maxPercentOfBill!: number;
  @IntWithin(L['deduction.minSpendFen']) minSpendFen!: number;
}

export class PointsRulesDto {
  @IntWithin(L.pointsPerYuan) pointsPerYuan!: number;
  @IntWithin(L.birthdayMultiplierPct) birthdayMultiplierPct!: number;
  @IntWithin(L.signUpBonus) signUpBonus!: number;
  @IsObject({ message: '请填写积分有效期' }) @ValidateNested() @Type(() => PointsExpiryDto) expiry!: PointsExpiryDto;
  @IsObject({ message: '请填写积分抵扣规则' })
  @ValidateNested()
  @Type(() => PointsDeductionDto)
  deduction!: PointsDeductionDto;
}

// Not `implements PublishPointsRulesRequest`: the expiry union (days | end of next year) is one class here,
// narrowed by the service after validation.
export class PublishPointsRulesDto {
  @IsObject({ message: '请填写积分规则' }) @ValidateNested() @Type(() => PointsRulesDto) rules!: PointsRulesDto;
  // Required; the service also refuses a note that is only spaces (CHANGE_NOTE_REQUIRED).
  @TextWithin('变更说明', TEXT_LIMITS.changeNote, { multiline: true }) note!: string;
  @IsOptional() @IsBoolean({ message: 'acknowledgeWarnings 须为 true 或 false' }) acknowledgeWarnings?: boolean;
}
