// The shapes of the documented information as the Go side (app/documents.go, package
// internal/documents) sends them. index.ts binds the calls.

export interface DocumentTemplate {
  id: string
  title: string
  /** The policy_type of the documents made from it. */
  type: string
  clause: string
}

export interface DocumentVersion {
  ref: string
  version: string
  title: string
  sha256: string
  approved_by: string
  approved_on: string
  change_note?: string
  /** Present when one version is read. */
  body?: string
}

export interface SmsDocument {
  id: string
  ref: string
  title: string
  type: string
  status: 'draft' | 'approved' | 'retired' | string
  version: string
  owner?: string
  approved_by?: string
  approved_on?: string
  review_due?: string
  template?: string
  change_note?: string
  distribution?: string
  /** Markdown; the generated parts between their markers. */
  body: string
  versions: DocumentVersion[]
}

export interface RefreshedDocument {
  document: SmsDocument
  changed: string[]
}

export interface PackEntry {
  ref: string
  title: string
  type: string
  version: string
  approved_by: string
  approved_on: string
  review_due?: string
  sha256: string
}

export interface WrittenPack {
  path: string
  documents: PackEntry[]
  bytes: number
}
