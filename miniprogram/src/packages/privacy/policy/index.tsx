import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Loading, SafeArea } from '@nutui/nutui-react-taro';
import { PRIVACY_POLICY_SECTIONS, privacyPolicyText, type PrivacySettings } from '@member/shared';
import { PageShell } from '../../../components/PageShell';
import { hasCurrentConsent } from '../../../components/PrivacyPrompt';
import { showError, showSuccess } from '../../../components/feedback';
import { privacyApi } from '../../../services/privacy-api';
import { useSession } from '../../../store/session';
import { formatBizDateTime } from '../../../utils/time';
import '../privacy.scss';

function leave(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.switchTab({ url: '/pages/home/index' });
}

/** 《会员隐私政策》 in full; a member who has not accepted this version can accept or decline here. */
function PolicyContent() {
  const { member, setMember } = useSession();
  const [settings, setSettings] = useState<PrivacySettings | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    privacyApi
      .overview()
      .then((o) => setSettings(o.settings))
      .catch(showError);
  }, []);
  if (!member) return null;

  const accepted = hasCurrentConsent(member);
  const accept = async () => {
    setBusy(true);
    try {
      setMember(await privacyApi.acceptPolicy({ version: member.currentPrivacyVersion }));
      showSuccess('已同意');
      setTimeout(leave, 800);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View id="privacy-policy" className={`privacy ${accepted ? '' : 'privacy--with-bar'}`}>
      <View className="privacy__doc">
        <Text className="privacy__doc-title">会员隐私政策</Text>
        <Text className="privacy__doc-meta">
          版本 {member.currentPrivacyVersion}
          {accepted && member.privacyAcceptedAt ? ` · 您已于 ${formatBizDateTime(member.privacyAcceptedAt)} 同意` : ''}
        </Text>
        {!settings ? (
          <View className="privacy__loading">
            <Loading type="circular" />
          </View>
        ) : (
          PRIVACY_POLICY_SECTIONS.map((section) => (
            <View key={section.title} className="privacy__section">
              <Text className="privacy__section-title">{section.title}</Text>
              {section.paragraphs.map((p) => (
                <Text key={p} className="privacy__paragraph">
                  {privacyPolicyText(p, settings)}
                </Text>
              ))}
            </View>
          ))
        )}
      </View>
      {!accepted && (
        <View className="privacy__bar">
          <View className="privacy__bar-actions">
            <Button id="policy-decline" className="privacy__bar-button" fill="outline" onClick={leave}>
              不同意
            </Button>
            <Button id="policy-accept" className="privacy__bar-button" type="primary" loading={busy} onClick={accept}>
              同意并开通会员卡
            </Button>
          </View>
          <SafeArea position="bottom" />
        </View>
      )}
    </View>
  );
}

export default function PolicyPage() {
  return (
    <PageShell>
      <PolicyContent />
    </PageShell>
  );
}
