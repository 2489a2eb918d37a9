import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { MemberProfile } from '@member/shared';
import { ConsentSheet, PRIVACY_CENTER_URL, PRIVACY_POLICY_URL } from '../../components/PrivacyPrompt';
import { useSession } from '../../store/session';
import './CardGate.scss';

/**
 * 会员卡 before consent: the sheet opens when the member comes to the card (their own tap, not app launch);
 * 不同意 closes it and leaves this card-shaped notice with a way back in.
 */
export function CardConsentGate({ member }: { member: MemberProfile }) {
  const { setMember } = useSession();
  const [open, setOpen] = useState(true);
  useDidShow(() => setOpen(true));
  return (
    <View id="card-consent-gate" className="card-gate">
      <View className="card-gate__panel">
        <View className="card-gate__badge">
          <Text className="card-gate__badge-text">卡</Text>
        </View>
        <Text className="card-gate__title">开通会员卡</Text>
        <Text className="card-gate__text">同意《会员隐私政策》后即可出示会员码，到店消费累积积分</Text>
        <Button id="card-consent-open" type="primary" block onClick={() => setOpen(true)}>
          查看并同意
        </Button>
        <Text className="card-gate__link" onClick={() => void Taro.navigateTo({ url: PRIVACY_POLICY_URL })}>
          阅读《会员隐私政策》
        </Text>
      </View>
      <ConsentSheet visible={open} onClose={() => setOpen(false)} member={member} onAccepted={setMember} />
    </View>
  );
}

/** 会员卡 during the deletion cooling-off period: paused, with the way to cancel the deletion. */
export function CardPaused({ onResumed }: { onResumed: () => void }) {
  useDidShow(onResumed);
  return (
    <View id="card-paused" className="card-gate">
      <View className="card-gate__panel">
        <View className="card-gate__badge card-gate__badge--warn">
          <Text className="card-gate__badge-text">!</Text>
        </View>
        <Text className="card-gate__title">账号注销中</Text>
        <Text className="card-gate__text">冷静期内会员卡暂停使用。如需继续使用，请撤销注销申请</Text>
        <Button
          id="card-paused-manage"
          type="primary"
          block
          onClick={() => void Taro.navigateTo({ url: PRIVACY_CENTER_URL })}
        >
          查看注销申请
        </Button>
      </View>
    </View>
  );
}
