import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Popup, SafeArea } from '@nutui/nutui-react-taro';
import type { MemberProfile } from '@member/shared';
import { privacyApi } from '../services/privacy-api';
import { showError, showSuccess } from './feedback';
import './PrivacyPrompt.scss';

export const PRIVACY_POLICY_URL = '/packages/privacy/policy/index';
export const PRIVACY_CENTER_URL = '/packages/privacy/center/index';

/** True when the member has accepted the policy version the server currently requires. */
export const hasCurrentConsent = (member: MemberProfile) => member.privacyVersion === member.currentPrivacyVersion;

// A member who chose 不同意 is not asked again on every page until they ask for the card themselves.
let declinedThisLaunch = false;

interface ConsentProps {
  member: MemberProfile;
  onAccepted: (member: MemberProfile) => void;
  onDeclined?: () => void;
}

function ConsentBody({ member, onAccepted, onDeclined }: ConsentProps) {
  const [busy, setBusy] = useState(false);
  const accept = async () => {
    setBusy(true);
    try {
      // Send the version we displayed, so a policy updated meanwhile is rejected, not silently accepted.
      onAccepted(await privacyApi.acceptPolicy({ version: member.currentPrivacyVersion }));
      showSuccess('已开通会员卡');
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const decline = () => {
    declinedThisLaunch = true;
    onDeclined?.();
  };
  const openPolicy = () => void Taro.navigateTo({ url: PRIVACY_POLICY_URL });

  return (
    <View className="privacy-prompt__content">
      <Text className="privacy-prompt__body">
        开通会员卡前，请阅读
        <Text id="privacy-policy-link" className="privacy-prompt__link" onClick={openPolicy}>
          《会员隐私政策》
        </Text>
        （版本 {member.currentPrivacyVersion}
        ）。我们只保存提供会员服务所需的信息：昵称、手机号（仅在您授权绑定后）、生日（仅在您填写后）、积分与消费记录。您可随时在“我的
        → 隐私与数据”中导出数据或注销账号。
      </Text>
      <View className="privacy-prompt__actions">
        <Button id="privacy-decline" className="privacy-prompt__button" fill="outline" onClick={decline}>
          不同意
        </Button>
        <Button id="privacy-accept" className="privacy-prompt__button" type="primary" loading={busy} onClick={accept}>
          同意并继续
        </Button>
      </View>
      <Text className="privacy-prompt__note">不同意仍可浏览小程序，但无法使用会员卡</Text>
    </View>
  );
}

/** Inline on 首页 until the member has accepted the current policy (or chose 不同意 this launch). */
export function PrivacyPrompt({ member, onAccepted }: ConsentProps) {
  const [hidden, setHidden] = useState(declinedThisLaunch);
  if (hasCurrentConsent(member) || hidden) return null;
  const updated = member.privacyVersion !== null;
  return (
    <View id="privacy-prompt" className="privacy-prompt">
      <Text className="privacy-prompt__title">{updated ? '隐私政策已更新' : '开通会员卡'}</Text>
      <ConsentBody member={member} onAccepted={onAccepted} onDeclined={() => setHidden(true)} />
    </View>
  );
}

interface ConsentSheetProps extends ConsentProps {
  visible: boolean;
  onClose: () => void;
}

/** The same consent as a bottom sheet, opened where the card is needed (会员卡, 资料). */
export function ConsentSheet({ visible, onClose, member, onAccepted, onDeclined }: ConsentSheetProps) {
  return (
    <Popup
      visible={visible}
      position="bottom"
      round
      closeable
      title={member.privacyVersion !== null ? '隐私政策已更新' : '隐私保护提示'}
      onClose={onClose}
    >
      <View id="consent-sheet" className="privacy-prompt privacy-prompt--sheet">
        <ConsentBody
          member={member}
          onAccepted={(m) => {
            onAccepted(m);
            onClose();
          }}
          onDeclined={() => {
            onDeclined?.();
            onClose();
          }}
        />
        <SafeArea position="bottom" />
      </View>
    </Popup>
  );
}
