import { ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import type { CouponBatch } from '@member/shared';
import { Progress, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { couponBatchesApi } from '../../api/coupons';
import { useSession } from '../../auth/AuthContext';
import { showError } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { rowData } from '../../utils/labels';
import { BATCH_STATUS_ENUM } from './coupon-labels';
import { CreateBatchForm } from './CreateBatchForm';

const POLL_MS = 1500;
const count = (n: number) => n.toLocaleString('en-US');

function targetText(b: CouponBatch): string {
  const t = b.target;
  if (t.kind === 'ALL') return '全部会员';
  if (t.kind === 'TIER') return '会员等级';
  return `指定会员 ${count('count' in t ? t.count : t.memberNos.length)} 位`;
}

export function BatchProgress({ b }: { b: CouponBatch }) {
  const percent = b.total ? Math.floor((b.processed / b.total) * 100) : 100;
  return (
    <Space direction="vertical" size={0} style={{ width: 240 }} data-testid="batch-progress">
      <Progress
        percent={percent}
        size="small"
        status={b.status === 'RUNNING' ? 'active' : b.status === 'STOPPED' ? 'exception' : 'success'}
      />
      <Typography.Text type="secondary" data-testid="batch-counts">
        已处理 {count(b.processed)} / {count(b.total)} · 发出 {count(b.issued)} · 跳过 {count(b.skipped)}
      </Typography.Text>
      {b.stopReason && <Typography.Text type="warning">{b.stopReason}</Typography.Text>}
    </Space>
  );
}

/** Batches, newest first; running ones are polled until they finish so the bars move on their own. */
export function BatchTable({ templateId }: { templateId?: number }) {
  const { permissions } = useSession();
  const actionRef = useRef<ActionType>();
  const [rows, setRows] = useState<CouponBatch[]>([]);
  const [live, setLive] = useState<Record<number, CouponBatch>>({});
  const running = rows.filter((r) => (live[r.id] ?? r).status === 'RUNNING').map((r) => r.id);
  const runningKey = running.join(',');

  useEffect(() => {
    if (!runningKey) return;
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const fresh = await Promise.all(runningKey.split(',').map((id) => couponBatchesApi.get(Number(id))));
        if (stopped) return;
        setLive((prev) => ({ ...prev, ...Object.fromEntries(fresh.map((b) => [b.id, b])) }));
      } catch (e) {
        showError(e);
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [runningKey]);

  const columns: ProColumns<CouponBatch>[] = [
    { title: '创建时间', dataIndex: 'createdAt', width: 170, render: (_, b) => formatTime(b.createdAt) },
    {
      title: '优惠券',
      dataIndex: 'templateName',
      width: 180,
      ellipsis: true,
      hideInTable: !!templateId,
      render: (_, b) => <Link to={`/coupons/templates/${b.templateId}`}>{b.templateName}</Link>,
    },
    { title: '发放对象', key: 'target', width: 140, render: (_, b) => targetText(b) },
    { title: '说明', dataIndex: 'note', ellipsis: true },
    {
      title: '进度',
      key: 'progress',
      width: 280,
      render: (_, b) => <BatchProgress b={live[b.id] ?? b} />,
    },
    {
      title: '状态',
      dataIndex: 'status',
      valueEnum: BATCH_STATUS_ENUM,
      width: 90,
      render: (_, b) => BATCH_STATUS_ENUM[(live[b.id] ?? b).status].text,
    },
    { title: '操作人', dataIndex: 'createdBy', width: 100 },
    {
      title: '完成时间',
      dataIndex: 'finishedAt',
      width: 170,
      render: (_, b) => formatTime((live[b.id] ?? b).finishedAt),
    },
  ];

  return (
    <div data-testid="batch-table">
      <ProTable<CouponBatch>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={false}
        options={{ reload: true, density: false, setting: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        onRow={(b) => rowData({ 'data-testid': 'batch-row', 'data-status': (live[b.id] ?? b).status })}
        toolBarRender={() =>
          permissions.manageCoupons
            ? [
                <CreateBatchForm
                  key="create"
                  templateId={templateId}
                  onCreated={() => void actionRef.current?.reload()}
                />,
              ]
            : []
        }
        request={async (params) => {
          try {
            const page = await couponBatchesApi.list({ templateId, page: params.current, pageSize: params.pageSize });
            setRows(page.items);
            setLive({});
            return { data: page.items, total: page.total, success: true };
          } catch (e) {
            showError(e);
            return { data: [], total: 0, success: false };
          }
        }}
      />
    </div>
  );
}
