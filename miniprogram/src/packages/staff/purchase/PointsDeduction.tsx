import { Text, View } from '@tarojs/components';
import { Button, InputNumber } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/inputnumber/style/css';
import { formatCny, type PurchaseQuote, formatInt } from '@member/shared';
import { clampPoints, type BillLines } from '../../../utils/checkout';

interface Props {
  quote: PurchaseQuote;
  /** The cap on what the chosen coupons leave of the bill (billPreview). */
  bill: Pick<BillLines, 'maxPointsToUse' | 'maxDeductionFen' | 'pointsToUse'>;
  onChange: (points: number) => void;
}

/** Any number of points up to the bill's cap: a stepper (¥1 a step) that also takes typing, and 全部使用. */
export function PointsDeduction({ quote, bill, onChange }: Props) {
  const max = bill.maxPointsToUse;
  const points = bill.pointsToUse;
  if (max === 0) {
    return (
      <View className="purchase__row">
        <Text>积分抵扣</Text>
        <Text id="purchase-points-none" className="staff__tip">
          {quote.balance > 0 ? '本单未达到积分抵扣条件' : '会员暂无可用积分'}
        </Text>
      </View>
    );
  }
  return (
    <View className="purchase__points">
      <View className="purchase__row">
        <Text>积分抵扣</Text>
        {/* NutUI's InputNumber does not pass an id on: the wrapper carries it. */}
        <View id="purchase-points">
          <InputNumber
            className="purchase__stepper"
            type="number"
            min={0}
            max={max}
            step={quote.math.rules.deduction.pointsPerYuan}
            value={points}
            onChange={(v) => onChange(clampPoints(v, max))}
          />
        </View>
      </View>
      <View className="purchase__row">
        <Text id="purchase-points-max" className="staff__tip">
          最多可用 {formatInt(max)} 分（抵 {formatCny(bill.maxDeductionFen)}）
        </Text>
        <View className="purchase__chips">
          {points > 0 && (
            <Button id="purchase-points-clear" size="small" fill="none" onClick={() => onChange(0)}>
              不使用
            </Button>
          )}
          <Button
            id="purchase-points-all"
            size="small"
            fill="outline"
            type="primary"
            disabled={points === max}
            onClick={() => onChange(max)}
          >
            全部使用
          </Button>
        </View>
      </View>
    </View>
  );
}
