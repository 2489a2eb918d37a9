import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Cell, Dialog, Loading, Switch } from '@nutui/nutui-react-taro';
import { CONSENT_KIND_LABELS, MARKETING_CONSENT_TEXT, type PrivacyOverview } from '@member/shared';
import { PageShell } from '../../../components/PageShell';
import { PRIVACY_POLICY_URL } from '../../../components/PrivacyPrompt';
import { showError, showSuccess } from '../../../components/feedback';
import { platform } from '../../../platform';
import { meApi } from '../../../services/api';
import { errorMessage } from '../../../services/api-error';
import { privacyApi } from '../../../services/privacy-api';
import { useSession } from '../../../store/session';
import { formatBizDateTime } from '../../../utils/time';
import { DeletionNotice } from './DeletionNotice';
import '../privacy.scss';

const DELETE_URL = '/packages/privacy/delete/index';
const HISTORY_SHOWN = 6;

/** 隐私与数据: consents (marketing switch, privacy withdrawal), their history, 导出我的数据, 注销账号. */
function CenterContent() {
  const { setMember } = useSession();
  const [overview, setOverview] = useState<PrivacyOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [switching, setSwitching] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);

  const load = useCallback(async () => {
    try {
      setOverview(await privacyApi.overview());
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);
  useDidShow(() => void load());

  if (error && !overview) {
    return (
      <View className="privacy__state">
        <Text className="privacy__state-text">{error}</Text>
        <Button type="primary" onClick={() => void load()}>
          重新加载
        </Button>
      </View>
    );
  }
  if (!overview) {
    return (
      <View className="privacy__state">
        <Loading type="circular" />
      </View>
    );
  }

  const { privacy, marketing, deletion, settings } = overview;
  const deleting = deletion?.status === 'cooling_off' || deletion?.status === 'pending';

  const setMarketing = async (granted: boolean) => {
    setSwitching(true);
    try {
      setOverview(
        await privacyApi.changeConsent({ kind: 'marketing', granted, version: overview.currentMarketingVersion }),
      );
      showSuccess(granted ? '已开启' : '已关闭');
    } catch (e) {
      showError(e);
    } finally {
      setSwitching(false);
    }
  };

  const withdrawPrivacy = async () => {
    setConfirmWithdraw(false);
    try {
      setOverview(
        await privacyApi.changeConsent({ kind: 'privacy', granted: false, version: overview.currentPrivacyVersion }),
      );
      setMember(await meApi.get());
      showSuccess('已撤回');
    } catch (e) {
      showError(e);
    }
  };

  const exportData = async () => {
    setExporting(true);
    try {
      const link = await privacyApi.exportData();
      await platform.openDocument(link.url, link.fileName);
      showSuccess('导出成功');
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };

  return (
    <View id="privacy-center" className="privacy">
      <View className="privacy__intro">
        <Text className="privacy__intro-title">您的数据由您做主</Text>
        <Text className="privacy__intro-text">查看授权、导出我们保存的您的数据，或注销账号</Text>
      </View>

      <DeletionNotice deletion={deletion} onChanged={setOverview} />

      <Cell.Group title="授权管理">
        <Cell
          title="会员隐私政策"
          description={
            privacy.current && privacy.at
              ? `已同意 · 版本 ${privacy.version} · ${formatBizDateTime(privacy.at)}`
              : '未同意当前版本，会员卡暂不可用'
          }
          align="center"
          extra="查看 ›"
          clickable
          onClick={() => void Taro.navigateTo({ url: PRIVACY_POLICY_URL })}
        />
        <Cell
          title="营销授权（可选）"
          description={MARKETING_CONSENT_TEXT}
          align="center"
          extra={
            <View id="marketing-switch">
              <Switch checked={marketing.granted} disabled={switching} onChange={(v) => void setMarketing(v)} />
            </View>
          }
        />
        {privacy.current && (
          <Cell
            title="撤回隐私政策同意"
            description="撤回后会员卡将停止使用"
            align="center"
            extra="›"
            clickable
            onClick={() => setConfirmWithdraw(true)}
          />
        )}
      </Cell.Group>

      <View id="consent-history">
        <Cell.Group title="授权记录">
          {overview.history.length === 0 ? (
            <Cell title="暂无授权记录" />
          ) : (
            overview.history
              .slice(0, HISTORY_SHOWN)
              .map((h) => (
                <Cell
                  key={`${h.kind}-${h.at}`}
                  title={`${h.granted ? '同意' : '撤回'}${CONSENT_KIND_LABELS[h.kind]}`}
                  description={`版本 ${h.version}`}
                  extra={<Text className="privacy__time">{formatBizDateTime(h.at)}</Text>}
                  align="center"
                />
              ))
          )}
        </Cell.Group>
      </View>

      <View id="data-export">
        <Cell.Group title="我的数据">
          <Cell
            title="导出我的数据"
            description={`Excel 文件：资料、积分明细、消费与退款、授权记录；下载链接 ${settings.exportLinkMinutes} 分钟内有效`}
            align="center"
            extra={
              <Button id="data-export-button" size="small" fill="outline" loading={exporting} onClick={exportData}>
                导出
              </Button>
            }
          />
        </Cell.Group>
      </View>

      <View id="delete-entry">
        <Cell.Group title="账号">
          <Cell
            title={<Text className="privacy__danger">注销账号</Text>}
            description={
              deleting ? '已提交注销申请，可在上方撤销' : `删除个人信息，${settings.coolingOffDays} 天冷静期内可撤销`
            }
            align="center"
            extra="›"
            clickable
            onClick={() => void Taro.navigateTo({ url: DELETE_URL })}
          />
        </Cell.Group>
      </View>

      <Dialog
        visible={confirmWithdraw}
        title="撤回隐私政策同意？"
        content="撤回后会员卡将停止使用，资料和积分仍会保留，重新同意即可恢复。如需删除个人信息，请申请注销账号。"
        confirmText="撤回同意"
        cancelText="取消"
        onConfirm={() => void withdrawPrivacy()}
        onCancel={() => setConfirmWithdraw(false)}
      />
    </View>
  );
}

export default function PrivacyCenterPage() {
  return (
    <PageShell>
      <CenterContent />
    </PageShell>
  );
}
