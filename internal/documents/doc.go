// Package documents owns the SMS's documented information as documents: templates of the
// documents ISO/IEC 20000-1 requires (our own text, never the standard's) whose placeholders
// are filled from the workspace in marked generated blocks, refreshed in place without
// touching the consultant's own text; document control (approval freezes a version with its
// sha256, the next draft is edited while the approved version stays readable, differences
// between versions); and the documents' output as DOCX (real heading styles, tables, header
// and footer with the document's id, version, status and page numbers).
//
// A document is a `policy` record whose body is Markdown; an approved version is a
// `docversion` record, frozen (package schema). Like package compliance, it must not know the
// CLI or Wails: its refusals are fault errors.
package documents
