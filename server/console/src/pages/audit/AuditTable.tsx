import { ProTable } from '@ant-design/pro-components';
import type { ProColumns } from '@ant-design/pro-components';
import { AUDIT_ACTION_LABELS } from '@member/shared';
import type { ActorType, AuditLogEntry } from '@member/shared';
import { Space, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { auditApi } from '../../api/admin';
import { useSession } from '../../auth/AuthContext';
import { storeOptions, useStores } from '../../components/useStores';
import { showError } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import {
  ACTOR_TYPE_LABELS,
  TARGET_TYPE_LABELS,
  actorRoleLabel,
  auditActionLabel,
  toValueEnum,
} from '../../utils/labels';
import { AuditDetail } from './AuditDetail';

interface AuditFilters {
  action?: string;
  actorType?: ActorType;
  targetType?: string;
  targetId?: string;
  storeId?: number;
}

interface AuditTableProps {
  /** Fixed filters, e.g. one member's trail; when set the search form is hidden. */
  fixed?: Pick<AuditFilters, 'targetType' | 'targetId'>;
  title?: string;
}

function rowAttrs(): HTMLAttributes<HTMLElement> {
  const attrs: Record<string, string> = { 'data-testid': 'audit-row' };
  return attrs as HTMLAttributes<HTMLElement>;
}

export function AuditTable({ fixed, title }: AuditTableProps) {
  const { permissions } = useSession();
  const { stores } = useStores();

  const columns: ProColumns<AuditLogEntry>[] = [
    {
      title: '时间',
      dataIndex: 'createdAt',
      search: false,
      width: 170,
      render: (_, r) => formatTime(r.createdAt),
    },
    {
      title: '操作',
      dataIndex: 'action',
      valueType: 'select',
      valueEnum: toValueEnum(AUDIT_ACTION_LABELS),
      render: (_, r) => <Tag color="geekblue">{auditActionLabel(r.action)}</Tag>,
    },
    {
      title: '操作人',
      dataIndex: 'actorType',
      valueType: 'select',
      valueEnum: toValueEnum(ACTOR_TYPE_LABELS),
      render: (_, r) => (
        <Space size={4} wrap>
          <span>{r.actorName}</span>
          <Typography.Text type="secondary">
            {ACTOR_TYPE_LABELS[r.actorType] ?? r.actorType}
            {actorRoleLabel(r.actorRole) ? ` · ${actorRoleLabel(r.actorRole)}` : ''}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '门店',
      dataIndex: 'storeId',
      valueType: 'select',
      fieldProps: { options: storeOptions(stores), showSearch: true, optionFilterProp: 'label' },
      // Store managers only ever see their own store, so the filter would be noise.
      search: permissions.viewStores ? undefined : false,
      render: (_, r) => r.storeName ?? '—',
    },
    {
      title: '对象类型',
      dataIndex: 'targetType',
      valueType: 'select',
      valueEnum: toValueEnum(TARGET_TYPE_LABELS),
      hideInTable: true,
    },
    { title: '对象 ID', dataIndex: 'targetId', hideInTable: true },
    {
      title: '对象',
      key: 'target',
      search: false,
      render: (_, r) =>
        r.targetType ? `${TARGET_TYPE_LABELS[r.targetType] ?? r.targetType} #${r.targetId ?? ''}` : '—',
    },
    {
      title: '原因',
      dataIndex: 'reason',
      search: false,
      ellipsis: true,
      render: (_, r) => r.reason ?? '—',
    },
  ];

  return (
    <div data-testid="audit-table">
      <ProTable<AuditLogEntry, AuditFilters>
        rowKey="id"
        headerTitle={title}
        columns={columns}
        search={fixed ? false : { labelWidth: 'auto', defaultCollapsed: false }}
        options={fixed ? false : { reload: true, density: false, setting: false }}
        pagination={{ defaultPageSize: fixed ? 10 : 20, showSizeChanger: true }}
        params={fixed}
        expandable={{ expandedRowRender: (r) => <AuditDetail entry={r} /> }}
        onRow={rowAttrs}
        request={async (params) => {
          try {
            const page = await auditApi.list({
              action: params.action,
              actorType: params.actorType,
              targetType: params.targetType,
              targetId: params.targetId,
              storeId: params.storeId ?? permissions.fixedStoreId ?? undefined,
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
    </div>
  );
}
