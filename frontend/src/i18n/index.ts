// The interface's words. Every string a user reads goes through vue-i18n, one file per language
// (en.ts, de.ts) with the same keys: a test fails on a key one language lacks. The register
// declarations' words (kinds, fields, values, states, groups) come from the backend already in
// the user's language (internal/schema/labels_<lang>.json).
import { createI18n } from 'vue-i18n'
import en from './en'
import de from './de'

export type MessageSchema = typeof en

/** The languages of the interface, each named in itself in Settings. */
export const languages = ['en', 'de'] as const
export type Language = (typeof languages)[number]

export const i18n = createI18n<[MessageSchema], Language, false>({
  legacy: false,
  locale: systemLanguage(),
  fallbackLocale: 'en',
  messages: { en, de },
  missingWarn: false,
  fallbackWarn: false,
})

/** The shorthand for code outside components (stores, helpers). */
export const t = i18n.global.t

/** The language a user gets before choosing one: the system's, when the interface has it. */
export function systemLanguage(): Language {
  const tags = typeof navigator !== 'undefined' ? [...(navigator.languages ?? []), navigator.language] : []
  for (const tag of tags) {
    const base = String(tag ?? '').toLowerCase().split('-')[0]
    if ((languages as readonly string[]).includes(base)) return base as Language
  }
  return 'en'
}

/** Switches the interface's language (an unknown one is English). */
export function setLanguage(lang: string): Language {
  const l = ((languages as readonly string[]).includes(lang) ? lang : 'en') as Language
  i18n.global.locale.value = l
  if (typeof document !== 'undefined') document.documentElement.lang = l
  return l
}

/** The BCP 47 locale of the current language, for dates and numbers (1.234,56 in German). */
export function numberLocale(): string {
  return i18n.global.locale.value === 'de' ? 'de-DE' : 'en-US'
}

/** The locale of dates written out (4 December 2026; 4. Dezember 2026). */
export function dateLocale(): string {
  return i18n.global.locale.value === 'de' ? 'de-DE' : 'en-GB'
}

/** A label inside a sentence: lower case in English ("new incident"), as written in German,
 *  whose nouns keep their capital ("Neu: Störung"). */
export function inSentence(label: string): string {
  return i18n.global.locale.value === 'de' ? label : label.toLowerCase()
}
