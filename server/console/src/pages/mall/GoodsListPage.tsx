import { PlusOutlined, StarFilled } from '@ant-design/icons';
import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { formatCny, type MallCategory, type MallGoodsAdmin, type MallGoodsStatus } from '@member/shared';
import { Button, Image, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { mallCategoriesApi, mallGoodsApi } from '../../api/mall';
import { useSession } from '../../auth/AuthContext';
import { showError } from '../../utils/feedback';
import { rowData } from '../../utils/labels';
import { numberOrUndefined, useUrlFilters } from '../coupons/url-filters';
import { GoodsForm } from './GoodsForm';
import { GoodsStatusActions } from './GoodsStatusActions';
import { GOODS_KIND_COLORS, GOODS_KIND_LABELS, GOODS_STATUS_ENUM, points } from './mall-labels';
import { StockAdjustForm } from './StockAdjustForm';

interface Filters {
  q?: string;
  status?: MallGoodsStatus;
  categoryId?: string;
}

const NO_COVER = {
  width: 48,
  height: 48,
  borderRadius: 4,
  background: '#f5f5f5',
  color: 'rgba(0,0,0,.45)',
  fontSize: 12,
  lineHeight: '48px',
  textAlign: 'center',
} as const;
const STATUSES = Object.keys(GOODS_STATUS_ENUM) as MallGoodsStatus[];
// Sale windows to the minute, in business time (the browser may sit in another zone).
const minute = (iso: string) => dayjs(iso).tz('Asia/Shanghai').format('YYYY-MM-DD HH:mm');

function SaleWindow({ g }: { g: MallGoodsAdmin }) {
  if (!g.saleStartsAt && !g.saleEndsAt) return <Typography.Text type="secondary">长期</Typography.Text>;
  return (
    <Space direction="vertical" size={0}>
      <span>{g.saleStartsAt ? minute(g.saleStartsAt) : '上架即开始'}</span>
      <Typography.Text type="secondary">至 {g.saleEndsAt ? minute(g.saleEndsAt) : '不设截止'}</Typography.Text>
    </Space>
  );
}

function NoPermission({ label }: { label: string }) {
  return (
    <Tooltip title="无权限">
      <Typography.Link disabled>{label}</Typography.Link>
    </Tooltip>
  );
}

/** 商品管理: every goods with price, stock and state; writers create, edit, put on/off sale and adjust stock. */
export function GoodsListPage() {
  const { permissions } = useSession();
  const canManage = permissions.manageMall;
  const actionRef = useRef<ActionType>();
  const filters = useUrlFilters(['q', 'status', 'categoryId'] as const);
  const [categories, setCategories] = useState<MallCategory[]>([]);
  const reload = () => void actionRef.current?.reload();

  useEffect(() => {
    mallCategoriesApi.list().then(setCategories, showError);
  }, []);
  const categoryName = new Map(categories.map((c) => [c.id, c.name]));

  const columns: ProColumns<MallGoodsAdmin>[] = [
    { title: '商品名称', dataIndex: 'q', hideInTable: true, fieldProps: { placeholder: '按名称查找' } },
    {
      title: '分类',
      dataIndex: 'categoryId',
      hideInTable: true,
      valueType: 'select',
      fieldProps: { options: categories.map((c) => ({ label: c.name, value: String(c.id) })) },
    },
    {
      title: '封面',
      key: 'cover',
      search: false,
      width: 72,
      render: (_, g) =>
        g.images[0] ? (
          <Image
            src={g.images[0].thumbUrl}
            preview={{ src: g.images[0].url }}
            width={48}
            height={48}
            style={{ objectFit: 'cover', borderRadius: 4 }}
            alt=""
          />
        ) : (
          <div style={NO_COVER}>无图</div>
        ),
    },
    {
      title: '商品名称',
      dataIndex: 'name',
      search: false,
      ellipsis: true,
      width: 220,
      render: (_, g) => (
        <Space direction="vertical" size={0} style={{ maxWidth: '100%' }}>
          <Space size={4} style={{ maxWidth: '100%' }}>
            <Typography.Text ellipsis={{ tooltip: g.name }} strong style={{ maxWidth: 170 }}>
              {g.name}
            </Typography.Text>
            {g.featured && (
              <Tooltip title="推荐到小程序首页">
                <StarFilled style={{ color: '#d48806' }} aria-label="推荐到首页" data-testid="goods-featured-mark" />
              </Tooltip>
            )}
          </Space>
          <Typography.Text type="secondary">
            {g.categoryId != null ? (categoryName.get(g.categoryId) ?? '—') : '未分类'}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '类型',
      dataIndex: 'kind',
      search: false,
      width: 80,
      render: (_, g) => <Tag color={GOODS_KIND_COLORS[g.kind]}>{GOODS_KIND_LABELS[g.kind]}</Tag>,
    },
    {
      title: '积分价',
      key: 'price',
      search: false,
      align: 'right',
      width: 120,
      render: (_, g) => (
        <Space direction="vertical" size={0} align="end">
          <span>{points(g.pointsPrice)} 积分</span>
          {g.cashFen > 0 && <Typography.Text type="secondary">+ {formatCny(g.cashFen)}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: '库存 / 已兑',
      key: 'stock',
      search: false,
      align: 'right',
      width: 110,
      render: (_, g) => (
        <Space direction="vertical" size={0} align="end">
          <Typography.Text type={g.stock === 0 ? 'danger' : undefined}>
            {g.stock == null ? '不限量' : points(g.stock)}
          </Typography.Text>
          <Typography.Text type="secondary">已兑 {points(g.soldCount)}</Typography.Text>
        </Space>
      ),
    },
    { title: '状态', dataIndex: 'status', valueType: 'select', valueEnum: GOODS_STATUS_ENUM, width: 90 },
    { title: '兑换时间', key: 'window', search: false, width: 150, render: (_, g) => <SaleWindow g={g} /> },
    { title: '排序', dataIndex: 'sortOrder', search: false, width: 60, align: 'right' },
    {
      title: '操作',
      key: 'actions',
      valueType: 'option',
      width: 170,
      fixed: 'right',
      render: (_, g) => [
        canManage ? (
          <GoodsForm
            key="edit"
            goods={g}
            onSaved={reload}
            trigger={<Typography.Link data-testid="goods-edit">编辑</Typography.Link>}
          />
        ) : (
          <NoPermission key="edit" label="编辑" />
        ),
        <GoodsStatusActions key="status" goods={g} canManage={canManage} onDone={reload} />,
        g.stock == null ? null : canManage ? (
          <StockAdjustForm
            key="stock"
            goods={g}
            onDone={reload}
            trigger={<Typography.Link data-testid="goods-stock">库存调整</Typography.Link>}
          />
        ) : (
          <NoPermission key="stock" label="库存调整" />
        ),
      ],
    },
  ];

  return (
    <PageContainer title="商品管理" content="积分商城的实物、优惠券和服务商品；上架后会员可在小程序积分商城兑换。">
      <ProTable<MallGoodsAdmin, Filters>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={{ labelWidth: 'auto', defaultCollapsed: false }}
        form={{ initialValues: filters.initial }}
        onSubmit={(v) => filters.save(v)}
        onReset={() => filters.save({})}
        options={{ reload: true, density: false, setting: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        scroll={{ x: 1080 }}
        onRow={(g) => rowData({ 'data-testid': 'goods-row', 'data-goods-id': String(g.id), 'data-status': g.status })}
        toolBarRender={() => [
          canManage ? (
            <GoodsForm
              key="create"
              onSaved={reload}
              trigger={
                <Button type="primary" icon={<PlusOutlined />} data-testid="goods-create">
                  新建商品
                </Button>
              }
            />
          ) : (
            <Tooltip key="create" title="无权限">
              <Button type="primary" icon={<PlusOutlined />} disabled>
                新建商品
              </Button>
            </Tooltip>
          ),
        ]}
        request={async (params) => {
          try {
            const page = await mallGoodsApi.list({
              status: STATUSES.find((s) => s === params.status),
              categoryId: numberOrUndefined(params.categoryId),
              q: params.q?.trim() || undefined,
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
