import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { StaffRole, type InvitePreview } from '@member/shared';
import { PageShell } from '../../../components/PageShell';
import { showError, showSuccess } from '../../../components/feedback';
import { meApi, staffApi } from '../../../services/api';
import { redeemStaffInvite } from '../../../services/auth';
import { useSession } from '../../../store/session';
import { formatBizDateTime } from '../../../utils/time';
import { PIN_LENGTH, pinProblem } from '../pin';
import '../staff.scss';

function RedeemContent() {
  const { setMember } = useSession();
  const [inviteCode, setInviteCode] = useState('');
  const [preview, setPreview] = useState<InvitePreview | null>(null);
  const [pin, setPin] = useState('');
  const [pinAgain, setPinAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const manager = preview?.role === StaffRole.Manager;

  // First say what the invite grants (role and store); binding needs a second, informed tap.
  const look = async () => {
    const code = inviteCode.trim();
    if (!code) return showError(new Error('请输入邀请码'));
    setBusy(true);
    try {
      setPreview(await staffApi.previewInvite({ inviteCode: code }));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (manager) {
      const problem = pinProblem(pin, pinAgain);
      if (problem) return showError(new Error(problem));
    }
    setBusy(true);
    try {
      const session = await redeemStaffInvite({ inviteCode: inviteCode.trim(), ...(manager ? { pin } : {}) });
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

  if (preview) {
    return (
      <View className="staff">
        <View id="invite-preview" className="staff__banner">
          <Text className="staff__banner-sub">邀请您成为</Text>
          <Text className="staff__banner-title">
            {preview.storeName} · {preview.roleLabel}
          </Text>
          <Text className="staff__banner-sub">
            {manager
              ? '店长可以收款、退款、查看今日交班，并在店员收款超出权限时输入确认密码'
              : '店员可以扫码收款、退款、查看今日交班'}
          </Text>
          <Text className="staff__banner-sub">邀请码有效期至 {formatBizDateTime(preview.expiresAt)}</Text>
        </View>
        {manager && (
          <View className="staff__form">
            <Text className="staff__label">设置店长确认密码</Text>
            <Text className="staff__tip">店员收款超出单笔或每小时上限时，由您在店员手机上输入此密码确认</Text>
            <Input
              id="invite-pin"
              className="staff__input"
              type="password"
              maxLength={PIN_LENGTH}
              placeholder={`${PIN_LENGTH} 位数字`}
              value={pin}
              onChange={setPin}
            />
            <Input
              id="invite-pin-again"
              className="staff__input"
              type="password"
              maxLength={PIN_LENGTH}
              placeholder="再次输入"
              value={pinAgain}
              onChange={setPinAgain}
            />
          </View>
        )}
        <View className="staff__form">
          <Button id="invite-confirm" type="primary" block loading={busy} onClick={() => void confirm()}>
            确认成为{preview.roleLabel}
          </Button>
          <Button fill="none" block disabled={busy} onClick={() => setPreview(null)}>
            不是这家门店，重新输入
          </Button>
        </View>
      </View>
    );
  }

  return (
    <View className="staff">
      <View className="staff__banner">
        <Text className="staff__banner-title">绑定门店店员</Text>
        <Text className="staff__banner-sub">请向店长或门店管理员索取邀请码，每个邀请码只能使用一次</Text>
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
        <Button id="invite-submit" type="primary" block loading={busy} onClick={() => void look()}>
          下一步
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
