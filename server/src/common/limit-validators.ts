import { ErrorCode, lengthMessage, rangeMessage, TEXT_LIMITS, type NumberLimit } from '@member/shared';
import { ValidateBy } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { AppException } from './app-exception';
import { MULTI_LINE_TEXT, SINGLE_LINE_TEXT } from './text.validator';

// Validators built from the shared limits (shared/src/limits.ts), so the server rejects exactly what the
// console and mini-program forms reject, with the same zh-CN message.

/** The OpenAPI schema (a custom validator carries none of its own) and the validator on one property. */
function both(schema: (target: object, key: string) => void, validator: PropertyDecorator): PropertyDecorator {
  return (target, key) => {
    schema(target, key as string);
    validator(target, key);
  };
}

/** An integer within limit.min..limit.max; a fraction, a string or null get the same one message. */
export function IntWithin(limit: NumberLimit): PropertyDecorator {
  const schema = JSONSchema({ type: 'integer', minimum: limit.min, maximum: limit.max, description: limit.label });
  const validator = ValidateBy(
    {
      name: 'intWithin',
      validator: {
        validate: (v: unknown) => Number.isInteger(v) && (v as number) >= limit.min && (v as number) <= limit.max,
      },
    },
    { message: rangeMessage(limit) },
  );
  return both(schema, validator);
}

/**
 * Plain text of min..max characters (no control characters or bidi overrides; `multiline` allows line
 * breaks), with one message for each way it can be wrong rather than one per constraint.
 */
export function TextWithin(
  label: string,
  limit: { min: number; max: number },
  opts: { multiline?: boolean } = {},
): PropertyDecorator {
  const plain = opts.multiline ? MULTI_LINE_TEXT : SINGLE_LINE_TEXT;
  const sized = (v: unknown): v is string => typeof v === 'string' && v.length >= limit.min && v.length <= limit.max;
  const schema = JSONSchema({
    type: 'string',
    minLength: limit.min,
    maxLength: limit.max,
    pattern: plain.source,
    description: label,
  });
  const validator = ValidateBy({
    name: 'textWithin',
    validator: {
      validate: (v: unknown) => sized(v) && plain.test(v),
      defaultMessage: (args) =>
        sized(args?.value) ? `${label}不能包含控制字符或文字方向控制符` : lengthMessage(label, limit),
    },
  });
  return both(schema, validator);
}

/** A change note trimmed; a note of spaces is no note (CHANGE_NOTE_REQUIRED). */
export function requireChangeNote(note: string | undefined): string {
  const trimmed = note?.trim() ?? '';
  if (trimmed.length < TEXT_LIMITS.changeNote.min) throw new AppException(ErrorCode.CHANGE_NOTE_REQUIRED);
  return trimmed;
}
