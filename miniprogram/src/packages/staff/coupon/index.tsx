import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Cell, Input } from '@nutui/nutui-react-taro';
import { ErrorCode, formatCny, type CouponRedemption, type StaffCouponView } from '@member/shared';
import { CouponCard } from '../../../components/CouponCard';
import { PageShell } from '../../../components/PageShell';
import { showInfo } from '../../../components/feedback';
import { PlatformError, platform } from '../../../platform';
import { errorMessage, isApiError } from '../../../services/api-error';
import { staffApi } from '../../../services/api';
import { useSession } from '../../../store/session';
import { maskName } from '../../../utils/checkout';
import { COUPON_CODE_LENGTH, couponCodeProblem, maskMemberNo, normalizeCouponCode } from '../../../utils/coupon-code';
import { statusStamp, validityRange } from '../../../utils/coupons';
import { generateRedemptionNo } from '../../../utils/receipt-no';
import { outcomeUnknown } from '../../../utils/refund-attempt';
import { formatBizDateTime } from '../../../utils/time';
import { StaffGate } from '../StaffGate';
import '../staff.scss';
import './index.scss';

/** A looked-up voucher and the request id its redemption keeps across retries (one voucher, one id). */
interface Looked {
  view: StaffCouponView;
  requestId: string;
}

// Refusals of the redemption that mean the voucher changed since it was looked up: show it again as it is.
const REFRESH_ON = new Set<string>([ErrorCode.COUPON_NOT_USABLE, ErrorCode.COUPON_NOT_APPLICABLE]);

function CouponRedeemContent() {
  const { member } = useSession();
  const [input, setInput] = useState('');
  const [looking, setLooking] = useState(false);
  const [lookupError, setLookupError] = useState<string | null>(null);
  const [looked, setLooked] = useState<Looked | null>(null);
  const [redeeming, setRedeeming] = useState(false);
  const [redeemError, setRedeemError] = useState<string | null>(null);
  // The last redemption's outcome is unknown (network): the next tap resends the same request id.
  const [unsure, setUnsure] = useState(false);
  const [done, setDone] = useState<CouponRedemption | null>(null);
  const digits = normalizeCouponCode(input);

  const lookup = async (raw: string) => {
    const code = normalizeCouponCode(raw);
    const problem = couponCodeProblem(code);
    if (problem) return setLookupError(problem);
    setLooking(true);
    setLookupError(null);
    try {
      const view = await staffApi.lookupCoupon({ code });
      setLooked({ view, requestId: generateRedemptionNo() });
      setRedeemError(null);
      setUnsure(false);
    } catch (e) {
      setLookupError(errorMessage(e));
    } finally {
      setLooking(false);
    }
  };

  const scan = async () => {
    try {
      const text = await platform.scanCode();
      setInput(normalizeCouponCode(text));
      await lookup(text);
    } catch (e) {
      if (e instanceof PlatformError && e.reason === 'unsupported') showInfo('浏览器中无法扫码，请输入券码');
      else if (!(e instanceof PlatformError && e.reason === 'cancelled')) setLookupError(errorMessage(e));
    }
  };

  const redeem = async () => {
    if (!looked || redeeming) return;
    setRedeeming(true);
    setRedeemError(null);
    try {
      const res = await staffApi.redeemCoupon({ code: looked.view.code, requestId: looked.requestId });
      setUnsure(false);
      setDone(res);
      platform.vibrateShort();
    } catch (e) {
      setUnsure(outcomeUnknown(e));
      setRedeemError(errorMessage(e));
      if (isApiError(e) && REFRESH_ON.has(e.code)) {
        // Used at another till, or no longer valid: the card below shows its state now.
        staffApi
          .lookupCoupon({ code: looked.view.code })
          .then((view) => setLooked({ view, requestId: generateRedemptionNo() }))
          .catch(() => undefined);
      }
    } finally {
      setRedeeming(false);
    }
  };

  const again = () => {
    setDone(null);
    setLooked(null);
    setInput('');
    setRedeemError(null);
    setLookupError(null);
    setUnsure(false);
  };

  if (done) {
    return (
      <View id="coupon-redeem-result" className="staff">
        <View className="voucher__done">
          <Text className="voucher__done-title">核销成功</Text>
          <Text id="coupon-redeem-item" className="voucher__done-item">
            {done.terms.itemName ?? done.terms.name}
          </Text>
          <Text className="voucher__done-sub">请将商品交给会员 · 价值 {formatCny(done.terms.faceValueFen)}</Text>
          {done.replayed && <Text className="voucher__done-sub">此券在上次提交时已核销，未重复核销</Text>}
        </View>
        <Cell.Group>
          <Cell title="兑换券" extra={done.terms.name} />
          <Cell title="会员号" extra={maskMemberNo(done.memberNo)} />
          <Cell title="门店" extra={done.storeName} />
          <Cell title="核销人" extra={done.staffName} />
          <Cell title="核销时间" extra={formatBizDateTime(done.createdAt)} />
          <Cell title="核销单号" extra={<Text id="coupon-redeem-no">{done.id}</Text>} />
        </Cell.Group>
        <View className="staff__actions">
          <Button id="coupon-redeem-next" type="primary" size="large" block onClick={again}>
            继续核销
          </Button>
        </View>
      </View>
    );
  }

  const view = looked?.view;
  return (
    <View className="staff">
      <View className="staff__banner">
        <Text className="staff__banner-title">{member?.staff?.storeName ?? '门店'} · 核销兑换券</Text>
        <Text className="staff__banner-sub">扫描会员出示的券码，或输入二维码下方的 16 位数字</Text>
      </View>

      {!view && (
        <View className="staff__scan">
          <Button id="coupon-scan" type="primary" size="large" block onClick={() => void scan()}>
            扫描券码
          </Button>
          {platform.kind === 'h5' && <Text className="staff__tip">浏览器演示不支持摄像头扫码，请手动输入</Text>}
        </View>
      )}

      <View className="staff__form">
        <Text className="staff__label">券码</Text>
        <Input
          id="coupon-code-input"
          className="staff__input"
          type={platform.kind === 'weapp' ? 'number' : 'text'}
          maxLength={COUPON_CODE_LENGTH + 6}
          placeholder={`${COUPON_CODE_LENGTH} 位数字`}
          value={input}
          onChange={(v) => {
            setInput(v);
            setLookupError(null);
          }}
          clearable
        />
        {lookupError ? (
          <Text id="coupon-lookup-error" className="staff__error">
            {lookupError}
          </Text>
        ) : (
          <Text className="staff__tip">
            {digits
              ? digits.length < COUPON_CODE_LENGTH
                ? `已输入 ${digits.length}/${COUPON_CODE_LENGTH} 位`
                : '券码已输入完整'
              : '券码在会员「我的优惠券」的券详情中'}
          </Text>
        )}
        <Button
          id="coupon-lookup"
          block
          type={view ? 'default' : 'primary'}
          loading={looking}
          disabled={digits.length !== COUPON_CODE_LENGTH}
          onClick={() => void lookup(input)}
        >
          {view ? '查询其他券码' : '查询'}
        </Button>
      </View>

      {view && (
        <View id="coupon-view" className="voucher">
          {/* First thing the clerk sees: whether to hand anything over. */}
          {!view.redeemable && (
            <View id="coupon-view-blocked" className="voucher__blocked">
              不能核销：{view.reasonText ?? '该券当前不可用'}
            </View>
          )}
          <CouponCard
            terms={view.terms}
            validity={validityRange(view.validFrom, view.validUntil)}
            className={view.redeemable ? '' : 'coupon-card--off'}
            stamp={statusStamp(view.status)}
          />
          <Cell.Group className="voucher__figures">
            {view.terms.kind === 'EXCHANGE' && (
              <Cell
                title="兑换商品"
                extra={
                  <Text id="coupon-view-item" className="voucher__item">
                    {view.terms.itemName}
                  </Text>
                }
              />
            )}
            <Cell title="价值" extra={<Text id="coupon-view-value">{formatCny(view.terms.faceValueFen)}</Text>} />
            <Cell
              title="会员"
              extra={
                <Text id="coupon-view-member">
                  {maskName(view.nickname) || '会员'} · {maskMemberNo(view.memberNo)}
                </Text>
              }
            />
            <Cell
              title="有效期"
              extra={<Text className="voucher__nowrap">{validityRange(view.validFrom, view.validUntil)}</Text>}
            />
            {view.terms.instructions && <Cell title="使用说明" description={view.terms.instructions} />}
          </Cell.Group>

          {redeemError && (
            <View id="coupon-redeem-error" className="voucher__blocked">
              {redeemError}
              {unsure && '。结果未确认，可再次提交，不会重复核销'}
            </View>
          )}

          <View className="staff__actions">
            <Button
              id="coupon-redeem"
              type="primary"
              size="large"
              block
              loading={redeeming}
              disabled={!view.redeemable || redeeming}
              onClick={() => void redeem()}
            >
              {view.redeemable ? (unsure ? '重新提交核销' : '确认核销') : '不能核销'}
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}

export default function CouponRedeemPage() {
  return (
    <PageShell>
      <StaffGate>
        <CouponRedeemContent />
      </StaffGate>
    </PageShell>
  );
}
