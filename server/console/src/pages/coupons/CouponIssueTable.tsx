import { ProTable } from '@ant-design/pro-components';
import type { ProColumns } from '@ant-design/pro-components';
import type { AdminCouponQuery, AdminCouponRow, CouponSource, CouponStatus } from '@member/shared';
import { Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { couponRecordsApi } from '../../api/coupons';
import { useSession } from '../../auth/AuthContext';
import { formatTime } from '../../utils/format';
import { rowData, toValueEnum } from '../../utils/labels';
import { COUPON_SOURCE_LABELS, COUPON_STATUS_ENUM } from './coupon-labels';
import { numberOrUndefined, useUrlFilters } from './url-filters';
import { useTemplateOptions } from './useCouponOptions';
import { useRecordTable } from './use-record-table';

type Filters = Omit<AdminCouponQuery, 'page' | 'pageSize'>;
const KEYS = ['templateId', 'status', 'source', 'memberNo'] as const;

function queryOf(p: Record<string, unknown>, templateId?: number): Filters {
  return {
    templateId: templateId ?? numberOrUndefined(p.templateId),
    status: (p.status as CouponStatus) || undefined,
    source: (p.source as CouponSource) || undefined,
    memberNo: typeof p.memberNo === 'string' && p.memberNo.trim() ? p.memberNo.trim() : undefined,
  };
}

/** 发券记录: one row per coupon issued; `templateId` fixes the table to one template (its detail page). */
export function CouponIssueTable({ templateId }: { templateId?: number }) {
  const { permissions } = useSession();
  const { options } = useTemplateOptions();
  const url = useUrlFilters(KEYS);
  const records = useRecordTable<Filters, AdminCouponRow>({
    filtersOf: (p) => queryOf(p, templateId),
    list: couponRecordsApi.issues,
    exportCsv: couponRecordsApi.exportIssues,
    name: '发券记录',
    unit: '张券',
    exportTestId: 'issue-export',
  });
  const initial = templateId ? {} : { ...url.initial, templateId: numberOrUndefined(url.initial.templateId) };

  const columns: ProColumns<AdminCouponRow>[] = [
    {
      title: '券模板',
      dataIndex: 'templateId',
      valueType: 'select',
      hideInTable: true,
      search: templateId ? false : undefined,
      fieldProps: { options, showSearch: true, optionFilterProp: 'label' },
    },
    { title: '会员号', dataIndex: 'memberNo', hideInTable: true },
    { title: '发放时间', dataIndex: 'issuedAt', search: false, width: 170, render: (_, r) => formatTime(r.issuedAt) },
    {
      title: '券',
      dataIndex: 'name',
      search: false,
      width: 200,
      ellipsis: true,
      hideInTable: !!templateId,
      render: (_, r) => <Link to={`/coupons/templates/${r.templateId}`}>{r.name}</Link>,
    },
    { title: '券码', dataIndex: 'code', search: false, width: 190, copyable: true },
    {
      title: '会员',
      key: 'member',
      search: false,
      render: (_, r) => (
        <Space size={4}>
          {permissions.viewMemberRows ? (
            <Link to={`/members/${r.member.id}`}>{r.member.memberNo}</Link>
          ) : (
            r.member.memberNo
          )}
          <Typography.Text type="secondary">{r.member.nickname}</Typography.Text>
        </Space>
      ),
    },
    {
      title: '来源',
      dataIndex: 'source',
      valueType: 'select',
      valueEnum: toValueEnum(COUPON_SOURCE_LABELS),
      width: 110,
    },
    { title: '状态', dataIndex: 'status', valueType: 'select', valueEnum: COUPON_STATUS_ENUM, width: 100 },
    {
      title: '有效期至',
      dataIndex: 'validUntil',
      search: false,
      width: 170,
      render: (_, r) => formatTime(r.validUntil),
    },
    { title: '使用时间', dataIndex: 'usedAt', search: false, width: 170, render: (_, r) => formatTime(r.usedAt) },
  ];

  return (
    <div data-testid="issue-table">
      <ProTable<AdminCouponRow, Filters>
        rowKey="id"
        columns={columns}
        search={{ labelWidth: 'auto', defaultCollapsed: !!templateId }}
        form={{ initialValues: initial }}
        onSubmit={(v) => !templateId && url.save(v as Record<string, unknown>)}
        onReset={() => !templateId && url.save({})}
        options={{ reload: true, density: false, setting: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        onRow={(r) => rowData({ 'data-testid': 'issue-row', 'data-status': r.status })}
        {...records}
      />
    </div>
  );
}
