import 'reflect-metadata';
import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import fc from 'fast-check';
import { PurchaseDto } from '../modules/sales/sales.controller';
import { IsPlainText } from './text.validator';
import { fastPathFor } from './validation-fast-path';

class NoteDto {
  @IsOptional() @IsString() @MaxLength(8) @IsPlainText() note?: string;
  @ValidateIf((o: NoteDto) => o.note !== undefined) @IsInt() @Min(0) count?: number;
  @IsOptional() @IsInt({ each: true }) ids?: number[];
}
class WithDefault {
  @IsInt() a!: number;
  b = 1; // undecorated initialiser: whitelist rejects it
}
class Converted {
  @Type(() => Number) @IsInt() page!: number;
}
class Inner {
  @IsInt() x!: number;
}
class Nested {
  @ValidateNested() @Type(() => Inner) inner!: Inner;
}

// As body-parser hands it over (JSON.parse of this realm: jest's structuredClone builds outer-realm objects).
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

// The oracle: Nest's own pipe with the options of createValidationPipe, without the shortcut.
const full = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
const body = (metatype: unknown): ArgumentMetadata => ({ type: 'body', metatype: metatype as never });

async function oracle(type: unknown, value: unknown): Promise<{ ok: true; entity: unknown } | { ok: false }> {
  try {
    return { ok: true, entity: await full.transform(clone(value), body(type)) };
  } catch {
    return { ok: false };
  }
}

const anyValue = fc.oneof(
  fc.integer({ min: -5, max: 3_000_000_000 }),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('R-1', 'abc_DEF', 'a\u0000b', 'x'.repeat(70), '', ' ', '1', 'true'),
  fc.boolean(),
  fc.constant(null),
  fc.constant({}),
  fc.constant([1]),
);

// Mostly near-valid bodies (each field present or not, usually a plausible value), and odd keys.
function bodies(keys: string[]) {
  const plausible = fc.oneof(
    { arbitrary: fc.constantFrom(1, 2000, 'R-1', 'note', 0), weight: 4 },
    { arbitrary: anyValue, weight: 1 },
  );
  return fc.oneof(
    fc.record(Object.fromEntries([...keys, 'extra'].map((k) => [k, plausible])), { requiredKeys: [] }),
    fc.dictionary(fc.constantFrom(...keys, 'extra', '__proto__', 'constructor'), anyValue, { maxKeys: 6 }),
  );
}

describe('validation fast path', () => {
  it('takes the purchase body as the full pipe builds it', async () => {
    const value = { checkoutId: 12, amountFen: 2000, receiptNo: 'R-20240101-1' };
    const fast = fastPathFor(PurchaseDto)?.(clone(value));
    expect(fast).toBeInstanceOf(PurchaseDto);
    const expected = await oracle(PurchaseDto, value);
    expect(expected.ok && expected.entity).toStrictEqual(fast);
  });

  it('is not offered for DTOs it cannot reproduce (conversion, nesting)', () => {
    expect(fastPathFor(Converted)).toBeNull();
    expect(fastPathFor(Nested)).toBeNull();
    expect(fastPathFor(Object)).toBeNull();
  });

  it('leaves undecorated fields and non-JSON objects to the full pipe', () => {
    expect(fastPathFor(WithDefault)?.({ a: 1 })).toBeNull();
    const form = Object.assign(Object.create(null) as object, { checkoutId: 1, amountFen: 1, receiptNo: 'R1' });
    expect(fastPathFor(PurchaseDto)?.(form)).toBeNull();
  });

  // Valid bodies mixed in, so every run reaches the fast path often (random ones alone rarely pass every rule).
  const validPurchase = fc.record(
    {
      checkoutId: fc.integer({ min: 1, max: 2_147_483_647 }),
      amountFen: fc.integer({ min: 1, max: 100_000_000 }),
      receiptNo: fc.constantFrom('R-1', 'abc_DEF', '0'),
      pointsToUse: fc.integer({ min: 0, max: 1000 }),
      couponIds: fc.array(fc.integer({ min: 1, max: 99 }), { maxLength: 3 }),
      walletFen: fc.integer({ min: 0, max: 100_000_000 }),
    },
    { requiredKeys: ['checkoutId', 'amountFen', 'receiptNo'] },
  );
  const validNote = fc.record(
    { note: fc.string({ maxLength: 8 }), count: fc.nat(), ids: fc.array(fc.integer()) },
    { requiredKeys: [] },
  );

  it.each([
    [
      'PurchaseDto',
      PurchaseDto,
      ['checkoutId', 'amountFen', 'receiptNo', 'pointsToUse', 'approvalId', 'couponIds', 'walletFen'],
      validPurchase,
    ],
    ['NoteDto', NoteDto, ['note', 'count', 'ids'], validNote],
  ] as const)('accepts only what the full pipe accepts, as the same instance (%s)', async (_, type, keys, valid) => {
    let taken = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(bodies([...keys]), valid as fc.Arbitrary<Record<string, unknown>>), async (value) => {
        const fast = fastPathFor(type)?.(clone(value));
        if (!fast) return;
        taken++;
        const expected = await oracle(type, value);
        expect(expected.ok).toBe(true);
        expect(expected.ok && expected.entity).toStrictEqual(fast);
      }),
      { numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(0);
  });
});
