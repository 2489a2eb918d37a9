import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { PAY_FAULTS, type PayFault, type PayFaultTarget } from '../sandbox-pay-faults.service';

/** How a notification is delivered (both pay and refund settle take these). */
class DeliveryDto {
  @IsOptional()
  @IsInt({ message: 'duplicates 须为 0–5 的整数' })
  @Min(0, { message: 'duplicates 须为 0–5 的整数' })
  @Max(5, { message: 'duplicates 须为 0–5 的整数' })
  duplicates?: number;

  @IsOptional()
  @IsInt({ message: 'delayMs 须为 0–60000 的整数（毫秒）' })
  @Min(0, { message: 'delayMs 须为 0–60000 的整数（毫秒）' })
  @Max(60_000, { message: 'delayMs 须为 0–60000 的整数（毫秒）' })
  delayMs?: number;

  /** Multiplies WeChat's retry schedule (default 1/60: a day of retries in ~24 min). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'retryScale 须为 0.00001–1 之间的数' })
  @Min(0.00001, { message: 'retryScale 须为 0.00001–1 之间的数' })
  @Max(1, { message: 'retryScale 须为 0.00001–1 之间的数' })
  retryScale?: number;
}

export class PayTransactionDto extends DeliveryDto {
  @IsOptional()
  @IsIn(['SUCCESS'], { message: 'outcome 只能是 SUCCESS' })
  outcome?: 'SUCCESS';

  /** Pays a closed order anyway (the pay-after-close race). */
  @IsOptional()
  @IsBoolean({ message: 'force 须为 true 或 false' })
  force?: boolean;
}

export class SettleRefundDto extends DeliveryDto {
  @IsIn(['SUCCESS', 'CLOSED', 'ABNORMAL'], { message: 'status 须为 SUCCESS、CLOSED 或 ABNORMAL' })
  status!: 'SUCCESS' | 'CLOSED' | 'ABNORMAL';
}

export class PayFaultDto {
  @IsIn(PAY_FAULTS, { message: `next 须为 ${PAY_FAULTS.join('、')} 之一` })
  next!: PayFault;

  @IsOptional()
  @IsInt({ message: 'count 须为 0–100 的整数' })
  @Min(0, { message: 'count 须为 0–100 的整数' })
  @Max(100, { message: 'count 须为 0–100 的整数' })
  count: number = 1;

  /** TIMEOUT only: how long the answer is held (default 6000 ms, past the client's 5 s timeout). */
  @IsOptional()
  @IsInt({ message: 'delayMs 须为 1–60000 的整数（毫秒）' })
  @Min(1, { message: 'delayMs 须为 1–60000 的整数（毫秒）' })
  @Max(60_000, { message: 'delayMs 须为 1–60000 的整数（毫秒）' })
  delayMs?: number;

  /** Signature faults only: spoil API answers, notifications, or whichever is signed next (default). */
  @IsOptional()
  @IsIn(['api', 'notify', 'any'], { message: 'on 须为 api、notify 或 any' })
  on: PayFaultTarget = 'any';
}
