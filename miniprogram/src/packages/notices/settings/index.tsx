import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Cell, Loading, Switch } from '@nutui/nutui-react-taro';
import type { NoticeKind, NoticePreferenceInput, NoticeSubscriptionItem, NoticeSubscriptions } from '@member/shared';
import { PageShell } from '../../../components/PageShell';
import { StateBlock } from '../../../components/StateBlock';
import { showError, showSuccess } from '../../../components/feedback';
import { errorMessage } from '../../../services/api-error';
import { noticesApi } from '../../../services/notices-api';
import { remainingText } from '../../../utils/notices';
import '../notices.scss';

function KindCell({
  item,
  busy,
  onToggle,
  offNote = '暂未开放',
}: {
  item: NoticeSubscriptionItem;
  busy: boolean;
  onToggle: (kind: NoticeKind, on: boolean) => void;
  /** Why the kind is greyed out. */
  offNote?: string;
}) {
  return (
    <View
      className={`notices__kind ${item.available ? '' : 'notices__kind--off'}`}
      data-kind={item.kind}
      data-remaining={item.remaining}
    >
      <Cell
        title={item.label}
        description={item.available ? remainingText(item.remaining) : offNote}
        align="center"
        extra={
          <Switch
            checked={item.enabled && item.available}
            disabled={busy || !item.available}
            onChange={(on) => onToggle(item.kind, on)}
          />
        }
      />
    </View>
  );
}

/** 我的 → 消息提醒: a switch per kind with the reminders left, marketing consent and quiet hours. */
function SettingsContent() {
  const [subs, setSubs] = useState<NoticeSubscriptions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setSubs(await noticesApi.subscriptions());
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);
  useDidShow(() => void load());

  const save = async (body: NoticePreferenceInput, done: string) => {
    setBusy(true);
    try {
      setSubs(await noticesApi.setPreferences(body));
      showSuccess(done);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  if (error && !subs) {
    return (
      <StateBlock
        status="network"
        title="加载失败"
        description={error}
        actions={[{ text: '重新加载', onClick: () => void load() }]}
      />
    );
  }
  if (!subs) {
    return (
      <View className="notices__loading">
        <Loading type="circular" />
      </View>
    );
  }

  const service = subs.items.filter((i) => i.category === 'SERVICE');
  const marketing = subs.items.filter((i) => i.category === 'MARKETING');
  const toggle = (kind: NoticeKind, on: boolean) => void save({ kinds: { [kind]: on } }, on ? '已开启' : '已关闭');

  return (
    <View id="notice-settings" className="notices">
      <View className="notices__intro">
        <Text className="notices__intro-title">微信服务通知</Text>
        <Text className="notices__intro-text">
          领券、报名、充值、兑换后，在弹窗中点「允许」即可收到对应提醒。每次允许可收到一次提醒，用完后下次操作时可再次允许。
        </Text>
      </View>

      <Cell.Group title="服务提醒">
        {service.map((item) => (
          <KindCell key={item.kind} item={item} busy={busy} onToggle={toggle} />
        ))}
      </Cell.Group>

      <Cell.Group title="营销消息">
        <View id="notice-marketing">
          <Cell
            title="接收营销消息"
            description="生日礼遇、会员回访等优惠信息"
            align="center"
            extra={
              <Switch
                checked={subs.marketingConsent}
                disabled={busy}
                onChange={(on) => void save({ marketingConsent: on }, on ? '已同意接收' : '已关闭')}
              />
            }
          />
        </View>
        {marketing.map((item) => (
          <KindCell
            key={item.kind}
            item={{ ...item, available: item.available && subs.marketingConsent }}
            busy={busy}
            onToggle={toggle}
            offNote={item.available ? '开启营销消息后可接收' : '暂未开放'}
          />
        ))}
      </Cell.Group>

      <View className="notices__foot">
        <Text id="notice-quiet-hours">{subs.quietHoursText}</Text>
        <Text>关闭某类提醒后，剩余次数会保留，重新开启即可继续收到。</Text>
      </View>
    </View>
  );
}

export default function NoticeSettingsPage() {
  return (
    <PageShell>
      <SettingsContent />
    </PageShell>
  );
}
