import { ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { formatCny, type CouponUseQuery, type CouponUseRow } from '@member/shared';
import { Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef } from 'react';
import { Link } from 'react-router-dom';
import { couponRecordsApi } from '../../api/coupons';
import { useSession } from '../../auth/AuthContext';
import { storeOptions, useStores } from '../../components/useStores';
import { formatTime } from '../../utils/format';
import { rowData } from '../../utils/labels';
import { numberOrUndefined, useUrlFilters } from './url-filters';
import { useStaffOptions, useTemplateOptions } from './useCouponOptions';
import { useRecordTable } from './use-record-table';
import { VoidRedemptionForm } from './VoidRedemptionForm';

type Filters = Omit<CouponUseQuery, 'page' | 'pageSize'>;
const KEYS = ['templateId', 'storeId', 'staffId', 'from', 'to'] as const;
const day = (v: unknown) => (v ? dayjs(v as string).format('YYYY-MM-DD') : undefined);

function queryOf(p: Record<string, unknown>, fixed: { templateId?: number; storeId?: number | null }): Filters {
  const range = p.usedAt as [unknown, unknown] | undefined;
  return {
    templateId: fixed.templateId ?? numberOrUndefined(p.templateId),
    storeId: fixed.storeId ?? numberOrUndefined(p.storeId),
    staffId: numberOrUndefined(p.staffId),
    from: day(range?.[0] ?? p.from),
    to: day(range?.[1] ?? p.to),
  };
}

/**
 * 核销记录: coupons used in sales and vouchers redeemed on their own; a stand-alone redemption can be voided
 * within the window. `templateId` fixes the table to one template.
 */
export function CouponUseTable({ templateId }: { templateId?: number }) {
  const { permissions } = useSession();
  const { stores } = useStores();
  const { options: templateOptions } = useTemplateOptions();
  const staffOptions = useStaffOptions();
  const actionRef = useRef<ActionType>();
  const url = useUrlFilters(KEYS);
  const fixed = { templateId, storeId: permissions.fixedStoreId };
  const records = useRecordTable<Filters, CouponUseRow>({
    filtersOf: (p) => queryOf(p, fixed),
    list: couponRecordsApi.uses,
    exportCsv: couponRecordsApi.exportUses,
    name: '核销记录',
    unit: '次核销',
    exportTestId: 'use-export',
  });
  const { from, to, ...rest } = url.initial;
  const initial = templateId
    ? {}
    : {
        templateId: numberOrUndefined(rest.templateId),
        storeId: numberOrUndefined(rest.storeId),
        staffId: numberOrUndefined(rest.staffId),
        usedAt: from && to ? [from, to] : undefined,
      };

  const columns: ProColumns<CouponUseRow>[] = [
    {
      title: '券模板',
      dataIndex: 'templateId',
      valueType: 'select',
      hideInTable: true,
      search: templateId ? false : undefined,
      fieldProps: { options: templateOptions, showSearch: true, optionFilterProp: 'label' },
    },
    {
      title: '核销日期',
      dataIndex: 'usedAt',
      valueType: 'dateRange',
      hideInTable: true,
    },
    { title: '核销时间', key: 'time', search: false, width: 170, render: (_, r) => formatTime(r.usedAt) },
    {
      title: '券',
      dataIndex: 'name',
      search: false,
      width: 180,
      ellipsis: true,
      hideInTable: !!templateId,
      render: (_, r) => <Link to={`/coupons/templates/${r.templateId}`}>{r.name}</Link>,
    },
    { title: '券码', dataIndex: 'code', search: false, width: 170 },
    {
      title: '方式 / 单号',
      key: 'ref',
      search: false,
      width: 190,
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          {r.kind === 'SALE' ? <Tag color="blue">随单使用</Tag> : <Tag color="purple">单独核销</Tag>}
          <Typography.Text type="secondary">{r.ref}</Typography.Text>
        </Space>
      ),
    },
    {
      title: '门店',
      dataIndex: 'storeId',
      valueType: 'select',
      width: 150,
      ellipsis: true,
      // Store managers only ever see their own store.
      search: permissions.viewStores ? undefined : false,
      fieldProps: { options: storeOptions(stores), showSearch: true, optionFilterProp: 'label' },
      render: (_, r) => r.storeName,
    },
    {
      title: '核销人',
      dataIndex: 'staffId',
      valueType: 'select',
      width: 110,
      ellipsis: true,
      search: staffOptions.length ? undefined : false,
      fieldProps: { options: staffOptions, showSearch: true, optionFilterProp: 'label' },
      render: (_, r) => r.staffName,
    },
    { title: '会员号', dataIndex: 'memberNo', search: false, width: 120 },
    {
      title: '优惠金额',
      dataIndex: 'discountFen',
      search: false,
      align: 'right',
      width: 110,
      render: (_, r) => formatCny(r.discountFen),
    },
    {
      title: '账单金额',
      dataIndex: 'billFen',
      search: false,
      align: 'right',
      width: 110,
      render: (_, r) => (r.kind === 'SALE' ? formatCny(r.billFen) : '—'),
    },
    {
      title: '状态',
      dataIndex: 'voided',
      search: false,
      width: 90,
      render: (_, r) => (r.voided ? <Tag>已撤销</Tag> : <Tag color="green">已核销</Tag>),
    },
    {
      title: '操作',
      key: 'actions',
      valueType: 'option',
      width: 100,
      hideInTable: !permissions.manageCoupons,
      render: (_, r) =>
        r.kind === 'REDEMPTION' && r.redemptionId && !r.voided
          ? [<VoidRedemptionForm key="void" row={r} onDone={() => void actionRef.current?.reload()} />]
          : [],
    },
  ];

  return (
    <div data-testid="use-table">
      <ProTable<CouponUseRow, Filters>
        rowKey={(r) => `${r.kind}-${r.ref}-${r.couponId}`}
        actionRef={actionRef}
        columns={columns}
        search={{ labelWidth: 'auto', defaultCollapsed: !!templateId }}
        form={{ initialValues: initial }}
        onSubmit={(v) => !templateId && url.save(queryOf(v as Record<string, unknown>, {}))}
        onReset={() => !templateId && url.save({})}
        options={{ reload: true, density: false, setting: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        // Wider than the page on small screens: scroll sideways rather than squeeze columns to a glyph a line.
        scroll={{ x: 1500 }}
        onRow={(r) => rowData({ 'data-testid': 'use-row', 'data-kind': r.kind, 'data-voided': String(r.voided) })}
        {...records}
      />
    </div>
  );
}
