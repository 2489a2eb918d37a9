import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, ProFormDependency, ProFormRadio, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import {
  OPERATOR_PASSWORD_MAX_LENGTH,
  OPERATOR_PASSWORD_MIN_LENGTH,
  OPERATOR_ROLE_LABELS,
  OperatorRole,
} from '@member/shared';
import type { CreateOperatorRequest, Store } from '@member/shared';
import { Button } from 'antd';
import { operatorsApi } from '../../api/admin';
import { storeOptions } from '../../components/useStores';
import { showError, showSuccess } from '../../utils/feedback';

export function CreateOperatorForm({ stores, onCreated }: { stores: Store[]; onCreated: () => void }) {
  return (
    <ModalForm<CreateOperatorRequest>
      title="新建运营账号"
      width={480}
      trigger={
        <Button type="primary" icon={<PlusOutlined />} data-testid="operator-create">
          新建账号
        </Button>
      }
      modalProps={{ destroyOnClose: true }}
      initialValues={{ role: OperatorRole.Operator }}
      onFinish={async (values) => {
        try {
          await operatorsApi.create({
            username: values.username.trim(),
            password: values.password,
            displayName: values.displayName.trim(),
            role: values.role,
            // Only store managers are bound to a store.
            storeId: values.role === OperatorRole.StoreManager ? values.storeId : undefined,
          });
          showSuccess('账号已创建');
          onCreated();
          return true;
        } catch (e) {
          showError(e);
          return false;
        }
      }}
    >
      <ProFormText
        name="username"
        label="用户名"
        fieldProps={{ autoComplete: 'off' }}
        rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
      />
      <ProFormText.Password
        name="password"
        label="初始密码"
        fieldProps={{ autoComplete: 'new-password' }}
        rules={[
          { required: true, message: '请输入初始密码' },
          { min: OPERATOR_PASSWORD_MIN_LENGTH, message: `初始密码至少 ${OPERATOR_PASSWORD_MIN_LENGTH} 个字符` },
          { max: OPERATOR_PASSWORD_MAX_LENGTH, message: `初始密码最多 ${OPERATOR_PASSWORD_MAX_LENGTH} 个字符` },
        ]}
      />
      <ProFormText
        name="displayName"
        label="显示名称"
        rules={[{ required: true, whitespace: true, message: '请输入显示名称' }]}
      />
      <ProFormRadio.Group
        name="role"
        label="角色"
        radioType="button"
        options={Object.values(OperatorRole).map((r) => ({
          value: r,
          label: OPERATOR_ROLE_LABELS[r],
        }))}
      />
      <ProFormDependency name={['role']}>
        {({ role }) =>
          role === OperatorRole.StoreManager ? (
            <ProFormSelect
              name="storeId"
              label="所属门店"
              options={storeOptions(stores)}
              fieldProps={{ showSearch: true, optionFilterProp: 'label' }}
              rules={[{ required: true, message: '门店经理必须指定门店' }]}
            />
          ) : null
        }
      </ProFormDependency>
    </ModalForm>
  );
}
