import {
  MALL_LIMITS as L,
  MALL_MAX_IMAGES,
  MALL_TEXT_LIMITS as T,
  type MallCategoryInput,
  type MallGoodsInput,
  type MallGoodsKind,
  type MallGoodsStatus,
  type MallLimitPeriod,
  type MallOrderAdminQuery,
  type MallOrderQuery,
  type MallOrderStatus,
  type MallOrderTab,
  type MallRedeemRequest,
  type MallStockAdjustment,
} from '@member/shared';
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
  Min,
} from 'class-validator';
import { IntWithin, TextWithin } from '../../../common/limit-validators';
import { Nullable } from '../../../common/nullable';
import { DayRangePageDto, PageDto } from '../../../common/page.dto';
import { IsCalendarDay, QueryBoolean, QueryId, QueryText } from '../../../common/query-fields';
import { REQUEST_ID } from '../../coupons/dto/coupons.dto';

export const MALL_KINDS: MallGoodsKind[] = ['PHYSICAL', 'COUPON', 'SERVICE'];
const STATUSES: MallGoodsStatus[] = ['DRAFT', 'ON_SALE', 'OFF_SALE'];
const PERIODS: MallLimitPeriod[] = ['TOTAL', 'DAY', 'WEEK', 'MONTH'];
const ORDER_STATUSES: MallOrderStatus[] = ['PENDING_PAYMENT', 'READY', 'DONE', 'CANCELLED', 'EXPIRED'];
const TABS: MallOrderTab[] = ['ALL', 'PENDING', 'READY', 'DONE', 'ENDED'];
const ID = () => [IsInt(), Min(1), Max(2_147_483_647)];
const id = (): PropertyDecorator => (target, key) => ID().forEach((d) => d(target, key));

export class MallCategoryDto implements MallCategoryInput {
  @TextWithin('分类名称', T.categoryName) name!: string;
  @IntWithin(L.sortOrder) sortOrder!: number;
}

export class MallGoodsDto implements MallGoodsInput {
  @IsIn(MALL_KINDS, { message: '商品类型须为实物自提、优惠券或服务' }) kind!: MallGoodsKind;
  @TextWithin('商品名称', T.goodsName) name!: string;
  @Nullable() @IsOptional() @id() categoryId!: number | null;
  @TextWithin('商品描述', T.description, { multiline: true }) description!: string;
  @IsArray({ message: '图片须为列表' })
  @ArrayMaxSize(MALL_MAX_IMAGES, { message: `图片最多 ${MALL_MAX_IMAGES} 张` })
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(2_147_483_647, { each: true })
  imageIds!: number[];
  @IntWithin(L.pointsPrice) pointsPrice!: number;
  @IntWithin(L.cashFen) cashFen!: number;
  @Nullable() @IsOptional() @IntWithin(L.stock) stock!: number | null;
  @Nullable() @IsOptional() @IntWithin(L.perMemberLimit) perMemberLimit!: number | null;
  @IsIn(PERIODS, { message: '限兑周期须为总计、每天、每周或每月' }) limitPeriod!: MallLimitPeriod;
  @Nullable()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { each: true, message: '会员等级代码格式不正确' })
  tierCodes!: string[] | null;
  @IsArray()
  @ArrayMaxSize(200)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(2_147_483_647, { each: true })
  pickupStoreIds!: number[];
  @IntWithin(L.pickupDays) pickupDays!: number;
  @Nullable() @IsOptional() @id() couponTemplateId!: number | null;
  @Nullable() @IsOptional() @IsISO8601({ strict: true }, { message: '开始兑换时间须为日期时间' }) saleStartsAt!:
    string | null;
  @Nullable() @IsOptional() @IsISO8601({ strict: true }, { message: '结束兑换时间须为日期时间' }) saleEndsAt!:
    string | null;
  @IntWithin(L.sortOrder) sortOrder!: number;
  @IsBoolean({ message: '推荐须为是或否' }) featured!: boolean;
}

export class UpdateMallGoodsDto extends MallGoodsDto {
  @IsInt() @Min(0) @Max(2_147_483_647) version!: number;
}

export class MallGoodsStatusDto {
  @IsIn(STATUSES, { message: '状态须为草稿、上架或下架' }) status!: MallGoodsStatus;
  @IsInt() @Min(0) @Max(2_147_483_647) version!: number;
}

export class MallStockAdjustmentDto implements MallStockAdjustment {
  @IntWithin(L.stockDelta) delta!: number;
  @TextWithin('调整原因', T.stockReason, { multiline: true }) reason!: string;
  @IsInt() @Min(0) @Max(2_147_483_647) version!: number;
}

export class AdminMallGoodsQueryDto extends PageDto {
  @IsOptional() @IsIn(STATUSES) status?: MallGoodsStatus;
  @IsOptional() @QueryId() categoryId?: number;
  @IsOptional() @QueryText(32) q?: string;
}

export class MallGoodsQueryDto extends PageDto {
  @IsOptional() @QueryId() categoryId?: number;
  @IsOptional() @QueryText(32) q?: string;
  @IsOptional() @QueryBoolean() featured?: boolean;
}

export class MallRedeemDto implements MallRedeemRequest {
  @id() goodsId!: number;
  @IntWithin(L.quantity) quantity!: number;
  @IsOptional() @id() pickupStoreId?: number;
  @IsString() @REQUEST_ID() requestId!: string;
}

export class MallOrderQueryDto extends PageDto implements MallOrderQuery {
  @IsOptional() @IsIn(TABS, { message: 'tab 须为 ALL、PENDING、READY、DONE 或 ENDED' }) tab?: MallOrderTab;
}

const PICKUP_CODE = /^(?:MALL:)?\d{6}$/;

export class MallPickupLookupDto {
  @IsString() @Matches(PICKUP_CODE, { message: '自提码须为 6 位数字' }) code!: string;
}

export class MallPickupDto extends MallPickupLookupDto {
  @IsString() @REQUEST_ID() requestId!: string;
}

export class MallOrderAdminQueryDto extends DayRangePageDto implements MallOrderAdminQuery {
  @IsOptional() @IsIn(ORDER_STATUSES, { message: '订单状态无效' }) status?: MallOrderStatus;
  @IsOptional() @IsIn(MALL_KINDS, { message: '商品类型无效' }) kind?: MallGoodsKind;
  @IsOptional() @QueryId() storeId?: number;
  @IsOptional() @QueryId() goodsId?: number;
  @IsOptional() @QueryText(16) memberNo?: string;
}

export class MallDashboardQueryDto {
  @IsOptional() @IsCalendarDay() from?: string;
  @IsOptional() @IsCalendarDay() to?: string;
}
