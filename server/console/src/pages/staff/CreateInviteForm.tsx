import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, ProFormDigit, ProFormRadio, ProFormSelect } from '@ant-design/pro-components';
import { INVITE_HOURS_LIMIT, rangeMessage, STAFF_ROLE_LABELS, StaffRole } from '@member/shared';
import type { CreateStaffInviteRequest, StaffInvite, Store } from '@member/shared';
import { Button } from 'antd';
import { staffApi } from '../../api/admin';
import { useSession } from '../../auth/AuthContext';
import { storeOptions } from '../../components/useStores';
import { showError } from '../../utils/feedback';

const DEFAULT_HOURS = 72;

interface CreateInviteFormProps {
  stores: Store[];
  defaultStoreId?: number;
  onCreated: (invite: StaffInvite) => void;
}

export function CreateInviteForm({ stores, defaultStoreId, onCreated }: CreateInviteFormProps) {
  const { permissions } = useSession();
  const fixedStoreId = permissions.fixedStoreId;

  return (
    <ModalForm<CreateStaffInviteRequest>
      title="生成店员邀请码"
      width={440}
      trigger={
        <Button type="primary" icon={<PlusOutlined />} data-testid="invite-create">
          生成邀请码
        </Button>
      }
      modalProps={{ destroyOnClose: true }}
      initialValues={{
        storeId: fixedStoreId ?? defaultStoreId,
        role: StaffRole.Clerk,
        expiresInHours: DEFAULT_HOURS,
      }}
      onFinish={async (values) => {
        try {
          const invite = await staffApi.createInvite({
            storeId: fixedStoreId ?? values.storeId,
            role: values.role,
            expiresInHours: values.expiresInHours,
          });
          onCreated(invite);
          return true;
        } catch (e) {
          showError(e);
          return false;
        }
      }}
    >
      {fixedStoreId === null && (
        <ProFormSelect
          name="storeId"
          label="门店"
          options={storeOptions(stores.filter((s) => s.active))}
          fieldProps={{ showSearch: true, optionFilterProp: 'label' }}
          rules={[{ required: true, message: '请选择门店' }]}
        />
      )}
      <ProFormRadio.Group
        name="role"
        label="角色"
        radioType="button"
        options={Object.values(StaffRole).map((r) => ({ value: r, label: STAFF_ROLE_LABELS[r] }))}
      />
      <ProFormDigit
        name="expiresInHours"
        label="有效期（小时）"
        // No min/max/precision: antd would change an out-of-range value without a word; the rule says why.
        extra={`默认 ${DEFAULT_HOURS} 小时，最长 30 天`}
        rules={[
          { required: true, message: '请输入有效期' },
          {
            validator: (_: unknown, v: unknown) =>
              v === undefined ||
              v === null ||
              (Number.isInteger(v) &&
                (v as number) >= INVITE_HOURS_LIMIT.min &&
                (v as number) <= INVITE_HOURS_LIMIT.max)
                ? Promise.resolve()
                : Promise.reject(new Error(rangeMessage(INVITE_HOURS_LIMIT))),
          },
        ]}
      />
    </ModalForm>
  );
}
