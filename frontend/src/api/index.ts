// The one module that talks to the Go side. Wails binds the methods of app.App on
// window.go.app.App and the runtime on window.runtime; components import from here only.
import type {
  Assessment,
  AssessmentDiff,
  AuditPackParams,
  Catalogue,
  ClauseChange,
  DecisionForm,
  Finding,
  FindingForm,
  NewAssessmentForm,
  Programme,
  Readiness,
  ReviewPack,
  Suggestion,
} from './compliance'
import type { ExportFormat, ImportField, ImportParams, ImportPlan, ImportProfile, ListExport } from './importer'

export type * from './compliance'
import type {
  AnswerForm,
  AuditPlan,
  AuditReport,
  AuditSession,
  ChecklistQuestion,
  ConcludeForm,
  Interview,
  InterviewForm,
  PlanForm,
  ReportVersion,
  Sample,
  SampleForm,
  SessionForm,
  Statement,
  StatementForm,
} from './audit'
export type * from './audit'
import type { DocumentTemplate, DocumentVersion, RefreshedDocument, SmsDocument, WrittenPack } from './documents'
export type * from './documents'
export type * from './importer'

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
  /** The navigation groups' keys, in order. */
  groups: string[]
  /** The groups' words in the schema's language. */
  group_labels?: Record<string, string>
  kinds: Kind[]
  /** The language of the labels. */
  language?: string
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
  /** Why it is read-only ("it is open in another SMS Workbench window"); absent when it is not. */
  read_only_reason?: string
  counts: Record<string, number>
  /** Open conflicts (sync by bundles); absent from older backends. */
  conflicts?: number
}

/** Why a backup was made. */
export type BackupReason = 'manual' | 'import' | 'bundle' | 'upgrade' | 'daily' | 'restore'

/** One backup of the open workspace: a checked copy of its file. */
export interface Backup {
  /** Its file name without .smswb: 20261122T121500.123Z-manual. */
  id: string
  path: string
  /** When it was made (RFC 3339, UTC). */
  at: string
  reason: BackupReason | string
  bytes: number
}

/** Where the open workspace's backups are, how many are kept, and each one, newest first. */
export interface BackupList {
  dir: string
  kept: number
  backups: Backup[]
}

/** What a restore did: the backup restored, and the backup holding the state it replaced. */
export interface Restored {
  restored: Backup
  before: Backup
  workspace: Workspace
}

/** What Help → About shows. */
export interface About {
  version: string
  go_version: string
  platform: string
  workspace: string
  /** The workspace file's schema version. */
  format_version: number
  backups_dir: string
  /** The data folder in effect (the setting, else the platform's). */
  data_folder: string
  /** The preferences file. */
  preferences: string
}

export type ThemeSetting = 'light' | 'dark' | 'system'
/** "ask" every time, or "session": remembered in memory until the window closes. */
export type PassphraseSetting = 'ask' | 'session'

/** The user's settings, as the Settings page edits them. */
export interface Settings {
  /** '' means the platform's data folder. */
  data_folder: string
  backups_kept: number
  theme: ThemeSetting
  language: string
  passphrase: PassphraseSetting
}

/** What a ref field holds: the record it names. */
export interface Link {
  id: string
  ref: string
  title: string
  kind?: string // the record's kind: set where the field may name any kind (ref "*")
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

/** The list behind a dashboard figure. */
export interface ListLink {
  kind: string
  where?: Filter[]
}

export interface TicketCount {
  kind: string
  priority: number
  sla_state: string
  count: number
  link: ListLink
}

export interface SLAMonth {
  service: string
  service_ref: string
  month: string
  tickets: number
  met: number
  compliance: number
  link: ListLink
}

export interface DashboardEntry {
  kind: string
  ref: string
  title: string
  status: string
  date: string
  note?: string
}

export interface DashboardSection {
  total: number
  entries: DashboardEntry[] | null
  link: ListLink
}

/** A budget line against its costs; variance is actual minus budget (positive: overspent). */
export interface BudgetRow {
  budget: string
  title: string
  service: string
  period: string
  currency: string
  budget_amount: string
  actual: string
  variance: string
  variance_pct: number | null
  costs: number
  /** The line's period reaches beyond the report's: no variance is given. */
  partial?: boolean
  /** For unallocated costs: why no budget line takes them. */
  reason?: string
}

export interface Dashboard {
  today: string
  open_tickets: TicketCount[] | null
  sla_trend: SLAMonth[] | null
  changes_this_week: DashboardSection
  contracts_expiring: DashboardSection
  overdue_actions: DashboardSection
  overdue_reviews: DashboardSection
  /** Open tickets recorded without a service yet. */
  no_service: DashboardSection
  budget_year: string
  budget: BudgetRow[] | null
}

export interface GraphNode {
  id: string
  ref: string
  title: string
  kind: 'ci' | 'service' | string
  type: string
  status: string
  depth: number
}

export interface GraphEdge {
  from: string
  to: string
  type: string
  label: string
}

/** The CIs and services around a CI, by relationship. */
export interface CIGraph {
  center: string
  nodes: GraphNode[]
  edges: GraphEdge[]
  truncated: boolean
}

export interface ClockSegment {
  from: string
  to: string
  status: string
  phase: 'running' | 'paused' | 'stopped' | 'cancelled' | string
}

/** A ticket's SLA clock: its targets, its due times and the phases it went through. */
export interface SLAClock {
  ref: string
  sla: Link | null
  priority: number
  respond_target_minutes: number
  resolve_target_minutes: number
  opened_at: string
  respond_due: string | null
  responded_at: string | null
  resolve_due: string | null
  resolved_at: string | null
  state: string
  used_minutes: number
  now: string
  segments: ClockSegment[] | null
}

export interface ScheduledChange {
  id: string
  ref: string
  title: string
  status: string
  type: string
  service: Link | null
  planned_start: string
  planned_end: string
  overlaps: string[] | null
}

export interface ChangeSchedule {
  from: string
  to: string
  changes: ScheduledChange[] | null
}

export interface RecentWorkspace {
  path: string
  name: string
  opened_at: string
  exists: boolean
}

/** A list's saved filters, search, sort and columns, kept in the workspace. */
export interface SavedView {
  name: string
  search: string
  sort: string
  where: Filter[]
  columns: string[]
  /** Why the view cannot be opened (a field this version does not declare); it is never run. */
  broken?: string
}

export interface JobProgress {
  id: string
  name: string
  done: number
  total: number
  label: string
}

export interface JobDone {
  id: string
  name: string
  error?: string
  /** The parameter the error is about ("passphrase", "path"…), when the backend says. */
  field?: string
  /** The error's code ("bundle.passphrase_wrong"), when the backend gives one. */
  code?: string
  result?: unknown
  cancelled?: boolean
}

/** Another copy of the workspace this one has had a bundle from. */
export interface PeerStatus {
  site_id: string
  name: string
  fingerprint: string
  /** Of the `ours` ops written by this copy, how many the peer said it holds. */
  acknowledged: number
  ours: number
  /** Of the `held` ops this copy holds (from every copy), how many the peer said it holds. */
  holds: number
  held: number
  first_seen: string
  /** When its last bundle was imported here. */
  last_seen: string
  last_bundle: string
}

/** This copy of the workspace, its peers, and what waits for a person. */
export interface SyncStatus {
  site_id: string
  name: string
  fingerprint: string
  workspace_id: string
  /** Ops written by this copy. */
  ops: number
  /** Ops held, from every copy. */
  held: number
  origins: number
  peers: PeerStatus[]
  conflicts: number
  /** Bundles from a newer version waiting for an upgrade. */
  parked: number
  /** The shared folder of this workspace, '' when none. */
  folder: string
  read_only: boolean
}

export interface ExportResult {
  path: string
  ops: number
  records: number
  blobs: number
  /** The peer's site id; '' when the bundle holds everything. */
  for: string
  encrypted: boolean
}

/** What importing one bundle did. */
export interface ImportSummary {
  file: string
  from: string
  from_site: string
  fingerprint: string
  plain: boolean
  /** The bundle brought nothing this copy did not hold. */
  nothing: boolean
  ops_new: number
  ops_known: number
  ops_held_back: number
  blobs_new: number
  records: number
  conflicts_opened: string[]
  conflicts_closed: string[]
  future_ops: number
  peer_new: boolean
}

/** A bundle checked through without importing it. */
export interface BundleInfo {
  file: string
  bundle_id: string
  created_at: string
  from: string
  from_site: string
  fingerprint: string
  /** What this workspace knows of the sender ("known peer, key matches", a new peer…). */
  sender: string
  for: string
  for_here: boolean
  ops: number
  records: number
  blobs: number
  origins: number
  plain: boolean
  verified: boolean
  newer: boolean
}

export interface FolderSummary {
  folder: string
  wrote: string
  ops_written: number
  imported: ImportSummary[]
  problems: { file: string; error: string }[]
  skipped: string[]
  unparked: number
  ops_new: number
  records: number
  conflicts_opened: string[]
  conflicts_closed: string[]
  /** Files left for the next exchange, with why (a sync engine still writing them). */
  waiting?: { file: string; error: string }[]
  /** Copies whose file is older than the stale age: they hold nobody back. */
  stale?: string[]
  /** What brings the ops this copy lacks, when the folder's bundles no longer carry them. */
  behind?: string
  /** The folder's other copies, newest file first. */
  copies?: FolderCopy[]
  /** Files not read again: unchanged since read, nothing new in them. */
  unchanged?: number
}

/** Another copy of the workspace as its file in the shared folder shows it. */
export interface FolderCopy {
  name: string
  site: string
  file: string
  /** When it wrote its file (RFC 3339). */
  last_seen: string
  /** Changes this copy holds that it lacked then. */
  behind: number
  stale: boolean
}

/** One of the competing writes of a conflict. */
export interface ConflictOption {
  /** The op's id, "site:seq": what "keep this" sends. */
  op: string
  value: unknown
  /** The value as a person reads it. */
  text: string
  site: string
  site_name: string
  author: string
  at: string
  /** Duplicate references: the record this option keeps, and its reference. */
  record?: string
  ref?: string
}

export type ConflictType = 'value' | 'delete' | 'duplicate_ref' | 'dangling_ref'

export interface Conflict {
  id: string
  type: ConflictType | string
  kind: string
  record: string
  ref: string
  title: string
  field: string
  label: string
  /** What the workspace shows until a person decides. */
  shown: unknown
  options: ConflictOption[]
  detail?: string
  summary: string
  /** Two edits of a document's text: the sections that differ, with each option's text in the options' order. */
  sections?: { heading: string; texts: string[] }[]
}

/** What resolving a conflict closed (and opened). */
export interface ResolveResult {
  records_touched: number
  conflicts_opened: string[] | null
  conflicts_closed: string[] | null
}

/** The JSON a refused call carries (the Go side's Problem). */
interface Problem {
  message: string
  field?: unknown
  code?: unknown
  detail?: unknown
  row?: unknown
  column?: unknown
}

/**
 * A failed call: the backend's message; the field it is about, when there is one; the code of the
 * refusal ("assessment.note_required"; docs/development.md, "Errors"); and for a record's field,
 * what is wrong said of the field alone ("is required"), to be shown after the field's label.
 */
export class ApiError extends Error {
  readonly field?: string
  readonly code?: string
  readonly detail?: string
  /** The cell of a table field at fault: its row (from 1) and, when one is, its column. */
  readonly row?: number
  readonly column?: string

  constructor(message: string, field?: string, code?: string, detail?: string, row?: number, column?: string) {
    super(message)
    this.name = 'ApiError'
    this.field = field || undefined
    this.code = code || undefined
    this.detail = detail || undefined
    this.row = row || undefined
    this.column = column || undefined
  }

  private static of(p: Problem): ApiError {
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined)
    const count = typeof p.row === 'number' && p.row > 0 ? p.row : undefined
    return new ApiError(p.message, text(p.field), text(p.code), text(p.detail), count, text(p.column))
  }

  /**
   * Turns whatever a Wails call rejected with into an ApiError. The Go side rejects with a string
   * holding JSON {"message", "field", "code", "detail"}; depending on the transport it may arrive
   * as that string, as an Error whose message is that string, or JSON-encoded once more.
   */
  static from(reason: unknown): ApiError {
    if (reason instanceof ApiError) return reason
    let text: string
    if (typeof reason === 'string') text = reason
    else if (reason instanceof Error) text = reason.message
    else if (reason && typeof reason === 'object' && typeof (reason as { message?: unknown }).message === 'string') {
      return ApiError.of(reason as Problem)
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
        return ApiError.of(parsed as Problem)
      }
      break
    }
    return new ApiError(text)
  }
}

interface Bound {
  Schema(lang: string): Promise<Schema>
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
  Dashboard(): Promise<Dashboard>
  CIGraph(key: string, depth: number): Promise<CIGraph>
  SLAClock(kind: string, key: string): Promise<SLAClock>
  ChangeSchedule(from: string, to: string): Promise<ChangeSchedule>
  RecentWorkspaces(): Promise<RecentWorkspace[] | null>
  OpenWorkspace(path: string): Promise<Workspace>
  CreateWorkspace(path: string, name: string, withDemo: boolean): Promise<Workspace>
  ChooseWorkspaceFile(create: boolean): Promise<string>
  Preferences(): Promise<Record<string, unknown> | null>
  SetPreference(key: string, value: unknown): Promise<void>
  Views(kind: string): Promise<SavedView[] | null>
  SaveView(kind: string, v: SavedView): Promise<unknown>
  DeleteView(kind: string, name: string): Promise<void>
  StartJob(name: string, params: Record<string, unknown>): Promise<string>
  CancelJob(id: string): Promise<void>
  SyncStatus(): Promise<SyncStatus>
  ExportBundle(path: string, passphrase: string, forSite: string): Promise<ExportResult>
  ChooseBundleSaveFile(forName: string): Promise<string>
  ChooseBundleOpenFile(): Promise<string>
  ChooseFolder(): Promise<string>
  ImportBundle(path: string, passphrase: string): Promise<string>
  InspectBundle(path: string, passphrase: string): Promise<BundleInfo>
  SetSyncFolder(dir: string): Promise<void>
  SyncFolderNow(passphrase: string): Promise<string>
  Conflicts(): Promise<Conflict[] | null>
  ResolveConflict(id: string, valueJSON: string, keepOp: string): Promise<ResolveResult>
  Clauses(lang: string): Promise<Catalogue>
  CreateAssessment(form: NewAssessmentForm): Promise<Assessment>
  Assessment(key: string): Promise<Assessment>
  SetClause(assessment: string, clause: string, change: ClauseChange): Promise<Assessment>
  AttachEvidenceFile(assessment: string, clause: string, name: string, dataBase64: string): Promise<Assessment>
  SuggestEvidence(assessment: string, clause: string): Promise<Suggestion[] | null>
  Readiness(key: string): Promise<Readiness>
  CompareAssessments(from: string, to: string): Promise<AssessmentDiff>
  RaiseFinding(assessment: string, clause: string, form: FindingForm): Promise<Finding>
  AuditProgramme(years: number): Promise<Programme>
  ReviewPack(from: string, to: string): Promise<ReviewPack>
  FillReview(review: string, from: string, to: string, overwrite: boolean): Promise<RecordData>
  DecideReview(review: string, form: DecisionForm): Promise<RecordData>
  AuditReport(assessment: string): Promise<AuditReport>
  SetAuditPlan(assessment: string, form: PlanForm, sent: boolean): Promise<AuditPlan>
  AddAuditSession(assessment: string, form: SessionForm): Promise<AuditSession>
  AuditChecklist(assessment: string, clause: string): Promise<ChecklistQuestion[] | null>
  AnswerChecklist(assessment: string, clause: string, key: string, form: AnswerForm): Promise<ChecklistQuestion>
  AddChecklistQuestion(assessment: string, clause: string, question: string, lookFor: string): Promise<ChecklistQuestion>
  AddInterview(assessment: string, form: InterviewForm): Promise<Interview>
  DrawSample(assessment: string, clause: string, form: SampleForm): Promise<Sample>
  JudgeSample(sample: string, record: string, conforms: string, note: string): Promise<Sample>
  WriteStatement(finding: string, form: StatementForm): Promise<Statement>
  ConcludeAudit(assessment: string, form: ConcludeForm): Promise<AuditReport>
  SignAuditReport(assessment: string, names: string): Promise<ReportVersion>
  SaveSignedReport(assessment: string, version: number): Promise<string>
  DocumentTemplates(): Promise<DocumentTemplate[] | null>
  Document(key: string): Promise<SmsDocument>
  DocumentVersion(key: string, version: string): Promise<DocumentVersion>
  StartDocument(template: string, title: string, owner: string): Promise<SmsDocument>
  SaveDocument(key: string, body: string, changeNote: string): Promise<SmsDocument>
  RefreshDocument(key: string): Promise<RefreshedDocument>
  ApproveDocument(key: string, by: string, on: string, note: string): Promise<DocumentVersion>
  NewDocumentDraft(key: string): Promise<SmsDocument>
  DocumentDiff(key: string, from: string, to: string): Promise<string>
  DocumentPreview(body: string): Promise<string>
  ExportDocument(key: string, version: string, kind: string, path: string): Promise<string>
  ImportDocument(path: string, kind: string): Promise<SmsDocument | null>
  DocumentPack(path: string): Promise<WrittenPack | null>
  AuditPackSections(): Promise<string[] | null>
  ChooseAuditPackFile(kind: string): Promise<string>
  OpenPath(path: string): Promise<void>
  ChooseImportFile(): Promise<string>
  ImportFields(kind: string): Promise<ImportField[] | null>
  ImportProfiles(kind: string): Promise<ImportProfile[] | null>
  PlanImport(kind: string, path: string, sheet: string, profile: string, maps: string[]): Promise<ImportPlan>
  PlanImportWith(kind: string, path: string, sheet: string, profile: string, maps: string[], sets: string[], values: string[]): Promise<ImportPlan>
  ChooseExportFile(kind: string, format: string): Promise<string>
  ExportList(kind: string, where: Filter[], search: string, path: string): Promise<ListExport>
  ExportTemplate(kind: string, path: string): Promise<ListExport>
  Backups(): Promise<BackupList>
  CreateBackup(): Promise<Backup>
  RestoreBackup(id: string): Promise<Restored>
  About(): Promise<About>
  Settings(): Promise<Settings>
  SaveSettings(s: Settings): Promise<Settings>
}

interface WailsRuntime {
  EventsOn(event: string, cb: (...data: unknown[]) => void): () => void
  ClipboardSetText?(text: string): Promise<boolean>
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
  /** The declarations, their words in lang ('' : the language setting). */
  schema: (lang = '') => call((b) => b.Schema(lang)),
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
  dashboard: () => call((b) => b.Dashboard()),
  ciGraph: (key: string, depth = 2) =>
    call((b) => b.CIGraph(key, depth)).then((g) => ({ ...g, nodes: g.nodes ?? [], edges: g.edges ?? [] })),
  slaClock: (kind: string, key: string) => call((b) => b.SLAClock(kind, key)),
  changeSchedule: (from: string, to: string) => call((b) => b.ChangeSchedule(from, to)),
  recentWorkspaces: () => call((b) => b.RecentWorkspaces()).then((r) => r ?? []),
  openWorkspace: (path: string) => call((b) => b.OpenWorkspace(path)),
  createWorkspace: (path: string, name: string, withDemo: boolean) => call((b) => b.CreateWorkspace(path, name, withDemo)),
  chooseWorkspaceFile: (create: boolean) => call((b) => b.ChooseWorkspaceFile(create)),
  preferences: () => call((b) => b.Preferences()).then((p) => p ?? {}),
  setPreference: (key: string, value: unknown) => call((b) => b.SetPreference(key, value)),
  views: (kind: string) => call((b) => b.Views(kind)).then((v) => v ?? []),
  saveView: (kind: string, v: SavedView) => call((b) => b.SaveView(kind, v)),
  deleteView: (kind: string, name: string) => call((b) => b.DeleteView(kind, name)),
  startJob: (name: string, params: Record<string, unknown>) => call((b) => b.StartJob(name, params)),
  cancelJob: (id: string) => call((b) => b.CancelJob(id)),
  syncStatus: () => call((b) => b.SyncStatus()).then((s) => ({ ...s, peers: s.peers ?? [] })),
  exportBundle: (path: string, passphrase: string, forSite: string) => call((b) => b.ExportBundle(path, passphrase, forSite)),
  chooseBundleSaveFile: (forName: string) => call((b) => b.ChooseBundleSaveFile(forName)),
  chooseBundleOpenFile: () => call((b) => b.ChooseBundleOpenFile()),
  chooseFolder: () => call((b) => b.ChooseFolder()),
  /** Starts the import as a job; returns the job's id (its result is an ImportSummary). */
  importBundle: (path: string, passphrase: string) => call((b) => b.ImportBundle(path, passphrase)),
  inspectBundle: (path: string, passphrase: string) => call((b) => b.InspectBundle(path, passphrase)),
  setSyncFolder: (dir: string) => call((b) => b.SetSyncFolder(dir)),
  /** Starts the exchange through the shared folder as a job; returns the job's id. */
  syncFolderNow: (passphrase: string) => call((b) => b.SyncFolderNow(passphrase)),
  conflicts: () =>
    call((b) => b.Conflicts()).then((cs) => (cs ?? []).map((c) => ({ ...c, options: c.options ?? [] }))),
  resolveConflict: (id: string, choice: { keep: string } | { value: string }) =>
    call((b) => b.ResolveConflict(id, 'value' in choice ? choice.value : '', 'keep' in choice ? choice.keep : '')).then(
      (r) => ({ ...r, conflicts_opened: r.conflicts_opened ?? [], conflicts_closed: r.conflicts_closed ?? [] }),
    ),
  // ---- the ISO/IEC 20000-1 workbench
  /** The clause catalogue and vocabulary, their words in lang ('' : the language setting). */
  clauses: (lang = '') => call((b) => b.Clauses(lang)),
  createAssessment: (form: NewAssessmentForm) => call((b) => b.CreateAssessment(form)).then(assessmentOf),
  assessment: (key: string) => call((b) => b.Assessment(key)).then(assessmentOf),
  setClause: (assessment: string, clause: string, change: ClauseChange) =>
    call((b) => b.SetClause(assessment, clause, change)).then(assessmentOf),
  /** Attaches a file's bytes (base64) as evidence of a clause. */
  attachEvidenceFile: (assessment: string, clause: string, name: string, dataBase64: string) =>
    call((b) => b.AttachEvidenceFile(assessment, clause, name, dataBase64)).then(assessmentOf),
  suggestEvidence: (assessment: string, clause = '') =>
    call((b) => b.SuggestEvidence(assessment, clause)).then((ss) =>
      (ss ?? []).map((s) => ({
        ...s,
        checks: (s.checks ?? []).map((c) => ({ ...c, found: c.found ?? [] })),
        proposed: s.proposed ?? [],
      })),
    ),
  readiness: (key: string) =>
    call((b) => b.Readiness(key)).then((r) => ({
      ...r,
      groups: r.groups ?? [],
      clauses: r.clauses ?? [],
      blockers: r.blockers ?? [],
      fix_first: r.fix_first ?? [],
    })),
  compareAssessments: (from: string, to: string) =>
    call((b) => b.CompareAssessments(from, to)).then((d) => ({
      ...d,
      groups: d.groups ?? [],
      improved: d.improved ?? [],
      regressed: d.regressed ?? [],
      changed: d.changed ?? [],
    })),
  raiseFinding: (assessment: string, clause: string, form: FindingForm) => call((b) => b.RaiseFinding(assessment, clause, form)),
  // ---- documented information (docs/documents.md)
  documentTemplates: () => call((b) => b.DocumentTemplates()).then((t) => t ?? []),
  document: (key: string) => call((b) => b.Document(key)).then(documentOf),
  documentVersion: (key: string, version: string) => call((b) => b.DocumentVersion(key, version)),
  startDocument: (template: string, title: string, owner: string) => call((b) => b.StartDocument(template, title, owner)).then(documentOf),
  saveDocument: (key: string, body: string, changeNote: string) => call((b) => b.SaveDocument(key, body, changeNote)).then(documentOf),
  refreshDocument: (key: string) =>
    call((b) => b.RefreshDocument(key)).then((r) => ({ document: documentOf(r.document), changed: r.changed ?? [] })),
  approveDocument: (key: string, by: string, on: string, note: string) => call((b) => b.ApproveDocument(key, by, on, note)),
  newDocumentDraft: (key: string) => call((b) => b.NewDocumentDraft(key)).then(documentOf),
  documentDiff: (key: string, from = '', to = '') => call((b) => b.DocumentDiff(key, from, to)),
  documentPreview: (body: string) => call((b) => b.DocumentPreview(body)),
  exportDocument: (key: string, version: string, kind: 'docx' | 'pdf', path: string) => call((b) => b.ExportDocument(key, version, kind, path)),
  importDocument: (path: string, kind: string) => call((b) => b.ImportDocument(path, kind)).then((d) => (d ? documentOf(d) : null)),
  documentPack: (path: string) => call((b) => b.DocumentPack(path)).then((p) => (p ? { ...p, documents: p.documents ?? [] } : null)),
  // ---- audit working papers (docs/audit.md)
  auditReport: (assessment: string) => call((b) => b.AuditReport(assessment)).then(reportOf),
  setAuditPlan: (assessment: string, form: PlanForm, sent: boolean) => call((b) => b.SetAuditPlan(assessment, form, sent)),
  addAuditSession: (assessment: string, form: SessionForm) => call((b) => b.AddAuditSession(assessment, form)),
  auditChecklist: (assessment: string, clause: string) => call((b) => b.AuditChecklist(assessment, clause)).then((q) => q ?? []),
  answerChecklist: (assessment: string, clause: string, key: string, form: AnswerForm) =>
    call((b) => b.AnswerChecklist(assessment, clause, key, form)),
  addChecklistQuestion: (assessment: string, clause: string, question: string, lookFor: string) =>
    call((b) => b.AddChecklistQuestion(assessment, clause, question, lookFor)),
  addInterview: (assessment: string, form: InterviewForm) => call((b) => b.AddInterview(assessment, form)),
  drawSample: (assessment: string, clause: string, form: SampleForm) => call((b) => b.DrawSample(assessment, clause, form)),
  judgeSample: (sample: string, record: string, conforms: string, note: string) =>
    call((b) => b.JudgeSample(sample, record, conforms, note)),
  writeStatement: (finding: string, form: StatementForm) => call((b) => b.WriteStatement(finding, form)),
  concludeAudit: (assessment: string, form: ConcludeForm) => call((b) => b.ConcludeAudit(assessment, form)).then(reportOf),
  signAuditReport: (assessment: string, names: string) => call((b) => b.SignAuditReport(assessment, names)),
  saveSignedReport: (assessment: string, version: number) => call((b) => b.SaveSignedReport(assessment, version)),
  auditProgramme: (years = 3) =>
    call((b) => b.AuditProgramme(years)).then((p) => ({
      ...p,
      audits: (p.audits ?? []).map((a) => ({ ...a, clauses: a.clauses ?? [] })),
      covered: p.covered ?? [],
      uncovered: p.uncovered ?? [],
      last_covered: p.last_covered ?? {},
      planned: (p.planned ?? []).map((a) => ({ ...a, clauses: a.clauses ?? [] })),
      next_planned: p.next_planned ?? {},
      unplanned: p.unplanned ?? [],
    })),
  reviewPack: (from = '', to = '') =>
    call((b) => b.ReviewPack(from, to)).then((p) => ({
      ...p,
      sla_performance: p.sla_performance ?? [],
      incident_trend: p.incident_trend ?? [],
      request_trend: p.request_trend ?? [],
      change_trend: p.change_trend ?? [],
      audit_results: (p.audit_results ?? []).map((a) => ({ ...a, findings: a.findings ?? {} })),
      findings_by_grade: p.findings_by_grade ?? {},
      supplier_performance: p.supplier_performance ?? [],
      objectives: p.objectives ?? [],
      previous_actions: p.previous_actions ?? [],
      inputs: p.inputs ?? {},
    })),
  fillReview: (review: string, from: string, to: string, overwrite: boolean) =>
    call((b) => b.FillReview(review, from, to, overwrite)),
  decideReview: (review: string, form: DecisionForm) => call((b) => b.DecideReview(review, form)),
  // ---- the audit pack (the "audit-pack" job writes it; see stores/auditPack.ts)
  /** Starts writing an audit pack; returns the job's id. Bad options are refused with their field. */
  startAuditPack: (params: AuditPackParams) => call((b) => b.StartJob('audit-pack', { ...params })),
  /** The sections a pack can hold, in print order. */
  auditPackSections: () => call((b) => b.AuditPackSections()).then((s) => s ?? []),
  /** A path from the system's save dialog for the pack's PDF or workbook; '' when cancelled. */
  chooseAuditPackFile: (kind: 'pdf' | 'xlsx') => call((b) => b.ChooseAuditPackFile(kind)),
  /** Opens a file the app wrote in the desktop's default application. */
  openPath: (path: string) => call((b) => b.OpenPath(path)),
  // ---- a client's spreadsheets in, any list out (see stores/importer.ts)
  /** A spreadsheet from the system's open dialog; '' when cancelled. */
  chooseImportFile: () => call((b) => b.ChooseImportFile()),
  /** The fields of a kind a column may fill: ref, status, then the importable fields. */
  importFields: (kind: string) => call((b) => b.ImportFields(kind)).then((f) => f ?? []),
  /** The saved mappings of a kind. */
  importProfiles: (kind: string) =>
    call((b) => b.ImportProfiles(kind)).then((ps) => (ps ?? []).map((p) => ({ ...p, maps: p.maps ?? [] }))),
  /** Reads a file against a kind, writing nothing: its mapping and the cells that cannot be read. */
  planImport: (kind: string, path: string, sheet: string, profile: string, maps: string[], sets: string[] = [], values: string[] = []) =>
    call((b) => b.PlanImportWith(kind, path, sheet, profile, maps, sets, values)).then((p) => ({
      ...p,
      constants: p.constants ?? [],
      value_maps: p.value_maps ?? [],
      mapped: p.mapped ?? [],
      source: { ...p.source, sheets: p.source.sheets ?? [] },
      columns: p.columns ?? [],
      date_orders: p.date_orders ?? {},
      notes: p.notes ?? [],
      errors: p.errors ?? [],
      samples: p.samples ?? [],
    })),
  /** Starts the "import" job (a dry run or the import); returns its id. */
  startImport: (params: ImportParams) => call((b) => b.StartJob('import', { ...params })),
  /** A path from the system's save dialog for an export of a kind's list or its template; '' when cancelled. */
  chooseExportFile: (kind: string, format: ExportFormat) => call((b) => b.ChooseExportFile(kind, format)),
  /** Writes the records of a kind that the filters and search select to an .xlsx or .csv file. */
  exportList: (kind: string, where: Filter[], search: string, path: string) => call((b) => b.ExportList(kind, where, search, path)),
  /** Writes the blank import template of a kind (.xlsx). */
  exportTemplate: (kind: string, path: string) => call((b) => b.ExportTemplate(kind, path)),
  // ---- backups, settings, about
  /** The open workspace's backups, newest first, their folder and how many are kept. */
  backups: () => call((b) => b.Backups()).then((l) => ({ ...l, backups: l.backups ?? [] })),
  /** Backs the open workspace up now (reason "manual"); the oldest beyond the kept number go. */
  createBackup: () => call((b) => b.CreateBackup()),
  /**
   * Replaces the open workspace with a backup, after backing up its state (reason "restore"), and
   * opens it again (the backend emits "workspace:changed"). Refused while a job runs.
   */
  restoreBackup: (id: string) => call((b) => b.RestoreBackup(id)),
  about: () => call((b) => b.About()),
  settings: () => call((b) => b.Settings()),
  /** Checks and stores every setting; a refusal names its field, and nothing is stored. */
  saveSettings: (s: Settings) => call((b) => b.SaveSettings(s)),
}

/** An assessment with every list present (Go sends null for an empty one). */
/** A document with its list of versions present. */
function documentOf(d: SmsDocument): SmsDocument {
  return { ...d, versions: d.versions ?? [] }
}

/** A report with every list present (Go sends an empty list as null). */
function reportOf(r: AuditReport): AuditReport {
  return {
    ...r,
    plan: { ...r.plan, sessions: r.plan.sessions ?? [], changes_since_sent: r.plan.changes_since_sent ?? [] },
    statements: (r.statements ?? []).map((s) => ({ ...s, evidence_records: s.evidence_records ?? [] })),
    interviews: r.interviews ?? [],
    samples: (r.samples ?? []).map((s) => ({ ...s, items: s.items ?? [] })),
    answered: r.answered ?? [],
    summary: r.summary ?? [],
    issue: { ...r.issue, versions: r.issue.versions ?? [] },
  }
}

function assessmentOf(a: Assessment): Assessment {
  return {
    ...a,
    clauses: (a.clauses ?? []).map((c) => ({
      ...c,
      evidence: c.evidence ?? [],
      files: c.files ?? [],
      findings: c.findings ?? [],
    })),
  }
}

/**
 * Calls cb after the backend changed records (the "records:changed" event, with the kind). Returns
 * a function that stops listening. Does nothing when the Wails runtime is absent.
 */
/**
 * Calls cb with the first value of each backend event of that name ("job:progress", "job:done",
 * "workspace:changed"). Returns a function that stops listening; does nothing without the runtime.
 */
export function onEvent<T>(name: string, cb: (data: T) => void): () => void {
  const rt = window.runtime
  if (!rt || typeof rt.EventsOn !== 'function') return () => {}
  const off = rt.EventsOn(name, (...data: unknown[]) => cb(data[0] as T))
  return typeof off === 'function' ? off : () => {}
}

/** Puts a text on the clipboard: through the Wails runtime in the window, else the browser's. */
export async function copyText(text: string): Promise<void> {
  const rt = window.runtime
  if (rt && typeof rt.ClipboardSetText === 'function' && (await rt.ClipboardSetText(text))) return
  if (!navigator.clipboard) throw new ApiError('The clipboard is not available.')
  await navigator.clipboard.writeText(text)
}

export function onRecordsChanged(cb: (kind: string | undefined) => void): () => void {
  const rt = window.runtime
  if (!rt || typeof rt.EventsOn !== 'function') return () => {}
  const off = rt.EventsOn('records:changed', (...data: unknown[]) => {
    cb(typeof data[0] === 'string' ? data[0] : undefined)
  })
  return typeof off === 'function' ? off : () => {}
}
