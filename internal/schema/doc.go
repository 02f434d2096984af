// Package schema owns the declaration of every register kind: its fields (type, label, required,
// default, enum values, reference target, searchable, shown in lists), its workflow (states and
// allowed transitions) and the ISO/IEC 20000-1:2018 clauses it gives evidence for.
//
// One declaration serves the table, the form, the list, the export and sync (docs/development.md,
// "One declaration per register kind"). The package also owns the value rules of each field type
// (Field.Normalize): what a field accepts and the canonical form it is stored and printed in. It
// does not touch the database; references are checked for existence by the store.
package schema
