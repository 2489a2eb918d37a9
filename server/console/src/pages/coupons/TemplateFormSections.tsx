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
  COUPON_KIND_LABELS,
  COUPON_LIMITS as L,
  COUPON_TEXT_LIMITS as T,
  fenOfYuanInput,
  lengthMessage,
  type CouponKind,
  type CouponTrigger,
  type Store,
  type Tier,
} from '@member/shared';
import type { FormInstance } from 'antd';
import dayjs from 'dayjs';
import { storeOptions } from '../../components/useStores';
import { intRule, yuanRule } from '../loyalty/form-rules';
import { TRIGGER_HELP, TRIGGER_LABELS } from './coupon-labels';
import { requiredRange, zheRule } from './template-form';

// The four sections of the template form. No min/max on number inputs: antd would clamp silently; the rules
// (shared COUPON_LIMITS, as the server checks) say what is wrong instead.

const KIND_HELP: Record<CouponKind, string> = {
  CASH_OFF: '满足门槛后直接减去固定金额，例如满 100 减 20',
  PERCENT_OFF: '按比例打折，可设最多优惠金额，例如 8.5 折最多减 30 元',
  EXCHANGE: '凭券兑换指定商品，可在收银时单独核销',
};

const yuan = { prefix: '¥', style: { width: 200 } };

export function KindFields({ kind }: { kind: CouponKind }) {
  return (
    <>
      <ProFormRadio.Group
        name="kind"
        label="券类型"
        radioType="button"
        options={(Object.keys(COUPON_KIND_LABELS) as CouponKind[]).map((k) => ({
          label: COUPON_KIND_LABELS[k],
          value: k,
        }))}
        extra={KIND_HELP[kind]}
      />
      <ProFormText
        name="name"
        label="券名称"
        placeholder="例如：新人满 100 减 20"
        fieldProps={{ maxLength: T.name.max, showCount: true }}
        rules={[
          { required: true, whitespace: true, message: '请输入券名称' },
          { max: T.name.max, message: lengthMessage('券名称', T.name) },
        ]}
      />
      {kind === 'CASH_OFF' && (
        <ProFormGroup>
          <ProFormDigit
            name="faceValueYuan"
            label="优惠金额（元）"
            fieldProps={yuan}
            rules={[{ required: true, message: '请输入优惠金额' }, yuanRule(L.faceValueFen)]}
          />
          <ProFormDigit
            name="minSpendYuan"
            label="使用门槛（元）"
            tooltip="消费满多少元可用；不填或 0 为无门槛"
            fieldProps={yuan}
            dependencies={['faceValueYuan']}
            rules={[
              yuanRule(L.minSpendFen),
              ({ getFieldValue }: Pick<FormInstance, 'getFieldValue'>) => ({
                validator: (_: unknown, v: number | null) => {
                  const face = fenOfYuanInput(getFieldValue('faceValueYuan') as number | null);
                  const min = fenOfYuanInput(v);
                  return !min || face == null || face <= min
                    ? Promise.resolve()
                    : Promise.reject(new Error('优惠金额不能超过使用门槛'));
                },
              }),
            ]}
          />
        </ProFormGroup>
      )}
      {kind === 'PERCENT_OFF' && (
        <ProFormGroup>
          <ProFormDigit
            name="discountZhe"
            label="折扣（折）"
            tooltip="8.5 即 8.5 折（优惠 15%）"
            fieldProps={{ addonAfter: '折', style: { width: 160 } }}
            rules={[{ required: true, message: '请输入折扣' }, zheRule]}
          />
          <ProFormDigit
            name="maxDiscountYuan"
            label="最多优惠（元）"
            tooltip="不填为不封顶"
            fieldProps={yuan}
            rules={[yuanRule(L.maxDiscountFen)]}
          />
          <ProFormDigit
            name="minSpendYuan"
            label="使用门槛（元）"
            tooltip="不填或 0 为无门槛"
            fieldProps={yuan}
            rules={[yuanRule(L.minSpendFen)]}
          />
        </ProFormGroup>
      )}
      {kind === 'EXCHANGE' && (
        <ProFormGroup>
          <ProFormText
            name="itemName"
            label="兑换商品"
            placeholder="例如：拿铁一杯"
            width="md"
            fieldProps={{ maxLength: T.itemName.max, showCount: true }}
            rules={[
              { required: true, whitespace: true, message: '请输入兑换的商品' },
              { max: T.itemName.max, message: lengthMessage('兑换商品', T.itemName) },
            ]}
          />
          <ProFormDigit
            name="faceValueYuan"
            label="商品价值（元）"
            tooltip="用于统计让利金额，也展示给会员"
            fieldProps={yuan}
            rules={[{ required: true, message: '请输入商品价值' }, yuanRule(L.faceValueFen)]}
          />
        </ProFormGroup>
      )}
    </>
  );
}

export function IssueFields({
  trigger,
  unlimited,
  issued,
}: {
  trigger: CouponTrigger;
  unlimited: boolean;
  issued: number;
}) {
  return (
    <>
      <ProFormSelect
        name="trigger"
        label="发放方式"
        width="md"
        allowClear={false}
        options={(Object.keys(TRIGGER_LABELS) as CouponTrigger[]).map((t) => ({ label: TRIGGER_LABELS[t], value: t }))}
        extra={TRIGGER_HELP[trigger]}
        rules={[{ required: true, message: '请选择发放方式' }]}
      />
      <ProFormGroup>
        <ProFormSwitch name="unlimited" label="不限量" />
        {!unlimited && (
          <ProFormDigit
            name="totalStock"
            label="总库存（张）"
            tooltip={issued ? `已发出 ${issued} 张，库存不能少于此数` : '发完即止，领券中心显示“已领完”'}
            fieldProps={{ style: { width: 200 } }}
            rules={[
              { required: true, message: '请输入总库存，或选择不限量' },
              intRule(L.totalStock),
              {
                validator: (_: unknown, v: number | null) =>
                  v == null || v >= issued
                    ? Promise.resolve()
                    : Promise.reject(new Error(`总库存不能少于已发出的 ${issued} 张`)),
              },
            ]}
          />
        )}
        {trigger === 'CLAIM' && (
          <ProFormDigit
            name="perMemberLimit"
            label="每人限领（张）"
            fieldProps={{ style: { width: 160 } }}
            rules={[{ required: true, message: '请输入每人限领数量' }, intRule(L.perMemberLimit)]}
          />
        )}
      </ProFormGroup>
      {trigger === 'CLAIM' && (
        <ProFormDateTimeRangePicker
          name="claimWindow"
          label="领取时间"
          tooltip="不填为启用后即可领取、不设截止；按北京时间"
          fieldProps={{ allowEmpty: [true, true], placeholder: ['立即开始', '不设截止'] }}
          rules={[
            {
              validator: (_: unknown, v: [dayjs.Dayjs | null, dayjs.Dayjs | null] | null) =>
                !v?.[0] || !v?.[1] || v[0].isBefore(v[1])
                  ? Promise.resolve()
                  : Promise.reject(new Error('领取结束时间必须晚于开始时间')),
            },
          ]}
        />
      )}
    </>
  );
}

export function ValidityFields({ validityKind }: { validityKind: 'FIXED' | 'RELATIVE' }) {
  return (
    <>
      <ProFormRadio.Group
        name="validityKind"
        label="有效期类型"
        options={[
          { label: '领取后 N 天内有效', value: 'RELATIVE' },
          { label: '固定日期', value: 'FIXED' },
        ]}
      />
      {validityKind === 'FIXED' ? (
        <ProFormDateTimeRangePicker
          name="validityRange"
          label="有效期"
          tooltip="到结束时间的那一秒起不可再用；按北京时间"
          fieldProps={{
            showTime: { defaultValue: [dayjs('00:00:00', 'HH:mm:ss'), dayjs('23:59:59', 'HH:mm:ss')] },
          }}
          rules={[
            requiredRange('有效期'),
            {
              validator: (_: unknown, v: [dayjs.Dayjs, dayjs.Dayjs] | null) =>
                !v?.[0] || !v?.[1] || v[0].isBefore(v[1])
                  ? Promise.resolve()
                  : Promise.reject(new Error('有效期的结束时间必须晚于开始时间')),
            },
          ]}
        />
      ) : (
        <ProFormGroup>
          <ProFormDigit
            name="startsAfterDays"
            label="领取后几天生效"
            tooltip="0 = 领取即生效；1 = 次日 0 点生效"
            fieldProps={{ addonAfter: '天', style: { width: 160 } }}
            rules={[{ required: true, message: '请输入生效天数' }, intRule(L.startsAfterDays)]}
          />
          <ProFormDigit
            name="days"
            label="有效天数"
            tooltip="含生效当天，到第 N 天 24 点止"
            fieldProps={{ addonAfter: '天', style: { width: 160 } }}
            rules={[{ required: true, message: '请输入有效天数' }, intRule(L.validDays)]}
          />
        </ProFormGroup>
      )}
    </>
  );
}

export function ScopeFields({ tiers, stores, trigger }: { tiers: Tier[]; stores: Store[]; trigger: CouponTrigger }) {
  return (
    <>
      <ProFormSelect
        name="tierIds"
        label={trigger === 'TIER_UP' ? '升级到这些等级时发放' : '可领取的会员等级'}
        mode="multiple"
        placeholder={trigger === 'TIER_UP' ? '不选为升到任一等级时发放' : '不选为全部等级'}
        options={tiers.map((t) => ({ label: t.active ? t.name : `${t.name}（已停用）`, value: t.id }))}
      />
      <ProFormSelect
        name="storeIds"
        label="可用门店"
        mode="multiple"
        placeholder="不选为全部门店"
        fieldProps={{ showSearch: true, optionFilterProp: 'label' }}
        options={storeOptions(stores)}
      />
      <ProFormGroup>
        <ProFormSwitch
          name="stackable"
          label="可与其他券叠加"
          tooltip="默认每单限用一张；只有都可叠加的券才能同单使用"
        />
        <ProFormSwitch name="giftable" label="可转赠好友" tooltip="会员可把未使用的券分享给一位好友" />
      </ProFormGroup>
      <ProFormTextArea
        name="instructions"
        label="使用说明"
        placeholder="例如：周末及节假日通用；不与店内其他优惠同享"
        fieldProps={{ maxLength: T.instructions.max, showCount: true, autoSize: { minRows: 3, maxRows: 8 } }}
        rules={[{ max: T.instructions.max, message: lengthMessage('使用说明', T.instructions) }]}
      />
    </>
  );
}
