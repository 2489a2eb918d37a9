import { useRef } from 'react';
import { useRouter, useShareAppMessage } from '@tarojs/taro';
import { PageShell } from '../../../components/PageShell';
import { giftPagePath } from '../../../utils/coupons';
import { GiftGiver, type ShareCard } from './GiftGiver';
import { GiftReceiver } from './GiftReceiver';
import '../coupons.scss';
import './index.scss';

// One page, two sides: the giver opens it with ?id= (make and pass on the link), the friend with ?token=.
export default function CouponGiftPage() {
  const { params } = useRouter();
  const share = useRef<ShareCard | null>(null);

  // WeChat asks the page for the card when the share button is tapped; the giver side fills it in.
  useShareAppMessage(() => {
    const card = share.current;
    if (!card) return { title: '送你一张优惠券', path: '/pages/home/index' };
    return { title: `送你一张优惠券：${card.name}`, path: giftPagePath(card.token) };
  });

  return (
    <PageShell>
      {params.token ? (
        <GiftReceiver token={decodeURIComponent(params.token)} />
      ) : (
        <GiftGiver id={Number(params.id)} onShareCard={(card) => (share.current = card)} />
      )}
    </PageShell>
  );
}
