import { ModalForm, PageContainer, ProFormText, ProFormTextArea, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { SURVEY_RULES as R, type FollowUpStatus, type FollowUpTask } from '@member/shared';
import { Button, Rate, Space, Tag, Typography } from 'antd';
import { useRef } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { followUpApi } from '../../api/surveys';
import { useSession } from '../../auth/AuthContext';
import { storeOptions, useStores } from '../../components/useStores';
import { showError, showSuccess } from '../../utils/feedback';
import { rowData } from '../../utils/labels';
import { minute } from '../events/event-labels';
import { FOLLOW_UP_STATUS_ENUM } from './survey-labels';

/** 受理 (who handles it) or 处理完成 (what was done): each against the version shown, audited. */
function TaskAction({ task, onDone }: { task: FollowUpTask; onDone: () => void }) {
  if (task.status === 'RESOLVED') return null;
  const start = task.status === 'OPEN';
  return (
    <ModalForm<{ assignee?: string; resolution?: string }>
      title={start ? '受理回访工单' : '处理完成'}
      width={520}
      modalProps={{ destroyOnClose: true, maskClosable: false }}
      trigger={
        <Button size="small" type={start ? 'primary' : 'default'} data-testid={start ? 'task-start' : 'task-resolve'}>
          {start ? '受理' : '处理完成'}
        </Button>
      }
      submitter={{ submitButtonProps: { 'data-testid': 'task-submit' } }}
      onFinish={async (v) => {
        try {
          if (start) await followUpApi.start(task.id, task.version, v.assignee!.trim());
          else await followUpApi.resolve(task.id, task.version, v.resolution!.trim());
          showSuccess(start ? '已受理' : '工单已解决');
          onDone();
          return true;
        } catch (e) {
          showError(e);
          onDone();
          return false;
        }
      }}
    >
      <Typography.Paragraph type="secondary">
        {task.member.nickname}（{task.member.memberNo}）评价 {task.rating ?? '—'} 星：{task.comment || '未填写评价内容'}
      </Typography.Paragraph>
      {start ? (
        <ProFormText
          name="assignee"
          label="处理人"
          placeholder="例如 王店长"
          fieldProps={{ 'data-testid': 'task-assignee' } as object}
          rules={[
            { required: true, whitespace: true, message: '请填写处理人' },
            { max: R.assignee.max, message: `处理人最多 ${R.assignee.max} 个字` },
          ]}
        />
      ) : (
        <ProFormTextArea
          name="resolution"
          label="处理结果"
          placeholder="例如：已电话致歉，赠送下次活动名额"
          fieldProps={{ rows: 4, 'data-testid': 'task-resolution' } as object}
          rules={[
            { required: true, whitespace: true, message: '请填写处理结果' },
            {
              min: R.resolution.min,
              max: R.resolution.max,
              message: `处理结果须为 ${R.resolution.min}–${R.resolution.max} 个字`,
            },
          ]}
        />
      )}
    </ModalForm>
  );
}

/** 回访工单: low ratings' follow-ups by status and store; handle (受理) and resolve (处理完成) with a note. */
export function FollowUpTasksPage() {
  const { permissions } = useSession();
  const { stores } = useStores();
  const ref = useRef<ActionType>();
  const [search, setSearch] = useSearchParams();
  const storeParam = Number(search.get('storeId'));
  const initial = {
    status: search.get('status') ?? undefined,
    storeId: Number.isInteger(storeParam) && storeParam > 0 ? storeParam : undefined,
  };
  const columns: ProColumns<FollowUpTask>[] = [
    { title: '状态', dataIndex: 'status', valueType: 'select', valueEnum: FOLLOW_UP_STATUS_ENUM, width: 100 },
    {
      title: '门店',
      dataIndex: 'storeId',
      valueType: 'select',
      hideInSearch: permissions.fixedStoreId != null,
      fieldProps: { options: storeOptions(stores) },
      width: 130,
      render: (_, t) => t.store?.name ?? '—',
    },
    {
      title: '活动',
      key: 'event',
      search: false,
      width: 180,
      render: (_, t) => (t.event ? <Link to={`/events/${t.event.id}/feedback`}>{t.event.title}</Link> : '—'),
    },
    {
      title: '会员',
      key: 'member',
      search: false,
      width: 160,
      render: (_, t) => (
        <Space direction="vertical" size={0}>
          <Typography.Text copyable>{t.member.memberNo}</Typography.Text>
          <Typography.Text type="secondary">{t.member.nickname}</Typography.Text>
          {t.member.phoneMasked && <Typography.Text type="secondary">{t.member.phoneMasked}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: '评价',
      key: 'rating',
      search: false,
      width: 260,
      render: (_, t) => (
        <Space direction="vertical" size={2}>
          <Rate disabled value={t.rating ?? 0} style={{ fontSize: 13 }} />
          <Typography.Text>{t.comment || '—'}</Typography.Text>
          <span>
            {t.tags.map((x) => (
              <Tag key={x}>{x}</Tag>
            ))}
          </span>
        </Space>
      ),
    },
    {
      title: '处理',
      key: 'handling',
      search: false,
      width: 240,
      render: (_, t) => (
        <Space direction="vertical" size={0}>
          {t.assignee && <span>处理人：{t.assignee}</span>}
          {t.resolution && <Typography.Text>{t.resolution}</Typography.Text>}
          {t.resolvedAt && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t.resolvedBy} {minute(t.resolvedAt)} 处理完成
            </Typography.Text>
          )}
          {!t.assignee && <Typography.Text type="secondary">待受理</Typography.Text>}
        </Space>
      ),
    },
    { title: '创建时间', key: 'createdAt', search: false, width: 150, render: (_, t) => minute(t.createdAt) },
    {
      title: '操作',
      key: 'action',
      search: false,
      width: 110,
      fixed: 'right',
      render: (_, t) => <TaskAction task={t} onDone={() => ref.current?.reload()} />,
    },
  ];
  return (
    <PageContainer
      title="回访工单"
      content="评分不高于问卷的低分线时自动创建，由活动门店跟进：待处理 → 处理中 → 已解决。"
    >
      <ProTable<FollowUpTask>
        rowKey="id"
        actionRef={ref}
        columns={columns}
        search={{ labelWidth: 'auto', defaultCollapsed: false }}
        form={{ initialValues: initial }}
        onSubmit={(v) =>
          setSearch(
            Object.fromEntries(
              Object.entries({ status: v.status, storeId: v.storeId }).filter(([, x]) => x != null && x !== ''),
            ) as Record<string, string>,
          )
        }
        onReset={() => setSearch({})}
        options={{ reload: true, density: false, setting: false }}
        pagination={{ defaultPageSize: 20 }}
        scroll={{ x: 1100 }}
        onRow={(t) => rowData({ 'data-testid': 'task-row', 'data-status': t.status, 'data-id': String(t.id) })}
        request={async (p) => {
          try {
            const page = await followUpApi.list({
              status: (p.status as FollowUpStatus) || undefined,
              storeId: p.storeId ? Number(p.storeId) : undefined,
              page: p.current,
              pageSize: p.pageSize,
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
