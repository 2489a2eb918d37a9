import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Loading, SafeArea } from '@nutui/nutui-react-taro';
import type { MemberCoupon } from '@member/shared';
import { CouponCard } from '../../../components/CouponCard';
import { PageShell } from '../../../components/PageShell';
import { QrCode } from '../../../components/QrCode';
import { errorMessage } from '../../../services/api-error';
import { couponsApi } from '../../../services/coupons-api';
import {
  COUPON_SOURCE_LABELS,
  COUPON_URLS,
  couponHint,
  groupCouponCode,
  notYetValid,
  ruleLines,
  statusStamp,
  validityRange,
} from '../../../utils/coupons';
import { formatBizDate, formatBizDateTime } from '../../../utils/time';
import '../coupons.scss';
import './index.scss';

/** The code for the counter, or why there is none to show. */
function CodePanel({ coupon }: { coupon: MemberCoupon }) {
  if (coupon.status === 'GIFTING') {
    return (
      <View id="coupon-code-gifting" className="coupons__panel detail__code detail__code--off">
        <Text className="detail__code-title">转赠中，暂不能使用</Text>
        <Text className="detail__code-note">
          好友领取后券将归好友所有；{coupon.gift ? `${formatBizDateTime(coupon.gift.expiresAt)} 前未领取自动退回` : ''}
        </Text>
      </View>
    );
  }
  if (coupon.status !== 'USABLE') {
    return null;
  }
  const later = notYetValid(coupon.validFrom);
  return (
    <View id="coupon-code" className="coupons__panel detail__code">
      <Text className="detail__code-title">{later ? `${formatBizDate(coupon.validFrom)} 起可用` : '到店出示券码'}</Text>
      <QrCode id="coupon-qr" className={`detail__qr ${later ? 'detail__qr--later' : ''}`} value={coupon.code} />
      <Text id="coupon-code-digits" className="detail__digits">
        {groupCouponCode(coupon.code)}
      </Text>
      <Text className="detail__code-note">结账时请店员扫码，或报出券码</Text>
    </View>
  );
}

function DetailContent() {
  const router = useRouter();
  const id = Number(router.params.id);
  const [coupon, setCoupon] = useState<MemberCoupon | null>(null);
  const [error, setError] = useState<string | null>(null);

  const inFlight = useRef(false);

  const load = useCallback(async () => {
    if (!Number.isInteger(id) || id <= 0) {
      setError('优惠券不存在');
      return;
    }
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      setCoupon(await couponsApi.detail(id));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      inFlight.current = false;
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  // Coming back from the gift page the coupon may be gifting or given back.
  useDidShow(() => void load());

  if (!coupon) {
    return (
      <View className="coupons__state">
        {error ? (
          <>
            <Text id="coupon-detail-error" className="coupons__state-text">
              {error}
            </Text>
            <Button size="small" type="primary" onClick={() => void load()}>
              重新加载
            </Button>
          </>
        ) : (
          <Loading type="circular">加载中…</Loading>
        )}
      </View>
    );
  }

  const t = coupon.terms;
  const canGift = t.giftable && coupon.status === 'USABLE';
  const rows = [
    { label: '有效期', value: validityRange(coupon.validFrom, coupon.validUntil) },
    ...ruleLines(t),
    { label: '来源', value: `${COUPON_SOURCE_LABELS[coupon.source]} · ${formatBizDateTime(coupon.issuedAt)}` },
  ];
  if (coupon.status === 'USED' && coupon.usedAt) {
    rows.push({
      label: '使用记录',
      value: `${formatBizDateTime(coupon.usedAt)}${coupon.usedStoreName ? ` · ${coupon.usedStoreName}` : ''}`,
    });
  }
  const toGift = () => void Taro.navigateTo({ url: `${COUPON_URLS.gift}?id=${coupon.id}` });

  return (
    <View className="coupons detail">
      <CouponCard
        id="coupon-detail-card"
        terms={t}
        validity={validityRange(coupon.validFrom, coupon.validUntil)}
        hint={couponHint(coupon)}
        stamp={statusStamp(coupon.status)}
      />
      <CodePanel coupon={coupon} />
      <View id="coupon-terms" className="coupons__panel coupons__rows">
        {rows.map((r) => (
          <View key={r.label} className="coupons__row">
            <Text className="coupons__row-label">{r.label}</Text>
            <Text className="coupons__row-value">{r.value}</Text>
          </View>
        ))}
      </View>
      {(canGift || coupon.status === 'GIFTING') && (
        <View className="detail__bottom">
          <Button id="coupon-gift" block type="primary" fill={canGift ? 'outline' : 'solid'} onClick={toGift}>
            {canGift ? '赠送给好友' : '查看赠送'}
          </Button>
          <SafeArea position="bottom" />
        </View>
      )}
    </View>
  );
}

export default function CouponDetailPage() {
  return (
    <PageShell>
      <DetailContent />
    </PageShell>
  );
}
