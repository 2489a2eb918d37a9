import { ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import {
  EVENT_SIGNUP_STATUS_LABELS,
  type EventSessionAdmin,
  type EventSignupAdmin,
  type EventSignupStatus,
} from '@member/shared';
import { Space, Tag, Typography } from 'antd';
import type { MutableRefObject } from 'react';
import { eventSignupsApi, type EventSignupFilters } from '../../api/events';
import { rowData } from '../../utils/labels';
import { useRecordTable } from '../coupons/use-record-table';
import { minute, people } from './event-labels';
import { sessionText } from './EventSessionsCard';
import { SignupPaymentCell } from './SignupPaymentCell';

export type SignupTab = 'signups' | 'waitlist' | 'checkins';

const STATUS_ENUM: Record<EventSignupStatus, { text: string; status: string }> = {
  CONFIRMED: { text: EVENT_SIGNUP_STATUS_LABELS.CONFIRMED, status: 'Processing' },
  PENDING_PAYMENT: { text: EVENT_SIGNUP_STATUS_LABELS.PENDING_PAYMENT, status: 'Warning' },
  CHECKED_IN: { text: EVENT_SIGNUP_STATUS_LABELS.CHECKED_IN, status: 'Success' },
  WAITLISTED: { text: EVENT_SIGNUP_STATUS_LABELS.WAITLISTED, status: 'Warning' },
  NO_SHOW: { text: EVENT_SIGNUP_STATUS_LABELS.NO_SHOW, status: 'Error' },
  CANCELLED: { text: EVENT_SIGNUP_STATUS_LABELS.CANCELLED, status: 'Default' },
};
const STATUSES = Object.keys(STATUS_ENUM) as EventSignupStatus[];
/** What each tab fixes (the waitlist and check-in tabs are one status each). */
const FIXED: Record<SignupTab, EventSignupStatus | undefined> = {
  signups: undefined,
  waitlist: 'WAITLISTED',
  checkins: 'CHECKED_IN',
};
const CSV_NAMES: Record<SignupTab, string> = { signups: '活动报名', waitlist: '活动候补', checkins: '活动签到' };

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The table's search form values (and the URL's) → the route's query, with the tab's fixed status. */
export function signupFiltersOf(tab: SignupTab, p: Record<string, unknown>): EventSignupFilters {
  return {
    status: FIXED[tab] ?? STATUSES.find((s) => s === p.status),
    memberNo: text(p.memberNo),
    sessionId: Number(p.sessionId) || undefined,
  };
}

/**
 * One tab of an event's people: 报名名单 (any status, filterable), 候补 (arrival order, position) or 签到 (who
 * came, when). Filters come from and go to the URL; 导出 CSV is exactly these rows (analysts get totals only).
 */
export function SignupTable({
  eventId,
  sessions,
  tab,
  initial,
  onFilters,
  actionRef,
}: {
  eventId: number;
  /** The event's sessions (empty: none): a 场次 filter and column. */
  sessions: EventSessionAdmin[];
  tab: SignupTab;
  initial: Record<string, string | undefined>;
  onFilters: (f: EventSignupFilters | Record<string, never>) => void;
  actionRef: MutableRefObject<ActionType | undefined>;
}) {
  const records = useRecordTable<EventSignupFilters, EventSignupAdmin>({
    filtersOf: (p) => signupFiltersOf(tab, p),
    list: (q) => eventSignupsApi.list(eventId, q),
    exportCsv: (q, fileName) => eventSignupsApi.exportCsv(eventId, q, fileName),
    name: CSV_NAMES[tab],
    unit: tab === 'waitlist' ? '组候补' : tab === 'checkins' ? '组签到' : '条报名',
    exportTestId: `signup-export-${tab}`,
  });

  const columns: ProColumns<EventSignupAdmin>[] = [
    {
      title: '状态',
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: STATUS_ENUM,
      hideInTable: true,
      search: tab === 'signups' ? undefined : false,
    },
    { title: '会员号', dataIndex: 'memberNo', hideInTable: true },
    ...(sessions.length
      ? [
          {
            title: '场次',
            dataIndex: 'sessionId',
            valueType: 'select',
            hideInTable: true,
            fieldProps: { 'data-testid': 'signup-session-filter', style: { minWidth: 260 } },
            valueEnum: Object.fromEntries(sessions.map((x) => [String(x.id), { text: sessionText(x) }])),
          } satisfies ProColumns<EventSignupAdmin>,
          {
            title: '场次',
            key: 'session',
            search: false,
            width: 200,
            render: (_, s) => (s.session ? sessionText(s.session) : '—'),
          } satisfies ProColumns<EventSignupAdmin>,
        ]
      : []),
    ...(tab === 'waitlist'
      ? [
          {
            title: '候补位置',
            key: 'position',
            search: false,
            width: 90,
            align: 'right',
            render: (_, s) => (s.waitlistPosition != null ? `第 ${s.waitlistPosition} 位` : '—'),
          } satisfies ProColumns<EventSignupAdmin>,
        ]
      : []),
    {
      title: '会员',
      key: 'member',
      search: false,
      width: 190,
      render: (_, s) => (
        <Space direction="vertical" size={0}>
          <Typography.Text copyable>{s.memberNo}</Typography.Text>
          <Typography.Text type="secondary" ellipsis style={{ maxWidth: 170 }}>
            {s.memberNickname}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '状态',
      key: 'statusBadge',
      dataIndex: 'status',
      search: false,
      valueEnum: STATUS_ENUM,
      width: 100,
    },
    {
      title: '人数',
      key: 'party',
      search: false,
      align: 'right',
      width: 110,
      render: (_, s) => (
        <Space size={4}>
          <span>{s.partySize} 人</span>
          {s.companions > 0 && <Typography.Text type="secondary">（含同行 {s.companions}）</Typography.Text>}
        </Space>
      ),
    },
    {
      title: '报名积分',
      key: 'fee',
      search: false,
      align: 'right',
      width: 110,
      render: (_, s) =>
        s.feePoints ? (
          <Space size={4}>
            <span>{people(s.feePoints)}</span>
            {s.feeRefunded && <Tag color="default">已退还</Tag>}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      // Cash events: the WeChat Pay order (its no. to find it in WeChat's bills) and the refund (重新退款).
      title: '报名费（微信支付）',
      key: 'payment',
      search: false,
      width: 220,
      render: (_, s) => (
        <SignupPaymentCell eventId={eventId} signup={s} onChanged={() => actionRef.current?.reload()} />
      ),
    },
    {
      title: tab === 'checkins' ? '签到时间' : '报名时间',
      key: 'time',
      search: false,
      width: 150,
      render: (_, s) => minute(tab === 'checkins' ? s.checkedInAt : s.createdAt),
    },
    {
      title: '说明',
      key: 'note',
      search: false,
      width: 220,
      render: (_, s) => {
        const notes = [
          s.walkIn ? '现场加入' : null,
          s.promotedAt ? `${minute(s.promotedAt)} 候补递补` : null,
          tab !== 'checkins' && s.checkedInAt ? `${minute(s.checkedInAt)} 签到` : null,
          s.checkedInByStaffId != null && tab === 'checkins' ? `店员 #${s.checkedInByStaffId}` : null,
          s.endReason,
          s.skipNote,
        ].filter(Boolean);
        return notes.length ? (
          <Typography.Text type="secondary" ellipsis={{ tooltip: notes.join('；') }} style={{ maxWidth: 200 }}>
            {notes.join('；')}
          </Typography.Text>
        ) : (
          '—'
        );
      },
    },
  ];

  return (
    <ProTable<EventSignupAdmin>
      rowKey="id"
      actionRef={actionRef}
      columns={columns}
      search={{ labelWidth: 'auto', defaultCollapsed: false }}
      form={{ initialValues: initial }}
      onSubmit={(v) => onFilters(signupFiltersOf(tab, v as Record<string, unknown>))}
      onReset={() => onFilters({})}
      options={{ reload: true, density: false, setting: false }}
      pagination={{ defaultPageSize: 20, showSizeChanger: true }}
      scroll={{ x: 900 }}
      onRow={(s) => rowData({ 'data-testid': 'signup-row', 'data-member-no': s.memberNo, 'data-status': s.status })}
      {...records}
    />
  );
}
