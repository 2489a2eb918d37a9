import { ModalForm, ProFormText } from '@ant-design/pro-components';
import type { CreateStoreRequest, Store } from '@member/shared';
import type { ReactElement } from 'react';
import { storesApi } from '../../api/admin';
import { showError, showSuccess } from '../../utils/feedback';

interface StoreFormProps {
  /** Absent: create a store. Present: edit it (the code is fixed once created). */
  store?: Store;
  trigger: ReactElement;
  onSaved: () => void;
}

/** Empty optional fields are omitted so the server keeps its own defaults. */
function optional(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function StoreForm({ store, trigger, onSaved }: StoreFormProps) {
  return (
    <ModalForm<CreateStoreRequest>
      title={store ? `编辑门店：${store.name}` : '新建门店'}
      width={480}
      trigger={trigger}
      modalProps={{ destroyOnClose: true }}
      initialValues={store}
      onFinish={async (values) => {
        try {
          if (store) {
            await storesApi.update(store.id, {
              name: values.name.trim(),
              // On edit an emptied field must reach the server as '' to clear it.
              address: values.address?.trim() ?? '',
              phone: values.phone?.trim() ?? '',
            });
            showSuccess('门店已更新');
          } else {
            await storesApi.create({
              name: values.name.trim(),
              code: values.code.trim(),
              address: optional(values.address),
              phone: optional(values.phone),
            });
            showSuccess('门店已创建');
          }
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
        label="门店名称"
        rules={[{ required: true, whitespace: true, message: '请输入门店名称' }]}
      />
      <ProFormText
        name="code"
        label="门店编码"
        disabled={!!store}
        tooltip="全局唯一，创建后不可修改"
        rules={[{ required: !store, whitespace: true, message: '请输入门店编码' }]}
      />
      <ProFormText name="address" label="地址" />
      <ProFormText name="phone" label="电话" />
    </ModalForm>
  );
}
