import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import {
  formatCny,
  type MallGoodsAdmin,
  type MallGoodsKind,
  type MallOrderAdmin,
  type MallOrderStatus,
} from '@member/shared';
import { Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { mallGoodsApi, mallOrdersApi, type MallOrderFilters } from '../../api/mall';
import { useSession } from '../../auth/AuthContext';
import { storeOptions, useStores } from '../../components/useStores';
import { showError } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { rowData, toValueEnum } from '../../utils/labels';
import { numberOrUndefined, useUrlFilters } from '../coupons/url-filters';
import { useRecordTable } from '../coupons/use-record-table';
import { OrderDetailDrawer, withRetriedRefund } from './OrderDetailDrawer';
import { GOODS_KIND_COLORS, GOODS_KIND_LABELS, ORDER_STATUS_ENUM, points } from './mall-labels';

const KEYS = ['status', 'kind', 'storeId', 'goodsId', 'memberNo', 'from', 'to'] as const;
const STATUSES = Object.keys(ORDER_STATUS_ENUM) as MallOrderStatus[];
const KINDS = Object.keys(GOODS_KIND_LABELS) as MallGoodsKind[];
const day = (v: unknown) => (v ? dayjs(v as string).format('YYYY-MM-DD') : undefined);
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The table's search form values (and the URL's) → the route's query. */
export function orderFiltersOf(p: Record<string, unknown>): MallOrderFilters {
  const range = p.date as [unknown, unknown] | undefined;
  return {
    status: STATUSES.find((s) => s === p.status),
    kind: KINDS.find((k) => k === p.kind),
    storeId: numberOrUndefined(p.storeId),
    goodsId: numberOrUndefined(p.goodsId),
    memberNo: text(p.memberNo),
    from: day(range?.[0] ?? p.from),
    to: day(range?.[1] ?? p.to),
  };
}

/**
 * 兑换订单: every redemption with its state, filtered by status, kind, store, goods, member no. and day (all
 * in the URL); a row opens its detail; 导出 CSV of exactly those rows.
 */
export function OrdersPage() {
  const { permissions } = useSession();
  const { stores } = useStores();
  const actionRef = useRef<ActionType>();
  const url = useUrlFilters(KEYS);
  const records = useRecordTable<MallOrderFilters, MallOrderAdmin>({
    filtersOf: orderFiltersOf,
    list: mallOrdersApi.list,
    exportCsv: mallOrdersApi.exportCsv,
    name: '兑换订单',
    unit: '笔订单',
    exportTestId: 'order-export',
  });
  const { from, to, ...rest } = url.initial;
  const initial = { ...rest, date: from && to ? [from, to] : undefined };
  const [goods, setGoods] = useState<MallGoodsAdmin[]>([]);
  const [detail, setDetail] = useState<MallOrderAdmin | null>(null);

  useEffect(() => {
    mallGoodsApi.list({ pageSize: 100 }).then((p) => setGoods(p.items), showError);
  }, []);

  const columns: ProColumns<MallOrderAdmin>[] = [
    { title: '状态', dataIndex: 'status', valueType: 'select', valueEnum: ORDER_STATUS_ENUM, hideInTable: true },
    {
      title: '类型',
      dataIndex: 'kind',
      valueType: 'select',
      valueEnum: toValueEnum(GOODS_KIND_LABELS),
      hideInTable: true,
    },
    {
      title: '门店',
      dataIndex: 'storeId',
      valueType: 'select',
      hideInTable: true,
      // Store managers only ever see their own store's orders (the server fixes it).
      search: permissions.viewStores ? undefined : false,
      fieldProps: {
        options: storeOptions(stores).map((o) => ({ ...o, value: String(o.value) })),
        showSearch: true,
        optionFilterProp: 'label',
      },
    },
    {
      title: '商品',
      dataIndex: 'goodsId',
      valueType: 'select',
      hideInTable: true,
      fieldProps: {
        options: goods.map((g) => ({ label: g.name, value: String(g.id) })),
        showSearch: true,
        optionFilterProp: 'label',
      },
    },
    { title: '会员号', dataIndex: 'memberNo', hideInTable: true },
    { title: '下单日期', dataIndex: 'date', valueType: 'dateRange', hideInTable: true, tooltip: '北京时间' },
    {
      title: '订单号',
      key: 'orderNo',
      search: false,
      width: 190,
      fixed: 'left',
      render: (_, o) => (
        <Typography.Link data-testid="order-open" onClick={() => setDetail(o)}>
          {o.orderNo}
        </Typography.Link>
      ),
    },
    {
      title: '状态',
      key: 'statusBadge',
      dataIndex: 'status',
      search: false,
      valueEnum: ORDER_STATUS_ENUM,
      width: 90,
    },
    {
      title: '商品',
      key: 'goods',
      search: false,
      width: 240,
      render: (_, o) => (
        <Space size={6} style={{ maxWidth: '100%' }}>
          <Tag color={GOODS_KIND_COLORS[o.goods.kind]}>{GOODS_KIND_LABELS[o.goods.kind]}</Tag>
          <Typography.Text ellipsis={{ tooltip: o.goods.name }} style={{ maxWidth: 150 }}>
            {o.goods.name}
          </Typography.Text>
          <Typography.Text type="secondary">× {o.quantity}</Typography.Text>
        </Space>
      ),
    },
    {
      title: '会员',
      key: 'member',
      search: false,
      width: 170,
      render: (_, o) => (
        <Space direction="vertical" size={0}>
          <span>{o.memberNo}</span>
          <Typography.Text type="secondary" ellipsis style={{ maxWidth: 150 }}>
            {o.memberNickname}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '积分',
      dataIndex: 'pointsTotal',
      search: false,
      align: 'right',
      width: 110,
      render: (_, o) => points(o.pointsTotal),
    },
    {
      title: '现金',
      dataIndex: 'cashFen',
      search: false,
      align: 'right',
      width: 100,
      render: (_, o) => (o.cashFen ? formatCny(o.cashFen) : '—'),
    },
    {
      title: '自提门店',
      key: 'store',
      search: false,
      width: 140,
      ellipsis: true,
      render: (_, o) => o.pickupStore?.name ?? '—',
    },
    { title: '下单时间', key: 'createdAt', search: false, width: 170, render: (_, o) => formatTime(o.createdAt) },
    {
      title: '操作',
      key: 'actions',
      valueType: 'option',
      width: 80,
      fixed: 'right',
      render: (_, o) => [
        <Typography.Link key="detail" data-testid="order-detail-link" onClick={() => setDetail(o)}>
          详情
        </Typography.Link>,
      ],
    },
  ];

  return (
    <PageContainer
      title="兑换订单"
      content="会员在积分商城的兑换。实物和服务在所选门店自提或使用，逾期未自提自动取消并退回积分、现金和库存。"
    >
      <div data-testid="order-table">
        <ProTable<MallOrderAdmin>
          rowKey="id"
          actionRef={actionRef}
          columns={columns}
          search={{ labelWidth: 'auto', defaultCollapsed: true }}
          form={{ initialValues: initial }}
          onSubmit={(v) => url.save(orderFiltersOf(v as Record<string, unknown>))}
          onReset={() => url.save({})}
          options={{ reload: true, density: false, setting: false }}
          pagination={{ defaultPageSize: 20, showSizeChanger: true }}
          // Wider than the page on small screens: scroll sideways rather than squeeze columns.
          scroll={{ x: 1250 }}
          onRow={(o) => rowData({ 'data-testid': 'order-row', 'data-order-no': o.orderNo, 'data-status': o.status })}
          {...records}
        />
      </div>
      <OrderDetailDrawer
        order={detail}
        onClose={() => setDetail(null)}
        onRefundRetried={(o, r) => {
          setDetail(withRetriedRefund(o, r));
          actionRef.current?.reload();
        }}
      />
    </PageContainer>
  );
}
