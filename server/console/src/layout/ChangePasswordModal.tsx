import { ModalForm } from '@ant-design/pro-components';
import { Form } from 'antd';
import { useAuth } from '../auth/AuthContext';
import { PasswordFields, showPasswordError, type PasswordValues } from '../pages/operators/PasswordFields';
import { showError, showSuccess } from '../utils/feedback';

/** 修改密码 from the header menu: other browsers are signed out, this one stays. */
export function ChangePasswordModal({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { changePassword } = useAuth();
  const [form] = Form.useForm<PasswordValues>();
  return (
    <ModalForm<PasswordValues>
      title="修改密码"
      width={440}
      form={form}
      open={open}
      onOpenChange={onOpenChange}
      modalProps={{ destroyOnClose: true }}
      submitter={{ searchConfig: { submitText: '修改密码' } }}
      onFinish={async ({ currentPassword, newPassword }) => {
        try {
          await changePassword({ currentPassword, newPassword });
          showSuccess('密码已修改，其他设备已退出登录');
          return true;
        } catch (e) {
          if (!showPasswordError(form, e)) showError(e);
          return false;
        }
      }}
    >
      <PasswordFields />
    </ModalForm>
  );
}
