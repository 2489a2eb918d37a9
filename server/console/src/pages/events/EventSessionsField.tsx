import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { EVENT_LIMITS as L, EVENT_MAX_SESSIONS } from '@member/shared';
import { Button, DatePicker, Form, InputNumber, Space, TimePicker, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { intRule } from '../loyalty/form-rules';
import { sessionTimes, weeklyRows, type SessionRow } from './event-form';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** The list as a whole: at least one session, no two starting at once, at most EVENT_MAX_SESSIONS. */
const listRule = {
  validator: (_: unknown, rows: SessionRow[] | undefined) => {
    const list = rows ?? [];
    if (!list.length) return Promise.reject(new Error('请至少添加一个场次'));
    if (list.length > EVENT_MAX_SESSIONS) return Promise.reject(new Error(`场次最多 ${EVENT_MAX_SESSIONS} 个`));
    const starts = list.map((r) => sessionTimes(r)?.startsAt).filter(Boolean);
    return new Set(starts).size === starts.length
      ? Promise.resolve()
      : Promise.reject(new Error('有两个场次的开始时间相同，请删除重复的场次'));
  },
};

const hoursRule: Rule = {
  validator: (_, v: [Dayjs | null, Dayjs | null] | null | undefined) => {
    if (!v?.[0] || !v?.[1]) return Promise.reject(new Error('请选择时间'));
    return v[1].isAfter(v[0]) ? Promise.resolve() : Promise.reject(new Error('结束须晚于开始'));
  },
};

/**
 * 场次 of a recurring event: a list of rows (日期 + 时间 + 名额), rows added one by one or many at once with
 * 每周重复 (the first day and hours, N weeks, the seats of each). A session that members signed up for keeps
 * its id, so its sign-ups stay with it; the server refuses removing one that has sign-ups.
 */
export function EventSessionsField({ defaultCapacity }: { defaultCapacity: number }) {
  const form = Form.useFormInstance();
  const [first, setFirst] = useState<Dayjs | null>(null);
  const [hours, setHours] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [weeks, setWeeks] = useState<number | null>(4);
  const [seats, setSeats] = useState<number | null>(defaultCapacity);
  const ready = !!first && !!hours?.[0] && !!hours?.[1] && hours[1].isAfter(hours[0]) && !!weeks && !!seats;

  const repeat = () => {
    if (!ready) return;
    const rows = (form.getFieldValue('sessions') as SessionRow[] | undefined) ?? [];
    const added = weeklyRows(first, [hours[0]!, hours[1]!], Math.min(weeks, EVENT_MAX_SESSIONS), seats);
    form.setFieldsValue({ sessions: [...rows.filter((r) => r.date || r.id), ...added] });
    void form.validateFields(['sessions']);
  };

  return (
    <div data-testid="event-sessions">
      <Typography.Text strong>场次</Typography.Text>
      <div
        style={{
          background: '#fafafa',
          border: '1px solid #f0f0f0',
          borderRadius: 6,
          padding: 12,
          margin: '8px 0 12px',
        }}
      >
        <Space wrap align="center">
          <Typography.Text type="secondary">快速添加：</Typography.Text>
          <DatePicker
            placeholder="首场日期"
            value={first}
            onChange={setFirst}
            data-testid="session-repeat-date"
            style={{ width: 140 }}
          />
          <TimePicker.RangePicker
            format="HH:mm"
            minuteStep={5}
            placeholder={['开始', '结束']}
            value={hours}
            onChange={(v) => setHours(v as [Dayjs | null, Dayjs | null] | null)}
            data-testid="session-repeat-hours"
            style={{ width: 200 }}
          />
          <span>每周重复</span>
          <InputNumber
            min={1}
            max={EVENT_MAX_SESSIONS}
            precision={0}
            value={weeks}
            onChange={setWeeks}
            addonAfter="次"
            data-testid="session-repeat-weeks"
            style={{ width: 110 }}
          />
          <span>每场</span>
          <InputNumber
            min={L.capacity.min}
            max={L.capacity.max}
            precision={0}
            value={seats}
            onChange={setSeats}
            addonAfter="人"
            data-testid="session-repeat-seats"
            style={{ width: 120 }}
          />
          <Button onClick={repeat} disabled={!ready} data-testid="session-repeat-add">
            生成场次
          </Button>
        </Space>
      </div>
      <Form.List name="sessions" rules={[listRule]}>
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field, n) => (
              <Space key={field.key} align="baseline" data-testid="session-row" style={{ display: 'flex' }}>
                <Typography.Text type="secondary" style={{ width: 48, display: 'inline-block' }}>
                  第 {n + 1} 场
                </Typography.Text>
                <Form.Item name={[field.name, 'id']} hidden>
                  <InputNumber />
                </Form.Item>
                <Form.Item name={[field.name, 'date']} rules={[{ required: true, message: '请选择日期' }]}>
                  <DatePicker
                    placeholder="日期"
                    format={(d) => `${d.format('YYYY-MM-DD')} ${WEEKDAYS[d.day()]}`}
                    style={{ width: 170 }}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'hours']} rules={[hoursRule]}>
                  <TimePicker.RangePicker
                    format="HH:mm"
                    minuteStep={5}
                    placeholder={['开始', '结束']}
                    style={{ width: 200 }}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'capacity']}
                  rules={[{ required: true, message: '请输入名额' }, intRule(L.capacity)]}
                >
                  <InputNumber precision={0} addonAfter="人" placeholder="名额" style={{ width: 120 }} />
                </Form.Item>
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={`删除第 ${n + 1} 场`}
                  onClick={() => remove(field.name)}
                />
              </Space>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ capacity: defaultCapacity })}
              disabled={fields.length >= EVENT_MAX_SESSIONS}
              data-testid="session-add"
            >
              添加场次
            </Button>
            <Form.ErrorList errors={errors} />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              北京时间；每个场次单独计名额和候补，会员可报名多个场次。已有会员报名的场次不能删除，名额不能少于已报名人数。
            </Typography.Paragraph>
          </>
        )}
      </Form.List>
    </div>
  );
}
