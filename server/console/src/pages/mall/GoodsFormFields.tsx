import {
  ProFormDateTimeRangePicker,
  ProFormDigit,
  ProFormGroup,
  ProFormRadio,
  ProFormSelect,
  ProFormSwitch,
  ProFormText,
  ProFormTextArea,
} from '@ant-design/pro-components';
import {
  lengthMessage,
  MALL_LIMITS as L,
  MALL_TEXT_LIMITS as T,
  type MallCategory,
  type MallGoodsKind,
  type MallLimitPeriod,
  type Store,
  type Tier,
} from '@member/shared';
import type { Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { storeOptions } from '../../components/useStores';
import { intRule, yuanRule } from '../loyalty/form-rules';
import { GOODS_KIND_HELP, GOODS_KIND_LABELS, LIMIT_PERIOD_LABELS, points } from './mall-labels';

// The goods editor's sections. No min/max on number inputs: antd would clamp silently; the rules (shared
// MALL_LIMITS, as the server checks) say what is wrong instead.

const KINDS = Object.keys(GOODS_KIND_LABELS) as MallGoodsKind[];
const PERIODS = Object.keys(LIMIT_PERIOD_LABELS) as MallLimitPeriod[];
const int = { precision: 0, style: { width: 200 } };

export function BasicFields({
  kind,
  kindLocked,
  categories,
  images,
}: {
  kind: MallGoodsKind;
  /** Goods already redeemed keep their kind (orders and the member's view depend on it). */
  kindLocked: boolean;
  categories: MallCategory[];
  /** The image field (ImageUploadField: MediaAsset ids, the first is the cover). */
  images: ReactNode;
}) {
  return (
    <>
      <ProFormRadio.Group
        name="kind"
        label="商品类型"
        radioType="button"
        disabled={kindLocked}
        options={KINDS.map((k) => ({ label: GOODS_KIND_LABELS[k], value: k }))}
        extra={kindLocked ? `${GOODS_KIND_HELP[kind]}（已有兑换，类型不能修改）` : GOODS_KIND_HELP[kind]}
      />
      <ProFormText
        name="name"
        label="商品名称"
        placeholder="例如：品牌帆布袋"
        fieldProps={{ maxLength: T.goodsName.max, showCount: true }}
        rules={[
          { required: true, whitespace: true, message: '请输入商品名称' },
          { max: T.goodsName.max, message: lengthMessage('商品名称', T.goodsName) },
        ]}
      />
      <ProFormSelect
        name="categoryId"
        label="商品分类"
        placeholder="未分类"
        allowClear
        options={categories.map((c) => ({ label: c.name, value: c.id }))}
        fieldProps={{ style: { width: 240 } }}
      />
      {images}
      <ProFormTextArea
        name="description"
        label="商品详情"
        placeholder="规格、使用说明、注意事项等，会员在商品详情页看到"
        fieldProps={{ maxLength: T.description.max, showCount: true, autoSize: { minRows: 3, maxRows: 8 } }}
        rules={[{ max: T.description.max, message: lengthMessage('商品详情', T.description) }]}
      />
    </>
  );
}

export function PriceFields({
  editing,
  unlimited,
  stockLeft,
  soldCount,
}: {
  editing: boolean;
  unlimited: boolean;
  stockLeft: number | null;
  soldCount: number;
}) {
  return (
    <>
      <ProFormGroup>
        <ProFormDigit
          name="pointsPrice"
          label="兑换积分"
          fieldProps={{ ...int, addonAfter: '积分' }}
          rules={[{ required: true, message: '请输入兑换所需积分' }, intRule(L.pointsPrice)]}
        />
        <ProFormDigit
          name="cashYuan"
          label="加价金额（元）"
          tooltip="积分 + 现金：会员兑换时另付的现金，通过微信支付；不填为纯积分兑换"
          placeholder="纯积分"
          // String mode: the typed text reaches the form as is ("9.90"), parsed to fen without a float.
          fieldProps={{ stringMode: true, precision: 2, prefix: '¥', style: { width: 200 } }}
          rules={[yuanRule(L.cashFen)]}
        />
      </ProFormGroup>
      {editing ? (
        <div style={{ marginBottom: 16 }} data-testid="goods-stock-note">
          当前库存 {stockLeft == null ? '不限量' : `${points(stockLeft)} 件`}，已兑 {points(soldCount)} 件。
          修改库存请在商品列表使用“库存调整”（记录原因并留痕）。
        </div>
      ) : (
        <ProFormGroup>
          <ProFormSwitch name="unlimitedStock" label="不限库存" />
          {!unlimited && (
            <ProFormDigit
              name="stock"
              label="初始库存（件）"
              fieldProps={int}
              rules={[{ required: true, message: '请输入初始库存' }, intRule(L.stock)]}
            />
          )}
        </ProFormGroup>
      )}
    </>
  );
}

export function RuleFields({
  kind,
  hasLimit,
  tiers,
  stores,
  couponOptions,
}: {
  kind: MallGoodsKind;
  hasLimit: boolean;
  tiers: Tier[];
  stores: Store[];
  couponOptions: { label: string; value: number }[];
}) {
  const pickup = kind === 'PHYSICAL' ? '自提' : '使用';
  return (
    <>
      <ProFormGroup>
        <ProFormDigit
          name="perMemberLimit"
          label="每人限兑（件）"
          placeholder="不限"
          tooltip="每位会员最多兑换的件数；不填为不限"
          fieldProps={int}
          rules={[intRule(L.perMemberLimit)]}
        />
        {hasLimit && (
          <ProFormSelect
            name="limitPeriod"
            label="限兑周期"
            tooltip="按北京时间的自然日、周（周一起）、月计算"
            options={PERIODS.map((p) => ({ label: LIMIT_PERIOD_LABELS[p], value: p }))}
            fieldProps={{ style: { width: 160 }, allowClear: false }}
          />
        )}
      </ProFormGroup>
      <ProFormSelect
        name="tierCodes"
        label="可兑换等级"
        mode="multiple"
        placeholder="全部等级"
        tooltip="不选为全部等级可兑换"
        options={tiers.map((t) => ({ label: t.active ? t.name : `${t.name}（已停用）`, value: t.code }))}
      />
      {kind === 'COUPON' ? (
        <ProFormSelect
          name="couponTemplateId"
          label="发放的优惠券"
          tooltip="兑换后立即发放一张到会员卡包；只能选择发放中的券"
          placeholder="选择优惠券"
          showSearch
          options={couponOptions}
          fieldProps={{ 'data-testid': 'goods-coupon' } as object}
          rules={[{ required: true, message: '请选择兑换后发放的优惠券' }]}
        />
      ) : (
        <ProFormGroup>
          <ProFormSelect
            name="pickupStoreIds"
            label={`${pickup}门店`}
            mode="multiple"
            placeholder="选择门店"
            options={storeOptions(stores.filter((s) => s.active))}
            fieldProps={{ style: { minWidth: 320 }, 'data-testid': 'goods-stores' } as object}
            rules={[{ required: true, type: 'array', min: 1, message: `请至少选择一家${pickup}门店` }]}
          />
          <ProFormDigit
            name="pickupDays"
            label={`${pickup}期限（天）`}
            tooltip={`兑换后在此天数内到店${pickup}，逾期订单自动取消并退回积分和库存`}
            fieldProps={int}
            rules={[{ required: true, message: `请输入${pickup}期限` }, intRule(L.pickupDays)]}
          />
        </ProFormGroup>
      )}
      <ProFormDateTimeRangePicker
        name="saleWindow"
        label="兑换时间"
        tooltip="不填为上架后即可兑换、不设截止；按北京时间"
        fieldProps={{ allowEmpty: [true, true], placeholder: ['上架即开始', '不设截止'] }}
        rules={[
          {
            validator: (_: unknown, v: [Dayjs | null, Dayjs | null] | null) =>
              !v?.[0] || !v?.[1] || v[0].isBefore(v[1])
                ? Promise.resolve()
                : Promise.reject(new Error('兑换结束时间必须晚于开始时间')),
          },
        ]}
      />
    </>
  );
}

export function DisplayFields() {
  return (
    <ProFormGroup>
      <ProFormDigit
        name="sortOrder"
        label="排序"
        tooltip="数字小的排在商城前面"
        fieldProps={int}
        rules={[{ required: true, message: '请输入排序' }, intRule(L.sortOrder)]}
      />
      <ProFormSwitch
        name="featured"
        label="推荐到首页"
        tooltip="上架且在兑换时间内的推荐商品显示在小程序首页的“推荐商品”"
        fieldProps={{ 'data-testid': 'goods-featured' } as object}
      />
    </ProFormGroup>
  );
}
