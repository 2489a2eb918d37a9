import {
  DELETION_STATUSES,
  type ConsentChangeRequest,
  type ConsentKind,
  type DeletionRejectRequest,
  type DeletionRequestCreate,
  type DeletionRequestQuery,
  type DeletionStatus,
  type PrivacyConsentRequest,
} from '@member/shared';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { PageDto } from '../../../common/page.dto';
import { IsPlainText } from '../../../common/text.validator';

export class PrivacyConsentDto implements PrivacyConsentRequest {
  @IsString() @Length(1, 16) version!: string;
}

export class ConsentChangeDto implements ConsentChangeRequest {
  @IsIn(['privacy', 'marketing']) kind!: ConsentKind;
  @IsBoolean() granted!: boolean;
  @IsString() @Length(1, 16) version!: string;
}

export class DeletionRequestCreateDto implements DeletionRequestCreate {
  @IsString() @Length(1, 128) code!: string;
}

export class DeletionRequestQueryDto extends PageDto implements DeletionRequestQuery {
  @IsOptional() @IsIn(DELETION_STATUSES) status?: DeletionStatus;
  @IsOptional() @IsString() @IsPlainText() @MaxLength(32) q?: string;
}

export class DeletionRejectDto implements DeletionRejectRequest {
  @IsString() @IsPlainText({ multiline: true }) @MinLength(2) @MaxLength(255) reason!: string;
}

/** The signed token of a data-export link: digits, dots and base64url only. */
export class DataExportTokenParam {
  @Matches(/^[0-9A-Za-z._-]{1,80}$/) token!: string;
}
