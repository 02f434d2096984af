// Every language of the interface has every key English has, and no other; each message keeps
// English's placeholders and its number of plural forms. A missing translation fails here rather
// than showing English in a German window.
import { describe, expect, it } from 'vitest'
import en from '../i18n/en'
import de from '../i18n/de'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out[path] = v
    else flatten(v, path, out)
  }
  return out
}

const placeholders = (s: string) => [...s.matchAll(/\{[^}]*\}/g)].map((m) => m[0]).sort()
const forms = (s: string) => s.split(' | ').length

describe('the languages of the interface', () => {
  const english = flatten(en as unknown as Tree)
  for (const [name, messages] of Object.entries({ de })) {
    const other = flatten(messages as unknown as Tree)
    it(`${name} has exactly the keys of English`, () => {
      expect(Object.keys(english).filter((k) => !(k in other))).toEqual([])
      expect(Object.keys(other).filter((k) => !(k in english))).toEqual([])
    })
    it(`${name} keeps every placeholder and plural form`, () => {
      const wrong = Object.keys(english).filter(
        (k) => k in other && (JSON.stringify(placeholders(english[k])) !== JSON.stringify(placeholders(other[k])) || forms(english[k]) !== forms(other[k])),
      )
      expect(wrong).toEqual([])
    })
    it(`${name} leaves no message empty`, () => {
      expect(Object.keys(other).filter((k) => !other[k].trim())).toEqual([])
    })
  }
})

describe('dates and numbers in the language chosen', () => {
  it('writes them as English, then as German does', async () => {
    const { setLanguage } = await import('../i18n')
    const { formatDate, formatDateTime, formatFixed, formatMoney, formatNumber } = await import('../format')
    const money = { amount: '-1234567.50', currency: 'EUR' }
    setLanguage('en')
    expect([formatDate('2026-12-04'), formatMoney(money), formatNumber(1234.5)]).toEqual(['2026-12-04', '-1,234,567.50 EUR', '1,234.5'])
    expect(formatDateTime('2026-12-04T09:05:00')).toBe('2026-12-04 09:05')
    expect([formatFixed(59.66, 1), formatFixed(3, 2)]).toEqual(['59.7', '3.00'])
    setLanguage('de')
    expect([formatDate('2026-12-04'), formatMoney(money), formatNumber(1234.5)]).toEqual(['04.12.2026', '-1.234.567,50 EUR', '1.234,5'])
    expect(formatDateTime('2026-12-04T09:05:00')).toBe('04.12.2026 09:05')
    expect([formatFixed(59.66, 1), formatFixed(3, 2)]).toEqual(['59,7', '3,00'])
    expect(document.documentElement.lang).toBe('de')
    setLanguage('fr') // not spoken: English
    expect(formatDate('2026-12-04')).toBe('2026-12-04')
  })
})
