// How values look on screen. Display only: the backend owns every rule about values.
import type { Field, Kind, Link, Money, RecordData } from './api'

const pad = (n: number) => String(n).padStart(2, '0')

/** A stored RFC 3339 moment in the user's local time: 2026-03-01 10:30. */
export function formatDateTime(s: unknown): string {
  if (typeof s !== 'string' || !s) return ''
  const d = new Date(s)
  if (isNaN(d.getTime())) return s
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
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

/** Money with grouped thousands: 1,200.00 EUR. */
export function formatMoney(v: unknown): string {
  if (!isMoney(v)) return ''
  const [int, frac] = v.amount.split('.')
  const neg = int.startsWith('-')
  const digits = neg ? int.slice(1) : int
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${neg ? '-' : ''}${grouped}${frac !== undefined ? '.' + frac : ''} ${v.currency}`
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
      return typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 6 }) : String(v)
    case 'bool':
      return v ? 'Yes' : 'No'
    case 'datetime':
      return formatDateTime(v)
    case 'duration':
      return formatDuration(v)
    case 'money':
      return formatMoney(v)
    default:
      return String(v)
  }
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
