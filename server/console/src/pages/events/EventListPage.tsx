import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import type { EventAdmin } from '@member/shared';
import { Button, Image, Space, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { eventsApi } from '../../api/events';
import { useSession } from '../../auth/AuthContext';
import { storeOptions, useStores } from '../../components/useStores';
import { showError } from '../../utils/feedback';
import { rowData } from '../../utils/labels';
import { numberOrUndefined, useUrlFilters } from '../coupons/url-filters';
import { EventStatusActions } from './EventStatusActions';
import { endText, EVENT_STATUS_ENUM, EVENT_STATUSES, feeText, minute, people } from './event-labels';

const KEYS = ['q', 'status', 'storeId', 'from', 'to'] as const;
const NO_POSTER = {
  width: 64,
  height: 36,
  borderRadius: 4,
  background: '#f5f5f5',
  color: 'rgba(0,0,0,.45)',
  fontSize: 12,
  lineHeight: '36px',
  textAlign: 'center',
} as const;
const day = (v: unknown) => (v ? dayjs(v as string).format('YYYY-MM-DD') : undefined);
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The table's search form values (and the URL's) → the route's query. */
function filtersOf(p: Record<string, unknown>) {
  const range = p.date as [unknown, unknown] | undefined;
  return {
    q: text(p.q),
    status: EVENT_STATUSES.find((s) => s === p.status),
    storeId: numberOrUndefined(p.storeId),
    from: day(range?.[0] ?? p.from),
    to: day(range?.[1] ?? p.to),
  };
}

/** 活动列表: every event with its time, sign-up window, seats and state; writers create, publish, close, cancel. */
export function EventListPage() {
  const { permissions } = useSession();
  const canManage = permissions.manageEvents;
  const { stores } = useStores();
  const navigate = useNavigate();
  const actionRef = useRef<ActionType>();
  const url = useUrlFilters(KEYS);
  const { from, to, ...rest } = url.initial;
  const initial = { ...rest, date: from && to ? [from, to] : undefined };
  const reload = () => void actionRef.current?.reload();

  const columns: ProColumns<EventAdmin>[] = [
    { title: '活动标题', dataIndex: 'q', hideInTable: true, fieldProps: { placeholder: '按标题查找' } },
    {
      title: '门店',
      dataIndex: 'storeId',
      valueType: 'select',
      hideInTable: true,
      // Store managers only ever see their own store's events (the server fixes it).
      search: permissions.viewStores ? undefined : false,
      fieldProps: {
        options: storeOptions(stores).map((o) => ({ ...o, value: String(o.value) })),
        showSearch: true,
        optionFilterProp: 'label',
      },
    },
    {
      title: '活动日期',
      dataIndex: 'date',
      valueType: 'dateRange',
      hideInTable: true,
      tooltip: '按开始时间，北京时间',
    },
    {
      title: '海报',
      key: 'poster',
      search: false,
      width: 80,
      render: (_, e) =>
        e.posters[0] ? (
          <Image
            src={e.posters[0].thumbUrl}
            preview={{ src: e.posters[0].url }}
            width={64}
            height={36}
            style={{ objectFit: 'cover', borderRadius: 4 }}
            alt=""
            data-testid="event-row-poster"
          />
        ) : (
          <div style={NO_POSTER}>无海报</div>
        ),
    },
    {
      title: '活动',
      key: 'title',
      search: false,
      width: 200,
      render: (_, e) => (
        <Space direction="vertical" size={0} style={{ maxWidth: '100%' }}>
          <Link to={`/events/${e.id}`} data-testid="event-open">
            <Typography.Text ellipsis={{ tooltip: e.title }} strong style={{ maxWidth: 180, color: 'inherit' }}>
              {e.title}
            </Typography.Text>
          </Link>
          <Typography.Text type="secondary" ellipsis={{ tooltip: e.address ?? e.store.name }} style={{ maxWidth: 180 }}>
            {e.store.name}
            {e.address ? ` · ${e.address}` : ''}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '活动时间',
      key: 'time',
      search: false,
      width: 150,
      render: (_, e) => (
        <Space direction="vertical" size={0}>
          <span>{minute(e.startsAt)}</span>
          <Typography.Text type="secondary">
            至 {endText(e.startsAt, e.endsAt)}
            {e.sessions.length ? ` · 共 ${e.sessions.length} 场` : ''}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '报名时间',
      key: 'signup',
      search: false,
      width: 150,
      render: (_, e) => (
        <Space direction="vertical" size={0}>
          <span>{minute(e.signupStartsAt)}</span>
          <Typography.Text type="secondary">至 {minute(e.signupEndsAt)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: '已报 / 名额',
      key: 'seats',
      search: false,
      align: 'right',
      width: 100,
      render: (_, e) => (
        <Typography.Text type={e.counters.seatsLeft === 0 ? 'danger' : undefined} data-testid="event-row-seats">
          {people(e.counters.seatsTaken)} / {people(e.counters.capacity)}
        </Typography.Text>
      ),
    },
    {
      title: '候补',
      key: 'waitlist',
      search: false,
      align: 'right',
      width: 60,
      render: (_, e) => people(e.counters.waitlistParties),
    },
    { title: '费用', key: 'fee', search: false, width: 110, render: (_, e) => feeText(e) },
    { title: '状态', dataIndex: 'status', valueType: 'select', valueEnum: EVENT_STATUS_ENUM, width: 80 },
    {
      title: '操作',
      key: 'actions',
      valueType: 'option',
      width: 160,
      fixed: 'right',
      render: (_, e) => [
        <Link key="detail" to={`/events/${e.id}`}>
          详情
        </Link>,
        e.status === 'DRAFT' || e.status === 'PUBLISHED' ? (
          canManage ? (
            <Link key="edit" to={`/events/${e.id}/edit`} data-testid="event-edit">
              编辑
            </Link>
          ) : (
            <Tooltip key="edit" title="无权限">
              <Typography.Link disabled>编辑</Typography.Link>
            </Tooltip>
          )
        ) : null,
        <EventStatusActions key="status" event={e} canManage={canManage} onDone={reload} asLinks withCancel={false} />,
      ],
    },
  ];

  return (
    <PageContainer
      title="活动列表"
      content="会员活动：课程、品鉴、宠物日、亲子派对等。发布后会员可在小程序「活动」报名，报满后可候补。"
    >
      <ProTable<EventAdmin>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={{ labelWidth: 'auto', defaultCollapsed: true }}
        form={{ initialValues: initial }}
        onSubmit={(v) => url.save(filtersOf(v as Record<string, unknown>))}
        onReset={() => url.save({})}
        options={{ reload: true, density: false, setting: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        scroll={{ x: 1090 }}
        onRow={(e) => rowData({ 'data-testid': 'event-row', 'data-event-id': String(e.id), 'data-status': e.status })}
        toolBarRender={() => [
          canManage ? (
            <Button
              key="create"
              type="primary"
              icon={<PlusOutlined />}
              data-testid="event-create"
              onClick={() => navigate('/events/new')}
            >
              新建活动
            </Button>
          ) : (
            <Tooltip key="create" title="无权限">
              <Button type="primary" icon={<PlusOutlined />} disabled>
                新建活动
              </Button>
            </Tooltip>
          ),
        ]}
        request={async (params) => {
          try {
            const page = await eventsApi.list({
              ...filtersOf(params),
              page: params.current,
              pageSize: params.pageSize,
            });
            return { data: page.items, total: page.total, success: true };
          } catch (e) {
            showError(e);
            return { data: [], total: 0, success: false };
          }
        }}
      />
    </PageContainer>
  );
}
