import { TEXT_LIMITS, type DecideRuleChangeRequest, type RuleChangeStatus } from '@member/shared';
import { IsIn, IsOptional } from 'class-validator';
import { TextWithin } from './limit-validators';

// Query and decision bodies shared by the points-rules and tier change requests.

export class RuleChangeQueryDto {
  @IsOptional()
  @IsIn(['applied', 'pending', 'rejected'], { message: '状态须为 applied、pending 或 rejected' })
  status?: RuleChangeStatus;
}

export class DecideRuleChangeDto implements DecideRuleChangeRequest {
  @IsOptional() @TextWithin('审批意见', TEXT_LIMITS.changeNote, { multiline: true }) note?: string;
}
