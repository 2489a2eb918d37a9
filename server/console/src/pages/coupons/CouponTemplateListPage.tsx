import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import {
  COUPON_KIND_LABELS,
  couponCondition,
  couponHeadline,
  validityText,
  type CouponTemplate,
  type CouponTemplateStatus,
  type CouponTrigger,
} from '@member/shared';
import { Button, Progress, Space, Tag, Typography } from 'antd';
import { useRef } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { couponTemplatesApi } from '../../api/coupons';
import { useSession } from '../../auth/AuthContext';
import { showError } from '../../utils/feedback';
import { formatDate } from '../../utils/format';
import { rowData, toValueEnum } from '../../utils/labels';
import { TEMPLATE_STATUS_ENUM, TRIGGER_LABELS } from './coupon-labels';
import { TemplateStatusActions } from './TemplateStatusActions';
import { useUrlFilters } from './url-filters';

interface Filters {
  status?: CouponTemplateStatus;
  trigger?: CouponTrigger;
  q?: string;
}

const KIND_COLORS = { CASH_OFF: 'red', PERCENT_OFF: 'orange', EXCHANGE: 'geekblue' } as const;
const count = (n: number) => n.toLocaleString('en-US');

function StockCell({ t }: { t: CouponTemplate }) {
  if (t.totalStock == null)
    return (
      <Space direction="vertical" size={0}>
        <span>已发 {count(t.issued)}</span>
        <Typography.Text type="secondary">不限量</Typography.Text>
      </Space>
    );
  return (
    <Space direction="vertical" size={0} style={{ width: 150 }}>
      <span>
        已发 {count(t.issued)} / {count(t.totalStock)}
      </span>
      <Progress percent={Math.round((t.issued / t.totalStock) * 100)} size="small" showInfo={false} />
      <Typography.Text type="secondary">剩余 {count(t.remaining ?? 0)}</Typography.Text>
    </Space>
  );
}

/** 券模板: every template with its stock and state; 编辑 and the status moves for writers. */
export function CouponTemplateListPage() {
  const { permissions } = useSession();
  const navigate = useNavigate();
  const actionRef = useRef<ActionType>();
  const filters = useUrlFilters(['status', 'trigger', 'q'] as const);
  const reload = () => void actionRef.current?.reload();

  const columns: ProColumns<CouponTemplate>[] = [
    { title: '券名称', dataIndex: 'q', hideInTable: true, fieldProps: { placeholder: '按名称查找' } },
    {
      title: '券名称',
      dataIndex: 'name',
      search: false,
      ellipsis: true,
      render: (_, t) => <Link to={`/coupons/templates/${t.id}`}>{t.name}</Link>,
    },
    {
      title: '类型',
      dataIndex: 'kind',
      search: false,
      width: 90,
      render: (_, t) => <Tag color={KIND_COLORS[t.kind]}>{COUPON_KIND_LABELS[t.kind]}</Tag>,
    },
    {
      title: '面额 / 条件',
      key: 'face',
      search: false,
      render: (_, t) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{couponHeadline(t)}</Typography.Text>
          <Typography.Text type="secondary">{couponCondition({ ...t, storeIds: t.storeIds })}</Typography.Text>
        </Space>
      ),
    },
    { title: '发放 / 库存', key: 'stock', search: false, width: 180, render: (_, t) => <StockCell t={t} /> },
    {
      title: '发放方式',
      dataIndex: 'trigger',
      valueType: 'select',
      valueEnum: toValueEnum(TRIGGER_LABELS),
      width: 130,
    },
    { title: '状态', dataIndex: 'status', valueType: 'select', valueEnum: TEMPLATE_STATUS_ENUM, width: 100 },
    {
      title: '有效期',
      key: 'validity',
      search: false,
      width: 200,
      render: (_, t) => validityText(t.validity, formatDate),
    },
    {
      title: '操作',
      key: 'actions',
      valueType: 'option',
      width: 150,
      hideInTable: !permissions.manageCoupons,
      render: (_, t) => [
        t.status !== 'ENDED' && (
          <Link key="edit" to={`/coupons/templates/${t.id}/edit`} data-testid="template-edit">
            编辑
          </Link>
        ),
        <TemplateStatusActions key="status" template={t} onDone={reload} />,
      ],
    },
  ];

  return (
    <PageContainer title="券模板" content="设计满减券、折扣券和兑换券；启用后按发放方式发给会员。">
      <ProTable<CouponTemplate, Filters>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={{ labelWidth: 'auto', defaultCollapsed: false }}
        form={{ initialValues: filters.initial }}
        onSubmit={(v) => filters.save(v)}
        onReset={() => filters.save({})}
        options={{ reload: true, density: false, setting: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        onRow={(t) => ({
          ...rowData({ 'data-testid': 'template-row', 'data-template-id': String(t.id), 'data-status': t.status }),
          onDoubleClick: () => navigate(`/coupons/templates/${t.id}`),
        })}
        toolBarRender={() =>
          permissions.manageCoupons
            ? [
                <Button
                  key="create"
                  type="primary"
                  icon={<PlusOutlined />}
                  data-testid="template-create"
                  onClick={() => navigate('/coupons/templates/new')}
                >
                  新建优惠券
                </Button>,
              ]
            : []
        }
        request={async (params) => {
          try {
            const page = await couponTemplatesApi.list({
              status: params.status,
              trigger: params.trigger,
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
