// The one module that talks to the Go side. Wails binds the methods of app.App on
// window.go.app.App and the runtime on window.runtime; components import from here only.

export type FieldType =
  | 'text'
  | 'longtext'
  | 'integer'
  | 'number'
  | 'bool'
  | 'date'
  | 'datetime'
  | 'enum'
  | 'ref'
  | 'refs'
  | 'duration'
  | 'money'
  | 'tags'
  | 'table'

/** The types a column of a table field may have. */
export type ColumnType = 'text' | 'integer' | 'number' | 'bool' | 'date' | 'datetime' | 'duration' | 'money' | 'enum'

export interface EnumItem {
  value: string
  label: string
}

export interface Field {
  name: string
  label: string
  type: FieldType
  required?: boolean
  default?: unknown
  enum?: EnumItem[]
  ref?: string
  searchable?: boolean
  in_list?: boolean
  indexed?: boolean
  /** Set by a rule of the kind, never by a user. */
  computed?: boolean
  help?: string
  /** The columns of a table field: declarations of scalar fields. */
  columns?: Field[]
  /** Given when the record is created, never changed afterwards. */
  locked?: boolean
}

/** A row of a table field as the backend prints it: column name to canonical value. */
export type TableRow = Record<string, unknown>

export interface State {
  name: string
  label: string
  final?: boolean
}

export interface Transition {
  from: string
  to: string
}

export interface Workflow {
  initial: string
  states: State[]
  transitions: Transition[]
}

export interface Kind {
  name: string
  label: string
  plural: string
  prefix: string
  group: string
  fields: Field[]
  workflow?: Workflow
  clauses?: string[]
}

export interface Schema {
  groups: string[]
  kinds: Kind[]
}

export interface Site {
  site_id: string
  name: string
}

export interface Workspace {
  name: string
  path: string
  site: Site
  read_only: boolean
  counts: Record<string, number>
}

/** What a ref field holds: the record it names. */
export interface Link {
  id: string
  ref: string
  title: string
  deleted?: boolean
}

export interface Money {
  amount: string
  currency: string
}

/** A record: the built-in keys and every declared field (null when unset). */
export interface RecordData {
  id: string
  ref: string
  kind: string
  title: string
  status?: string
  created_at: string
  updated_at: string
  [field: string]: unknown
}

export interface Filter {
  field: string
  op: string
  value: unknown
}

export interface Query {
  where?: Filter[]
  search?: string
  sort?: string
  limit?: number
  offset?: number
}

export interface Page {
  records: RecordData[]
  total: number
}

/** The records of one kind that refer to a record through one of their fields. */
export interface RelatedGroup {
  kind: string
  field: string
  /** "Incidents (configuration item)" */
  label: string
  /** How many refer to it; records holds at most the newest 50. */
  total: number
  records: Link[]
}

/** A CI or a service in an impact list. */
export interface ImpactItem {
  ref: string
  title: string
  /** The CI type, or the service's criticality. */
  type: string
  status: string
}

/** What fails when a CI fails: the CI itself, the CIs that fail with it, the services hit. */
export interface Impact {
  ci: ImpactItem
  cis: ImpactItem[]
  services: ImpactItem[]
}

export interface FieldChange {
  field: string
  label: string
  old: unknown
  new: unknown
}

export interface HistoryEvent {
  at: string
  recorded_at: string
  author: string
  site: string
  action: 'created' | 'changed' | 'moved' | 'deleted' | 'restored' | string
  note?: string
  changes: FieldChange[] | null
}

/** A failed call: the backend's message, and the field it is about when there is one. */
export class ApiError extends Error {
  readonly field?: string

  constructor(message: string, field?: string) {
    super(message)
    this.name = 'ApiError'
    this.field = field || undefined
  }

  /**
   * Turns whatever a Wails call rejected with into an ApiError. The Go side rejects with a string
   * holding JSON {"message", "field"}; depending on the transport it may arrive as that string, as
   * an Error whose message is that string, or JSON-encoded once more.
   */
  static from(reason: unknown): ApiError {
    if (reason instanceof ApiError) return reason
    let text: string
    if (typeof reason === 'string') text = reason
    else if (reason instanceof Error) text = reason.message
    else if (reason && typeof reason === 'object' && typeof (reason as { message?: unknown }).message === 'string') {
      const r = reason as { message: string; field?: unknown }
      return new ApiError(r.message, typeof r.field === 'string' ? r.field : undefined)
    } else text = String(reason)
    for (let i = 0; i < 3; i++) {
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        break
      }
      if (typeof parsed === 'string') {
        text = parsed
        continue
      }
      if (parsed && typeof parsed === 'object' && typeof (parsed as { message?: unknown }).message === 'string') {
        const p = parsed as { message: string; field?: unknown }
        return new ApiError(p.message, typeof p.field === 'string' ? p.field : undefined)
      }
      break
    }
    return new ApiError(text)
  }
}

interface Bound {
  Schema(): Promise<Schema>
  Workspace(): Promise<Workspace>
  List(kind: string, q: Query): Promise<Page>
  Get(kind: string, key: string): Promise<RecordData>
  Create(kind: string, fields: Record<string, unknown>): Promise<RecordData>
  Update(kind: string, key: string, fields: Record<string, unknown>): Promise<RecordData>
  Move(kind: string, key: string, state: string, note: string): Promise<RecordData>
  Delete(kind: string, key: string): Promise<void>
  History(kind: string, key: string): Promise<HistoryEvent[] | null>
  Search(text: string): Promise<RecordData[] | null>
  Related(kind: string, key: string): Promise<RelatedGroup[] | null>
  Impact(ciKey: string): Promise<Impact>
}

interface WailsRuntime {
  EventsOn(event: string, cb: (...data: unknown[]) => void): () => void
}

declare global {
  interface Window {
    go?: { app?: { App?: Bound } }
    runtime?: WailsRuntime
  }
}

function bound(): Bound {
  const b = window.go?.app?.App
  if (!b) throw new ApiError('The application backend is not available.')
  return b
}

async function call<T>(fn: (b: Bound) => Promise<T>): Promise<T> {
  try {
    return await fn(bound())
  } catch (reason) {
    throw ApiError.from(reason)
  }
}

/** Whether the Go bindings are present (they are missing when the page runs outside Wails). */
export function available(): boolean {
  return !!window.go?.app?.App
}

export const api = {
  schema: () => call((b) => b.Schema()),
  workspace: () => call((b) => b.Workspace()),
  list: (kind: string, q: Query = {}) =>
    call((b) =>
      b.List(kind, {
        where: q.where ?? [],
        search: q.search ?? '',
        sort: q.sort ?? '',
        limit: q.limit ?? 0,
        offset: q.offset ?? 0,
      }),
    ).then((p) => ({ records: p.records ?? [], total: p.total ?? 0 })),
  get: (kind: string, key: string) => call((b) => b.Get(kind, key)),
  create: (kind: string, fields: Record<string, unknown>) => call((b) => b.Create(kind, fields)),
  update: (kind: string, key: string, fields: Record<string, unknown>) =>
    call((b) => b.Update(kind, key, fields)),
  move: (kind: string, key: string, state: string, note = '') =>
    call((b) => b.Move(kind, key, state, note)),
  delete: (kind: string, key: string) => call((b) => b.Delete(kind, key)),
  history: (kind: string, key: string) => call((b) => b.History(kind, key)).then((h) => h ?? []),
  search: (text: string) => call((b) => b.Search(text)).then((r) => r ?? []),
  related: (kind: string, key: string) =>
    call((b) => b.Related(kind, key)).then((groups) =>
      (groups ?? []).map((g) => ({ ...g, records: g.records ?? [] })),
    ),
  impact: (ciKey: string) =>
    call((b) => b.Impact(ciKey)).then((r) => ({ ...r, cis: r.cis ?? [], services: r.services ?? [] })),
}

/**
 * Calls cb after the backend changed records (the "records:changed" event, with the kind). Returns
 * a function that stops listening. Does nothing when the Wails runtime is absent.
 */
export function onRecordsChanged(cb: (kind: string | undefined) => void): () => void {
  const rt = window.runtime
  if (!rt || typeof rt.EventsOn !== 'function') return () => {}
  const off = rt.EventsOn('records:changed', (...data: unknown[]) => {
    cb(typeof data[0] === 'string' ? data[0] : undefined)
  })
  return typeof off === 'function' ? off : () => {}
}
