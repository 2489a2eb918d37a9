import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Loading } from '@nutui/nutui-react-taro';
import { validityText, type ClaimableCoupon } from '@member/shared';
import { useNoticeMoment } from '../../../components/ask-for-notices';
import { CouponCard } from '../../../components/CouponCard';
import { showError, showInfo, showSuccess } from '../../../components/feedback';
import { PageShell } from '../../../components/PageShell';
import { errorMessage, isApiError } from '../../../services/api-error';
import { couponsApi } from '../../../services/coupons-api';
import {
  afterClaim,
  blockOfClaimError,
  CLAIM_BLOCK_LABELS,
  CLAIM_BLOCK_NOTES,
  CLAIM_BLOCK_TOASTS,
  COUPON_URLS,
  limitLine,
  newClaimRequestId,
  stockLine,
} from '../../../utils/coupons';
import { outcomeUnknown } from '../../../utils/refund-attempt';
import { formatBizDate, formatBizDateTime } from '../../../utils/time';
import { CouponRules } from '../CouponRules';
import '../coupons.scss';

function CenterCard({
  coupon,
  claiming,
  retrying,
  onClaim,
  onUse,
}: {
  coupon: ClaimableCoupon;
  claiming: boolean;
  retrying: boolean;
  onClaim: () => void;
  onUse: () => void;
}) {
  const { blocked, claimed } = coupon;
  const stock = stockLine(coupon.remaining);
  let action;
  if (blocked === 'LIMIT_REACHED' && claimed > 0) {
    action = (
      <Button className="coupons__btn" size="small" fill="outline" type="primary" onClick={onUse}>
        去使用
      </Button>
    );
  } else if (blocked) {
    action = (
      <Button className="coupons__btn" size="small" disabled>
        {CLAIM_BLOCK_LABELS[blocked]}
      </Button>
    );
  } else {
    action = (
      <Button className="coupons__btn" size="small" type="primary" loading={claiming} onClick={onClaim}>
        {retrying ? '重试领取' : claimed > 0 ? '再领一张' : '立即领取'}
      </Button>
    );
  }

  return (
    <CouponCard
      className="center__card"
      terms={coupon.terms}
      validity={validityText(coupon.validity, formatBizDate)}
      action={action}
      meta={
        <View className="center__meta">
          <Text>{limitLine(coupon)}</Text>
          {stock && <Text className={coupon.remaining === 0 ? 'center__soldout' : ''}>{stock}</Text>}
          {claimed > 0 && <Text className="center__claimed">已领取</Text>}
          {blocked && blocked !== 'SOLD_OUT' && !(blocked === 'LIMIT_REACHED' && claimed > 0) && (
            <Text className="center__note">{CLAIM_BLOCK_NOTES[blocked]}</Text>
          )}
        </View>
      }
      footer={
        <CouponRules
          terms={coupon.terms}
          extra={coupon.claimEndsAt ? [`领取截止：${formatBizDateTime(coupon.claimEndsAt)}`] : []}
        />
      }
    />
  );
}

function CenterContent() {
  const [coupons, setCoupons] = useState<ClaimableCoupon[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [claiming, setClaiming] = useState<number | null>(null);
  const claimingRef = useRef(false);
  // Request id per template while a claim's outcome is unknown: the retry sends the same one.
  const pending = useRef(new Map<number, string>());
  const [retrying, setRetrying] = useState<Set<number>>(new Set());
  const lastCoupon = useRef(new Map<number, number>());
  const askForExpiryReminder = useNoticeMoment('COUPON_CLAIMED');

  const load = useCallback(async () => {
    try {
      setCoupons(await couponsApi.center());
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  const update = (templateId: number, change: (c: ClaimableCoupon) => ClaimableCoupon) =>
    setCoupons((list) => list?.map((c) => (c.templateId === templateId ? change(c) : c)) ?? null);

  const markRetry = (templateId: number, on: boolean) =>
    setRetrying((prev) => {
      const next = new Set(prev);
      if (on) next.add(templateId);
      else next.delete(templateId);
      return next;
    });

  const claim = async (coupon: ClaimableCoupon) => {
    if (claimingRef.current) return; // one claim at a time; a double tap sends once
    claimingRef.current = true;
    const { templateId } = coupon;
    const requestId = pending.current.get(templateId) ?? newClaimRequestId();
    pending.current.set(templateId, requestId);
    setClaiming(templateId);
    try {
      const result = await couponsApi.claim({ templateId, requestId });
      pending.current.delete(templateId);
      markRetry(templateId, false);
      lastCoupon.current.set(templateId, result.id);
      // A replayed answer may already be counted in a list loaded since: read the standing again.
      if (result.replayed) void load();
      else update(templateId, afterClaim);
      showSuccess('领取成功');
      // Right after the success, in the tap that claimed: offer the coupon-expiry reminder.
      void askForExpiryReminder();
    } catch (e) {
      if (outcomeUnknown(e)) {
        // No answer: the coupon may exist already. Keep the id so the retry answers the first claim.
        markRetry(templateId, true);
        showError(e);
        return;
      }
      pending.current.delete(templateId);
      markRetry(templateId, false);
      const block = isApiError(e) ? blockOfClaimError(e.code) : null;
      if (block) {
        update(templateId, (c) => ({ ...c, blocked: block, remaining: block === 'SOLD_OUT' ? 0 : c.remaining }));
        showInfo(CLAIM_BLOCK_TOASTS[block]);
      } else showError(e);
    } finally {
      claimingRef.current = false;
      setClaiming(null);
    }
  };

  const use = (templateId: number) => {
    const id = lastCoupon.current.get(templateId);
    void Taro.navigateTo({ url: id ? `${COUPON_URLS.detail}?id=${id}` : COUPON_URLS.mine });
  };

  return (
    <View className="coupons center">
      <View
        id="center-mine-link"
        className="coupons__bar"
        onClick={() => void Taro.navigateTo({ url: COUPON_URLS.mine })}
      >
        <Text>领取后可在「我的优惠券」中查看和使用</Text>
        <Text className="coupons__link">我的优惠券 ›</Text>
      </View>

      {coupons === null && !error && (
        <View className="coupons__state">
          <Loading type="circular">加载中…</Loading>
        </View>
      )}
      {error && coupons === null && (
        <View id="center-error" className="coupons__state">
          <Text className="coupons__state-text">{error}</Text>
          <Button size="small" type="primary" onClick={() => void load()}>
            重新加载
          </Button>
        </View>
      )}
      {coupons?.length === 0 && (
        <View id="center-empty" className="coupons__state">
          <Text className="coupons__state-text">暂无可领取的优惠券</Text>
          <Text className="coupons__state-sub">新的优惠上线后会出现在这里</Text>
          <Button
            size="small"
            type="primary"
            fill="outline"
            onClick={() => void Taro.navigateTo({ url: COUPON_URLS.mine })}
          >
            查看我的优惠券
          </Button>
        </View>
      )}
      <View id="center-list">
        {coupons?.map((c) => (
          <CenterCard
            key={c.templateId}
            coupon={c}
            claiming={claiming === c.templateId}
            retrying={retrying.has(c.templateId)}
            onClaim={() => void claim(c)}
            onUse={() => use(c.templateId)}
          />
        ))}
      </View>
    </View>
  );
}

export default function CouponCenterPage() {
  return (
    <PageShell>
      <CenterContent />
    </PageShell>
  );
}
