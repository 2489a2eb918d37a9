import { formatCny } from '@member/shared';
import { formatDate } from '../../utils/format';
import './TopupPlanPreview.css';

interface TopupPlanPreviewProps {
  name: string;
  payFen: number;
  bonusFen: number;
  perMemberLimit: number | null;
  endsAt: string | null;
}

/** ¥500 with the ¥ small (the figure is what members compare). */
function Amount({ fen }: { fen: number }) {
  const text = formatCny(fen);
  return (
    <span className="plan-tile__pay">
      <span className="plan-tile__unit">¥</span>
      {fen % 100 === 0 ? text.slice(1, -3) : text.slice(1)}
    </span>
  );
}

/**
 * The plan on the member's 充值 page: its tile (picked, as after a tap) next to a neighbour, and the line the
 * page shows above the pay button (到账 = 本金 + 赠送).
 */
export function TopupPlanPreview({ name, payFen, bonusFen, perMemberLimit, endsAt }: TopupPlanPreviewProps) {
  const meta = [
    perMemberLimit ? `每人限购 ${perMemberLimit} 次` : null,
    endsAt ? `${formatDate(endsAt)} 截止` : null,
  ].filter(Boolean);
  return (
    <div className="plan-phone" data-testid="plan-preview">
      <p className="plan-phone__title">充值</p>
      <div className="plan-phone__grid">
        <div className="plan-tile plan-tile--picked">
          <Amount fen={payFen} />
          {bonusFen > 0 && (
            <span className="plan-tile__bonus" data-testid="plan-preview-bonus">
              送{formatCny(bonusFen)}
            </span>
          )}
          <span className="plan-tile__name" title={name}>
            {name}
          </span>
          {meta.length > 0 && <span className="plan-tile__meta">{meta.join(' · ')}</span>}
        </div>
        <div className="plan-tile plan-tile--ghost">其他方案</div>
      </div>
      <div className="plan-phone__summary" data-testid="plan-preview-summary">
        支付 <b>{formatCny(payFen)}</b>，到账 <b>{formatCny(payFen + bonusFen)}</b>
        {bonusFen > 0 && (
          <>
            （本金 {formatCny(payFen)} + 赠送 {formatCny(bonusFen)}）
            <br />
            赠送金额不可退款、不可提现
          </>
        )}
      </div>
      <div className="plan-phone__button">微信支付 {formatCny(payFen)}</div>
    </div>
  );
}
