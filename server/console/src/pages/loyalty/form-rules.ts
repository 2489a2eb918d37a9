import {
  boundLevel,
  formatLimitValue,
  MAX_YUAN_INPUT_FEN,
  parseYuanToFen,
  rangeMessage,
  type NumberLimit,
} from '@member/shared';
import type { Rule } from 'antd/es/form';

// Form rules built from the shared limits (shared/src/limits.ts): out-of-range input is an error with the
// same zh-CN message the server gives (inputs never clamp silently); values outside the sensible range get a
// warning under the field, confirmed again in the publish dialog.

const blank = (v: unknown) => v === undefined || v === null || v === '';

/** An integer within limit.min..limit.max. */
export function intRule(limit: NumberLimit): Rule {
  return {
    validator: (_, v: unknown) =>
      blank(v) || (Number.isInteger(v) && (v as number) >= limit.min && (v as number) <= limit.max)
        ? Promise.resolve()
        : Promise.reject(new Error(rangeMessage(limit))),
  };
}

/** Yuan with at most 2 decimals whose fen lie within limit (a '¥' limit, stored in fen). */
export function yuanRule(limit: NumberLimit): Rule {
  return {
    validator: (_, v: unknown) => {
      if (blank(v)) return Promise.resolve();
      const r = parseYuanToFen(v as number | string, { allowZero: true, maxFen: MAX_YUAN_INPUT_FEN });
      if (!r.ok && r.reason === 'decimals') return Promise.reject(new Error(`${limit.label}最多保留两位小数`));
      return r.ok && r.fen >= limit.min && r.fen <= limit.max
        ? Promise.resolve()
        : Promise.reject(new Error(rangeMessage(limit)));
    },
  };
}

/** A warning (not an error) for a value outside the sensible range; `toStored` turns yuan into fen. */
export function boundWarning(limit: NumberLimit, toStored: (v: number) => number = (v) => v): Rule {
  return {
    warningOnly: true,
    validator: (_, v: unknown) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) return Promise.resolve();
      const stored = toStored(v);
      // Out of range altogether is the error above; a warning on top would only repeat it.
      if (stored < limit.min || stored > limit.max) return Promise.resolve();
      const level = boundLevel(limit, stored);
      if (!level) return Promise.resolve();
      const range = level === 'hard' ? limit.hard! : limit.soft!;
      const span = `${formatLimitValue(limit, range.min)} 至 ${formatLimitValue(limit, range.max)}`;
      return Promise.reject(
        new Error(
          level === 'hard'
            ? `超出单人可设范围（${span}），需另一位运营人员审批后生效`
            : `超出常用范围（${span}），发布时需确认`,
        ),
      );
    },
  };
}
