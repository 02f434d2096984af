// What a form edits for each field type, and what it sends back. The form holds values in the
// shape its controls want (a duration as "4h", a date-time as a timestamp); the backend receives
// them in a shape it accepts and turns them into its canonical form. Display and conversion only:
// every rule about values is the backend's.
import type { Field } from './api'
import { formatDuration, isLink, moneyInput, tableRows } from './format'
import { t } from './i18n'

/** One row of a table field as the form edits it: a cell per column, and a key for rendering. */
export interface RowModel {
  _row: number
  [column: string]: unknown
}

let rowSeq = 0

/** A row with every column empty. */
export function emptyRow(f: Field): RowModel {
  const row: RowModel = { _row: ++rowSeq }
  for (const c of f.columns ?? []) row[c.name] = toModel(c, null)
  return row
}

/** The control's value for a stored value. */
export function toModel(f: Field, v: unknown): unknown {
  if (v === undefined) v = null
  switch (f.type) {
    case 'text':
    case 'longtext':
      return v === null ? '' : String(v)
    case 'duration':
      return typeof v === 'number' ? formatDuration(v) : typeof v === 'string' ? v : ''
    case 'money':
      return moneyInput(v)
    case 'integer':
    case 'number':
      return typeof v === 'number' ? v : v === null || v === '' ? null : Number(v)
    case 'bool':
      return v === true
    case 'date':
      return typeof v === 'string' && v ? v : null
    case 'datetime': {
      if (typeof v !== 'string' || !v) return null
      const t = Date.parse(v)
      return isNaN(t) ? null : t
    }
    case 'enum':
      return v === null ? null : String(v)
    case 'ref':
      return isLink(v) ? v.id : typeof v === 'string' ? v : null
    case 'refs':
      return Array.isArray(v) ? v.map((l) => (isLink(l) ? l.id : String(l))) : []
    case 'tags':
      return Array.isArray(v) ? v.map(String) : []
    case 'table':
      return tableRows(v).map((r) => {
        const row: RowModel = { _row: ++rowSeq }
        for (const c of f.columns ?? []) row[c.name] = toModel(c, r[c.name])
        return row
      })
  }
  return v
}

/** What is sent for a control's value: null for nothing. */
export function fromModel(f: Field, m: unknown): unknown {
  switch (f.type) {
    case 'text':
    case 'duration':
    case 'money':
      return typeof m === 'string' && m.trim() !== '' ? m.trim() : null
    case 'longtext':
      return typeof m === 'string' && m !== '' ? m : null
    case 'datetime':
      return typeof m === 'number' ? new Date(m).toISOString().replace(/\.\d{3}Z$/, 'Z') : null
    case 'refs':
    case 'tags':
      return Array.isArray(m) && m.length ? m : null
    case 'bool':
      return m === true
    case 'table': {
      if (!Array.isArray(m)) return null
      const rows: Record<string, unknown>[] = []
      for (const row of m as RowModel[]) {
        const out: Record<string, unknown> = {}
        let filled = false
        for (const c of f.columns ?? []) {
          // an unticked box in an otherwise empty row is no answer
          const v = c.type === 'bool' ? (row[c.name] === true ? true : null) : fromModel(c, row[c.name])
          if (v !== null) {
            out[c.name] = v
            filled = true
          }
        }
        if (filled) {
          for (const c of f.columns ?? []) if (c.type === 'bool' && !(c.name in out)) out[c.name] = false
          rows.push(out)
        }
      }
      return rows.length ? rows : null
    }
    default:
      return m === undefined || m === '' ? null : m
  }
}

/** Options of an enum (or coded integer) field for a select. */
export function enumOptions(f: Field) {
  return (f.enum ?? []).map((e) => ({
    label: e.label,
    value: f.type === 'integer' ? Number(e.value) : e.value,
  }))
}

/** A hint for a text control. */
export function placeholder(f: Field): string {
  switch (f.type) {
    case 'duration':
      return t('form.durationHint')
    case 'money':
      return t('form.moneyHint')
    case 'datetime':
      return f.default === 'now' ? t('form.whenSaved') : t('form.dateTime')
    case 'date':
      return f.default === 'now' ? t('form.whenSaved') : t('form.date')
    default:
      return ''
  }
}
