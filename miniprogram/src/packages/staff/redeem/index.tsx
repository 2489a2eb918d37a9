import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { PageShell } from '../../../components/PageShell';
import { showError, showSuccess } from '../../../components/feedback';
import { meApi } from '../../../services/api';
import { redeemStaffInvite } from '../../../services/auth';
import { useSession } from '../../../store/session';
import '../staff.scss';

function RedeemContent() {
  const { setMember } = useSession();
  const [inviteCode, setInviteCode] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const code = inviteCode.trim();
    if (!code) return showError(new Error('请输入邀请码'));
    setBusy(true);
    try {
      const session = await redeemStaffInvite({ inviteCode: code });
      // The member profile now carries the staff binding; refresh it so "我的" shows the store.
      setMember(await meApi.get());
      showSuccess(`已绑定 ${session.staff.storeName}`);
      await Taro.redirectTo({ url: '/packages/staff/scan/index' });
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="staff">
      <View className="staff__banner">
        <Text className="staff__banner-title">成为门店店员</Text>
        <Text className="staff__banner-sub">请向门店管理员索取邀请码，每个邀请码只能使用一次</Text>
      </View>
      <View className="staff__form">
        <Text className="staff__label">邀请码</Text>
        <Input
          id="invite-code-input"
          className="staff__input"
          placeholder="请输入邀请码"
          value={inviteCode}
          onChange={setInviteCode}
          clearable
        />
        <Button id="invite-submit" type="primary" block loading={busy} onClick={submit}>
          绑定
        </Button>
      </View>
    </View>
  );
}

export default function RedeemPage() {
  return (
    <PageShell>
      <RedeemContent />
    </PageShell>
  );
}
