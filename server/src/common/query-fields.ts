import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsString,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { INT_MAX } from './edge/edge-limits';
import { IsPlainText } from './text.validator';

// The filters list routes take in their query strings (?storeId=, ?q=, ?from=, …), one rule and one zh-CN
// message each, so every list checks a store id or a date the same way. Query strings carry text: the id
// and boolean fields turn it into a number or a boolean before they are checked.

/** YYYY-MM-DD that is a real calendar day (2026-02-30 is refused). */
@ValidatorConstraint({ name: 'calendarDay' })
class CalendarDay implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    const d = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
  }
  defaultMessage(): string {
    return '日期须为 YYYY-MM-DD 格式的有效日期';
  }
}

/** A business day, YYYY-MM-DD, that exists on the calendar. */
export const IsCalendarDay = (): PropertyDecorator => Validate(CalendarDay);

/** A row id from the query string (?storeId=12): a whole number 1 … INT_MAX. */
export const QueryId = (): PropertyDecorator =>
  applyDecorators(
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(INT_MAX),
  );

/** Search text (?q=, ?memberNo=): one line of at most `max` characters. */
export const QueryText = (max: number): PropertyDecorator =>
  // Applied in the order `@IsString() @MaxLength(max) @IsPlainText()` is (last first): the same messages
  // in the same order as the fields written out had.
  applyDecorators(IsPlainText(), MaxLength(max), IsString());

/** ?flag=true / false as a boolean; any other text fails with the field's name in the message. */
export const QueryBoolean = (): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean({ message: ({ property }) => `${property} 须为 true 或 false` }),
  );
