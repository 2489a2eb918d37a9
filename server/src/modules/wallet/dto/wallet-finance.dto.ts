import type {
  LiabilityGroupBy,
  LiabilityQuery,
  ReconItemQuery,
  ReconItemStatus,
  ReconRunQuery,
  ReconRunRequest,
  ReconRunStatus,
} from '@member/shared';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageDto } from '../../../common/page.dto';
import { IsCalendarDay } from '../../../common/query-fields';

const RUN_STATUSES: ReconRunStatus[] = ['RUNNING', 'BALANCED', 'MISMATCHED', 'FAILED'];
const ITEM_STATUSES: ReconItemStatus[] = [
  'MATCHED',
  'REPAIRED',
  'MISSING_HERE',
  'MISSING_AT_WECHAT',
  'AMOUNT_MISMATCH',
];
const GROUPS: LiabilityGroupBy[] = ['total', 'store', 'member'];

export class ReconRunRequestDto implements ReconRunRequest {
  @IsCalendarDay() billDate!: string;
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
  @IsCalendarDay() asOf!: string;
  @IsOptional() @IsCalendarDay() from?: string;
  @IsOptional() @IsIn(GROUPS, { message: '分组须为 total、store 或 member' }) groupBy?: LiabilityGroupBy;
  @IsOptional() @IsIn(['csv'], { message: '导出格式只支持 csv' }) format?: 'csv';
}
