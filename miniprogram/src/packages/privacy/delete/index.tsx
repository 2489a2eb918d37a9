import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Checkbox, Dialog, Loading, SafeArea } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/checkbox/style/css';
import type { PrivacyOverview } from '@member/shared';
import { PageShell } from '../../../components/PageShell';
import { showError } from '../../../components/feedback';
import { platform } from '../../../platform';
import { meApi } from '../../../services/api';
import { errorMessage } from '../../../services/api-error';
import { privacyApi } from '../../../services/privacy-api';
import { formatBizDate } from '../../../utils/time';
import { DeletionNotice, useCancelDeletion } from '../center/DeletionNotice';
import '../privacy.scss';
import { formatInt } from '@member/shared';

function ListBlock({ title, items, tone }: { title: string; items: string[]; tone: 'erase' | 'keep' | 'info' }) {
  return (
    <View className={`privacy__block privacy__block--${tone}`}>
      <Text className="privacy__block-title">{title}</Text>
      {items.map((item) => (
        <View key={item} className="privacy__block-item">
          <View className="privacy__dot" />
          <Text className="privacy__block-text">{item}</Text>
        </View>
      ))}
    </View>
  );
}

/**
 * 注销账号: what is erased and what is kept, the cooling-off period, then a confirmation that takes a
 * fresh WeChat login (the server checks it names this member's WeChat user).
 */
function DeleteContent() {
  const [overview, setOverview] = useState<PrivacyOverview | null>(null);
  const [points, setPoints] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [agreed, setAgreed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const cancelling = useCancelDeletion(setOverview);

  const load = useCallback(async () => {
    try {
      const [o, p] = await Promise.all([privacyApi.overview(), meApi.points({ pageSize: 1 })]);
      setOverview(o);
      setPoints(p.balance);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);
  useDidShow(() => void load());

  if (!overview) {
    return (
      <View className="privacy__state">
        {error ? (
          <>
            <Text className="privacy__state-text">{error}</Text>
            <Button type="primary" onClick={() => void load()}>
              重新加载
            </Button>
          </>
        ) : (
          <Loading type="circular" />
        )}
      </View>
    );
  }

  const days = overview.settings.coolingOffDays;
  const open = overview.deletion?.status === 'cooling_off' || overview.deletion?.status === 'pending';

  const submit = async () => {
    setConfirming(false);
    setBusy(true);
    try {
      // A new wx.login code, taken now: the confirmation that it is this WeChat user asking.
      const code = await platform.login();
      setOverview(await privacyApi.requestDeletion({ code }));
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 });
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  if (open) {
    return (
      <View id="delete-submitted" className="privacy">
        <View className="privacy__result">
          <View className="privacy__result-icon">
            <Text className="privacy__result-mark">✓</Text>
          </View>
          <Text className="privacy__result-title">已提交注销申请</Text>
          <Text className="privacy__result-text">
            冷静期至 {formatBizDate(overview.deletion!.dueAt)}
            ，期满后我们将删除您的个人信息。冷静期内会员卡暂停使用，您可随时撤销。
          </Text>
          <View className="privacy__result-actions">
            <Button
              id="deletion-cancel"
              fill="outline"
              block
              loading={cancelling.busy}
              onClick={() => void cancelling.cancel()}
            >
              撤销注销
            </Button>
            <Button type="primary" block onClick={() => void Taro.switchTab({ url: '/pages/mine/index' })}>
              返回我的
            </Button>
          </View>
        </View>
      </View>
    );
  }

  return (
    <View id="delete-account" className="privacy privacy--with-bar">
      <View className="privacy__intro privacy__intro--warn">
        <Text className="privacy__intro-title">注销会员账号</Text>
        <Text className="privacy__intro-text">请在提交前确认以下内容，建议先在“隐私与数据”中导出我的数据</Text>
      </View>
      <DeletionNotice deletion={overview.deletion} onChanged={setOverview} />

      <ListBlock
        tone="erase"
        title="注销后将删除"
        items={[
          '昵称、性别、生日、手机号',
          '微信身份标识（OpenID / UnionID），再次登录将成为新会员',
          `当前积分${points !== null ? ` ${formatInt(points)} 分` : ''}及会员等级将作废，无法恢复`,
          '会员号替换为匿名编号',
        ]}
      />
      <ListBlock
        tone="keep"
        title="依法保留（只关联匿名编号）"
        items={['消费与退款记录、积分流水：用于财务对账，无法再对应到您本人']}
      />
      <ListBlock
        tone="info"
        title={`${days} 天冷静期`}
        items={[
          '提交时需重新进行微信登录，确认是您本人操作',
          `提交后进入 ${days} 天冷静期，期间会员卡暂停使用，可随时撤销`,
          '冷静期结束后自动删除，门店也可在期满后为您办理',
        ]}
      />

      <View className="privacy__agree">
        <Checkbox id="delete-agree" checked={agreed} onChange={setAgreed} />
        <Text className="privacy__agree-text" onClick={() => setAgreed(!agreed)}>
          我已阅读并了解以上内容
        </Text>
      </View>

      <View className="privacy__bar">
        <Button
          id="delete-submit"
          type="danger"
          block
          className="privacy__bar-button privacy__danger-button"
          disabled={!agreed}
          loading={busy}
          onClick={() => setConfirming(true)}
        >
          申请注销
        </Button>
        <SafeArea position="bottom" />
      </View>

      <Dialog
        className="privacy-danger-dialog"
        visible={confirming}
        title="确认注销账号？"
        content={`确认后将重新进行微信登录，以核实是您本人操作。${days} 天冷静期后将删除您的个人信息。`}
        confirmText="确认注销"
        cancelText="再想想"
        onConfirm={() => void submit()}
        onCancel={() => setConfirming(false)}
      />
    </View>
  );
}

export default function DeleteAccountPage() {
  return (
    <PageShell>
      <DeleteContent />
    </PageShell>
  );
}
