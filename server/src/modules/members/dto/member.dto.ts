import { Gender, lengthMessage, TEXT_LIMITS } from '@member/shared';
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

// Nickname limits shared with the mini-program's editor and the console (shared/src/limits.ts).
const NICKNAME = TEXT_LIMITS.nickname;
const NICKNAME_RULE = lengthMessage('昵称', NICKNAME);

export class WechatLoginDto implements WechatLoginRequest {
  @IsString() @Length(1, 128) code!: string;
}

export class BindPhoneDto implements BindPhoneRequest {
  @IsString() @Length(1, 128) code!: string;
}

export class UpdateProfileDto implements UpdateProfileRequest {
  @IsOptional()
  @IsString()
  @Length(NICKNAME.min, NICKNAME.max, { message: NICKNAME_RULE })
  @IsPlainText()
  nickname?: string;
  @IsOptional() @IsEnum(Gender) gender?: Gender;
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '生日须为 YYYY-MM-DD 格式' })
  @IsDateString({ strict: true })
  birthday?: string;
}

export class AdminUpdateMemberDto implements AdminUpdateMemberRequest {
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '生日须为 YYYY-MM-DD 格式' })
  @IsDateString({ strict: true })
  birthday?: string;
  @IsOptional()
  @IsString()
  @Length(NICKNAME.min, NICKNAME.max, { message: NICKNAME_RULE })
  @IsPlainText()
  nickname?: string;
  @IsString()
  @Length(TEXT_LIMITS.memberEditReason.min, TEXT_LIMITS.memberEditReason.max, {
    message: lengthMessage('修改原因', TEXT_LIMITS.memberEditReason),
  })
  @IsPlainText({ multiline: true })
  reason!: string;
}

export class MemberListQueryDto implements MemberListQuery {
  @IsOptional() @IsString() @MaxLength(64) @IsPlainText() q?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(EDGE_LIMITS.maxPage) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}
