// How values look on screen. Display only: the backend owns every rule about values.
import type { Field, Kind, Link, Money, RecordData } from './api'
import { numberLocale, t, i18n } from './i18n'

const pad = (n: number) => String(n).padStart(2, '0')

const german = () => i18n.global.locale.value === 'de'

/** A calendar day as the language writes it: 2026-03-01 in English, 01.03.2026 in German. */
function day(y: number, m: number, d: number): string {
  return german() ? `${pad(d)}.${pad(m)}.${y}` : `${y}-${pad(m)}-${pad(d)}`
}

/**
 * A stored RFC 3339 moment in the user's local time: 2026-03-01 10:30 (10:30:15 with seconds);
 * 01.03.2026 10:30 in German.
 */
export function formatDateTime(s: unknown, seconds = false): string {
  if (typeof s !== 'string' || !s) return ''
  const d = new Date(s)
  if (isNaN(d.getTime())) return s
  const hm = `${day(d.getFullYear(), d.getMonth() + 1, d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
  return seconds ? `${hm}:${pad(d.getSeconds())}` : hm
}

/** A stored date (2026-03-01) as the language writes it: 01.03.2026 in German. */
export function formatDate(s: unknown): string {
  if (typeof s !== 'string') return ''
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  return m ? day(Number(m[1]), Number(m[2]), Number(m[3])) : s
}

/** A count or figure with the language's grouping: 1,234 in English, 1.234 in German. */
export function formatNumber(n: number): string {
  return n.toLocaleString(numberLocale(), { maximumFractionDigits: 6 })
}

/** A figure with a fixed number of decimals as the language writes it: 59.7 in English, 59,7 in
 *  German (a percentage, a mean score). */
export function formatFixed(n: number, decimals: number): string {
  return n.toLocaleString(numberLocale(), { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
}

/** Whole minutes as "1d 2h 30m" (days of 24 hours, as the backend reads them). */
export function formatDuration(v: unknown): string {
  if (typeof v !== 'number' || !isFinite(v)) return ''
  if (v === 0) return '0m'
  let rest = Math.round(v)
  const parts: string[] = []
  const d = Math.floor(rest / 1440)
  rest -= d * 1440
  const h = Math.floor(rest / 60)
  const m = rest - h * 60
  if (d) parts.push(`${d}d`)
  if (h) parts.push(`${h}h`)
  if (m) parts.push(`${m}m`)
  return parts.join(' ')
}

export function isMoney(v: unknown): v is Money {
  return !!v && typeof v === 'object' && 'amount' in v && 'currency' in v
}

export function isLink(v: unknown): v is Link {
  return !!v && typeof v === 'object' && 'id' in v && 'ref' in v
}

/** Money with grouped thousands: 1,200.00 EUR; 1.200,00 EUR in German. */
export function formatMoney(v: unknown): string {
  if (!isMoney(v)) return ''
  const [int, frac] = v.amount.split('.')
  const neg = int.startsWith('-')
  const digits = neg ? int.slice(1) : int
  const [group, point] = german() ? ['.', ','] : [',', '.']
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, group)
  return `${neg ? '-' : ''}${grouped}${frac !== undefined ? point + frac : ''} ${v.currency}`
}

/** Money as the form edits it: 1200.00 EUR. */
export function moneyInput(v: unknown): string {
  return isMoney(v) ? `${v.amount} ${v.currency}` : ''
}

export function linkText(l: Link): string {
  return l.ref ? `${l.ref} ${l.title ?? ''}`.trim() : l.id
}

export function enumLabel(f: Field, v: unknown): string {
  if (v === null || v === undefined || v === '') return ''
  const item = f.enum?.find((e) => e.value === String(v))
  return item ? item.label : String(v)
}

export function stateLabel(k: Kind, name: string | undefined): string {
  if (!name) return ''
  return k.workflow?.states.find((s) => s.name === name)?.label ?? name
}

/** A field's value as plain text. */
export function formatValue(f: Field, v: unknown): string {
  if (v === null || v === undefined) return ''
  switch (f.type) {
    case 'ref':
      return isLink(v) ? linkText(v) : String(v)
    case 'refs':
      return Array.isArray(v) ? v.map((l) => (isLink(l) ? linkText(l) : String(l))).join(', ') : ''
    case 'enum':
      return enumLabel(f, v)
    case 'integer':
      return f.enum?.length ? enumLabel(f, v) : String(v)
    case 'number':
      return typeof v === 'number' ? formatNumber(v) : String(v)
    case 'bool':
      return v ? t('common.yes') : t('common.no')
    case 'datetime':
      return formatDateTime(v)
    case 'date':
      return formatDate(v)
    case 'duration':
      return formatDuration(v)
    case 'money':
      return formatMoney(v)
    case 'tags':
      return tagValues(v)
        .map((t) => tagLabel(f, t))
        .join(', ')
    case 'table': {
      const n = tableRows(v).length
      return t('form.rows', n)
    }
    default:
      return String(v)
  }
}

/** The values of a tags field (a list of strings). */
export function tagValues(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x) => x !== null && x !== undefined && x !== '').map(String) : []
}

/** How one tag reads: its enum label when the field has values, else the tag itself. */
export function tagLabel(f: Field, t: string): string {
  return f.enum?.length ? enumLabel(f, t) : t
}

/**
 * A tag as short as it can be told: where the label merely adds a title to the value
 * ("8.5.1 Change management"), the value alone; otherwise the label.
 */
export function tagShort(f: Field, t: string): string {
  const label = tagLabel(f, t)
  return label.startsWith(t + ' ') ? t : label
}

/** The rows of a table field (a list of row objects). */
export function tableRows(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((r): r is Record<string, unknown> => !!r && typeof r === 'object' && !Array.isArray(r)) : []
}

/** A field's value as a list shows it: tags by their short names, a table as its row count. */
export function formatCompact(f: Field, v: unknown): string {
  if (f.type === 'tags') return tagValues(v).map((t) => tagShort(f, t)).join(', ')
  return formatValue(f, v)
}

/** Tag colours for workflow states: final states are grey, the initial one blue. */
export function stateType(k: Kind, name: string | undefined): 'default' | 'info' | 'success' | 'warning' {
  const w = k.workflow
  if (!w || !name) return 'default'
  const s = w.states.find((x) => x.name === name)
  if (s?.final) return 'default'
  if (name === w.initial) return 'info'
  if (/resolv|implemented|approved|live|active/.test(name)) return 'success'
  if (/pending|fail|retiring|maintenance|review/.test(name)) return 'warning'
  return 'info'
}

export function recordLabel(r: Pick<RecordData, 'ref' | 'title'>): string {
  return `${r.ref} ${r.title ?? ''}`.trim()
}

/** The last part of a file's path, whatever the system's separator. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path
}

/** A size in bytes as people read it: 812 B, 4.2 MB (units of 1024). */
export function formatBytes(n: number): string {
  if (!isFinite(n) || n < 0) return ''
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let i = 0
  let v = n
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return i === 0 ? `${v} B` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`
}
