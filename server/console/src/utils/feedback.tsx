import { App } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import { useEffect } from 'react';
import { ApiError } from '../api/client';

// Error toasts are raised from plain async code (table loaders, form submits); this bridge hands
// them the App-context message instance so toasts follow the ConfigProvider theme and locale.
let messageApi: MessageInstance | null = null;

export function FeedbackBridge(): null {
  const { message } = App.useApp();
  useEffect(() => {
    messageApi = message;
    return () => {
      messageApi = null;
    };
  }, [message]);
  return null;
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    // Each detail's message already names its field in words (入会赠送积分须为…); the raw field paths
    // (rules.signUpBonus) in the summary mean nothing to an operator.
    const messages = [...new Set(error.details?.map((d) => d.message) ?? [])];
    if (!messages.length) return error.message;
    const summary = error.code === 'VALIDATION_FAILED' ? '提交的内容有误' : error.message;
    return `${summary}：${messages.join('；')}`;
  }
  return error instanceof Error ? error.message : '操作失败，请稍后再试';
}

export function showError(error: unknown): void {
  // A 401 already redirects to the login page; a toast on top would only repeat it.
  if (error instanceof ApiError && error.status === 401) return;
  messageApi?.error(errorText(error));
}

export function showSuccess(text: string): void {
  messageApi?.success(text);
}
