import {
  SURVEY_RULES as R,
  type FollowUpQuery,
  type FollowUpResolveRequest,
  type FollowUpStartRequest,
  type FollowUpStatus,
  type NpsSurveyInput,
  type SurveyAdminQuery,
  type SurveyAnswer,
  type SurveyKind,
  type SurveyQuestionInput,
  type SurveyQuestionKind,
  type SurveyQuestionsUpdate,
  type SurveyResponseQuery,
  type SurveyStatus,
  type SurveySubmitRequest,
  type SurveyTarget,
} from '@member/shared';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { PageDto } from '../../../common/page.dto';
import { QueryId } from '../../../common/query-fields';
import { REQUEST_ID } from '../../coupons/dto/coupons.dto';

const KINDS: SurveyKind[] = ['EVENT_FEEDBACK', 'NPS'];
const STATUSES: SurveyStatus[] = ['OPEN', 'CLOSED'];
const QUESTION_KINDS: SurveyQuestionKind[] = ['RATING', 'TAGS', 'COMMENT', 'NPS', 'SINGLE', 'MULTI', 'TEXT', 'SCALE'];
const TASK_STATUSES: FollowUpStatus[] = ['OPEN', 'IN_PROGRESS', 'RESOLVED'];
const ID = (): PropertyDecorator => (target, key) =>
  [IsInt(), Min(1), Max(2_147_483_647)].forEach((d) => d(target, key));
const VERSION = (): PropertyDecorator => (target, key) =>
  [IsInt(), Min(0), Max(2_147_483_647)].forEach((d) => d(target, key));

/** An answer's value: a whole number, a short text, or a list of short texts (the question decides which). */
@ValidatorConstraint({ name: 'surveyAnswerValue' })
class AnswerValue implements ValidatorConstraintInterface {
  validate(v: unknown): boolean {
    if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) <= 1000;
    if (typeof v === 'string') return v.length <= R.comment.max * 2;
    return Array.isArray(v) && v.length <= R.maxOptions && v.every((x) => typeof x === 'string' && x.length <= 40);
  }
  defaultMessage(): string {
    return '回答须为整数、文字或选项列表';
  }
}

export class SurveyAnswerDto implements SurveyAnswer {
  @IsString() @Matches(/^[a-z0-9]{1,12}$/, { message: '题目编号格式不正确' }) questionId!: string;
  @Validate(AnswerValue) value!: number | string | string[];
}

export class SurveySubmitDto implements SurveySubmitRequest {
  @IsOptional() @ID() signupId?: number;
  @IsArray({ message: '回答须为列表' })
  @ArrayMaxSize(R.maxQuestions, { message: `最多回答 ${R.maxQuestions} 道题` })
  @ValidateNested({ each: true })
  @Type(() => SurveyAnswerDto)
  answers!: SurveyAnswerDto[];
  @IsString() @REQUEST_ID() requestId!: string;
}

export class SurveyQuestionInputDto implements SurveyQuestionInput {
  @IsOptional() @IsString() @Matches(/^q\d{1,4}$/, { message: '题目编号格式不正确' }) id?: string;
  @IsIn(QUESTION_KINDS, { message: '题型无效' }) kind!: SurveyQuestionKind;
  @IsString({ message: '题目须为文字' })
  @MaxLength(R.questionTitle.max, { message: `题目最多 ${R.questionTitle.max} 个字` })
  title!: string;
  @IsArray({ message: '选项须为列表' })
  @ArrayMaxSize(R.maxOptions, { message: `选项最多 ${R.maxOptions} 个` })
  @IsString({ each: true })
  @MaxLength(R.optionText.max, { each: true, message: `选项每个最多 ${R.optionText.max} 个字` })
  options!: string[];
  @IsBoolean({ message: '是否必答须为 true 或 false' }) required!: boolean;
}

export class SurveyQuestionsUpdateDto implements SurveyQuestionsUpdate {
  @VERSION() version!: number;
  @IsArray()
  @ArrayMaxSize(R.maxQuestions, { message: `问卷最多 ${R.maxQuestions} 道题` })
  @ValidateNested({ each: true })
  @Type(() => SurveyQuestionInputDto)
  questions!: SurveyQuestionInputDto[];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(R.maxOptions, { message: `评价标签最多 ${R.maxOptions} 个` })
  @IsString({ each: true })
  @MaxLength(R.optionText.max, { each: true, message: `标签每个最多 ${R.optionText.max} 个字` })
  tags?: string[];
  @IsOptional()
  @IsInt()
  @Min(1, { message: '低分回访线须为 1–4 星' })
  @Max(4, { message: '低分回访线须为 1–4 星' })
  lowRatingMax?: number;
}

export class SurveyTargetDto {
  @IsIn(['MEMBERS', 'TIER', 'ALL'], { message: '发送对象须为指定会员、会员等级或全部会员' })
  kind!: SurveyTarget['kind'];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000, { message: '指定会员最多 10000 个' })
  @IsString({ each: true })
  @MaxLength(16, { each: true })
  memberNos?: string[];
  @IsOptional() @ID() tierId?: number;
}

/** The target as the service takes it (MEMBERS needs memberNos, TIER needs tierId). */
export function targetOf(dto: SurveyTargetDto): SurveyTarget | null {
  if (dto.kind === 'MEMBERS') return dto.memberNos ? { kind: 'MEMBERS', memberNos: dto.memberNos } : null;
  if (dto.kind === 'TIER') return dto.tierId ? { kind: 'TIER', tierId: dto.tierId } : null;
  return { kind: 'ALL' };
}

export class NpsSurveyInputDto implements Omit<NpsSurveyInput, 'target'> {
  @IsString({ message: '问卷名称须为文字' })
  @MaxLength(R.surveyTitle.max, { message: `问卷名称最多 ${R.surveyTitle.max} 个字` })
  title!: string;
  @ValidateNested() @Type(() => SurveyTargetDto) target!: SurveyTargetDto;
  @IsArray()
  @ArrayMaxSize(R.maxQuestions, { message: `问卷最多 ${R.maxQuestions} 道题` })
  @ValidateNested({ each: true })
  @Type(() => SurveyQuestionInputDto)
  questions!: SurveyQuestionInputDto[];
  @IsISO8601({ strict: true }, { message: '截止时间须为日期时间' }) closesAt!: string;
  @IsString() @REQUEST_ID() requestId!: string;
}

export class SurveyVersionDto {
  @VERSION() version!: number;
}

export class SurveyAdminQueryDto extends PageDto implements SurveyAdminQuery {
  @IsOptional() @IsIn(KINDS, { message: '问卷类型无效' }) kind?: SurveyKind;
  @IsOptional() @IsIn(STATUSES, { message: '问卷状态无效' }) status?: SurveyStatus;
}

export class SurveyResponseQueryDto extends PageDto implements SurveyResponseQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(10) rating?: number;
}

export class StoreFeedbackQueryDto {
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '日期须为 YYYY-MM-DD' }) from?: string;
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '日期须为 YYYY-MM-DD' }) to?: string;
}

export class FeedbackQueryDto {
  @Type(() => Number) @ID() signupId!: number;
}

export class FeedbackStatesQueryDto {
  /** Comma-separated event ids (at most 50). */
  @Transform(({ value }) =>
    typeof value === 'string' && /^\d{1,10}(,\d{1,10}){0,49}$/.test(value) ? value.split(',').map(Number) : value,
  )
  @IsArray({ message: 'eventIds 须为逗号分隔的活动编号（最多 50 个）' })
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(2_147_483_647, { each: true })
  eventIds!: number[];
}

export class FollowUpQueryDto extends PageDto implements FollowUpQuery {
  @IsOptional() @IsIn(TASK_STATUSES, { message: '工单状态无效' }) status?: FollowUpStatus;
  @IsOptional() @QueryId() storeId?: number;
}

export class FollowUpStartDto implements FollowUpStartRequest {
  @VERSION() version!: number;
  @IsOptional()
  @IsString({ message: '处理人须为文字' })
  @MaxLength(R.assignee.max, { message: `处理人最多 ${R.assignee.max} 个字` })
  assignee?: string;
  @IsOptional() @IsString() @REQUEST_ID() requestId?: string;
}

export class FollowUpResolveDto implements FollowUpResolveRequest {
  @VERSION() version!: number;
  @IsString({ message: '处理结果须为文字' })
  @MaxLength(R.resolution.max, { message: `处理结果最多 ${R.resolution.max} 个字` })
  resolution!: string;
  @IsOptional() @IsString() @REQUEST_ID() requestId?: string;
}
