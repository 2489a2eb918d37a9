import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormDigit, ProFormText, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import {
  lengthMessage,
  MALL_LIMITS as L,
  MALL_TEXT_LIMITS as T,
  type MallCategory,
  type MallCategoryInput,
} from '@member/shared';
import { Button, Tooltip, Typography } from 'antd';
import { useRef, type ReactElement } from 'react';
import { Link } from 'react-router-dom';
import { mallCategoriesApi } from '../../api/mall';
import { useSession } from '../../auth/AuthContext';
import { showError, showSuccess } from '../../utils/feedback';
import { rowData } from '../../utils/labels';
import { intRule } from '../loyalty/form-rules';
import { points } from './mall-labels';

/** 新建 / 编辑分类: a name and where it sits in the mall's category rail. */
function CategoryForm({
  category,
  nextSort,
  trigger,
  onSaved,
}: {
  category?: MallCategory;
  nextSort: number;
  trigger: ReactElement;
  onSaved: () => void;
}) {
  return (
    <ModalForm<MallCategoryInput>
      title={category ? `编辑分类：${category.name}` : '新建分类'}
      width={420}
      trigger={trigger}
      initialValues={category ? { name: category.name, sortOrder: category.sortOrder } : { sortOrder: nextSort }}
      modalProps={{ destroyOnClose: true }}
      submitter={{ submitButtonProps: { 'data-testid': 'category-submit' } }}
      onFinish={async (v) => {
        try {
          const body = { name: v.name.trim(), sortOrder: v.sortOrder };
          if (category) await mallCategoriesApi.update(category.id, body);
          else await mallCategoriesApi.create(body);
          showSuccess(category ? '已保存' : '已创建');
          onSaved();
          return true;
        } catch (e) {
          showError(e);
          return false;
        }
      }}
    >
      <ProFormText
        name="name"
        label="分类名称"
        placeholder="例如：生活好物"
        fieldProps={{ maxLength: T.categoryName.max, showCount: true }}
        rules={[
          { required: true, whitespace: true, message: '请输入分类名称' },
          { max: T.categoryName.max, message: lengthMessage('分类名称', T.categoryName) },
        ]}
      />
      <ProFormDigit
        name="sortOrder"
        label="排序"
        tooltip="数字小的排在积分商城分类栏前面"
        fieldProps={{ precision: 0, style: { width: 160 } }}
        rules={[{ required: true, message: '请输入排序' }, intRule(L.sortOrder)]}
      />
    </ModalForm>
  );
}

/** 商品分类: the mall's category rail, in order, with how many goods each holds. */
export function CategoriesPage() {
  const { permissions } = useSession();
  const canManage = permissions.manageMall;
  const actionRef = useRef<ActionType>();
  const rows = useRef<MallCategory[]>([]);
  const reload = () => void actionRef.current?.reload();
  const nextSort = () => (rows.current.length ? Math.max(...rows.current.map((c) => c.sortOrder)) + 10 : 10);

  const columns: ProColumns<MallCategory>[] = [
    { title: '排序', dataIndex: 'sortOrder', width: 80, align: 'right' },
    { title: '分类名称', dataIndex: 'name', ellipsis: true },
    {
      title: '商品数',
      dataIndex: 'goodsCount',
      width: 120,
      align: 'right',
      render: (_, c) => <Link to={`/mall/goods?categoryId=${c.id}`}>{points(c.goodsCount)}</Link>,
    },
    {
      title: '操作',
      key: 'actions',
      valueType: 'option',
      width: 100,
      render: (_, c) => [
        canManage ? (
          <CategoryForm
            key="edit"
            category={c}
            nextSort={c.sortOrder}
            onSaved={reload}
            trigger={<Typography.Link data-testid="category-edit">编辑</Typography.Link>}
          />
        ) : (
          <Tooltip key="edit" title="无权限">
            <Typography.Link disabled>编辑</Typography.Link>
          </Tooltip>
        ),
      ],
    },
  ];

  return (
    <PageContainer title="商品分类" content="会员在积分商城左侧按分类浏览商品；排序数字小的在前。">
      <ProTable<MallCategory>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={false}
        pagination={false}
        options={{ reload: true, density: false, setting: false }}
        locale={{ emptyText: '还没有分类，新建一个分类后即可把商品归类' }}
        onRow={(c) => rowData({ 'data-testid': 'category-row', 'data-category-id': String(c.id) })}
        toolBarRender={() => [
          canManage ? (
            <CategoryForm
              key="create"
              nextSort={nextSort()}
              onSaved={reload}
              trigger={
                <Button type="primary" icon={<PlusOutlined />} data-testid="category-create">
                  新建分类
                </Button>
              }
            />
          ) : (
            <Tooltip key="create" title="无权限">
              <Button type="primary" icon={<PlusOutlined />} disabled>
                新建分类
              </Button>
            </Tooltip>
          ),
        ]}
        request={async () => {
          try {
            const list = await mallCategoriesApi.list();
            rows.current = list;
            return { data: list, total: list.length, success: true };
          } catch (e) {
            showError(e);
            return { data: [], total: 0, success: false };
          }
        }}
      />
    </PageContainer>
  );
}
