/**
 * Personal data in free text: phone numbers, ID-card numbers and a contact's name.
 * Three strengths: 'mask' for logs, exports and department views (139****5678), 'remove'
 * for public output (Open311), 'erase' for a citizen's deletion request (replaced by ***).
 * Shared by the logger, the desk and the knowledge base's gap log.
 */

// An 18-digit resident ID (last char may be X), or an old 15-digit one.
const ID_CARD = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
// Mainland mobile, optionally with +86 and spaces/dashes (139 1234 5678).
const MOBILE = /(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)/g;
// Landline with area code (010-12345678, 0571 8888 6666).
const LANDLINE = /(?<!\d)0\d{2,3}[-\s]?\d{7,8}(?!\d)/g;
// Labels that only make sense before a number: removed with it in public output.
const LABEL = String.raw`(?:(?:我的?|本人)?(?:联系|手机|电话|座机|固话|手机号码?|联系电话|联系方式|手机号|身份证号?码?|证件号码?|号码)\s*(?:是|为)?\s*[:：]?\s*)?`;

/** How hard to scrub. */
export type ScrubMode = 'mask' | 'remove' | 'erase';

/** 13912345678 → 139****5678 (any other length: keep the first 3 and last 2). */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length >= 11) return `${digits.slice(-11, -8)}****${digits.slice(-4)}`;
  if (digits.length <= 4) return '****';
  return `${digits.slice(0, 3)}****${digits.slice(-2)}`;
}

/** 张三 → 张*, 欧阳娜娜 → 欧阳**, Alice → A**** . */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  const keep = chars.length >= 4 && /\p{Script=Han}/u.test(name) ? 2 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(Math.max(1, chars.length - keep));
}

/** 110101199003071234 → 110***********1234. */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 3)}${'*'.repeat(Math.max(0, id.length - 7))}${id.slice(-4)}`;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Scrubs phones, ID numbers and the given names/phones from text. In 'remove' mode the
 * number goes with its label ("电话：") and dangling punctuation is tidied.
 */
export function scrubText(
  text: string,
  mode: ScrubMode,
  extra: { names?: Array<string | undefined>; phones?: Array<string | undefined> } = {},
): string {
  const label = mode === 'remove' ? LABEL : '';
  let out = text;
  out = out.replace(new RegExp(label + ID_CARD.source, 'g'), (m) => (mode === 'mask' ? maskIdNumber(m) : mode === 'erase' ? '***' : ''));
  for (const re of [MOBILE, LANDLINE]) {
    out = out.replace(new RegExp(label + re.source, 'g'), (m) => (mode === 'mask' ? maskPhone(m) : mode === 'erase' ? '***' : ''));
  }
  // A phone given in the contact may be written in a form the patterns miss (e.g. 8 digits).
  for (const phone of extra.phones ?? []) {
    const p = phone?.replace(/\D/g, '');
    if (p && p.length >= 5) out = out.split(p).join(mode === 'mask' ? maskPhone(p) : mode === 'erase' ? '***' : '');
  }
  for (const name of extra.names ?? []) {
    const n = name?.trim();
    // A one-character name would wipe every occurrence of a common character.
    if (!n || [...n].length < 2) continue;
    out = out.replace(new RegExp(escapeRe(n), 'g'), mode === 'mask' ? maskName(n) : mode === 'erase' ? '***' : '');
  }
  if (mode === 'remove') {
    out = out
      .replace(/（\s*）|\(\s*\)|【\s*】|\[\s*\]/g, '')
      .replace(/([，,；;、。.！!？?])\s*[，,；;、]+/g, '$1')
      .replace(/^[\s，,；;、：:]+/, '')
      .replace(/[\s，,；;、：:]+$/, '');
  }
  return out;
}

/** Whether text still holds something that looks like a phone or ID number. */
export function hasPersonalNumber(text: string): boolean {
  return [ID_CARD, MOBILE, LANDLINE].some((re) => new RegExp(re.source).test(text));
}

/** Applies `fn` to every string inside a JSON value (for scrubbing event payloads). */
export function mapStrings<T>(value: T, fn: (s: string) => string): T {
  if (typeof value === 'string') return fn(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)])) as T;
  }
  return value;
}

/** Masks phone and ID-card numbers in free text (logs, gap lists): 139****5678. */
export function maskText(text: string): string {
  return scrubText(text, 'mask');
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
