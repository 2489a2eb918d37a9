import { Text, View } from '@tarojs/components';
import { Button, Cell } from '@nutui/nutui-react-taro';
import { PageShell } from '../../../components/PageShell';
import { StaffGate } from '../StaffGate';
import { formatBizDate, formatBizDateTime } from '../../../utils/time';
import { CheckoutMissing } from '../CheckoutMissing';
import { CheckoutStrip } from '../CheckoutStrip';
import { backToScan, openCheckoutPage, PURCHASE_URL, useCheckout, useSecondsLeft } from '../checkout-store';
import '../staff.scss';
import { formatInt } from '@member/shared';

function MemberContent() {
  const { checkout, deadline, loading, error, reload } = useCheckout();
  const left = useSecondsLeft(deadline);

  if (!checkout) return <CheckoutMissing loading={loading} error={error} onRetry={reload} />;
  const usable = checkout.status === 'open' && left > 0;

  return (
    <View className="staff">
      <CheckoutStrip checkout={checkout} deadline={deadline} />

      <Cell.Group>
        <Cell title="手机号" extra={<Text id="lookup-phone">{checkout.member.phoneMasked ?? '未绑定'}</Text>} />
        <Cell
          title="扫码有效至"
          description="10 分钟内收款无需重新扫码"
          extra={<Text id="lookup-code-expires">{formatBizDateTime(checkout.expiresAt)}</Text>}
        />
        {checkout.member.expiring.soonestAt && (
          <Cell
            title="即将过期积分"
            description="可提醒会员本单使用"
            extra={`${formatInt(checkout.member.expiring.points)} 分 · ${formatBizDate(checkout.member.expiring.soonestAt)}`}
          />
        )}
      </Cell.Group>

      <View className="staff__actions">
        <Button
          id="lookup-purchase"
          type="primary"
          size="large"
          block
          disabled={!usable}
          onClick={() => openCheckoutPage(PURCHASE_URL, checkout.checkoutId)}
        >
          {usable ? '收款' : checkout.status === 'closed' ? '本次扫码已收款' : '扫码已超时，请重新扫码'}
        </Button>
        <Button id="lookup-next" size="large" block onClick={backToScan}>
          重新扫码
        </Button>
      </View>
    </View>
  );
}

export default function MemberPage() {
  return (
    <PageShell>
      <StaffGate>
        <MemberContent />
      </StaffGate>
    </PageShell>
  );
}
