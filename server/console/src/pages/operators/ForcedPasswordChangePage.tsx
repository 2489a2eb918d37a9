import { ProForm } from '@ant-design/pro-components';
import { Alert, Button, Card, Form, Typography } from 'antd';
import { useAuth, useSession } from '../../auth/AuthContext';
import { LOGO_DATA_URL } from '../../layout/logo';
import { showError, showSuccess } from '../../utils/feedback';
import { PasswordFields, showPasswordError, type PasswordValues } from './PasswordFields';

/**
 * After an admin's reset the console shows only this until a new password is set (the server refuses
 * every other call with PASSWORD_CHANGE_REQUIRED meanwhile).
 */
export function ForcedPasswordChangePage() {
  const { operator } = useSession();
  const { changePassword, logout } = useAuth();
  const [form] = Form.useForm<PasswordValues>();

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(160deg, #e6f4ff 0%, #f5f5f5 60%)',
      }}
    >
      <Card style={{ width: 420, boxShadow: '0 6px 24px rgba(0,0,0,0.08)' }} data-testid="forced-password-change">
        <div style={{ textAlign: 'center', marginBottom: 16 }}>
          <img src={LOGO_DATA_URL} alt="" width={48} height={48} />
          <Typography.Title level={3} style={{ margin: '12px 0 4px' }}>
            设置新密码
          </Typography.Title>
          <Typography.Text type="secondary">{operator.displayName}，请先设置新密码再继续使用</Typography.Text>
        </div>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message="管理员已重置您的密码"
          description="请输入管理员告知的临时密码，并设置只有您知道的新密码。"
        />
        <ProForm<PasswordValues>
          form={form}
          layout="vertical"
          submitter={{
            searchConfig: { submitText: '设置新密码' },
            submitButtonProps: { block: true, size: 'large', id: 'password-submit' },
            // Only the submit button: there is nothing to reset on a page that must be completed.
            render: (_, dom) => dom[dom.length - 1],
          }}
          onFinish={async ({ currentPassword, newPassword }) => {
            try {
              await changePassword({ currentPassword, newPassword });
              showSuccess('新密码已生效');
              return true;
            } catch (e) {
              if (!showPasswordError(form, e)) showError(e);
              return false;
            }
          }}
        >
          <PasswordFields />
        </ProForm>
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button type="link" onClick={() => void logout()}>
            退出登录
          </Button>
        </div>
      </Card>
    </div>
  );
}
