import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Loading } from '@nutui/nutui-react-taro';
import { PageShell } from '../../components/PageShell';
import { PointsSummary } from '../../components/PointsSummary';
import { QrCode } from '../../components/QrCode';
import { TierBadge, useTierView } from '../../components/TierBadge';
import { groupDigits } from '../../utils/member-code';
import { useMemberCard } from './use-member-card';
import './index.scss';

function CardContent() {
  const { card, secondsLeft, loading, failed, refresh } = useMemberCard();
  const tierView = useTierView();

  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });

  const tapRefresh = () => void refresh();
  const expired = !!card && secondsLeft === 0;

  return (
    <View className="card">
      <View className="card__panel">
        <Text className="card__title">{card ? card.nickname || '会员' : '会员卡'}</Text>
        {card && <Text className="card__member-no">会员号 {card.memberNo}</Text>}
        {tierView && <TierBadge id="card-tier" tier={tierView.current} />}

        <View className="card__qr-box" onClick={tapRefresh}>
          {card && !expired && !failed ? (
            <QrCode id="card-qr" className="card__qr" value={card.code} />
          ) : (
            <View className="card__qr card__qr--empty">
              {loading ? (
                <Loading type="circular" />
              ) : (
                <Text className="card__qr-tip">{expired ? '会员码已过期' : '会员码加载失败'}，点击刷新</Text>
              )}
            </View>
          )}
        </View>

        {card && (
          <Text id="card-code" className="card__code">
            {groupDigits(card.code)}
          </Text>
        )}
        <Text className="card__hint">
          {card && !expired ? `向店员出示会员码 · ${secondsLeft} 秒后失效` : '下拉或点击二维码刷新'}
        </Text>
        <Button id="card-refresh" size="small" fill="outline" loading={loading} onClick={tapRefresh}>
          刷新会员码
        </Button>
      </View>
      <PointsSummary className="card__points" />
      <Text className="card__note">会员码每分钟更新，仅限本人到店使用，请勿截图转发</Text>
    </View>
  );
}

export default function CardPage() {
  return (
    <PageShell>
      <CardContent />
    </PageShell>
  );
}
