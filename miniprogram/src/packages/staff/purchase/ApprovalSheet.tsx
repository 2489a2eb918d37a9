import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Input, Loading, Popup, SafeArea } from '@nutui/nutui-react-taro';
import { formatCny, type SaleApproval, type SaleApprovalNeed, type SaleApprover } from '@member/shared';
import { errorMessage } from '../../../services/api-error';
import { staffApi } from '../../../services/api';
import { PIN_LENGTH } from '../pin';

interface Props {
  visible: boolean;
  checkoutId: number;
  amountFen: number;
  /** Why a manager is needed, in words (from the quote, or the server's refusal). */
  reason: string;
  onApproved: (approval: SaleApproval) => void;
  onClose: () => void;
}

export const approvalReason = (need: SaleApprovalNeed) =>
  need.reason === 'bill_over_limit'
    ? `本单超过店员单笔上限 ${formatCny(need.maxBillFen)}，请店长在本机输入确认密码`
    : `已达到店员每小时 ${need.purchasesPerHour} 笔的收款上限，请店长在本机输入确认密码`;

/**
 * A bill beyond the clerk's limits: a manager of this store approves it on this phone with their own PIN.
 * The approval is for this checkout and this amount only, used once by the sale that follows.
 */
export function ApprovalSheet({ visible, checkoutId, amountFen, reason, onApproved, onClose }: Props) {
  const [approvers, setApprovers] = useState<SaleApprover[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [approverId, setApproverId] = useState<number | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!visible) return;
    setPin('');
    setError(null);
    setLoadError(null);
    staffApi
      .approvers()
      .then((list) => {
        setApprovers(list);
        setApproverId((current) => current ?? list[0]?.staffId ?? null);
      })
      .catch((e: unknown) => setLoadError(errorMessage(e)));
  }, [visible]);

  const approve = async () => {
    if (!approverId) return;
    if (!/^\d{6}$/.test(pin)) return setError(`请输入 ${PIN_LENGTH} 位确认密码`);
    setBusy(true);
    setError(null);
    try {
      onApproved(await staffApi.approveSale({ checkoutId, amountFen, approverStaffId: approverId, pin }));
    } catch (e) {
      setPin('');
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popup
      visible={visible}
      position="bottom"
      round
      closeable={!busy}
      closeOnOverlayClick={!busy}
      title="需要店长确认"
      onClose={onClose}
    >
      <View id="approval-sheet" className="purchase-sheet">
        <Text id="approval-reason" className="purchase-sheet__note">
          {reason}
        </Text>
        <View className="purchase-sheet__row purchase-sheet__row--total">
          <Text>应收</Text>
          <Text className="purchase-sheet__total">{formatCny(amountFen)}</Text>
        </View>
        {!approvers && !loadError && <Loading type="circular">正在读取本店店长…</Loading>}
        {loadError && <Text className="purchase__error">{loadError}</Text>}
        {approvers && approvers.length === 0 && (
          <Text id="approval-no-manager" className="purchase__error">
            本店还没有设置了确认密码的店长，请联系店长在店员工作台设置
          </Text>
        )}
        {approvers && approvers.length > 0 && (
          <>
            <Text className="staff__label">确认店长</Text>
            <View className="approval__managers">
              {approvers.map((a) => (
                <View
                  key={a.staffId}
                  className={`approval__manager ${a.staffId === approverId ? 'approval__manager--on' : ''}`}
                  onClick={() => setApproverId(a.staffId)}
                >
                  <Text>{a.name}</Text>
                </View>
              ))}
            </View>
            <Input
              id="approval-pin"
              className="staff__input approval__pin"
              type="password"
              maxLength={PIN_LENGTH}
              placeholder={`店长确认密码（${PIN_LENGTH} 位数字）`}
              value={pin}
              onChange={setPin}
            />
            {error && (
              <Text id="approval-error" className="purchase__error">
                {error}
              </Text>
            )}
            <Button
              id="approval-submit"
              className="purchase-sheet__cta"
              type="primary"
              size="large"
              block
              loading={busy}
              disabled={busy || pin.length !== PIN_LENGTH}
              onClick={() => void approve()}
            >
              店长确认并收款
            </Button>
          </>
        )}
        <SafeArea position="bottom" />
      </View>
    </Popup>
  );
}
