// The shapes of the ISO/IEC 20000-1 workbench as the Go side (app/compliance.go, package
// internal/compliance) sends them. index.ts binds the calls.

/** A record named by another: what evidence links and findings point at. */
export interface RecordLink {
  id: string
  ref: string
  title: string
  kind?: string
  deleted?: boolean
}

export interface Option {
  value: string
  label: string
}

export interface CatalogueClause {
  id: string
  title: string
  /** Our own short summary of what an auditor checks. */
  summary: string
  /** What an auditor looks for. */
  evidence: string[]
  registers: string[]
  /** A group heading: not assessed, it rolls up from its sub-clauses. */
  rollup?: boolean
}

export interface Catalogue {
  clauses: CatalogueClause[]
  groups: { id: string; title: string }[]
  results: Option[]
  editions: Option[]
  /** "0".."5" with their names. */
  maturity: Option[]
  grades: Option[]
  types: Option[]
}

/** not_applicable survives only in assessments made before: it needs a decision. */
export type ClauseResultValue =
  | 'not_assessed'
  | 'conformant'
  | 'partially_conformant'
  | 'nonconformant'
  | 'other_party'
  | 'no_instance'
  | 'not_applicable'

export interface EvidenceFile {
  name: string
  sha256: string
  size: number
}

export interface Finding {
  id: string
  ref: string
  title: string
  grade: string
  clause: string
  status: string
  /** The ref of the nonconformity a major or minor finding opened. */
  nonconformity?: string
  /** A graded finding that opened no nonconformity: a gap assessment's recommendation. */
  recommendation?: boolean
}

export interface ClauseResult {
  clause: string
  title: string
  ref?: string
  /** "rollup" for a group heading, which is not assessed: its result is what its requirements found. */
  status: 'todo' | 'done' | 'rollup' | string
  result: ClauseResultValue | string
  rollup?: boolean
  /** Who fulfils the requirement, for other_party. */
  party?: string
  /** Carried forward from an earlier assessment and not yet confirmed: it counts for nothing. */
  carried_forward?: boolean
  maturity: number | null
  notes: string
  evidence: RecordLink[]
  files: EvidenceFile[]
  findings: Finding[]
}

export interface Assessment {
  id: string
  ref: string
  title: string
  type: string
  status: string
  scope?: string
  supplier?: RecordLink
  start?: string
  end?: string
  lead_auditor?: string
  auditors?: string
  based_on?: RecordLink
  edition?: string
  catalogue_version?: number
  conclusion?: string
  readiness: number
  blockers: number
  clauses_done: number
  clauses: ClauseResult[]
}

export interface NewAssessmentForm {
  title: string
  type: string
  from: string
  scope: string
  supplier: string
  start: string
  end: string
  lead_auditor: string
  auditors: string
}

/** A change of one clause; a field left out is left as it is. */
export interface ClauseChange {
  result?: string
  maturity?: string
  notes?: string
  add_evidence?: string[]
  remove_evidence?: string[]
  remove_files?: string[]
  done?: boolean
  party?: string
  confirm?: boolean
}

export interface EvidenceCheck {
  rule: string
  state: 'ok' | 'missing' | 'stale' | string
  text: string
  total: number
  found: RecordLink[]
}

export interface Suggestion {
  clause: string
  title: string
  checks: EvidenceCheck[]
  /** Records found that the assessment does not link yet. */
  proposed: RecordLink[]
  gaps: number
}

export interface Score {
  percent: number
  /** How many requirements were scored (the group headings are not). */
  requirements: number
  counts: Record<string, number>
  /** Results carried forward, not yet confirmed. */
  carried: number
}

export interface GroupScore extends Score {
  group: string
  title: string
}

export interface Blocker {
  clause: string
  kind: 'major_finding' | 'nonconformant' | 'not_assessed' | string
  ref?: string
  text: string
}

export interface FixItem {
  rank: number
  clause: string
  ref?: string
  text: string
}

/** One piece of documented information the standard requires, and whether the workspace holds it. */
export interface Stage1Item {
  clause: string
  type: 'document' | 'record'
  what: string
  state: 'held' | 'not_current' | 'attached' | 'no_instance' | 'none_recorded' | 'missing'
  text: string
  total: number
  found: RecordLink[]
  result_ref?: string
}

/** The stage-1 checklist of documented information, read from the workspace on as_of. */
export interface Stage1 {
  as_of: string
  items: Stage1Item[]
  held: number
  current: number
  none: number
  missing: number
}

export interface Readiness {
  assessment: RecordLink
  status: string
  stage1: Stage1
  overall: Score
  groups: GroupScore[]
  clauses: { clause: string; title: string; result: string; maturity?: number | null; credit: number; rollup?: boolean; carried_forward?: boolean }[]
  blockers: Blocker[]
  fix_first: FixItem[]
}

export interface Delta {
  from: number
  to: number
  change: number
}

export interface ClauseDiff {
  clause: string
  title: string
  from_result: string
  to_result: string
  from_maturity: number | null
  to_maturity: number | null
  from_credit: number
  to_credit: number
}

export interface AssessmentDiff {
  from: RecordLink
  to: RecordLink
  overall: Delta
  groups: (Delta & { group: string; title: string })[]
  improved: ClauseDiff[]
  regressed: ClauseDiff[]
  changed: ClauseDiff[]
  unchanged: number
}

export interface FindingForm {
  title: string
  grade: string
  description: string
  evidence: string
  raised_by: string
  owner: string
  due: string
  /** Open a nonconformity in the register; null: yes for an internal or supplier audit, no for a gap assessment. */
  nonconformity?: boolean | null
}

export interface AuditCoverage extends RecordLink {
  source: 'audit' | 'assessment' | string
  date: string
  status: string
  clauses: string[]
}

export interface Programme {
  from: string
  to: string
  audits: AuditCoverage[]
  covered: string[]
  uncovered: string[]
  last_covered: Record<string, string>
  /** The end of the years looked ahead on. */
  plan_to: string
  /** Internal audits planned or under way, by their planned start. */
  planned: AuditCoverage[]
  next_planned: Record<string, string>
  /** Requirements neither audited in the period nor planned ahead. */
  unplanned: string[]
}

export interface SLAResult {
  sla: string
  title: string
  service: string
  tickets: number
  met: number
  compliance: number
}

export interface MonthCount {
  month: string
  opened: number
  major?: number
}

export interface ChangeMonth {
  month: string
  standard: number
  normal: number
  emergency: number
  failed: number
}

export interface AuditResult extends RecordLink {
  type: string
  date: string
  status: string
  readiness?: number
  findings: Record<string, number>
}

export interface ReviewPack {
  from: string
  to: string
  sla_performance: SLAResult[]
  incident_trend: MonthCount[]
  request_trend: MonthCount[]
  change_trend: ChangeMonth[]
  audit_results: AuditResult[]
  findings_by_grade: Record<string, number>
  nonconformities: { raised: number; closed: number; open: number; overdue_actions: number }
  customer_feedback: {
    surveys: number
    respondents: number
    mean_score: number
    complaints_received: number
    complaints_open: number
  }
  supplier_performance: { ref: string; title: string; reviews: number; mean_score: number; sla_compliance?: number }[]
  objectives: { ref: string; title: string; target: number; actual: number | null; unit: string; achieved: boolean; status: string }[]
  previous_review?: RecordLink
  previous_actions: { ref: string; title: string; owner: string; due: string; status: string; overdue: boolean }[]
  /** The text of each input, by the field of a management review it fills. */
  inputs: Record<string, string>
}

export interface DecisionForm {
  title: string
  owner: string
  due: string
  description: string
}

/**
 * What an audit pack holds and where it goes: the parameters of the "audit-pack" job, all text
 * as the command line takes them. sections is comma-separated ("" = all); pdf or xlsx may be ""
 * (not both); from/to "" = the twelve months up to today; assessment "" = the latest gap or
 * internal assessment that has started.
 */
export interface AuditPackParams {
  assessment: string
  from: string
  to: string
  sections: string
  language: string
  pdf: string
  xlsx: string
  /** The audit report of the assessment, the pack's sections as its appendices (docs/audit.md). */
  report?: boolean
  /** The audit plan alone. */
  plan?: boolean
}

/** What the "audit-pack" job wrote (internal/auditpack.Result); a file not asked for is absent. */
export interface AuditPackResult {
  /** An audit report's state: "draft of version 2 (not signed)". */
  report?: string
  pdf?: string
  pdf_pages?: number
  pdf_bytes?: number
  xlsx?: string
  xlsx_bytes?: number
  /** The ref of the assessment reported; absent when the workspace has none. */
  assessment?: string
  readiness?: number
  findings: number
  sections: string[] | null
}
