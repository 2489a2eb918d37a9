import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import type { StoreFeedbackRow } from '@member/shared';
import { Rate, Space } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import { surveysApi } from '../../api/surveys';
import { showError } from '../../utils/feedback';
import { rowData } from '../../utils/labels';

const pct = (n: number, d: number) => (d ? `${Math.round((n * 100) / d)}%` : '—');

/** 门店评价: per store, over the events that ended in the period — answers, response rate, average, low ratings. */
export function StoreFeedbackPage() {
  const columns: ProColumns<StoreFeedbackRow>[] = [
    {
      title: '活动结束日期',
      dataIndex: 'range',
      valueType: 'dateRange',
      hideInTable: true,
      initialValue: [dayjs().subtract(89, 'day'), dayjs()],
    },
    { title: '门店', dataIndex: 'storeName', search: false },
    { title: '活动数', dataIndex: 'events', search: false, align: 'right', width: 90 },
    { title: '签到人数', dataIndex: 'checkedIn', search: false, align: 'right', width: 100 },
    {
      title: '评价数（回答率）',
      key: 'responses',
      search: false,
      align: 'right',
      width: 150,
      render: (_, r) => `${r.responses}（${pct(r.responses, r.checkedIn)}）`,
    },
    {
      title: '平均评分',
      key: 'avg',
      search: false,
      width: 200,
      render: (_, r) =>
        r.averageRating == null ? (
          '—'
        ) : (
          <Space>
            <Rate disabled allowHalf value={r.averageRating} style={{ fontSize: 13 }} />
            <span>{r.averageRating}</span>
          </Space>
        ),
    },
    { title: '低分评价', dataIndex: 'lowRatings', search: false, align: 'right', width: 100 },
    {
      title: '未结回访工单',
      key: 'openTasks',
      search: false,
      align: 'right',
      width: 130,
      render: (_, r) => (r.openTasks ? <Link to={`/surveys/tasks?storeId=${r.storeId}`}>{r.openTasks}</Link> : 0),
    },
  ];
  return (
    <PageContainer title="门店评价">
      <ProTable<StoreFeedbackRow>
        rowKey="storeId"
        columns={columns}
        search={{ labelWidth: 'auto' }}
        options={{ reload: true, density: false, setting: false }}
        pagination={false}
        onRow={(r) => rowData({ 'data-testid': 'store-feedback-row', 'data-store-id': String(r.storeId) })}
        request={async (p) => {
          const [from, to] = (p.range as string[] | undefined) ?? [];
          try {
            const rows = await surveysApi.stores({
              from: from ? dayjs(from).format('YYYY-MM-DD') : undefined,
              to: to ? dayjs(to).format('YYYY-MM-DD') : undefined,
            });
            return { data: rows, total: rows.length, success: true };
          } catch (e) {
            showError(e);
            return { data: [], total: 0, success: false };
          }
        }}
      />
    </PageContainer>
  );
}
