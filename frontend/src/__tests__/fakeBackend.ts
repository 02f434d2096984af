// A stand-in for the Go bindings in component tests: records of a kind in memory, answering List
// with the backend's paging contract (offset, limit, total). The end-to-end tests use the real one.
import type { About, Backup, Kind, Query, RecordData, Settings } from '../api'

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

/** A backup as Backups() lists it; at is UTC with milliseconds (2026-11-22T09:15:00.000Z). */
export function backup(at: string, reason: string, bytes = 4_404_019): Backup {
  const id = `${at.replace(/[-:]/g, '')}-${reason}` // 20261122T091500.000Z-daily
  return { id, path: `/data/backups/demo-3f2a9c1e/${id}.smswb`, at, reason, bytes }
}

export function aboutFixture(over: Partial<About> = {}): About {
  return {
    version: 'v1.4.0',
    go_version: 'go1.26.8',
    platform: 'linux/amd64',
    workspace: '/tmp/t.smswb',
    format_version: 7,
    backups_dir: '/data/backups/t-3f2a9c1e',
    data_folder: '/home/anna/.local/share/smsworkbench',
    preferences: '/home/anna/.config/smsworkbench/preferences.json',
    ...over,
  }
}

/**
 * The backups and settings bindings over a state in memory, with the backend's rules that the
 * pages show: the newest `kept` backups stay, a restore backs up first, backups kept is 1 to 1000.
 * Set `refuse` to make the next call of that binding fail with that message (and field).
 */
export function backupsBackend() {
  const state = {
    dir: '/data/backups/t-3f2a9c1e',
    backups: [backup('2026-11-22T09:15:00.000Z', 'daily'), backup('2026-11-21T16:02:30.250Z', 'import', 812)] as Backup[],
    settings: { data_folder: '', backups_kept: 20, theme: 'light', language: 'en', passphrase: 'ask' } as Settings,
    refuse: {} as Record<string, { message: string; field?: string }>,
    clock: Date.parse('2026-11-22T10:00:00Z'),
  }
  const refused = (method: string) => {
    const r = state.refuse[method]
    if (r) {
      delete state.refuse[method]
      throw JSON.stringify(r)
    }
  }
  const make = (reason: string) => {
    state.clock += 1000
    const b = backup(new Date(state.clock).toISOString(), reason)
    state.backups = [b, ...state.backups].slice(0, state.settings.backups_kept)
    return b
  }
  const handlers: Record<string, (...a: unknown[]) => unknown> = {
    Backups: () => ({ dir: state.dir, kept: state.settings.backups_kept, backups: state.backups }),
    CreateBackup: () => (refused('CreateBackup'), make('manual')),
    RestoreBackup: (id) => {
      refused('RestoreBackup')
      const b = state.backups.find((x) => x.id === id)
      if (!b) throw JSON.stringify({ message: `no backup "${id}"` })
      const before = make('restore')
      return { restored: b, before, workspace: { name: 'Test', path: '/tmp/t.smswb', site: { site_id: 's', name: 'laptop' }, read_only: false, counts: {} } }
    },
    About: () => aboutFixture({ backups_dir: state.dir, data_folder: state.settings.data_folder || aboutFixture().data_folder }),
    Settings: () => ({ ...state.settings }),
    SaveSettings: (s) => {
      refused('SaveSettings')
      const next = s as Settings
      if (next.backups_kept < 1 || next.backups_kept > 1000) {
        throw JSON.stringify({ message: `backups kept must be 1 to 1000, not ${next.backups_kept}`, field: 'backups_kept' })
      }
      if (next.data_folder && !next.data_folder.startsWith('/')) {
        throw JSON.stringify({ message: `the data folder must be a full path, not "${next.data_folder}"`, field: 'data_folder' })
      }
      state.settings = { ...next }
      return { ...state.settings }
    },
    SetPreference: () => undefined,
    Preferences: () => ({ theme: state.settings.theme }),
    OpenPath: () => undefined,
    ChooseFolder: () => '/media/usb/smswb',
  }
  return { state, handlers }
}
