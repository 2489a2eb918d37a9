import {
  ProFormDateTimePicker,
  ProFormDateTimeRangePicker,
  ProFormDigit,
  ProFormGroup,
  ProFormRadio,
  ProFormSelect,
  ProFormText,
  ProFormTextArea,
} from '@ant-design/pro-components';
import {
  EVENT_FEE_KIND_LABELS,
  EVENT_LIMITS as L,
  EVENT_TEXT_LIMITS as T,
  lengthMessage,
  type EventFeeKind,
  type Store,
  type Tier,
} from '@member/shared';
import type { Rule } from 'antd/es/form';
import type { Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { storeOptions } from '../../components/useStores';
import { intRule, yuanRule } from '../loyalty/form-rules';
import type { Schedule, Venue } from './event-form';
import { EventSessionsField } from './EventSessionsField';

// The event editor's three steps. No min/max on number inputs: antd would clamp silently; the rules (shared
// EVENT_LIMITS, as the server checks) say what is wrong instead. Cross-field rules read the other steps'
// values through `other` (each step is its own form).

const int = { precision: 0, style: { width: 200 } };
// A session's cancellation closes at its start at the latest, at most 30 days before it.
const CANCEL_HOURS = { label: '取消截止', unit: '小时', min: 0, max: 720 };
const PICKER = { format: 'YYYY-MM-DD HH:mm', showTime: { format: 'HH:mm' } };
type Range = [Dayjs | null, Dayjs | null] | undefined;

const rangeRule = (what: string): Rule => ({
  validator: (_, v: Range) => {
    if (!v?.[0] || !v?.[1]) return Promise.reject(new Error(`请选择${what}`));
    return v[1].isAfter(v[0]) ? Promise.resolve() : Promise.reject(new Error(`${what}的结束须晚于开始`));
  },
});

export function BasicStepFields({
  stores,
  venue,
  schedule,
  scheduleLocked,
  defaultCapacity,
  posters,
}: {
  stores: Store[];
  venue: Venue;
  schedule: Schedule;
  /** An event that members signed up for keeps its kind (one occurrence or sessions). */
  scheduleLocked: boolean;
  /** Seats a new session row starts with. */
  defaultCapacity: number;
  /** The poster field (ImageUploadField: MediaAsset ids, the first is the cover). */
  posters: ReactNode;
}) {
  return (
    <>
      <ProFormText
        name="title"
        label="活动标题"
        placeholder="例如：周末咖啡品鉴会"
        fieldProps={{ maxLength: T.title.max, showCount: true }}
        rules={[
          { required: true, whitespace: true, message: '请输入活动标题' },
          { min: T.title.min, max: T.title.max, message: lengthMessage('活动标题', T.title) },
        ]}
      />
      {posters}
      <ProFormTextArea
        name="description"
        label="活动介绍"
        placeholder="流程、注意事项、需要携带的物品等，会员在活动详情页看到"
        fieldProps={{ maxLength: T.description.max, showCount: true, autoSize: { minRows: 3, maxRows: 8 } }}
        rules={[{ max: T.description.max, message: lengthMessage('活动介绍', T.description) }]}
      />
      <ProFormSelect
        name="storeId"
        label="举办门店"
        tooltip="该门店的店员负责签到，店长可查看报名名单"
        placeholder="请选择门店"
        options={storeOptions(stores.filter((s) => s.active))}
        fieldProps={{ showSearch: true, optionFilterProp: 'label', style: { width: 320 } }}
        rules={[{ required: true, message: '请选择举办门店' }]}
      />
      <ProFormRadio.Group
        name="venue"
        label="活动地点"
        radioType="button"
        options={[
          { label: '门店内', value: 'STORE' },
          { label: '其他地点', value: 'OTHER' },
        ]}
      />
      {venue === 'OTHER' && (
        <ProFormText
          name="address"
          label="详细地址"
          placeholder="例如：静安区南京西路 1266 号 3 楼多功能厅"
          fieldProps={{ maxLength: T.address.max, showCount: true }}
          rules={[
            { required: true, whitespace: true, message: '请输入活动地址' },
            { max: T.address.max, message: lengthMessage('活动地址', T.address) },
          ]}
        />
      )}
      <ProFormRadio.Group
        name="schedule"
        label="活动场次"
        radioType="button"
        disabled={scheduleLocked}
        options={[
          { label: '单场活动', value: 'ONCE' },
          { label: '多个场次（如每周课程）', value: 'SESSIONS' },
        ]}
        extra={scheduleLocked ? '已有会员报名，不能切换单场 / 多场次' : undefined}
      />
      {schedule === 'SESSIONS' ? (
        <EventSessionsField defaultCapacity={defaultCapacity} />
      ) : (
        <ProFormDateTimeRangePicker
          name="time"
          label="活动时间"
          tooltip="北京时间"
          fieldProps={{ ...PICKER, placeholder: ['开始时间', '结束时间'] }}
          rules={[{ required: true, message: '请选择活动时间' }, rangeRule('活动时间')]}
        />
      )}
    </>
  );
}

export function SignupStepFields({
  tiers,
  feeKind,
  feeLocked,
  startsAt,
  seatsTaken,
  schedule,
}: {
  tiers: Tier[];
  feeKind: EventFeeKind;
  /** Published events keep the fee members signed up on. */
  feeLocked: boolean;
  /** The event's start (from step 1): sign-up and cancellation end by then (with sessions: the last one's). */
  startsAt: Dayjs | null;
  seatsTaken: number;
  schedule: Schedule;
}) {
  const bySession = schedule === 'SESSIONS';
  const beforeStart = (what: string): Rule => ({
    validator: (_, v: Dayjs | Range | null) => {
      const end = Array.isArray(v) ? v[1] : v;
      const of = bySession ? '最后一个场次的' : '活动';
      return !end || !startsAt || !end.isAfter(startsAt)
        ? Promise.resolve()
        : Promise.reject(new Error(`${what}不能晚于${of}开始时间（${startsAt.format('YYYY-MM-DD HH:mm')}）`));
    },
  });
  return (
    <>
      <ProFormDateTimeRangePicker
        name="signupWindow"
        label="报名时间"
        tooltip={bySession ? '北京时间；每个场次的报名在该场开始时截止' : '北京时间；报名最晚在活动开始时截止'}
        fieldProps={{ ...PICKER, placeholder: ['开始报名', '截止报名'] }}
        rules={[{ required: true, message: '请选择报名时间' }, rangeRule('报名时间'), beforeStart('报名截止时间')]}
      />
      <ProFormGroup>
        {!bySession && (
          <ProFormDigit
            name="capacity"
            label="名额（人）"
            tooltip="按人数计，同行人也占名额；报满后会员可加入候补，有人取消时按报名先后递补"
            fieldProps={{ ...int, addonAfter: '人' }}
            extra={seatsTaken ? `已有 ${seatsTaken.toLocaleString('en-US')} 人报名，名额不能少于此数` : undefined}
            rules={[{ required: true, message: '请输入名额' }, intRule(L.capacity)]}
          />
        )}
        <ProFormDigit
          name="maxCompanions"
          label="每人可带同行人数"
          tooltip="0 = 仅限会员本人"
          fieldProps={{ ...int, addonAfter: '人' }}
          rules={[{ required: true, message: '请输入可带同行人数' }, intRule(L.maxCompanions)]}
        />
      </ProFormGroup>
      <ProFormSelect
        name="tierCodes"
        label="可报名等级"
        mode="multiple"
        placeholder="全部等级"
        allowClear
        options={tiers.map((t) => ({ label: t.name, value: t.code }))}
        fieldProps={{ style: { width: 400 } }}
        extra="不选为全部等级可报名"
      />
      <ProFormRadio.Group
        name="feeKind"
        label="报名费用"
        radioType="button"
        disabled={feeLocked}
        options={(['FREE', 'POINTS', 'CASH'] as EventFeeKind[]).map((k) => ({
          label: k === 'CASH' ? `${EVENT_FEE_KIND_LABELS.CASH}（现金）` : EVENT_FEE_KIND_LABELS[k],
          value: k,
        }))}
        extra={
          feeLocked
            ? '活动已发布，报名费用不能修改'
            : '积分报名在报名成功时扣除；现金报名费由会员微信支付，付款前名额保留至支付截止（超时释放给候补）。取消报名（截止前）或活动取消时全额退还'
        }
      />
      {feeKind === 'POINTS' && (
        <ProFormDigit
          name="feePoints"
          label="报名积分（每人）"
          disabled={feeLocked}
          fieldProps={{ ...int, addonAfter: '积分/人' }}
          rules={[{ required: true, message: '请输入报名所需积分' }, intRule({ ...L.feePoints, min: 1 })]}
        />
      )}
      {feeKind === 'CASH' && (
        <ProFormDigit
          name="feeYuan"
          label="报名费（每人，元）"
          disabled={feeLocked}
          fieldProps={{ stringMode: true, precision: 2, prefix: '¥', style: { width: 200 } }}
          rules={[{ required: true, message: '请输入每人报名费' }, yuanRule({ ...L.feeFen, min: 1 })]}
        />
      )}
      {bySession ? (
        <ProFormDigit
          name="cancelHours"
          label="取消截止（每场开始前）"
          tooltip="每个场次开始前这么多小时截止取消；此前会员可自行取消并退还报名费，名额按该场候补先后递补"
          fieldProps={{ ...int, addonAfter: '小时' }}
          rules={[{ required: true, message: '请输入开始前多少小时截止取消' }, intRule(CANCEL_HOURS)]}
        />
      ) : (
        <ProFormDateTimePicker
          name="cancelDeadline"
          label="取消截止时间"
          tooltip="北京时间；此前会员可自行取消并退还报名费，名额按候补先后递补"
          fieldProps={{ ...PICKER, placeholder: '取消截止时间' }}
          rules={[{ required: true, message: '请选择取消截止时间' }, beforeStart('取消截止时间')]}
        />
      )}
    </>
  );
}

export function RewardStepFields({ couponOptions }: { couponOptions: { label: string; value: number }[] }) {
  return (
    <>
      <ProFormDigit
        name="rewardPoints"
        label="签到奖励积分"
        tooltip="会员到场签到时发放，每个报名一次；0 = 不奖励积分"
        fieldProps={{ ...int, addonAfter: '积分' }}
        rules={[{ required: true, message: '请输入签到奖励积分（不奖励填 0）' }, intRule(L.rewardPoints)]}
      />
      <ProFormSelect
        name="rewardCouponTemplateId"
        label="签到奖励优惠券"
        placeholder="不发券"
        allowClear
        options={couponOptions}
        fieldProps={{ showSearch: true, optionFilterProp: 'label', style: { width: 400 } }}
        extra="签到时发放一张到会员卡包"
      />
    </>
  );
}
