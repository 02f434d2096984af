// A stand-in for the Go bindings in component tests: records of a kind in memory, answering List
// with the backend's paging contract (offset, limit, total). The end-to-end tests use the real one.
import type { Kind, Query, RecordData } from '../api'

export interface FakeCall {
  method: string
  args: unknown[]
}

export function installBackend(kinds: Kind[], records: RecordData[], extra: Record<string, (...a: unknown[]) => unknown> = {}) {
  const calls: FakeCall[] = []
  const handlers: Record<string, (...a: unknown[]) => unknown> = {
    Schema: () => ({ groups: [...new Set(kinds.map((k) => k.group))], kinds }),
    Workspace: () => ({ name: 'Test', path: '/tmp/t.smswb', site: { site_id: 's', name: 'laptop' }, read_only: false, counts: {} }),
    List: (kind: unknown, q: unknown) => {
      const query = q as Query
      let rows = records.filter((r) => r.kind === kind)
      if (query.search) rows = rows.filter((r) => r.title.toLowerCase().includes(String(query.search).toLowerCase()))
      for (const f of query.where ?? []) rows = rows.filter((r) => (f.op === '=' ? r[f.field] === f.value : r[f.field] !== f.value))
      const offset = query.offset ?? 0
      const limit = query.limit || rows.length
      return { records: rows.slice(offset, offset + limit), total: rows.length }
    },
    Get: (kind: unknown, key: unknown) => {
      const r = records.find((x) => x.kind === kind && (x.id === key || x.ref === key))
      if (!r) throw JSON.stringify({ message: `no ${kind} ${key}` })
      return r
    },
    ...extra,
  }
  const App: Record<string, (...a: unknown[]) => Promise<unknown>> = {}
  for (const [name, fn] of Object.entries(handlers)) {
    App[name] = async (...args: unknown[]) => {
      calls.push({ method: name, args })
      return fn(...args)
    }
  }
  ;(window as unknown as { go: unknown }).go = { app: { App } }
  return { calls }
}

export const incidentKind: Kind = {
  name: 'incident',
  label: 'Incident',
  plural: 'Incidents',
  prefix: 'INC',
  group: 'Resolution and fulfilment',
  fields: [
    { name: 'title', label: 'Title', type: 'text', required: true, in_list: true },
    {
      name: 'priority',
      label: 'Priority',
      type: 'integer',
      in_list: true,
      enum: [
        { value: '1', label: 'Critical' },
        { value: '2', label: 'High' },
      ],
    },
    { name: 'urgent', label: 'Urgent', type: 'bool' },
    { name: 'opened_at', label: 'Opened', type: 'datetime', in_list: true },
    { name: 'service', label: 'Service', type: 'ref', ref: 'service' },
  ],
  workflow: {
    initial: 'new',
    states: [
      { name: 'new', label: 'New' },
      { name: 'resolved', label: 'Resolved' },
      { name: 'closed', label: 'Closed', final: true },
    ],
    transitions: [{ from: 'new', to: 'resolved' }],
  },
}

export function incidents(n: number): RecordData[] {
  return Array.from({ length: n }, (_, i) => ({
    id: 'id' + i,
    ref: 'INC-' + String(i + 1).padStart(5, '0'),
    kind: 'incident',
    title: `Incident number ${i + 1}`,
    status: i % 2 ? 'new' : 'resolved',
    priority: (i % 2) + 1,
    created_at: '2026-11-01T10:00:00Z',
    updated_at: '2026-11-01T10:00:00Z',
  }))
}
