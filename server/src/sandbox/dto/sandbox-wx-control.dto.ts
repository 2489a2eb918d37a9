import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { SANDBOX_WX_APIS, type SandboxWxApi } from '../sandbox-faults.service';
import type { SubscribeChoice } from '../sandbox-grants.service';

const OPENID = /^[A-Za-z0-9_-]{6,64}$/;

export class LoginCodeDto {
  @Matches(OPENID, { message: 'openid must be 6–64 characters of A-Z, a-z, 0-9, _ or -' })
  openid!: string;

  @IsOptional()
  @Matches(OPENID, { message: 'unionid must be 6–64 characters of A-Z, a-z, 0-9, _ or -' })
  unionid?: string;
}

export class PhoneCodeDto {
  // Mainland numbers are checked for the 1[3-9]… shape by the service.
  @Matches(/^\d{4,15}$/, { message: 'phone must be 4–15 digits' })
  phone!: string;

  @IsOptional()
  @Matches(/^\d{1,4}$/, { message: 'countryCode must be 1–4 digits' })
  countryCode?: string;
}

export class SubscribeDto {
  @Matches(OPENID, { message: 'openid must be 6–64 characters of A-Z, a-z, 0-9, _ or -' })
  openid!: string;

  // wx.requestSubscribeMessage takes 1–5 distinct template ids per call.
  @IsString({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  templateIds!: string[];

  @IsIn(['accept', 'reject', 'ban'])
  result!: SubscribeChoice;
}

export class OpenidQueryDto {
  @Matches(OPENID, { message: 'openid must be 6–64 characters of A-Z, a-z, 0-9, _ or -' })
  openid!: string;
}

export class OptionalOpenidQueryDto {
  @IsOptional()
  @Matches(OPENID, { message: 'openid must be 6–64 characters of A-Z, a-z, 0-9, _ or -' })
  openid?: string;
}

export class FaultDto {
  @IsIn(SANDBOX_WX_APIS)
  api!: SandboxWxApi;

  // One of errcode, delayMs or broken says what goes wrong.
  @ValidateIf((dto: FaultDto) => dto.errcode !== undefined || (dto.delayMs === undefined && !dto.broken))
  @IsInt()
  @Min(-1)
  errcode?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60_000)
  delayMs?: number;

  @IsOptional()
  @IsBoolean()
  broken?: boolean;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  times: number = 1;
}

export class BlockUserDto {
  @IsBoolean()
  blocked!: boolean;
}

/** The app's subscribe/send quota (WeChat answers 45011 past the minute's, 45009 past the day's). */
export class SendQuotaDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  perMinute?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  perDay?: number;
}

/** Many users accepting one template at once (load runs): one grant per openid per time. */
export class BulkGrantDto {
  @Matches(OPENID, { each: true, message: 'openids must be 6–64 characters of A-Z, a-z, 0-9, _ or -' })
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  openids!: string[];

  @IsString()
  templateId!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  times: number = 1;
}

export class TemplateQueryDto {
  @IsOptional()
  @IsString()
  templateId?: string;
}
