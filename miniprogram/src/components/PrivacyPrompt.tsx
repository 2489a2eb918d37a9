import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { MemberProfile } from '@member/shared';
import { meApi } from '../services/api';
import { showError, showSuccess } from './feedback';
import './PrivacyPrompt.scss';

interface PrivacyPromptProps {
  member: MemberProfile;
  onAccepted: (member: MemberProfile) => void;
}

/** Shown until the member has accepted the policy version the server currently requires. */
export function PrivacyPrompt({ member, onAccepted }: PrivacyPromptProps) {
  const [busy, setBusy] = useState(false);
  if (member.privacyVersion === member.currentPrivacyVersion) return null;

  const accept = async () => {
    setBusy(true);
    try {
      // Send the version we displayed, so a policy updated meanwhile is rejected, not silently accepted.
      onAccepted(await meApi.acceptPrivacy({ version: member.currentPrivacyVersion }));
      showSuccess('已同意隐私政策');
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const updated = member.privacyVersion !== null;
  return (
    <View id="privacy-prompt" className="privacy-prompt">
      <Text className="privacy-prompt__title">{updated ? '隐私政策已更新' : '隐私保护提示'}</Text>
      <Text className="privacy-prompt__body">
        为向您提供会员积分、优惠券和储值服务，我们需要处理您的昵称、手机号和消费记录。请阅读《会员隐私政策》（版本{' '}
        {member.currentPrivacyVersion}）并同意后继续使用。
      </Text>
      <Button id="privacy-accept" type="primary" block loading={busy} onClick={accept}>
        同意并继续
      </Button>
    </View>
  );
}
