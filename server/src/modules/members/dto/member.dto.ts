import { Gender } from '@member/shared';
import { Type } from 'class-transformer';
import {
  IsDateString,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import type {
  AdminUpdateMemberRequest,
  BindPhoneRequest,
  MemberListQuery,
  UpdateProfileRequest,
  WechatLoginRequest,
} from '@member/shared';
import { EDGE_LIMITS } from '../../../common/edge/edge-limits';
import { IsPlainText } from '../../../common/text.validator';

export class WechatLoginDto implements WechatLoginRequest {
  @IsString() @Length(1, 128) code!: string;
}

export class BindPhoneDto implements BindPhoneRequest {
  @IsString() @Length(1, 128) code!: string;
}

export class UpdateProfileDto implements UpdateProfileRequest {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(32) @IsPlainText() nickname?: string;
  @IsOptional() @IsEnum(Gender) gender?: Gender;
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'birthday must be YYYY-MM-DD' })
  @IsDateString({ strict: true })
  birthday?: string;
}

export class AdminUpdateMemberDto implements AdminUpdateMemberRequest {
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'birthday must be YYYY-MM-DD' })
  @IsDateString({ strict: true })
  birthday?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(32) @IsPlainText() nickname?: string;
  @IsString() @MinLength(2) @MaxLength(255) @IsPlainText({ multiline: true }) reason!: string;
}

export class MemberListQueryDto implements MemberListQuery {
  @IsOptional() @IsString() @MaxLength(64) @IsPlainText() q?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(EDGE_LIMITS.maxPage) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}
