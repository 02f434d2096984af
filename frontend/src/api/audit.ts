// The shapes of the audit working papers as the Go side (app/audit.go, package internal/audit)
// sends them. index.ts binds the calls.
import type { Assessment, RecordLink } from './compliance'

export interface AuditSession {
  id: string
  ref: string
  /** RFC 3339, UTC. */
  at: string
  minutes: number
  clauses: string[]
  auditee: string
  auditor?: string
  place?: string
  remote?: boolean
  status: 'planned' | 'held' | 'cancelled' | string
  notes?: string
}

export interface AuditPlan {
  assessment: string
  title: string
  type: string
  status: string
  objectives: string
  scope: string
  criteria: string
  /** False when the criteria shown are the plan's default. */
  criteria_given: boolean
  method: string
  start?: string
  end?: string
  lead_auditor?: string
  auditors?: string
  sites?: string
  auditees?: string
  sessions: AuditSession[]
  sent_at?: string
  changes_since_sent?: string[]
}

export interface ChecklistQuestion {
  clause: string
  /** e1… the catalogue's evidence hints, r1… the evidence rules; an added question's ref. */
  key: string
  question: string
  look_for?: string
  pre_check?: string
  pre_check_text?: string
  answer?: string
  notes?: string
  auditor?: string
  session?: string
  omitted?: boolean
  ref?: string
  also?: string[]
}

export interface Interview {
  id: string
  ref: string
  person: string
  role?: string
  at: string
  clauses: string[]
  notes: string
  auditor?: string
  session?: string
}

export interface SampleItem {
  record: string
  ref: string
  title?: string
  conforms?: 'yes' | 'no' | ''
  note?: string
}

export interface Sample {
  id: string
  ref: string
  clause: string
  register: string
  filter?: string
  population: number
  size: number
  seed: number
  drawn_by?: string
  items: SampleItem[]
  judged: number
  failed: number
  suggested_size: number
}

export interface Statement {
  ref: string
  title: string
  grade: string
  clause: string
  clause_title: string
  status: string
  recommendation?: boolean
  requirement: string
  evidence: string
  evidence_records: RecordLink[]
  statement: string
  description?: string
  correction?: string
  correction_due?: string
  root_cause?: string
  corrective_action?: string
  action_due?: string
  nonconformity?: string
  raised_by?: string
  correction_planned: boolean
}

export interface ReportVersion {
  ref: string
  version: number
  signed_by: string
  signed_at: string
  content_sha256: string
  pdf_sha256: string
  pdf_bytes: number
  xlsx_sha256?: string
}

export interface AuditReport {
  plan: AuditPlan
  assessment: Assessment
  statements: Statement[]
  interviews: Interview[]
  samples: Sample[]
  answered: ChecklistQuestion[]
  questions: number
  conclusion: string
  recommendation?: string
  distribution?: string
  summary: string[]
  issue: { version: number; final: boolean; signed_by?: string; signed_at?: string; versions: ReportVersion[] }
}

export interface PlanForm {
  objectives: string
  criteria: string
  method: string
  sites: string
  auditees: string
}

export interface SessionForm {
  at: string
  clauses: string
  auditee: string
  auditor: string
  place: string
  remote: boolean
  minutes: string
}

export interface AnswerForm {
  answer: string
  notes: string
  auditor: string
  session: string
  omit: boolean
}

export interface InterviewForm {
  person: string
  role: string
  at: string
  clauses: string
  notes: string
  auditor: string
  session: string
}

export interface SampleForm {
  kind: string
  /** FIELD=VALUE filters, one per line. */
  where: string
  size: number
  seed: string
  drawn_by: string
}

export interface StatementForm {
  requirement: string
  evidence: string
  records: string[]
  statement: string
  correction: string
  correction_due: string
  root_cause: string
  corrective_action: string
  action_due: string
}

export interface ConcludeForm {
  conclusion: string
  recommendation: string
  distribution: string
}
