/**
 * Masking of personal data for logs and exports: mobile numbers keep the first 3 and last
 * 4 digits (138****5678), landlines keep area code and last 4, ID-card numbers keep the
 * first 6 and last 4. Digits inside longer digit runs (order numbers) are left alone.
 */
const MOBILE = /(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)/g;
const LANDLINE = /(?<!\d)(0\d{2,3})-(\d{3,4})(\d{4})(?!\d)/g;
const ID_CARD = /(?<![\dXx])(\d{6})\d{8}(\d{3}[\dXx])(?![\dXx])/g;

/** Masks phone and ID-card numbers in free text. */
export function maskText(text: string): string {
  return text
    .replace(ID_CARD, (_m, a: string, b: string) => `${a}********${b}`)
    .replace(MOBILE, (_m, a: string, _b: string, c: string) => `${a}****${c}`)
    .replace(LANDLINE, (_m, area: string, _mid: string, last: string) => `${area}-****${last}`);
}

/** Masks one phone number given alone (138****5678); short or odd values become ****. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '****';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** Masks a Chinese name: 张三 → 张*, 欧阳娜娜 → 欧***. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** Deep-copies a JSON-like value with every string masked (for log objects). */
export function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: maskText(value.message), stack: value.stack && maskText(value.stack) };
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1);
  return out;
}
