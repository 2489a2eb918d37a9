import {
  ModalForm,
  ProFormDependency,
  type ProFormInstance,
  ProFormSwitch,
  ProFormText,
  ProFormTextArea,
} from '@ant-design/pro-components';
import {
  ErrorCode,
  fenToYuanInput,
  formatCny,
  parseYuanToFen,
  walletRefundForfeit,
  type AdminMemberWallet,
} from '@member/shared';
import { Alert, Button, Descriptions } from 'antd';
import { useRef } from 'react';
import { ApiError } from '../../api/client';
import { newRequestId } from '../../api/points-admin';
import { walletRefundsApi } from '../../api/wallet-refunds';
import { showError, showSuccess } from '../../utils/feedback';

const REASON_MAX = 200;

interface FormValues {
  offPlatform: boolean;
  amountYuan: string;
  reason: string;
}

/** The most the chosen channel can refund now: WeChat's share of the principal, or the rest (线下退款). */
const capOf = (w: AdminMemberWallet, offPlatform: boolean) =>
  offPlatform ? w.offPlatformRefundableFen : w.wechatRefundableFen;

/**
 * 退款: unspent principal back through WeChat Pay (split across the member's top-ups by the server), or —
 * for principal WeChat can no longer refund (paid over a year ago) — recorded as refunded off-platform. The
 * bonus forfeited is previewed with the server's own formula. One request id per opening of the form.
 */
export function WalletRefundForm({ wallet, onDone }: { wallet: AdminMemberWallet; onDone: () => void }) {
  const requestId = useRef(newRequestId());
  const formRef = useRef<ProFormInstance<FormValues>>();
  const startOff = wallet.wechatRefundableFen === 0 && wallet.offPlatformRefundableFen > 0;
  const amountOf = (text: string | undefined) => {
    const r = parseYuanToFen(text, { noun: '退款', maxFen: wallet.principalFen || 1 });
    return r.ok ? r.fen : null;
  };
  return (
    <ModalForm<FormValues>
      title="储值本金退款"
      width={560}
      trigger={
        <Button danger data-testid="wallet-refund" disabled={wallet.principalFen === 0}>
          退款
        </Button>
      }
      modalProps={{ destroyOnClose: true }}
      formRef={formRef}
      // Switching the channel offers that channel's whole amount.
      onValuesChange={(changed: Partial<FormValues>) => {
        if (changed.offPlatform !== undefined)
          formRef.current?.setFieldsValue({ amountYuan: fenToYuanInput(capOf(wallet, changed.offPlatform)) });
      }}
      initialValues={{
        offPlatform: startOff,
        amountYuan: fenToYuanInput(capOf(wallet, startOff)),
        reason: '',
      }}
      onOpenChange={(open) => {
        if (open) requestId.current = newRequestId();
      }}
      submitter={{
        searchConfig: { submitText: '确认退款', resetText: '取消' },
        submitButtonProps: { danger: true, 'data-testid': 'wallet-refund-submit' },
      }}
      onFinish={async (v) => {
        try {
          const result = await walletRefundsApi.refund(wallet.memberId, {
            amountFen: amountOf(v.amountYuan)!,
            offPlatform: v.offPlatform,
            reason: v.reason.trim(),
            requestId: requestId.current,
          });
          showSuccess(
            v.offPlatform
              ? `已登记线下退款 ${formatCny(result.principalFen)}`
              : `已提交微信支付退款 ${formatCny(result.principalFen)}，共 ${result.refunds.length} 笔`,
          );
          onDone();
          return true;
        } catch (e) {
          // Refused outright: nothing was recorded under this id, so a corrected resubmit gets a fresh one.
          if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.code !== ErrorCode.IN_PROGRESS)
            requestId.current = newRequestId();
          showError(e);
          return false;
        }
      }}
    >
      <Descriptions size="small" column={2} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label="未使用本金">{formatCny(wallet.principalFen)}</Descriptions.Item>
        <Descriptions.Item label="赠送余额">{formatCny(wallet.bonusFen)}</Descriptions.Item>
        <Descriptions.Item label="可原路退回">{formatCny(wallet.wechatRefundableFen)}</Descriptions.Item>
        <Descriptions.Item label="仅可线下退还">{formatCny(wallet.offPlatformRefundableFen)}</Descriptions.Item>
      </Descriptions>
      <ProFormSwitch
        name="offPlatform"
        label="线下退款"
        tooltip="支付满一年（或已退款 50 次）的充值不能原路退回微信，由门店线下退还后在此登记"
        disabled={wallet.offPlatformRefundableFen === 0}
        fieldProps={{ 'data-testid': 'wallet-refund-offline' } as object}
      />
      <ProFormDependency name={['offPlatform', 'amountYuan']}>
        {({ offPlatform, amountYuan }, form) => {
          const cap = capOf(wallet, offPlatform === true);
          const fen = amountOf(amountYuan);
          const forfeit =
            fen !== null && fen <= wallet.principalFen
              ? walletRefundForfeit(wallet.bonusFen, fen, wallet.principalFen)
              : null;
          return (
            <>
              <ProFormText
                name="amountYuan"
                label="退款本金（元）"
                extra={
                  <a onClick={() => form.setFieldsValue({ amountYuan: fenToYuanInput(cap) })}>
                    {offPlatform ? '全部线下退还' : '全部原路退回'} {formatCny(cap)}
                  </a>
                }
                fieldProps={{ inputMode: 'decimal', 'data-testid': 'wallet-refund-amount' } as object}
                rules={[
                  {
                    validator: async (_, value: string) => {
                      const r = parseYuanToFen(value, { noun: '退款', maxFen: Math.max(cap, 1) });
                      if (!r.ok) throw new Error(r.error);
                      if (r.fen > cap)
                        throw new Error(
                          offPlatform ? `线下退款最多 ${formatCny(cap)}` : `最多可原路退回 ${formatCny(cap)}`,
                        );
                    },
                  },
                ]}
              />
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 16 }}
                data-testid="wallet-refund-preview"
                message={
                  forfeit === null
                    ? '赠送金按退还本金的比例作废'
                    : `退还本金 ${formatCny(fen!)}，同时作废赠送金 ${formatCny(forfeit)}（按比例，不退现金）`
                }
              />
            </>
          );
        }}
      </ProFormDependency>
      <ProFormTextArea
        name="reason"
        label="退款原因"
        placeholder="例如：会员搬离本市，申请退还未使用的储值"
        fieldProps={{ maxLength: REASON_MAX, showCount: true, 'data-testid': 'wallet-refund-reason' } as object}
        rules={[
          { required: true, whitespace: true, message: '请填写退款原因' },
          { max: REASON_MAX, message: `退款原因最多 ${REASON_MAX} 个字` },
        ]}
      />
    </ModalForm>
  );
}
