import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { BaseEventOrig, ButtonProps } from '@tarojs/components';
import { Button, Dialog, Input } from '@nutui/nutui-react-taro';
import type { MemberProfile } from '@member/shared';
import { meApi } from '../services/api';
import { platform, type PhoneCodeSource } from '../platform';
import { showError, showSuccess } from './feedback';
import './BindPhoneButton.scss';

interface BindPhoneButtonProps {
  onBound: (member: MemberProfile) => void;
  size?: 'small' | 'normal';
}

/**
 * weapp: WeChat only hands out a phone code from a tap on <Button openType="getPhoneNumber">.
 * H5: the sandbox stands in for that popup, so the user types the number to "authorise".
 */
export function BindPhoneButton({ onBound, size = 'small' }: BindPhoneButtonProps) {
  const [busy, setBusy] = useState(false);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [phone, setPhone] = useState('');

  const bind = async (source: PhoneCodeSource) => {
    setBusy(true);
    try {
      const code = await platform.getPhoneCode(source);
      const member = await meApi.bindPhone({ code });
      onBound(member);
      setDialogOpen(false);
      showSuccess('手机号已绑定');
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  if (platform.kind === 'weapp') {
    const onGetPhoneNumber = (e: BaseEventOrig<ButtonProps.onGetPhoneNumberEventDetail>) =>
      void bind({ detail: { code: e.detail.code, errMsg: e.detail.errMsg } });
    return (
      <Button
        id="bind-phone"
        type="primary"
        size={size}
        loading={busy}
        openType="getPhoneNumber"
        onGetPhoneNumber={onGetPhoneNumber}
      >
        绑定手机号
      </Button>
    );
  }

  return (
    <View>
      <Button id="bind-phone" type="primary" size={size} loading={busy} onClick={() => setDialogOpen(true)}>
        绑定手机号
      </Button>
      <Dialog
        visible={dialogOpen}
        title="手机号授权（沙箱）"
        confirmText="授权"
        disableConfirmButton={busy}
        onConfirm={() => bind({ phone })}
        onCancel={() => setDialogOpen(false)}
      >
        <View className="bind-phone__dialog">
          <Text className="bind-phone__hint">浏览器演示由微信沙箱代替微信的手机号授权弹窗，请输入要绑定的手机号。</Text>
          <Input
            id="phone-input"
            className="bind-phone__input"
            type="tel"
            maxLength={11}
            placeholder="请输入手机号"
            value={phone}
            onChange={setPhone}
          />
        </View>
      </Dialog>
    </View>
  );
}
