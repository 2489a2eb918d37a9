import { Input } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import { formatCny, formatYuan, type MemberTopupPlan } from '@member/shared';
import { bonusTag, creditedLine, remainingLine } from '../../utils/wallet';

/** Which tile is picked: a plan by id, or the free amount. */
export type PlanPick = { planId: number } | 'custom' | null;

interface PlanGridProps {
  plans: MemberTopupPlan[];
  pick: PlanPick;
  onPick: (pick: PlanPick) => void;
  customText: string;
  onCustomText: (text: string) => void;
  customError: string | null;
  minTopupFen: number;
  maxTopupFen: number;
  disabled: boolean;
}

function PlanTile({ plan, picked, onPick }: { plan: MemberTopupPlan; picked: boolean; onPick: () => void }) {
  const tag = bonusTag(plan);
  const remaining = remainingLine(plan);
  const cls = ['plan-tile', picked && 'plan-tile--picked', !plan.available && 'plan-tile--off'].filter(Boolean);
  return (
    <View
      className={cls.join(' ')}
      aria-role="radio"
      aria-checked={picked}
      aria-disabled={!plan.available}
      aria-label={`${plan.name} 充 ${formatCny(plan.payFen)}${tag ? ` ${tag}` : ''}`}
      onClick={() => plan.available && onPick()}
    >
      {tag && <Text className="plan-tile__tag">{tag}</Text>}
      <View className="plan-tile__pay">
        <Text className="plan-tile__currency">¥</Text>
        <Text>{formatYuan(plan.payFen)}</Text>
      </View>
      <Text className="plan-tile__name">{plan.name}</Text>
      {plan.available ? (
        <Text className="plan-tile__meta">{creditedLine(plan)}</Text>
      ) : (
        <Text className="plan-tile__reason">{plan.unavailableReason ?? '暂不可购买'}</Text>
      )}
      {remaining && <Text className="plan-tile__meta plan-tile__meta--limit">{remaining}</Text>}
      {plan.couponNames.length > 0 && <Text className="plan-tile__meta">加赠 {plan.couponNames.join('、')}</Text>}
    </View>
  );
}

/** 充值方案 as tiles (two per row) plus a 自定义金额 tile that opens an amount field under the grid. */
export function PlanGrid(props: PlanGridProps) {
  const { plans, pick, onPick, customText, onCustomText, customError, minTopupFen, maxTopupFen, disabled } = props;
  const customPicked = pick === 'custom';
  return (
    <View id="wallet-plans" className={`wallet-section ${disabled ? 'wallet-section--disabled' : ''}`}>
      <Text className="wallet-section__title">选择充值金额</Text>
      <View className="plan-grid">
        {plans.map((plan) => (
          <PlanTile
            key={plan.id}
            plan={plan}
            picked={pick !== 'custom' && pick?.planId === plan.id}
            onPick={() => onPick({ planId: plan.id })}
          />
        ))}
        <View
          id="wallet-custom"
          className={`plan-tile plan-tile--custom ${customPicked ? 'plan-tile--picked' : ''}`}
          aria-role="radio"
          aria-checked={customPicked}
          onClick={() => onPick('custom')}
        >
          <Text className="plan-tile__custom-title">自定义金额</Text>
          <Text className="plan-tile__meta">{formatCny(minTopupFen)} 起</Text>
        </View>
      </View>
      {customPicked && (
        <View className="wallet-custom">
          <View className="wallet-custom__field">
            <Text className="wallet-custom__currency">¥</Text>
            <Input
              id="wallet-custom-input"
              className="wallet-custom__input"
              type="digit"
              placeholder="请输入充值金额"
              value={customText}
              onChange={onCustomText}
              autoFocus
            />
          </View>
          <Text className={`wallet-custom__hint ${customError ? 'wallet-custom__hint--error' : ''}`}>
            {customError ?? `单笔 ${formatCny(minTopupFen)} 至 ${formatCny(maxTopupFen)}，自定义金额不含赠送`}
          </Text>
        </View>
      )}
    </View>
  );
}
