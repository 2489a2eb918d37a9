import type { AdminWalletRefundQuery, WalletRefundRequest, WalletRefundStatus } from '@member/shared';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { TextWithin } from '../../../common/limit-validators';
import { PageDto } from '../../../common/page.dto';
import { IsPlainText } from '../../../common/text.validator';
import { REQUEST_ID } from '../../coupons/dto/coupons.dto';

const REFUND_STATUSES: WalletRefundStatus[] = ['PROCESSING', 'SUCCESS', 'CLOSED', 'ABNORMAL'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class WalletRefundRequestDto implements WalletRefundRequest {
  // Bounds against the member's principal are the service's: it knows the wallet.
  @IsOptional() @IsInt({ message: '退款金额须为整数（分）' }) @Min(1) @Max(2_147_483_647) amountFen?: number;
  @TextWithin('退款原因', { min: 1, max: 200 }, { multiline: true }) reason!: string;
  @IsOptional() @IsBoolean({ message: 'offPlatform 须为 true 或 false' }) offPlatform?: boolean;
  @IsString() @REQUEST_ID() requestId!: string;
}

export class AdminWalletRefundQueryDto extends PageDto implements AdminWalletRefundQuery {
  @IsOptional() @IsIn(REFUND_STATUSES) status?: WalletRefundStatus;
  @IsOptional() @IsString() @MaxLength(16) @IsPlainText() memberNo?: string;
  @IsOptional() @Matches(DATE, { message: '开始日期须为 YYYY-MM-DD' }) from?: string;
  @IsOptional() @Matches(DATE, { message: '结束日期须为 YYYY-MM-DD' }) to?: string;
  /** `format=csv`: the same rows (up to the export cap) as a CSV download. */
  @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}
