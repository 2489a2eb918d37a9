import { ModalForm, PageContainer, ProFormText, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import type { NoticeKindAdmin } from '@member/shared';
import { App, Button, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { useRef } from 'react';
import { noticesApi } from '../../api/notices';
import { useSession } from '../../auth/AuthContext';
import { showError, showSuccess } from '../../utils/feedback';
import { rowData } from '../../utils/labels';
import { NOTICE_CATEGORY_COLORS, NOTICE_CATEGORY_LABELS, NOTICE_STATUS_LABELS, noticeWhy } from './notice-labels';

const count = (n: number) => n.toLocaleString('en-US');

/** 修改模板 ID: the id of the template selected in the mini-program's WeChat console (公共模板库 → 我的模板). */
function TemplateForm({ kind, onSaved }: { kind: NoticeKindAdmin; onSaved: () => void }) {
  return (
    <ModalForm<{ templateId: string }>
      title={`${kind.label}：订阅消息模板`}
      width={520}
      trigger={
        <Typography.Link data-testid="notice-kind-template-edit">
          {kind.templateId ? '修改模板' : '设置模板'}
        </Typography.Link>
      }
      modalProps={{ destroyOnClose: true }}
      initialValues={{ templateId: kind.templateId ?? '' }}
      onFinish={async ({ templateId }) => {
        try {
          await noticesApi.updateKind(kind.kind, { templateId: templateId.trim() || null, version: kind.version });
          showSuccess('模板已保存');
          onSaved();
          return true;
        } catch (e) {
          showError(e);
          return false;
        }
      }}
    >
      <ProFormText
        name="templateId"
        label="模板 ID"
        placeholder="微信公众平台 → 订阅消息 → 我的模板中的模板 ID"
        tooltip="留空则不发送此类提醒，小程序也不会询问会员订阅"
        fieldProps={{ 'data-testid': 'notice-kind-template-input' } as object}
        rules={[{ max: 64, message: '模板 ID 不超过 64 个字符' }]}
      />
      {kind.keywords.length > 0 && (
        <Typography.Paragraph type="secondary">
          模板须包含以下关键词：{kind.keywords.map((k) => `${k.name}（${k.key}）`).join('、')}
        </Typography.Paragraph>
      )}
    </ModalForm>
  );
}

/** 测试接收人: the member (会员号, usually the operator's own) who gets this operator's 测试发送. */
function TestRecipientForm() {
  return (
    <ModalForm<{ memberNo: string }>
      title="测试接收人"
      width={440}
      trigger={<Button data-testid="notice-test-recipient">测试接收人</Button>}
      modalProps={{ destroyOnClose: true }}
      onFinish={async ({ memberNo }) => {
        try {
          await noticesApi.setTestRecipient(memberNo.trim());
          showSuccess('测试接收人已设置');
          return true;
        } catch (e) {
          showError(e);
          return false;
        }
      }}
    >
      <ProFormText
        name="memberNo"
        label="会员号"
        placeholder="您本人在小程序中的会员号"
        fieldProps={{ 'data-testid': 'notice-test-recipient-input' } as object}
        rules={[{ required: true, whitespace: true, message: '请输入会员号' }]}
      />
      <Typography.Paragraph type="secondary">
        测试发送会发到此会员绑定的微信，和正式提醒一样需要该会员在小程序中点过「允许」（每次允许可收一条）。
      </Typography.Paragraph>
    </ModalForm>
  );
}

/**
 * 提醒类型: each kind of care notice with its subscription template, its 7-day figures and whether it is
 * paused (by an operator, or by the engine itself after WeChat called the template or data wrong).
 */
export function NoticeKindsPage() {
  const { permissions } = useSession();
  const { modal } = App.useApp();
  const actionRef = useRef<ActionType>();
  const reload = () => void actionRef.current?.reload();

  const setPaused = (kind: NoticeKindAdmin, paused: boolean) =>
    modal.confirm({
      title: `${paused ? '暂停' : '恢复'}「${kind.label}」？`,
      content: paused
        ? '暂停后此类提醒不再发送（到期的提醒记为已跳过），小程序也不再询问会员订阅。会员已有的订阅次数保留。'
        : kind.pausedReason
          ? `此类提醒因「${kind.pausedReason}」被自动暂停。请先确认模板 ID 和关键词已修正，恢复后继续发送。`
          : '恢复后继续发送此类提醒，并在相关操作后询问会员订阅。',
      okText: paused ? '暂停' : '恢复',
      okButtonProps: { danger: paused, 'data-testid': 'notice-kind-pause-confirm' },
      cancelText: '取消',
      autoFocusButton: 'cancel',
      onOk: async () => {
        try {
          await noticesApi.updateKind(kind.kind, { paused, version: kind.version });
          showSuccess(paused ? '已暂停' : '已恢复');
        } catch (e) {
          showError(e);
        }
        reload();
      },
    });

  const testSend = async (kind: NoticeKindAdmin) => {
    try {
      const sent = await noticesApi.testSend({ kind: kind.kind });
      if (sent.status === 'SENT') showSuccess('已发送到测试接收人的微信');
      else showError(new Error(`测试发送未成功：${noticeWhy(sent) || NOTICE_STATUS_LABELS[sent.status]}`));
    } catch (e) {
      showError(e);
    }
    reload();
  };

  const columns: ProColumns<NoticeKindAdmin>[] = [
    {
      title: '提醒类型',
      dataIndex: 'label',
      width: 180,
      render: (_, k) => (
        <Space size={6}>
          <Tag color={NOTICE_CATEGORY_COLORS[k.category]}>{NOTICE_CATEGORY_LABELS[k.category]}</Tag>
          <span>{k.label}</span>
        </Space>
      ),
    },
    {
      title: '订阅消息模板',
      key: 'template',
      width: 250,
      render: (_, k) =>
        k.templateId ? (
          <Space direction="vertical" size={0}>
            <span>{k.templateTitle ?? '—'}</span>
            <Typography.Text
              type="secondary"
              copyable={{ text: k.templateId }}
              ellipsis={{ tooltip: k.templateId }}
              style={{ fontSize: 12, maxWidth: 220 }}
            >
              {k.templateId}
            </Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="warning">未设置模板</Typography.Text>
        ),
    },
    {
      title: '关键词',
      key: 'keywords',
      width: 210,
      render: (_, k) =>
        k.keywords.length ? (
          <Space size={[4, 4]} wrap>
            {k.keywords.map((w) => (
              <Tooltip key={w.key} title={w.key}>
                <Tag bordered={false}>{w.name}</Tag>
              </Tooltip>
            ))}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: '发送',
      key: 'paused',
      width: 160,
      render: (_, k) => (
        <Space direction="vertical" size={2}>
          <Space size={8}>
            <Switch
              size="small"
              checked={!k.paused}
              disabled={!permissions.manageNotices}
              data-testid="notice-kind-pause"
              onChange={(on) => setPaused(k, !on)}
            />
            <span>{k.paused ? '已暂停' : '发送中'}</span>
          </Space>
          {k.pausedReason && (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              {k.pausedReason}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '近 7 天',
      key: 'stats',
      width: 170,
      tooltip: '近 7 天计划发送的提醒及其结果',
      render: (_, k) => (
        <Space direction="vertical" size={0} style={{ fontSize: 13 }}>
          <span>
            计划 {count(k.planned)} · <Typography.Text type="success">发送 {count(k.sent)}</Typography.Text>
          </span>
          <Typography.Text type="secondary">
            跳过 {count(k.skipped)} ·{' '}
            <Typography.Text type={k.failed ? 'danger' : 'secondary'}>失败 {count(k.failed)}</Typography.Text>
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      valueType: 'option',
      width: 150,
      fixed: 'right',
      hideInTable: !permissions.manageNotices,
      render: (_, k) => [
        <TemplateForm key="template" kind={k} onSaved={reload} />,
        <Typography.Link
          key="test"
          data-testid="notice-kind-test-send"
          disabled={!k.templateId || k.paused}
          onClick={() => void testSend(k)}
        >
          测试发送
        </Typography.Link>,
      ],
    },
  ];

  return (
    <PageContainer
      title="提醒类型"
      content="每类关怀提醒对应一个微信订阅消息模板。服务类提醒到期即发；营销类需会员同意，并遵守免打扰时段和频次上限。会员每点一次「允许」可收到一次提醒。"
    >
      <div data-testid="notice-kind-table">
        <ProTable<NoticeKindAdmin>
          rowKey="kind"
          actionRef={actionRef}
          columns={columns}
          search={false}
          pagination={false}
          options={{ reload: true, density: false, setting: false }}
          scroll={{ x: 1120 }}
          toolBarRender={() => (permissions.manageNotices ? [<TestRecipientForm key="recipient" />] : [])}
          onRow={(k) => rowData({ 'data-testid': 'notice-kind-row', 'data-kind': k.kind })}
          request={async () => {
            try {
              const kinds = await noticesApi.kinds();
              return { data: kinds, success: true, total: kinds.length };
            } catch (e) {
              showError(e);
              return { data: [], success: false, total: 0 };
            }
          }}
        />
      </div>
    </PageContainer>
  );
}
