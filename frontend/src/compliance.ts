// How the ISO/IEC 20000-1 workbench arranges what the backend sends: the clause tree of an
// assessment and its filters, the audit programme's coverage grid, colours and small formats.
// Display only: results, readiness and coverage are the backend's.
import type { Catalogue, ClauseResult, Programme } from './api'

/** A clause of the tree: its depth under its group (4.1: 0, 8.5.1: 1, 8.5.1.1: 2). */
export interface ClauseRow {
  id: string
  title: string
  depth: number
  result: string
  status: string
  maturity: number | null
  findings: number
  /** Shown only because a clause under it matches the filter. */
  context: boolean
  /** A group heading: not assessed, it shows what its requirements found. */
  rollup: boolean
  /** A result carried forward, not yet confirmed. */
  carried: boolean
}

export interface ClauseGroupRows {
  id: string
  title: string
  rows: ClauseRow[]
  /** Requirements of the group marked done, and how many it has (whatever the filter). */
  done: number
  total: number
}

export type ClauseFilter = 'all' | 'todo' | 'gaps' | 'nonconformant'

export const clauseFilters: ClauseFilter[] = ['all', 'todo', 'gaps', 'nonconformant']

/** The group a clause belongs to: "8.5.1.1" -> "8". */
export function groupOf(id: string): string {
  const i = id.indexOf('.')
  return i < 0 ? id : id.slice(0, i)
}

/** The clause that contains a clause: "8.5.1.1" -> "8.5.1"; "" for a clause under its group. */
export function parentOf(id: string): string {
  const parts = id.split('.')
  return parts.length > 2 ? parts.slice(0, -1).join('.') : ''
}

/** Whether a clause passes a filter (the text matches its id or title). */
export function matches(c: ClauseResult, filter: ClauseFilter, text = ''): boolean {
  const q = text.trim().toLowerCase()
  if (q && !c.clause.startsWith(q) && !c.title.toLowerCase().includes(q)) return false
  // A heading is shown as the context of its requirements, never for its own sake.
  if (c.rollup && filter !== 'all') return false
  switch (filter) {
    case 'todo':
      return c.status !== 'done'
    case 'gaps':
      return (
        c.result === 'partially_conformant' ||
        c.result === 'nonconformant' ||
        c.result === 'not_applicable' ||
        !!c.carried_forward ||
        c.findings.some((f) => f.status !== 'closed')
      )
    case 'nonconformant':
      return c.result === 'nonconformant' || c.findings.some((f) => (f.grade === 'major' || f.grade === 'minor') && f.status !== 'closed')
    default:
      return true
  }
}

/**
 * The clause tree of an assessment, groups 4 to 10 in the catalogue's order, filtered: a clause
 * that matches shows, and so do the clauses above it (as context); groups left empty are left out.
 */
export function clauseTree(cat: Catalogue, clauses: ClauseResult[], filter: ClauseFilter = 'all', text = ''): ClauseGroupRows[] {
  const byId = new Map(clauses.map((c) => [c.clause, c]))
  const shown = new Set<string>()
  const direct = new Set<string>()
  for (const c of clauses) {
    if (!matches(c, filter, text)) continue
    direct.add(c.clause)
    for (let id = c.clause; id; id = parentOf(id)) shown.add(id)
  }
  const out: ClauseGroupRows[] = []
  for (const g of cat.groups) {
    const group: ClauseGroupRows = { id: g.id, title: g.title, rows: [], done: 0, total: 0 }
    for (const cc of cat.clauses) {
      if (groupOf(cc.id) !== g.id) continue
      const c = byId.get(cc.id)
      const rollup = cc.rollup ?? c?.rollup ?? false
      if (!rollup) {
        group.total++
        if (c?.status === 'done') group.done++
      }
      if (!shown.has(cc.id)) continue
      group.rows.push({
        id: cc.id,
        title: cc.title,
        depth: cc.id.split('.').length - 2,
        result: c?.result ?? 'not_assessed',
        status: c?.status ?? 'todo',
        maturity: c?.maturity ?? null,
        findings: c?.findings.length ?? 0,
        context: !direct.has(cc.id),
        rollup,
        carried: !!c?.carried_forward,
      })
    }
    if (group.rows.length) out.push(group)
  }
  return out
}

/** The naive-ui tag type of a clause result. */
export function resultType(result: string): 'default' | 'success' | 'warning' | 'error' | 'info' {
  switch (result) {
    case 'conformant':
      return 'success'
    case 'partially_conformant':
      return 'warning'
    case 'nonconformant':
    case 'not_applicable':
      return 'error'
    case 'other_party':
    case 'no_instance':
      return 'info'
    default:
      return 'default'
  }
}

/** Short names of results, for the tags of the tree. */
export const resultShort: Record<string, string> = {
  not_assessed: '—',
  conformant: 'C',
  partially_conformant: 'PC',
  nonconformant: 'NC',
  other_party: 'OP',
  no_instance: 'NI',
  not_applicable: 'N/A?',
}

/**
 * The colour of a readiness percentage: red below 50, amber below 80, green from 80; each with
 * a contrast of at least 4.5:1 on white, as text needs (WCAG AA).
 */
export function readinessColour(percent: number): string {
  if (percent >= 80) return '#276749'
  if (percent >= 50) return '#975a16'
  return '#c0392b'
}

/** A file size as people read it: 812 B, 14.2 KB, 3.1 MB. */
export function formatBytes(n: number): string {
  if (!isFinite(n) || n < 0) return ''
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** A change in points, signed: +12.5, −3, 0. */
export function signed(n: number): string {
  if (n > 0) return `+${n}`
  if (n < 0) return `−${Math.abs(n)}`
  return '0'
}

const pad = (n: number) => String(n).padStart(2, '0')
const day = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`

/** The default period of a review pack: the twelve months up to today, as the backend's. */
export function lastTwelveMonths(today = new Date()): { from: string; to: string } {
  const from = new Date(today.getFullYear() - 1, today.getMonth(), today.getDate() + 1)
  return { from: day(from), to: day(today) }
}

/** One clause of the coverage grid: which audits covered it, when it was last audited. */
export interface CoverageRow {
  id: string
  title: string
  depth: number
  /** Per audit of the programme, in its order: whether the audit covered the clause. */
  cells: boolean[]
  /** Per audit planned, in its order: whether it will cover the clause. */
  planned: boolean[]
  last: string
  /** The planned start of the next audit that covers it. */
  next: string
  never: boolean
  /** Neither audited in the period nor planned. */
  unplanned: boolean
  /** A group heading: covered through its requirements, not counted itself. */
  rollup: boolean
}

/**
 * The clause × audit grid of the audit programme. An audit covers a clause it lists, and a main
 * clause whose sub-clauses it all lists (the backend's rule for the programme as a whole).
 */
export function coverageGrid(cat: Catalogue, p: Programme): CoverageRow[] {
  const lists = p.audits.map((a) => new Set(a.clauses))
  const plans = (p.planned ?? []).map((a) => new Set(a.clauses))
  const subs = new Map<string, string[]>()
  for (const c of cat.clauses) {
    const parent = parentOf(c.id)
    if (parent) subs.set(parent, [...(subs.get(parent) ?? []), c.id])
  }
  // An audit covers a clause it names, a heading all of whose sub-clauses it covers, and the
  // requirements under a heading it names (older audits name 8.5).
  const covers = (set: Set<string>, id: string): boolean => {
    for (let up = id; up; up = parentOf(up)) if (set.has(up)) return true
    const kids = subs.get(id)
    return !!kids?.length && kids.every((k) => covers(set, k))
  }
  const uncovered = new Set(p.uncovered)
  const unplanned = new Set(p.unplanned ?? [])
  return cat.clauses.map((c) => ({
    id: c.id,
    title: c.title,
    depth: c.id.split('.').length - 2,
    cells: lists.map((set) => covers(set, c.id)),
    planned: plans.map((set) => covers(set, c.id)),
    last: p.last_covered[c.id] ?? '',
    next: p.next_planned?.[c.id] ?? '',
    never: uncovered.has(c.id),
    unplanned: unplanned.has(c.id),
    rollup: !!c.rollup,
  }))
}

/** Reads a file chosen in the window as base64, for AttachEvidenceFile. */
export function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader()
    r.onload = () => {
      const url = String(r.result ?? '')
      resolve(url.slice(url.indexOf(',') + 1))
    }
    r.onerror = () => reject(r.error ?? new Error('the file could not be read'))
    r.readAsDataURL(file)
  })
}
