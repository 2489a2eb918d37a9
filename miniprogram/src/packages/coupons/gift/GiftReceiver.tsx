import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Loading } from '@nutui/nutui-react-taro';
import { ErrorCode, type CouponGiftPreview, type MemberCoupon } from '@member/shared';
import { CouponCard } from '../../../components/CouponCard';
import { showError, showSuccess } from '../../../components/feedback';
import { errorMessage, isApiError } from '../../../services/api-error';
import { couponsApi } from '../../../services/coupons-api';
import { COUPON_URLS, validityRange } from '../../../utils/coupons';
import { formatBizDateTime } from '../../../utils/time';
import { outcomeUnknown } from '../../../utils/refund-attempt';

type Closed = CouponGiftPreview['status'];

// What the giver sees on their own link.
const GIVER_TEXT: Record<Closed, [string, string]> = {
  OPEN: ['等待好友领取', '不能领取自己送出的券；好友领取前，你可以在优惠券详情中撤回。'],
  ACCEPTED: ['好友已领取', '这张券已归好友所有。'],
  CANCELLED: ['你已撤回这次赠送', '券已回到你的账户，可以继续使用或再次赠送。'],
  EXPIRED: ['链接已过期', '好友未在有效期内领取，券已退回你的账户。'],
};

const CLOSED_TEXT: Record<Exclude<Closed, 'OPEN'>, string> = {
  ACCEPTED: '来晚了，这张券已被好友领走',
  CANCELLED: '赠送已被撤回',
  EXPIRED: '赠送链接已过期',
};

/** The friend: see who gives what, and take it (the first to accept gets it). */
export function GiftReceiver({ token }: { token: string }) {
  const [gift, setGift] = useState<CouponGiftPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [accepting, setAccepting] = useState(false);
  const [received, setReceived] = useState<MemberCoupon | null>(null);

  const load = useCallback(async () => {
    try {
      const preview = await couponsApi.giftPreview(token);
      // The preview does not say who took it: accepting again answers our own coupon if it was us
      // (the server replays a friend's accept), and COUPON_GIFT_TAKEN otherwise.
      if (preview.status === 'ACCEPTED' && !preview.mine) {
        const mineNow = await couponsApi.acceptGift(token).catch(() => null);
        if (mineNow) setReceived(mineNow);
      }
      setGift(preview);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [token]);
  useEffect(() => {
    void load();
  }, [load]);

  const accept = async () => {
    if (accepting || !gift) return;
    setAccepting(true);
    try {
      const coupon = await couponsApi.acceptGift(token);
      setReceived(coupon);
      setGift({ ...gift, status: 'ACCEPTED' });
      showSuccess('领取成功');
    } catch (e) {
      // No answer: tapping 领取 again is safe, the server answers the same friend's accept again.
      if (outcomeUnknown(e)) {
        showError(e);
        return;
      }
      const code = isApiError(e) ? e.code : '';
      if (code === ErrorCode.COUPON_GIFT_TAKEN) {
        setGift({ ...gift, status: 'ACCEPTED' });
      } else if (code === ErrorCode.COUPON_GIFT_CLOSED) void load();
      else if (code === ErrorCode.COUPON_GIFT_OWN) setGift({ ...gift, mine: true });
      else showError(e);
    } finally {
      setAccepting(false);
    }
  };

  if (!gift) {
    return (
      <View className="coupons__state">
        {error ? (
          <>
            <Text id="gift-error" className="coupons__state-text">
              {error}
            </Text>
            <Button
              size="small"
              type="primary"
              fill="outline"
              onClick={() => void Taro.redirectTo({ url: COUPON_URLS.center })}
            >
              去领券中心
            </Button>
          </>
        ) : (
          <Loading type="circular">加载中…</Loading>
        )}
      </View>
    );
  }

  const closed = gift.status !== 'OPEN';
  return (
    <View className="coupons gift">
      <View className="gift__from">
        <Text id="gift-from" className="gift__from-name">
          {gift.mine ? '你送出的优惠券' : `${gift.giverName} 送你一张优惠券`}
        </Text>
      </View>
      <CouponCard
        id="gift-card"
        terms={gift.terms}
        validity={validityRange(gift.validFrom, gift.validUntil)}
        stamp={received ? null : closed ? (gift.status === 'ACCEPTED' ? '已领走' : '已失效') : null}
      />

      <View id="gift-status" className="coupons__panel gift__panel">
        {received ? (
          <>
            <Text className="gift__title">领取成功</Text>
            <Text className="gift__text">券已放入「我的优惠券」，到店出示券码即可使用。</Text>
            <Button
              id="gift-view"
              block
              type="primary"
              onClick={() => void Taro.redirectTo({ url: `${COUPON_URLS.detail}?id=${received.id}` })}
            >
              查看优惠券
            </Button>
          </>
        ) : gift.mine ? (
          <>
            <Text className="gift__title">{GIVER_TEXT[gift.status][0]}</Text>
            <Text className="gift__text">{GIVER_TEXT[gift.status][1]}</Text>
            <Button block fill="outline" onClick={() => void Taro.redirectTo({ url: COUPON_URLS.mine })}>
              查看我的优惠券
            </Button>
          </>
        ) : closed ? (
          <>
            <Text className="gift__title">{CLOSED_TEXT[gift.status as Exclude<Closed, 'OPEN'>]}</Text>
            <Button
              block
              type="primary"
              fill="outline"
              onClick={() => void Taro.redirectTo({ url: COUPON_URLS.center })}
            >
              去领券中心看看
            </Button>
          </>
        ) : (
          <>
            <Text className="gift__text">
              先到先得，{formatBizDateTime(gift.expiresAt)} 前有效；领取后券归你所有，到店出示券码使用。
            </Text>
            <Button id="gift-accept" block type="primary" loading={accepting} onClick={() => void accept()}>
              领取
            </Button>
          </>
        )}
      </View>
    </View>
  );
}
