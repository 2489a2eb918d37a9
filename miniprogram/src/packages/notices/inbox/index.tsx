import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Loading } from '@nutui/nutui-react-taro';
import { PageShell } from '../../../components/PageShell';
import { StateBlock } from '../../../components/StateBlock';
import { showError } from '../../../components/feedback';
import { platform } from '../../../platform';
import { sandboxOpenid } from '../../../platform/sandbox-openid';
import { errorMessage } from '../../../services/api-error';
import { request } from '../../../services/request';
import { keywordRows, openTarget, type SandboxMessage } from '../../../utils/notices';
import { formatBizDateTime } from '../../../utils/time';
import '../notices.scss';

const TAB_PAGES = ['pages/home/index', 'pages/mall/index', 'pages/card/index', 'pages/mine/index'];

function open(page: string) {
  const target = openTarget(page, TAB_PAGES);
  const go = target.tab ? Taro.switchTab({ url: target.url }) : Taro.navigateTo({ url: target.url });
  go.catch(showError);
}

function MessageCard({ message }: { message: SandboxMessage }) {
  return (
    <View className="inbox__card" data-testid="inbox-card" data-template={message.templateId}>
      <View className="inbox__head">
        <Text className="inbox__app">会员中心</Text>
        <Text className="inbox__time">{formatBizDateTime(message.sentAt)}</Text>
      </View>
      <Text className="inbox__title">{message.title}</Text>
      <View className="inbox__rows">
        {keywordRows(message.lines).map((row, i) => (
          <View key={i} className="inbox__row">
            <Text className="inbox__name">{row.name}</Text>
            <Text className="inbox__value">{row.value}</Text>
          </View>
        ))}
      </View>
      {message.page ? (
        <View className="inbox__link" onClick={() => open(message.page!)}>
          <Text>进入小程序查看</Text>
          <Text>›</Text>
        </View>
      ) : null}
    </View>
  );
}

/**
 * H5 demo only: what this browser's sandbox user would see in WeChat's 服务通知 (the sandbox's message inbox).
 * The mini-program never reads this in WeChat, where the notices arrive in WeChat itself.
 */
function InboxContent() {
  const [messages, setMessages] = useState<SandboxMessage[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (platform.kind !== 'h5') return;
    try {
      const openid = sandboxOpenid();
      setMessages(
        await request<SandboxMessage[]>(`/sandbox/wx/messages?openid=${encodeURIComponent(openid)}`, { auth: 'none' }),
      );
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  if (platform.kind !== 'h5') {
    return (
      <StateBlock title="服务通知在微信中查看" actions={[{ text: '返回', onClick: () => void Taro.navigateBack() }]} />
    );
  }
  if (error && !messages) {
    return (
      <StateBlock
        status="network"
        title="加载失败"
        description={error}
        actions={[{ text: '重新加载', onClick: () => void load() }]}
      />
    );
  }
  if (!messages) {
    return (
      <View className="notices__loading">
        <Loading type="circular" />
      </View>
    );
  }
  return (
    <View id="notice-inbox" className="inbox">
      <Text className="inbox__hint">浏览器演示：这里显示微信「服务通知」中会收到的消息</Text>
      {messages.length === 0 ? (
        <StateBlock
          title="暂无服务通知"
          description="领券、报名等操作后点「允许」，到期前会在这里收到提醒"
          actions={[{ text: '刷新', onClick: () => void load() }]}
        />
      ) : (
        messages.map((m) => <MessageCard key={m.msgid} message={m} />)
      )}
    </View>
  );
}

export default function NoticeInboxPage() {
  return (
    <PageShell>
      <InboxContent />
    </PageShell>
  );
}
