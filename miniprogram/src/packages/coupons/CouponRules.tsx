import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { CouponTerms } from '@member/shared';
import { ruleLines } from '../../utils/coupons';

/** 使用规则, folded under a coupon card until tapped. */
export function CouponRules({ terms, extra = [] }: { terms: CouponTerms; extra?: string[] }) {
  const [open, setOpen] = useState(false);
  return (
    <View className="coupon-rules">
      <View
        className="coupon-rules__toggle"
        aria-role="button"
        aria-label={open ? '收起使用规则' : '展开使用规则'}
        onClick={() => setOpen(!open)}
      >
        <Text>使用规则</Text>
        <Text className={`coupon-rules__chevron ${open ? 'coupon-rules__chevron--open' : ''}`}>›</Text>
      </View>
      {open && (
        <View className="coupon-rules__body">
          {ruleLines(terms).map((line) => (
            <Text key={line.label} className="coupon-rules__line">
              {line.label}：{line.value}
            </Text>
          ))}
          {extra.map((line) => (
            <Text key={line} className="coupon-rules__line">
              {line}
            </Text>
          ))}
        </View>
      )}
    </View>
  );
}
