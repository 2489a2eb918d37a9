import { ProFormText } from '@ant-design/pro-components';
import { OPERATOR_PASSWORD_MAX_LENGTH, OPERATOR_PASSWORD_MIN_LENGTH } from '@member/shared';
import type { ChangePasswordRequest } from '@member/shared';
import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client';
import { errorText } from '../../utils/feedback';

export interface PasswordValues extends ChangePasswordRequest {
  confirmPassword: string;
}

const RULE = `${OPERATOR_PASSWORD_MIN_LENGTH}-${OPERATOR_PASSWORD_MAX_LENGTH} 个字符，建议字母、数字与符号混合`;

/** 当前密码 / 新密码 / 确认新密码, checked in the form with the same bounds the server checks. */
export function PasswordFields() {
  return (
    <>
      <ProFormText.Password
        name="currentPassword"
        label="当前密码"
        fieldProps={{ autoComplete: 'current-password', id: 'current-password' }}
        rules={[{ required: true, message: '请输入当前密码' }]}
      />
      <ProFormText.Password
        name="newPassword"
        label="新密码"
        extra={RULE}
        fieldProps={{ autoComplete: 'new-password', id: 'new-password' }}
        rules={[
          { required: true, message: '请输入新密码' },
          { min: OPERATOR_PASSWORD_MIN_LENGTH, message: `新密码至少 ${OPERATOR_PASSWORD_MIN_LENGTH} 个字符` },
          { max: OPERATOR_PASSWORD_MAX_LENGTH, message: `新密码最多 ${OPERATOR_PASSWORD_MAX_LENGTH} 个字符` },
        ]}
      />
      <ProFormText.Password
        name="confirmPassword"
        label="确认新密码"
        dependencies={['newPassword']}
        fieldProps={{ autoComplete: 'new-password', id: 'confirm-password' }}
        rules={[
          { required: true, message: '请再次输入新密码' },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error('两次输入的新密码不一致')),
          }),
        ]}
      />
    </>
  );
}

/**
 * Puts a refused change next to the field it concerns (wrong current password, unchanged password);
 * true when it did, so the caller shows anything else as a message.
 */
export function showPasswordError(form: FormInstance<PasswordValues>, error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const field =
    error.code === 'CURRENT_PASSWORD_WRONG' || error.code === 'RATE_LIMITED'
      ? 'currentPassword'
      : error.code === 'PASSWORD_UNCHANGED'
        ? 'newPassword'
        : null;
  if (!field) return false;
  form.setFields([{ name: field, errors: [errorText(error)] }]);
  return true;
}
