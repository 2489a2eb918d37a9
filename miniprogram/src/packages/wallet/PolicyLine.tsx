import { Text, View } from '@tarojs/components';
import { Button, Popup, SafeArea } from '@nutui/nutui-react-taro';
import type { WalletPolicy } from '@member/shared';

interface PolicyLineProps {
  policy: WalletPolicy;
  agreed: boolean;
  onAgreed: (agreed: boolean) => void;
  /** Opened from outside (the pay button when the box is unticked). */
  open: boolean;
  onOpen: (open: boolean) => void;
}

/** 我已阅读并同意《储值规则》: an unticked box, and the rules in a bottom sheet ending with 同意. */
export function PolicyLine({ policy, agreed, onAgreed, open, onOpen }: PolicyLineProps) {
  const agree = () => {
    onAgreed(true);
    onOpen(false);
  };
  return (
    <View className="wallet-policy">
      <View
        id="wallet-policy-check"
        className="wallet-policy__check"
        aria-role="checkbox"
        aria-checked={agreed}
        onClick={() => onAgreed(!agreed)}
      >
        <View className={`wallet-policy__box ${agreed ? 'wallet-policy__box--on' : ''}`}>
          {agreed && <Text className="wallet-policy__tick">✓</Text>}
        </View>
        <Text className="wallet-policy__text">我已阅读并同意</Text>
      </View>
      <Text id="wallet-policy-link" className="wallet-policy__link" onClick={() => onOpen(true)}>
        《储值规则》
      </Text>
      <Popup visible={open} position="bottom" round closeable title="储值规则" onClose={() => onOpen(false)}>
        <View id="wallet-policy-sheet" className="wallet-rules">
          {policy.paragraphs.map((p, i) => (
            <View key={i} className="wallet-rules__item">
              <Text className="wallet-rules__no">{i + 1}.</Text>
              <Text className="wallet-rules__text">{p}</Text>
            </View>
          ))}
          <Text className="wallet-rules__version">规则版本 {policy.version}</Text>
          <Button id="wallet-policy-agree" type="primary" block onClick={agree}>
            {agreed ? '我知道了' : '我已阅读并同意'}
          </Button>
          <SafeArea position="bottom" />
        </View>
      </Popup>
    </View>
  );
}
