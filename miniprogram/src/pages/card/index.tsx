import { useEffect, useRef, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Loading } from '@nutui/nutui-react-taro';
import type { CardActivity, CardSale, PendingWalletCharge } from '@member/shared';
import { PageShell } from '../../components/PageShell';
import { PointsSummary } from '../../components/PointsSummary';
import { hasCurrentConsent } from '../../components/PrivacyPrompt';
import { QrCode } from '../../components/QrCode';
import { TierBadge, useTierView } from '../../components/TierBadge';
import { useSession } from '../../store/session';
import { platform } from '../../platform';
import { showInfo, showSuccess } from '../../components/feedback';
import { groupDigits } from '../../utils/member-code';
import { SaleSheet } from './SaleSheet';
import { WalletConfirmSheet } from './WalletConfirmSheet';
import { CardConsentGate, CardPaused } from './CardGate';
import { useCardActivity } from './use-card-activity';
import { useMemberCard } from './use-member-card';
import './index.scss';

/** Tier badge, reloaded when its key changes (after a sale that may have promoted the member). */
function CardTier() {
  const tierView = useTierView();
  return tierView ? <TierBadge id="card-tier" tier={tierView.current} /> : null;
}

function CardContent() {
  const { card, secondsLeft, loading, failed, paused, refresh } = useMemberCard();
  // The store's scan and sale, as they happen: the scanned code greys out, the sale opens 消费成功.
  const [start, setStart] = useState<string | null>(null);
  const [scanned, setScanned] = useState<NonNullable<CardActivity['scanned']> | null>(null);
  const [sale, setSale] = useState<CardSale | null>(null);
  // Bumped by a sale so balance and tier are read again (no stale figures after it).
  const [version, setVersion] = useState(0);
  // A store's stored-value charge waiting for this member's confirmation; answered ones are not shown again.
  const [charge, setCharge] = useState<{ pending: PendingWalletCharge; serverNow: string } | null>(null);
  const answered = useRef(new Set<number>());
  const shownCharge = useRef<number | null>(null);
  useEffect(() => {
    if (card && !start) setStart(card.issuedAt);
  }, [card, start]);
  useCardActivity(start, {
    onScanned: (scan) => {
      setScanned(scan);
      // The shown code is spent: fetch the next one behind the grey overlay.
      void refresh();
    },
    onWalletConfirmation: (pending, serverNow) => {
      const open = pending && !answered.current.has(pending.id) ? pending : null;
      // Vibrate once when a new request appears; the clerk cancelling it (null) closes the sheet.
      if (open && shownCharge.current !== open.id) platform.vibrateShort();
      shownCharge.current = open?.id ?? null;
      setCharge(open ? { pending: open, serverNow } : null);
    },
    onSale: (next) => {
      setScanned(null);
      setSale(next);
      setVersion((v) => v + 1);
      platform.vibrateShort();
      void refresh();
    },
  });

  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });

  const tapRefresh = () => void refresh();
  const expired = !!card && secondsLeft === 0;
  if (paused) return <CardPaused onResumed={tapRefresh} />;

  return (
    <View className="card">
      <View className="card__panel">
        <Text className="card__title">{card ? card.nickname || '会员' : '会员卡'}</Text>
        {card && <Text className="card__member-no">会员号 {card.memberNo}</Text>}
        <CardTier key={version} />

        <View className="card__qr-box" onClick={scanned ? undefined : tapRefresh}>
          {scanned ? (
            <View id="card-scanned" className="card__qr card__qr--scanned" onClick={() => setScanned(null)}>
              {card && <QrCode className="card__qr-ghost" value={card.code} />}
              <View className="card__scanned">
                <Text className="card__scanned-title">店员已扫码</Text>
                <Text className="card__scanned-sub">{scanned.storeName} · 请等待收款完成</Text>
                <Text className="card__scanned-link">出示新会员码</Text>
              </View>
            </View>
          ) : card && !expired && !failed ? (
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

        {card && !scanned && (
          <Text id="card-code" className="card__code">
            {groupDigits(card.code)}
          </Text>
        )}
        <Text className="card__hint">
          {scanned
            ? '本次扫码 10 分钟内有效，收款后将在此显示结果'
            : card && !expired
              ? `向店员出示会员码 · ${secondsLeft} 秒后失效`
              : '下拉或点击二维码刷新'}
        </Text>
        <Button id="card-refresh" size="small" fill="outline" loading={loading} onClick={tapRefresh}>
          刷新会员码
        </Button>
      </View>
      <PointsSummary key={version} className="card__points" />
      <Text className="card__note">会员码每分钟更新，仅限本人到店使用，请勿截图转发</Text>
      <SaleSheet sale={sale} onClose={() => setSale(null)} />
      <WalletConfirmSheet
        pending={charge?.pending ?? null}
        serverNow={charge?.serverNow ?? null}
        onDecided={(decision) => {
          answered.current.add(decision.id);
          setCharge(null);
          if (decision.status === 'DECLINED') showInfo('已拒绝本次储值支付');
          else showSuccess('已确认支付');
        }}
        onClose={() => {
          if (charge) answered.current.add(charge.pending.id);
          setCharge(null);
        }}
      />
    </View>
  );
}

/** No code is minted before the member has accepted the current privacy policy. */
function CardGate() {
  const { member } = useSession();
  if (!member) return null;
  return hasCurrentConsent(member) ? <CardContent /> : <CardConsentGate member={member} />;
}

export default function CardPage() {
  return (
    <PageShell>
      <CardGate />
    </PageShell>
  );
}
