import { Matches, type ValidationOptions } from 'class-validator';

// Control characters (NUL included) and the bidi overrides and isolates that make "abc\u202Eexe.txt" read as
// something else in the console and in chats. Written as escapes so the pattern (also published in the
// OpenAPI document) carries no invisible characters itself.
const BIDI = '\\u202A-\\u202E\\u2066-\\u2069';
const C0_EXCEPT_BREAKS = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F';
const C1 = '\\u007F-\\u009F';

/** One line of text: no control characters at all (tab, line breaks included), no bidi controls. */
export const SINGLE_LINE_TEXT = new RegExp(`^[^\\u0000-\\u001F${C1}${BIDI}]*$`);
/** Text that may span lines (notes, reasons): tab and line breaks allowed, other controls not. */
export const MULTI_LINE_TEXT = new RegExp(`^[^${C0_EXCEPT_BREAKS}${C1}${BIDI}]*$`);

/**
 * Free text typed by people (nicknames, names, notes, reasons, addresses): rejects control characters and
 * bidi overrides. `multiline` allows tab and line breaks. Use on every free-text DTO field.
 */
export function IsPlainText(opts: { multiline?: boolean } = {}, validation?: ValidationOptions): PropertyDecorator {
  return Matches(opts.multiline ? MULTI_LINE_TEXT : SINGLE_LINE_TEXT, {
    message: ({ property }) => `${property} 不能包含控制字符或文字方向控制符`,
    ...validation,
  });
}
