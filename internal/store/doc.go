// Package store owns the workspace file: opening it (pragmas, locking, migrations), the site
// identity kept beside it, the op log, and the generic record engine over the kinds declared in
// package schema (create, get, list with filters, full-text search, update, delete, workflow
// transitions, history).
//
// The op log is the truth (docs/development.md, "What the foundation decides"; copies exchange ops
// as docs/sync.md says). Every local change writes its ops and updates the materialised row of its
// kind in one BEGIN IMMEDIATE transaction, so a failed write leaves no row, no op and no history
// entry. Register tables (r_<kind>) and the search index are derived from the ops and are created
// from the declarations when a workspace opens.
//
// One deliberate departure from one op per field, for speed and size (docs/development.md): a
// record's creation is a single op on the pseudo-field "_create" whose value holds every initial
// field. Merge semantics are unchanged, because no other op can be concurrent with a record's
// creation: any later op on a field names the create op in its pred when the create op set that
// field.
//
// The package must not import Wails or know about the CLI; its errors are one-line messages meant
// for a person.
package store
