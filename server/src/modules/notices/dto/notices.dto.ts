import {
  NOTICE_KIND_LABELS,
  NOTICE_MOMENT_KINDS,
  NOTICE_STATUS_LABELS,
  type NoticeAdminQuery,
  type NoticeKind,
  type NoticeKindInput,
  type NoticeMoment,
  type NoticePreferenceInput,
  type NoticeStatus,
  type NoticeTestSendInput,
  type SubscribeReport,
} from '@member/shared';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { Nullable } from '../../../common/nullable';
import { PageDto } from '../../../common/page.dto';

const KINDS = Object.keys(NOTICE_KIND_LABELS) as NoticeKind[];
const MOMENTS = Object.keys(NOTICE_MOMENT_KINDS) as NoticeMoment[];
const STATUSES = Object.keys(NOTICE_STATUS_LABELS) as NoticeStatus[];
// WeChat template ids: letters, digits, _ and -, 43 characters in practice.
const TEMPLATE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** results: at most 5 template ids, each answer a short word (checked against the known answers later). */
@ValidatorConstraint({ name: 'subscribeResults' })
class SubscribeResults implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => k !== 'errMsg');
    return (
      entries.length >= 1 &&
      entries.length <= 5 &&
      entries.every(([k, v]) => TEMPLATE_ID.test(k) && typeof v === 'string' && v.length <= 20)
    );
  }
  defaultMessage(): string {
    return 'results must map 1–5 template ids to the popup answers';
  }
}

/** A map of kind → boolean. */
@ValidatorConstraint({ name: 'kindSwitches' })
class KindSwitches implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    return Object.entries(value as Record<string, unknown>).every(
      ([k, v]) => (KINDS as string[]).includes(k) && typeof v === 'boolean',
    );
  }
  defaultMessage(): string {
    return `kinds must map notice kinds (${KINDS.join(', ')}) to true or false`;
  }
}

export class NoticePromptQueryDto {
  @IsIn(MOMENTS)
  moment!: NoticeMoment;
}

export class SubscribeReportDto implements SubscribeReport {
  @IsIn(MOMENTS)
  moment!: NoticeMoment;

  @IsObject()
  @Validate(SubscribeResults)
  results!: Record<string, string>;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{8,64}$/, { message: 'requestId must be 8–64 characters of A-Z, a-z, 0-9, _ or -' })
  requestId?: string;
}

export class NoticePreferenceDto implements NoticePreferenceInput {
  @IsOptional()
  @IsObject()
  @Validate(KindSwitches)
  kinds?: Partial<Record<NoticeKind, boolean>>;

  @IsOptional()
  @IsBoolean()
  marketingConsent?: boolean;
}

export class NoticeKindParamDto {
  @IsIn(KINDS)
  kind!: NoticeKind;
}

export class NoticeKindInputDto implements NoticeKindInput {
  @Nullable()
  @IsOptional()
  @IsString()
  @Matches(TEMPLATE_ID, { message: 'templateId must be 1–64 characters of A-Z, a-z, 0-9, _ or -' })
  templateId?: string | null;

  @IsOptional()
  @IsBoolean()
  paused?: boolean;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  version!: number;
}

export class NoticeAdminQueryDto extends PageDto implements NoticeAdminQuery {
  @IsOptional()
  @IsIn(KINDS)
  kind?: NoticeKind;

  @IsOptional()
  @IsIn(STATUSES)
  status?: NoticeStatus;

  @IsOptional()
  @IsString()
  @MaxLength(16)
  memberNo?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class NoticeDashboardQueryDto {
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class NoticeTestSendDto implements NoticeTestSendInput {
  @IsIn(KINDS)
  kind!: NoticeKind;
}

export class NoticeTestRecipientDto {
  @IsString()
  @Matches(/^[A-Za-z0-9]{1,16}$/, { message: 'memberNo must be 1–16 letters or digits' })
  memberNo!: string;
}

export class WinBackDto {
  /** Members with no purchase in this many days (and at least one before). */
  @Type(() => Number)
  @IsInt()
  @Min(7)
  @Max(3650)
  inactiveDays!: number;

  @IsString()
  @MaxLength(40)
  message!: string;

  @IsString()
  @MaxLength(40)
  perk!: string;

  @IsISO8601({ strict: true })
  validUntil!: string;
}
