// The interface's words. Every string a user reads goes through vue-i18n; English is complete
// and the fallback. The register declarations carry their own English labels (kinds, fields,
// states, groups); a locale may override one under "schema.<path>", see schemaLabel.
import { createI18n } from 'vue-i18n'
import en from './en'

export type MessageSchema = typeof en

export const i18n = createI18n<[MessageSchema], 'en'>({
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  messages: { en },
  missingWarn: false,
  fallbackWarn: false,
})

/** The shorthand for code outside components (stores, helpers). */
export const t = i18n.global.t

/**
 * A label of the declarations, translated when the locale has "schema.<path>", else as declared.
 * path: "kind.incident.plural", "group.Resolution and fulfilment", "field.incident.title".
 */
export function schemaLabel(path: string, declared: string): string {
  const key = 'schema.' + path
  return i18n.global.te(key) ? String(i18n.global.t(key)) : declared
}
