import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { RefundResult } from '@member/shared';
import { PageShell } from '../../../components/PageShell';
import { StaffGate } from '../StaffGate';
import { useSession } from '../../../store/session';
import type { RefundAttempt } from '../../../utils/refund-attempt';
import { RefundForm } from './RefundForm';
import { RefundResultView } from './RefundResultView';
import { SalesList } from './SalesList';
import '../staff.scss';
import './index.scss';

/** Query values may arrive encoded (weapp) or decoded (H5); a stray '%' must not crash the page. */
function queryValue(raw: string | undefined): string {
  try {
    return decodeURIComponent(raw ?? '');
  } catch {
    return raw ?? '';
  }
}

type Screen = { at: 'list' } | { at: 'form'; receiptNo: string; key: number } | { at: 'result'; result: RefundResult };

function RefundContent() {
  const { member } = useSession();
  const { params } = useRouter();
  // Opened from a purchase: straight to its form; otherwise today's sales first.
  const [view, setView] = useState<Screen>(() => {
    const receiptNo = queryValue(params.receiptNo);
    return receiptNo ? { at: 'form', receiptNo, key: 0 } : { at: 'list' };
  });
  // A refund whose outcome is unknown keeps its refundNo here, across list and form, until it is settled.
  const [pending, setPending] = useState<RefundAttempt | null>(null);
  // Bumped after each refund so the list shows what is still refundable.
  const [refunds, setRefunds] = useState(0);

  const openForm = (receiptNo: string) => {
    setView({ at: 'form', receiptNo, key: Date.now() });
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
  };
  const openList = () => setView({ at: 'list' });

  if (view.at === 'result') return <RefundResultView result={view.result} onNext={openList} />;
  if (view.at === 'form') {
    return (
      <RefundForm
        key={view.key}
        initialReceiptNo={view.receiptNo}
        pending={pending}
        setPending={setPending}
        onList={openList}
        onDone={(result) => {
          setRefunds((n) => n + 1);
          setView({ at: 'result', result });
        }}
      />
    );
  }
  return (
    <View className="staff">
      <View className="staff__banner">
        <Text className="staff__banner-title">{member?.staff?.storeName ?? '门店'} · 退款</Text>
        <Text className="staff__banner-sub">选择要退款的消费；现金、积分与储值按原支付比例退回</Text>
      </View>
      <SalesList refreshKey={refunds} onPick={openForm} onManual={() => openForm('')} />
    </View>
  );
}

export default function RefundPage() {
  return (
    <PageShell>
      <StaffGate>
        <RefundContent />
      </StaffGate>
    </PageShell>
  );
}
