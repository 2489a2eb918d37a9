import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ProColumns } from '@ant-design/pro-components';
import {
  NOTICE_KIND_LABELS,
  NOTICE_STATUS_LABELS,
  type NoticeAdmin,
  type NoticeKind,
  type NoticeStatus,
} from '@member/shared';
import { Descriptions, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { noticesApi, type NoticeFilters } from '../../api/notices';
import { formatTime } from '../../utils/format';
import { rowData, toValueEnum } from '../../utils/labels';
import { useUrlFilters } from '../coupons/url-filters';
import { useRecordTable } from '../coupons/use-record-table';
import { NOTICE_STATUS_COLORS, noticeWhy } from './notice-labels';

const KEYS = ['kind', 'status', 'memberNo', 'from', 'to'] as const;
const KINDS = Object.keys(NOTICE_KIND_LABELS) as NoticeKind[];
const STATUSES = Object.keys(NOTICE_STATUS_LABELS) as NoticeStatus[];
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
// The day range is Beijing days: from its first instant to the next day's first instant.
const dayStart = (v: unknown) =>
  v ? dayjs.tz(dayjs(v as string).format('YYYY-MM-DD'), 'Asia/Shanghai').toISOString() : undefined;
const dayEnd = (v: unknown) =>
  v
    ? dayjs
        .tz(dayjs(v as string).format('YYYY-MM-DD'), 'Asia/Shanghai')
        .add(1, 'day')
        .toISOString()
    : undefined;

/** The table's search form values (and the URL's) → the route's query. */
export function noticeFiltersOf(p: Record<string, unknown>): NoticeFilters {
  const range = p.date as [unknown, unknown] | undefined;
  return {
    kind: KINDS.find((k) => k === p.kind),
    status: STATUSES.find((s) => s === p.status),
    memberNo: text(p.memberNo),
    from: range?.[0] ? dayStart(range[0]) : text(p.from),
    to: range?.[1] ? dayEnd(range[1]) : text(p.to),
  };
}

/** A notice's rendered data, as sent (or as it would have been sent), with its timeline. */
function NoticeDetail({ notice }: { notice: NoticeAdmin }) {
  const entries = Object.entries(notice.data);
  return (
    <Space direction="vertical" size={8} style={{ width: '100%' }} data-testid="notice-detail">
      {noticeWhy(notice) && (
        <Typography.Text type={notice.status === 'FAILED' ? 'danger' : 'secondary'}>
          原因：{noticeWhy(notice)}
        </Typography.Text>
      )}
      <Descriptions size="small" column={4} bordered>
        <Descriptions.Item label="计划发送">{formatTime(notice.dueAt)}</Descriptions.Item>
        <Descriptions.Item label="截止发送">{formatTime(notice.sendBy)}</Descriptions.Item>
        <Descriptions.Item label="发送时间">{formatTime(notice.sentAt)}</Descriptions.Item>
        <Descriptions.Item label="更新时间">{formatTime(notice.updatedAt)}</Descriptions.Item>
      </Descriptions>
      {entries.length ? (
        <Descriptions size="small" column={2} bordered title="模板数据">
          {entries.map(([key, value]) => (
            <Descriptions.Item key={key} label={key}>
              {value}
            </Descriptions.Item>
          ))}
        </Descriptions>
      ) : (
        <Typography.Text type="secondary">未生成模板数据</Typography.Text>
      )}
    </Space>
  );
}

/**
 * 发送记录: every planned notice and what became of it (sent, deferred or skipped and why, failed with WeChat's
 * errcode), filtered by kind, status, member no. and day (in the URL); a row unfolds its data; 导出 CSV.
 */
export function NoticeLogPage() {
  const url = useUrlFilters(KEYS);
  const records = useRecordTable<NoticeFilters, NoticeAdmin>({
    filtersOf: noticeFiltersOf,
    list: noticesApi.list,
    exportCsv: noticesApi.exportCsv,
    name: '提醒发送记录',
    unit: '条提醒',
    exportTestId: 'notice-export',
  });
  const { from, to, ...rest } = url.initial;
  const initial = {
    ...rest,
    date: from && to ? [dayjs(from).tz('Asia/Shanghai'), dayjs(to).tz('Asia/Shanghai').subtract(1, 'ms')] : undefined,
  };

  const columns: ProColumns<NoticeAdmin>[] = [
    {
      title: '提醒类型',
      dataIndex: 'kind',
      valueType: 'select',
      valueEnum: toValueEnum(NOTICE_KIND_LABELS),
      hideInTable: true,
    },
    {
      title: '状态',
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: toValueEnum(NOTICE_STATUS_LABELS),
      hideInTable: true,
    },
    { title: '会员号', dataIndex: 'memberNo', hideInTable: true },
    {
      title: '计划日期',
      dataIndex: 'date',
      valueType: 'dateRange',
      hideInTable: true,
      tooltip: '按计划发送时间，北京时间',
    },
    {
      title: '提醒类型',
      key: 'kindLabel',
      search: false,
      width: 150,
      render: (_, n) => NOTICE_KIND_LABELS[n.kind] ?? n.kind,
    },
    {
      title: '会员',
      key: 'member',
      search: false,
      width: 180,
      render: (_, n) => (
        <Space direction="vertical" size={0}>
          <span>{n.memberNo}</span>
          <Typography.Text type="secondary">{n.memberLabel}</Typography.Text>
        </Space>
      ),
    },
    {
      title: '状态',
      key: 'statusTag',
      search: false,
      width: 100,
      render: (_, n) => (
        <Tag color={NOTICE_STATUS_COLORS[n.status]} data-testid="notice-status">
          {NOTICE_STATUS_LABELS[n.status] ?? n.status}
        </Tag>
      ),
    },
    {
      title: '原因',
      key: 'why',
      search: false,
      width: 240,
      ellipsis: true,
      render: (_, n) => noticeWhy(n) || '—',
    },
    { title: '计划发送', key: 'dueAt', search: false, width: 170, render: (_, n) => formatTime(n.dueAt) },
    { title: '发送时间', key: 'sentAt', search: false, width: 170, render: (_, n) => formatTime(n.sentAt) },
  ];

  return (
    <PageContainer
      title="发送记录"
      content="每条计划中的关怀提醒及其结果：已发送、延后（免打扰或频次上限）、跳过（如会员未订阅、已过截止时间）或发送失败（微信错误码）。展开一行可查看发送的模板数据。"
    >
      <div data-testid="notice-table">
        <ProTable<NoticeAdmin>
          rowKey="id"
          columns={columns}
          search={{ labelWidth: 'auto', defaultCollapsed: false }}
          form={{ initialValues: initial }}
          onSubmit={(v) => url.save(noticeFiltersOf(v as Record<string, unknown>))}
          onReset={() => url.save({})}
          options={{ reload: true, density: false, setting: false }}
          pagination={{ defaultPageSize: 20, showSizeChanger: true }}
          scroll={{ x: 1010 }}
          expandable={{ expandedRowRender: (n) => <NoticeDetail notice={n} /> }}
          onRow={(n) => rowData({ 'data-testid': 'notice-row', 'data-kind': n.kind, 'data-status': n.status })}
          {...records}
        />
      </div>
    </PageContainer>
  );
}
