import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Dialog, Loading } from '@nutui/nutui-react-taro';
import type { MemberCoupon } from '@member/shared';
import { CouponCard } from '../../../components/CouponCard';
import { showError, showSuccess } from '../../../components/feedback';
import { platform } from '../../../platform';
import { errorMessage } from '../../../services/api-error';
import { couponsApi } from '../../../services/coupons-api';
import { couponHint, giftPagePath, statusStamp, validityRange } from '../../../utils/coupons';
import { formatBizDateTime } from '../../../utils/time';

export interface ShareCard {
  token: string;
  name: string;
}

/** The giver: make a gift link, pass it on (share card in WeChat, a link to copy in H5), or take it back. */
export function GiftGiver({ id, onShareCard }: { id: number; onShareCard: (card: ShareCard | null) => void }) {
  const [coupon, setCoupon] = useState<MemberCoupon | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);

  const show = useCallback(
    (c: MemberCoupon) => {
      setCoupon(c);
      onShareCard(c.status === 'GIFTING' && c.gift ? { token: c.gift.token, name: c.terms.name } : null);
    },
    [onShareCard],
  );

  const load = useCallback(async () => {
    if (!Number.isInteger(id) || id <= 0) return setError('优惠券不存在');
    try {
      show(await couponsApi.detail(id));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [id, show]);
  useEffect(() => {
    void load();
  }, [load]);

  const createLink = async () => {
    if (busy || !coupon) return;
    setBusy(true);
    try {
      const link = await couponsApi.gift(coupon.id);
      show({ ...coupon, status: 'GIFTING', gift: link });
      showSuccess('链接已生成');
    } catch (e) {
      showError(e);
      void load();
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    setConfirmCancel(false);
    if (busy || !coupon) return;
    setBusy(true);
    try {
      await couponsApi.cancelGift(coupon.id);
      showSuccess('已撤回');
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
      void load();
    }
  };

  if (!coupon) {
    return (
      <View className="coupons__state">
        {error ? (
          <Text id="gift-error" className="coupons__state-text">
            {error}
          </Text>
        ) : (
          <Loading type="circular">加载中…</Loading>
        )}
      </View>
    );
  }

  const link = coupon.gift ? platform.pageLink(giftPagePath(coupon.gift.token)) : null;
  const copy = () => {
    if (!link) return;
    // WeChat and Taro's H5 both confirm with their own "内容已复制" toast.
    Taro.setClipboardData({ data: link }).catch(() => showError(new Error('复制失败，请长按链接手动复制')));
  };

  return (
    <View className="coupons gift">
      <CouponCard
        terms={coupon.terms}
        validity={validityRange(coupon.validFrom, coupon.validUntil)}
        hint={couponHint(coupon)}
        stamp={statusStamp(coupon.status)}
      />

      {coupon.status === 'USABLE' && coupon.terms.giftable && (
        <View id="gift-start" className="coupons__panel gift__panel">
          <Text className="gift__title">把这张券送给好友</Text>
          <Text className="gift__text">
            生成链接后，券在好友领取前处于「转赠中」，暂不能使用；第一位领取的好友获得此券，你可以在领取前撤回。
          </Text>
          <Button id="gift-create" block type="primary" loading={busy} onClick={() => void createLink()}>
            生成赠送链接
          </Button>
        </View>
      )}

      {coupon.status === 'GIFTING' && coupon.gift && (
        <View id="gift-share" className="coupons__panel gift__panel">
          <Text className="gift__title">赠送链接已生成</Text>
          <Text className="gift__text">
            {formatBizDateTime(coupon.gift.expiresAt)} 前好友未领取，券将自动退回给你。
          </Text>
          {link ? (
            <>
              <Text id="gift-link" className="gift__link" userSelect>
                {link}
              </Text>
              <Button id="gift-copy" block type="primary" onClick={copy}>
                复制链接发给好友
              </Button>
            </>
          ) : (
            <Button id="gift-share-button" block type="primary" openType="share">
              发送给微信好友
            </Button>
          )}
          <Button id="gift-cancel" block fill="outline" loading={busy} onClick={() => setConfirmCancel(true)}>
            撤回赠送
          </Button>
        </View>
      )}

      {coupon.status !== 'USABLE' && coupon.status !== 'GIFTING' && (
        <View className="coupons__state">
          <Text className="coupons__state-text">这张优惠券已使用或已过期，不能赠送</Text>
        </View>
      )}
      {coupon.status === 'USABLE' && !coupon.terms.giftable && (
        <View className="coupons__state">
          <Text className="coupons__state-text">这张优惠券不可转赠</Text>
        </View>
      )}

      <Dialog
        visible={confirmCancel}
        title="撤回赠送"
        content="撤回后链接失效，好友将无法领取，券回到你的账户。"
        confirmText="撤回"
        cancelText="取消"
        onConfirm={() => void cancel()}
        onCancel={() => setConfirmCancel(false)}
      />
    </View>
  );
}
