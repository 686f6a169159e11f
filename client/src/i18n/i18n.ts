import { createSignal } from 'solid-js';
import { formatDate, formatDateRange, formatDateTime, formatMoney } from '../../../shared/format.ts';
import { dictionary, type MessageKey } from '../../../shared/dictionary.ts';

export type Locale = 'vi' | 'en';
export type { MessageKey };

const STORAGE_KEY = 'lienket.locale';

function storedLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return saved === 'en' || saved === 'vi' ? saved : 'vi';
  } catch {
    // Storage can be refused (private modes, policies): Vietnamese is the default.
    return 'vi';
  }
}

// The language is shared by every screen, so it is one app-wide signal rather than a context.
const [locale, setLocaleSignal] = createSignal<Locale>(storedLocale());
document.documentElement.lang = locale();

export { locale };

/** Switches the interface language on this device: screen text, <html lang>, and the remembered choice. */
export function applyLocale(next: Locale): void {
  setLocaleSignal(next);
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered on this device; the choice still holds until the page is reloaded.
  }
}

export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(dictionary, key);
}

/**
 * The text for `key` in the current language; `{name}` placeholders are filled from `params`.
 *
 * @example t('projects.count', { count: 2 })
 */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = dictionary[key][locale()];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The current language's half of a vi/en pair, falling back to the other half when it is empty. */
export function pick(vi: string, en: string): string {
  return locale() === 'vi' ? vi || en : en || vi;
}

/** The language a `pick(vi, en)` result is actually in, for its `lang` attribute. */
export function pickLang(vi: string, en: string): Locale {
  return locale() === 'vi' ? (vi ? 'vi' : 'en') : en ? 'en' : 'vi';
}

export const money = (amount: number | bigint) => formatMoney(amount, locale());
export const date = (value: string | Date) => formatDate(value, locale());
export const dateTime = (value: string | Date) => formatDateTime(value, locale());
/** Each date stays on one line ("26 Jul 2026"); a long range breaks only after the dash. */
export const dateRange = (start: string, end: string) => formatDateRange(start, end, locale()).replace(/(\d) (\p{L}+) (\d)/gu, '$1\u00a0$2\u00a0$3');
