import { LockOutlined, UserOutlined } from '@ant-design/icons';
import type { OperatorLoginRequest } from '@member/shared';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { LOGO_DATA_URL } from '../layout/logo';
import { errorText } from '../utils/feedback';

export function LoginPage() {
  const { operator, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<{ text: string; locked: boolean } | null>(null);
  const from = (location.state as { from?: string } | null)?.from ?? '/welcome';

  if (operator) return <Navigate to={from} replace />;

  const onFinish = async (values: OperatorLoginRequest) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(values);
      navigate(from === '/login' ? '/welcome' : from, { replace: true });
    } catch (e) {
      // LOGIN_FAILED and RATE_LIMITED carry user-facing zh-CN messages from the server; a lock names the wait.
      setError({ text: errorText(e), locked: e instanceof ApiError && e.code === 'RATE_LIMITED' });
    } finally {
      setSubmitting(false);
    }
  };

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
      <Card style={{ width: 380, boxShadow: '0 6px 24px rgba(0,0,0,0.08)' }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <img src={LOGO_DATA_URL} alt="" width={48} height={48} />
          <Typography.Title level={3} style={{ margin: '12px 0 4px' }}>
            会员运营后台
          </Typography.Title>
          <Typography.Text type="secondary">使用运营账号登录</Typography.Text>
        </div>
        {error && (
          <Alert
            type={error.locked ? 'warning' : 'error'}
            showIcon
            message={error.text}
            description={error.locked ? '如需立即登录，请联系管理员在「运营账号」中解除锁定。' : undefined}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        <Form<OperatorLoginRequest> layout="vertical" size="large" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input id="username" prefix={<UserOutlined />} placeholder="用户名" autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password
              id="password"
              prefix={<LockOutlined />}
              placeholder="密码"
              autoComplete="current-password"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
