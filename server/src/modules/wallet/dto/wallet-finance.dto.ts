import type {
  LiabilityGroupBy,
  LiabilityQuery,
  ReconItemQuery,
  ReconItemStatus,
  ReconRunQuery,
  ReconRunRequest,
  ReconRunStatus,
} from '@member/shared';
import {
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { PageDto } from '../../../common/page.dto';

const RUN_STATUSES: ReconRunStatus[] = ['RUNNING', 'BALANCED', 'MISMATCHED', 'FAILED'];
const ITEM_STATUSES: ReconItemStatus[] = [
  'MATCHED',
  'REPAIRED',
  'MISSING_HERE',
  'MISSING_AT_WECHAT',
  'AMOUNT_MISMATCH',
];
const GROUPS: LiabilityGroupBy[] = ['total', 'store', 'member'];

/** YYYY-MM-DD that is a real calendar day (2026-02-30 is refused). */
@ValidatorConstraint({ name: 'calendarDay' })
class CalendarDay implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    const d = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
  }
  defaultMessage(): string {
    return '日期须为 YYYY-MM-DD 格式的有效日期';
  }
}

export class ReconRunRequestDto implements ReconRunRequest {
  @Validate(CalendarDay) billDate!: string;
}

export class ReconRunQueryDto extends PageDto implements ReconRunQuery {
  @IsOptional() @IsIn(RUN_STATUSES, { message: '对账状态无效' }) status?: ReconRunStatus;
}

export class ReconItemQueryDto extends PageDto implements ReconItemQuery {
  @IsOptional() @IsIn(ITEM_STATUSES, { message: '对账结果无效' }) status?: ReconItemStatus;
  @IsOptional()
  @IsString()
  @MaxLength(32)
  @Matches(/^[0-9A-Za-z_\-|*]+$/, { message: '商户订单号格式不对' })
  outTradeNo?: string;
}

export class LiabilityQueryDto implements LiabilityQuery {
  @Validate(CalendarDay) asOf!: string;
  @IsOptional() @Validate(CalendarDay) from?: string;
  @IsOptional() @IsIn(GROUPS, { message: '分组须为 total、store 或 member' }) groupBy?: LiabilityGroupBy;
  @IsOptional() @IsIn(['csv'], { message: '导出格式只支持 csv' }) format?: 'csv';
}
