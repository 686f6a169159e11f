import { For } from 'solid-js';
import { locale, t, type Locale } from '~/i18n/i18n.ts';
import { changeLocale } from '~/lib/session.ts';

const LANGUAGES: { code: Locale; short: string; name: string }[] = [
  { code: 'vi', short: 'VI', name: 'Tiếng Việt' },
  { code: 'en', short: 'EN', name: 'English' },
];

/** Two toggle buttons; each language's name is written in that language, whatever the current one. */
export default function LanguageSwitch() {
  return (
    <div class="lang-switch" role="group" aria-label={t('lang.label')}>
      <For each={LANGUAGES}>
        {(language) => (
          <button
            type="button"
            lang={language.code}
            title={language.name}
            aria-pressed={locale() === language.code}
            onClick={() => changeLocale(language.code)}
          >
            <span aria-hidden="true">{language.short}</span>
            <span class="visually-hidden">{language.name}</span>
          </button>
        )}
      </For>
    </div>
  );
}
