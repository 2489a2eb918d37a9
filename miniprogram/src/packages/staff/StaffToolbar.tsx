import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { StaffRole } from '@member/shared';
import { PinSheet } from './PinSheet';
import { useStaff } from './StaffGate';

export const REFUND_URL = '/packages/staff/refund/index';
export const SUMMARY_URL = '/packages/staff/summary/index';
export const SCAN_URL = '/packages/staff/scan/index';
export const COUPON_REDEEM_URL = '/packages/staff/coupon/index';
export const CHECKIN_URL = '/packages/staff/checkin/index';
export const PICKUP_URL = '/packages/staff/pickup/index';
export const FOLLOWUPS_URL = '/packages/staff/followups/index';

/** 退款: today's sales, or the form prefilled with a receipt number when opened from a purchase. */
export function openRefund(receiptNo?: string): void {
  const query = receiptNo ? `?receiptNo=${encodeURIComponent(receiptNo)}` : '';
  void Taro.navigateTo({ url: `${REFUND_URL}${query}` });
}

/** Back to scanning: the page below when the clerk came from it, otherwise in place of this one. */
export function openScan(): void {
  const pages = Taro.getCurrentPages();
  const below = pages[pages.length - 2]?.route?.split('?')[0].replace(/^\//, '');
  if (below && SCAN_URL.endsWith(below)) void Taro.navigateBack();
  else void Taro.redirectTo({ url: SCAN_URL });
}

export function openCouponRedeem(): void {
  void Taro.navigateTo({ url: COUPON_REDEEM_URL });
}

export function openShiftSummary(): void {
  void Taro.navigateTo({ url: SUMMARY_URL });
}

/**
 * The clerk's other counter tasks, next to scanning: vouchers, mall pickups, refunds and the end-of-shift summary
 * (managers: PIN).
 */
export function StaffToolbar({ receiptNo }: { receiptNo?: string }) {
  const staff = useStaff();
  const [pinOpen, setPinOpen] = useState(false);
  const [pinSet, setPinSet] = useState(staff?.pinSet ?? false);
  const manager = staff?.role === StaffRole.Manager;
  return (
    <View className="staff__toolbar">
      <View id="staff-tool-coupon" className="staff__tool" onClick={openCouponRedeem}>
        <Text className="staff__tool-title">核销券</Text>
        <Text className="staff__tool-sub">扫码核销兑换券</Text>
      </View>
      <View id="staff-tool-pickup" className="staff__tool" onClick={() => void Taro.navigateTo({ url: PICKUP_URL })}>
        <Text className="staff__tool-title">自提核销</Text>
        <Text className="staff__tool-sub">积分商城订单交付</Text>
      </View>
      <View id="staff-tool-checkin" className="staff__tool" onClick={() => void Taro.navigateTo({ url: CHECKIN_URL })}>
        <Text className="staff__tool-title">活动签到</Text>
        <Text className="staff__tool-sub">扫门票签到、现场报名</Text>
      </View>
      <View
        id="staff-tool-followups"
        className="staff__tool"
        onClick={() => void Taro.navigateTo({ url: FOLLOWUPS_URL })}
      >
        <Text className="staff__tool-title">回访工单</Text>
        <Text className="staff__tool-sub">活动低分评价跟进</Text>
      </View>
      <View id="staff-tool-refund" className="staff__tool" onClick={() => openRefund(receiptNo)}>
        <Text className="staff__tool-title">退款</Text>
        <Text className="staff__tool-sub">从今日消费中选择</Text>
      </View>
      <View id="staff-tool-summary" className="staff__tool" onClick={openShiftSummary}>
        <Text className="staff__tool-title">今日交班</Text>
        <Text className="staff__tool-sub">笔数、金额、积分</Text>
      </View>
      {manager && (
        <View id="staff-tool-pin" className="staff__tool" onClick={() => setPinOpen(true)}>
          <Text className="staff__tool-title">确认密码</Text>
          <Text className="staff__tool-sub">{pinSet ? '已设置，可修改' : '未设置'}</Text>
        </View>
      )}
      {manager && (
        <PinSheet
          visible={pinOpen}
          pinSet={pinSet}
          onDone={() => {
            setPinSet(true);
            setPinOpen(false);
          }}
          onClose={() => setPinOpen(false)}
        />
      )}
    </View>
  );
}
