import {
  EVENT_LIMITS as L,
  EVENT_MAX_POSTERS,
  EVENT_MAX_SESSIONS,
  EVENT_TEXT_LIMITS as T,
  type EventAdminQuery,
  type EventCancelRequest,
  type EventCancelSignupRequest,
  type EventCheckinRequest,
  type EventFeeKind,
  type EventInput,
  type EventQuery,
  type EventSessionInput,
  type EventSignupAdminQuery,
  type EventSignupRequest,
  type EventSignupStatus,
  type EventStatus,
  type EventVersionRequest,
  type StaffEventCountersQuery,
  type EventWalkInRequest,
  type MyEventQuery,
  type MyEventTab,
} from '@member/shared';
import { Type } from 'class-transformer';
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
  ValidateNested,
} from 'class-validator';
import { IntWithin, TextWithin } from '../../../common/limit-validators';
import { Nullable } from '../../../common/nullable';
import { DayRangePageDto, PageDto } from '../../../common/page.dto';
import { IsCalendarDay, QueryId, QueryText } from '../../../common/query-fields';
import { IsPlainText } from '../../../common/text.validator';
import { REQUEST_ID } from '../../coupons/dto/coupons.dto';

const FEE_KINDS: EventFeeKind[] = ['FREE', 'POINTS', 'CASH'];
const STATUSES: EventStatus[] = ['DRAFT', 'PUBLISHED', 'CLOSED', 'CANCELLED'];
const SIGNUP_STATUSES: EventSignupStatus[] = [
  'CONFIRMED',
  'WAITLISTED',
  'PENDING_PAYMENT',
  'CHECKED_IN',
  'NO_SHOW',
  'CANCELLED',
];
const TABS: MyEventTab[] = ['UPCOMING', 'PAST', 'CANCELLED'];
const ID = () => [IsInt(), Min(1), Max(2_147_483_647)];
const id = (): PropertyDecorator => (target, key) => ID().forEach((d) => d(target, key));
const time = (label: string) => IsISO8601({ strict: true }, { message: `${label}须为日期时间` });
const VERSION = () => [IsInt(), Min(0), Max(2_147_483_647)];
const version = (): PropertyDecorator => (target, key) => VERSION().forEach((d) => d(target, key));

export class EventSessionInputDto implements EventSessionInput {
  @Nullable() @IsOptional() @id() id?: number | null;
  @time('场次开始时间') startsAt!: string;
  @time('场次结束时间') endsAt!: string;
  @IntWithin(L.capacity) capacity!: number;
}

export class EventInputDto implements EventInput {
  @TextWithin('活动名称', T.title) title!: string;
  @IsArray({ message: '海报须为列表' })
  @ArrayMaxSize(EVENT_MAX_POSTERS, { message: `海报最多 ${EVENT_MAX_POSTERS} 张` })
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(2_147_483_647, { each: true })
  posterIds!: number[];
  @TextWithin('活动介绍', T.description, { multiline: true }) description!: string;
  @id() storeId!: number;
  @Nullable() @IsOptional() @TextWithin('活动地点', T.address) address!: string | null;
  @time('活动开始时间') startsAt!: string;
  @time('活动结束时间') endsAt!: string;
  @time('报名开始时间') signupStartsAt!: string;
  @time('报名截止时间') signupEndsAt!: string;
  @IntWithin(L.capacity) capacity!: number;
  @Nullable()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { each: true, message: '会员等级代码格式不正确' })
  tierCodes!: string[] | null;
  @IsIn(FEE_KINDS, { message: '报名费用须为免费、积分或现金' }) feeKind!: EventFeeKind;
  @IntWithin(L.feePoints) feePoints!: number;
  @IntWithin(L.feeFen) feeFen!: number;
  @IntWithin(L.maxCompanions) maxCompanions!: number;
  @time('取消截止时间') cancelDeadline!: string;
  @IntWithin(L.rewardPoints) rewardPoints!: number;
  @Nullable() @IsOptional() @id() rewardCouponTemplateId!: number | null;
  @IsOptional()
  @IsArray({ message: '场次须为列表' })
  @ArrayMaxSize(EVENT_MAX_SESSIONS, { message: `场次最多 ${EVENT_MAX_SESSIONS} 个` })
  @ValidateNested({ each: true })
  @Type(() => EventSessionInputDto)
  sessions?: EventSessionInputDto[];
}

export class UpdateEventDto extends EventInputDto {
  @version() version!: number;
}

export class EventVersionDto implements EventVersionRequest {
  @version() version!: number;
}

export class EventCancelDto implements EventCancelRequest {
  @version() version!: number;
  @TextWithin('取消原因', T.cancelReason, { multiline: true }) reason!: string;
}

export class EventAdminQueryDto extends DayRangePageDto implements EventAdminQuery {
  @IsOptional() @IsIn(STATUSES, { message: '活动状态无效' }) status?: EventStatus;
  @IsOptional() @QueryId() storeId?: number;
  @IsOptional() @QueryText(32) q?: string;
}

export class EventSignupAdminQueryDto extends PageDto implements EventSignupAdminQuery {
  @IsOptional() @IsIn(SIGNUP_STATUSES, { message: '报名状态无效' }) status?: EventSignupStatus;
  @IsOptional() @QueryText(16) memberNo?: string;
  @IsOptional() @QueryId() sessionId?: number;
}

export class StaffEventCountersQueryDto implements StaffEventCountersQuery {
  @IsOptional() @QueryId() sessionId?: number;
}

export class EventQueryDto extends PageDto implements EventQuery {
  @IsOptional() @QueryId() storeId?: number;
  @IsOptional() @IsCalendarDay() date?: string;
}

export class MyEventQueryDto extends PageDto implements MyEventQuery {
  @IsOptional() @IsIn(TABS, { message: 'tab 须为 UPCOMING、PAST 或 CANCELLED' }) tab?: MyEventTab;
}

export class EventSignupDto implements EventSignupRequest {
  @IntWithin(L.companions) companions!: number;
  @IsOptional() @id() sessionId?: number;
  @IsOptional() @IsBoolean({ message: 'waitlist 须为 true 或 false' }) waitlist?: boolean;
  @IsString() @REQUEST_ID() requestId!: string;
}

export class EventCancelSignupDto implements EventCancelSignupRequest {
  @IsString() @REQUEST_ID() requestId!: string;
  @IsOptional() @id() sessionId?: number;
}

export class EventCheckinDto implements EventCheckinRequest {
  @TextWithin('签到码', T.checkinCode) code!: string;
  @IsOptional() @id() eventId?: number;
  @IsOptional() @id() sessionId?: number;
  @IsString() @REQUEST_ID() requestId!: string;
}

export class EventWalkInDto implements EventWalkInRequest {
  @IsOptional() @IsString() @Matches(/^\d{18}$/, { message: '会员码须为 18 位数字' }) memberCode?: string;
  @IsOptional() @IsString() @MaxLength(16) @IsPlainText() memberNo?: string;
  @IntWithin(L.companions) companions!: number;
  @IsOptional() @id() sessionId?: number;
  @IsString() @REQUEST_ID() requestId!: string;
}
