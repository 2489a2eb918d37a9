import type { PayRefundRetryRequest } from '@member/shared';
import { IsString } from 'class-validator';
import { REQUEST_ID } from '../../coupons/dto/coupons.dto';

/** 重新退款 (mall orders, event sign-ups): the console's request id for this click. */
export class PayRefundRetryDto implements PayRefundRetryRequest {
  @IsString() @REQUEST_ID() requestId!: string;
}
