import { formatCny, formatYuan } from '@member/shared';
import { formatDate } from '../../utils/format';
import './TopupPlanPreview.css';

interface TopupPlanPreviewProps {
  name: string;
  payFen: number;
  bonusFen: number;
  perMemberLimit: number | null;
  endsAt: string | null;
}

/**
 * The plan on the member's 充值 page, picked as after a tap (same tile as the mini-program's PlanGrid: 送 tag,
 * amount, name, 到账, purchases left), beside the 自定义金额 tile, and the pay button it leads to.
 */
export function TopupPlanPreview({ name, payFen, bonusFen, perMemberLimit, endsAt }: TopupPlanPreviewProps) {
  const notes = [
    bonusFen > 0 ? '赠送金额不可退款、不可提现' : null,
    endsAt ? `此方案 ${formatDate(endsAt)} 截止` : null,
  ].filter(Boolean);
  return (
    <div className="plan-phone" data-testid="plan-preview">
      <div className="plan-phone__section">
        <span className="plan-phone__title">选择充值金额</span>
        <div className="plan-phone__grid">
          <div className="plan-tile plan-tile--picked">
            {bonusFen > 0 && (
              <span className="plan-tile__tag" data-testid="plan-preview-bonus">
                送 {formatCny(bonusFen)}
              </span>
            )}
            <span className="plan-tile__pay">
              <span className="plan-tile__currency">¥</span>
              {formatYuan(payFen)}
            </span>
            <span className="plan-tile__name" title={name}>
              {name}
            </span>
            <span className="plan-tile__meta" data-testid="plan-preview-credited">
              到账 {formatCny(payFen + bonusFen)}
            </span>
            {perMemberLimit != null && (
              <span className="plan-tile__meta plan-tile__meta--grey">还可购买 {perMemberLimit} 次</span>
            )}
          </div>
          <div className="plan-tile">
            <span className="plan-tile__custom-title">自定义金额</span>
            <span className="plan-tile__meta plan-tile__meta--grey">按需输入</span>
          </div>
        </div>
        {notes.length > 0 && <div className="plan-phone__note">{notes.join('；')}</div>}
      </div>
      <div className="plan-phone__button">立即充值 {formatCny(payFen)}</div>
    </div>
  );
}
