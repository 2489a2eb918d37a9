/**
 * Whether a JSON text nests arrays/objects deeper than `max`, found by one scan of the raw bytes before it
 * is parsed (so a 5,000-level body never reaches JSON.parse, class-transformer or the validators' recursion).
 * Brackets inside strings are skipped; the text need not be valid JSON (the parser reports that).
 */
export function jsonDepthExceeds(text: Buffer | string, max: number): boolean {
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
