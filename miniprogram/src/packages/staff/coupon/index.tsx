import { Text, View } from '@tarojs/components';
import { Button, Cell } from '@nutui/nutui-react-taro';
import { ErrorCode, formatCny, type CouponRedemption, type StaffCouponView } from '@member/shared';
import { CouponCard } from '../../../components/CouponCard';
import { PageShell } from '../../../components/PageShell';
import { staffApi } from '../../../services/api';
import { useSession } from '../../../store/session';
import { maskName } from '../../../utils/checkout';
import { COUPON_CODE_LENGTH, couponCodeProblem, maskMemberNo, normalizeCouponCode } from '../../../utils/coupon-code';
import { statusStamp, validityRange } from '../../../utils/coupons';
import { generateRedemptionNo } from '../../../utils/receipt-no';
import { formatBizDateTime } from '../../../utils/time';
import { CodeEntry } from '../CodeEntry';
import { StaffGate } from '../StaffGate';
import { useCodeRedemption } from '../use-code-redemption';
import '../staff.scss';
import './index.scss';

// Refusals of the redemption that mean the voucher changed since it was looked up: show it again as it is.
const REFRESH_ON = new Set<string>([ErrorCode.COUPON_NOT_USABLE, ErrorCode.COUPON_NOT_APPLICABLE]);

function CouponRedeemContent() {
  const { member } = useSession();
  const r = useCodeRedemption<StaffCouponView, CouponRedemption>({
    normalize: normalizeCouponCode,
    problem: couponCodeProblem,
    lookup: (code) => staffApi.lookupCoupon({ code }),
    redeem: (code, requestId) => staffApi.redeemCoupon({ code, requestId }),
    newRequestId: generateRedemptionNo,
    refreshOn: REFRESH_ON,
    noScanText: '浏览器中无法扫码，请输入券码',
  });
  const { digits, done } = r;

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
          <Button id="coupon-redeem-next" type="primary" size="large" block onClick={r.again}>
            继续核销
          </Button>
        </View>
      </View>
    );
  }

  const view = r.looked?.view;
  return (
    <View className="staff">
      <CodeEntry
        idPrefix="coupon"
        title={`${member?.staff?.storeName ?? '门店'} · 核销兑换券`}
        subtitle="扫描会员出示的券码，或输入二维码下方的 16 位数字"
        scanText="扫描券码"
        label="券码"
        length={COUPON_CODE_LENGTH}
        slack={6}
        tip={
          digits
            ? digits.length < COUPON_CODE_LENGTH
              ? `已输入 ${digits.length}/${COUPON_CODE_LENGTH} 位`
              : '券码已输入完整'
            : '券码在会员「我的优惠券」的券详情中'
        }
        redemption={r}
      />

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

          {r.redeemError && (
            <View id="coupon-redeem-error" className="voucher__blocked">
              {r.redeemError}
              {r.unsure && '。结果未确认，可再次提交，不会重复核销'}
            </View>
          )}

          <View className="staff__actions">
            <Button
              id="coupon-redeem"
              type="primary"
              size="large"
              block
              loading={r.redeeming}
              disabled={!view.redeemable || r.redeeming}
              onClick={() => void r.redeem()}
            >
              {view.redeemable ? (r.unsure ? '重新提交核销' : '确认核销') : '不能核销'}
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
