import type { MallGoodsKind } from '@member/shared';
import { GOODS_KIND_LABELS, points } from './mall-labels';
import './GoodsCardPreview.css';

export interface GoodsPreview {
  kind: MallGoodsKind;
  name: string;
  imageUrl: string | null;
  pointsPrice: number;
  /** "¥9.90", or null for points only. */
  cash: string | null;
  stockHint: string | null;
  soldOut: boolean;
  /** Detail lines under the card: limit, tiers, pickup or coupon, sale window. */
  lines: string[];
  featured: boolean;
}

/**
 * The goods as members see it in 积分商城 (two columns: image, name, "1,200 积分 + ¥9.90", stock hint,
 * 兑换), next to a neighbour card for scale, then what its detail page adds (limit, tiers, pickup, window).
 */
export function GoodsCardPreview({ goods }: { goods: GoodsPreview }) {
  return (
    <div className="goods-phone" data-testid="goods-preview">
      <p className="goods-phone__title">积分商城</p>
      <div className="goods-phone__grid">
        <div className={`goods-card ${goods.soldOut ? 'goods-card--off' : ''}`}>
          <div className="goods-card__image">
            {goods.imageUrl ? (
              <img src={goods.imageUrl} alt="" data-testid="goods-preview-image" />
            ) : (
              <span className="goods-card__no-image">暂无图片</span>
            )}
            <span className="goods-card__kind">{GOODS_KIND_LABELS[goods.kind]}</span>
            {goods.featured && <span className="goods-card__featured">推荐</span>}
          </div>
          <div className="goods-card__body">
            <span className="goods-card__name" title={goods.name}>
              {goods.name}
            </span>
            <span className="goods-card__price" data-testid="goods-preview-price">
              <span className="goods-card__points">{points(goods.pointsPrice)}</span>
              <span className="goods-card__unit">积分</span>
              {goods.cash && <span className="goods-card__cash">+ {goods.cash}</span>}
            </span>
            <span className="goods-card__foot">
              <span className="goods-card__hint">{goods.stockHint ?? ''}</span>
              <span className="goods-card__button">{goods.soldOut ? '已兑完' : '兑换'}</span>
            </span>
          </div>
        </div>
        <div className="goods-card goods-card--ghost" aria-hidden>
          <div className="goods-card__image" />
          <div className="goods-card__body">
            <span className="goods-card__bar" />
            <span className="goods-card__bar goods-card__bar--short" />
          </div>
        </div>
      </div>
      {goods.lines.length > 0 && (
        <div className="goods-phone__detail" data-testid="goods-preview-detail">
          <span className="goods-phone__detail-title">兑换须知</span>
          {goods.lines.map((line) => (
            <span key={line} className="goods-phone__line">
              {line}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
