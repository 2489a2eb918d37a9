import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { PageShell } from '../../../components/PageShell';
import { StaffGate } from '../StaffGate';
import { showError, showInfo } from '../../../components/feedback';
import { PlatformError, platform } from '../../../platform';
import { staffApi } from '../../../services/api';
import { useSession } from '../../../store/session';
import { groupDigits, isMemberCode, MEMBER_CODE_LENGTH, normalizeMemberCode } from '../../../utils/member-code';
import { MEMBER_URL, openCheckoutPage, setCheckout } from '../checkout-store';
import { StaffToolbar } from '../StaffToolbar';
import '../staff.scss';

function ScanContent() {
  const { member } = useSession();
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);
  const digits = normalizeMemberCode(input);

  const lookup = async (raw: string) => {
    const code = normalizeMemberCode(raw);
    if (!isMemberCode(code)) return showError(new Error(`请输入 ${MEMBER_CODE_LENGTH} 位会员码`));
    setBusy(true);
    try {
      // The scan opens a checkout (the member's code is spent); the sale then has 10 minutes.
      const checkout = await staffApi.openCheckout({ memberCode: code });
      setCheckout(checkout);
      setInput('');
      openCheckoutPage(MEMBER_URL, checkout.checkoutId);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const scan = async () => {
    try {
      await lookup(await platform.scanCode());
    } catch (e) {
      if (e instanceof PlatformError && e.reason === 'unsupported') showInfo(e.message);
      else showError(e);
    }
  };

  return (
    <View className="staff">
      <View className="staff__banner">
        <Text className="staff__banner-title">{member?.staff?.storeName ?? '门店'}</Text>
        <Text className="staff__banner-sub">扫描会员出示的会员码，或手动输入码下方的数字</Text>
      </View>

      <View className="staff__scan">
        <Button id="staff-scan" type="primary" size="large" block onClick={() => void scan()}>
          扫描会员码
        </Button>
        {platform.kind === 'h5' && <Text className="staff__tip">浏览器演示不支持摄像头扫码，请手动输入</Text>}
      </View>

      <View className="staff__form">
        <Text className="staff__label">手动输入会员码</Text>
        <Input
          id="staff-code-input"
          className="staff__input"
          type={platform.kind === 'weapp' ? 'number' : 'text'}
          maxLength={MEMBER_CODE_LENGTH + 4}
          placeholder={`${MEMBER_CODE_LENGTH} 位数字`}
          value={input}
          onChange={setInput}
          clearable
        />
        <Text className="staff__tip">
          {digits
            ? `${groupDigits(digits)}（${digits.length}/${MEMBER_CODE_LENGTH}）`
            : '会员码 1 分钟内有效；扫码后 10 分钟内完成收款即可'}
        </Text>
        <Button
          id="staff-lookup-submit"
          type="primary"
          block
          loading={busy}
          disabled={!isMemberCode(digits)}
          onClick={() => void lookup(input)}
        >
          确认会员
        </Button>
      </View>

      <StaffToolbar />
    </View>
  );
}

export default function ScanPage() {
  return (
    <PageShell>
      <StaffGate>
        <ScanContent />
      </StaffGate>
    </PageShell>
  );
}
