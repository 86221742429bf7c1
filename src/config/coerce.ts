import { Type, type TSchema } from 'typebox';

export type Coerced = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly expected: string };

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/**
 * Turns text from the environment or a CLI flag into the type the schema wants: integers, numbers,
 * booleans, comma-separated arrays. Strings (and string unions) pass as given; the schema judges them later.
 */
export function coerceText(schema: TSchema, raw: string): Coerced {
  const text = raw.trim();
  if (Type.IsInteger(schema)) {
    return /^[+-]?\d+$/.test(text) ? { ok: true, value: Number(text) } : { ok: false, expected: 'an integer' };
  }
  if (Type.IsNumber(schema)) {
    const value = Number(text);
    return text !== '' && Number.isFinite(value) ? { ok: true, value } : { ok: false, expected: 'a number' };
  }
  if (Type.IsBoolean(schema)) {
    const word = text.toLowerCase();
    if (TRUE_WORDS.has(word)) return { ok: true, value: true };
    if (FALSE_WORDS.has(word)) return { ok: true, value: false };
    return { ok: false, expected: 'true or false' };
  }
  if (Type.IsArray(schema)) {
    const parts = text === '' ? [] : text.split(',').map((part) => part.trim()).filter((part) => part !== '');
    const items: unknown[] = [];
    for (const part of parts) {
      const item = coerceText(schema.items, part);
      if (!item.ok) return { ok: false, expected: `a comma-separated list of ${item.expected.replace(/^an? /, '')}s` };
      items.push(item.value);
    }
    return { ok: true, value: items };
  }
  return { ok: true, value: raw };
}
