// Package compliance owns the ISO/IEC 20000-1:2018 workbench over a workspace: assessments
// walked clause by clause (results, maturity, notes, evidence links and files, findings),
// the evidence rules that propose what exists and name what is missing or stale, readiness and
// certification blockers, the comparison of two assessments, the audit programme's coverage and
// the management review pack.
//
// The clause catalogue and the readiness method live in the leaf package catalogue, because the
// kind declarations (package schema) use them too. Everything here reads and writes through the
// generic record engine (package store), so an assessment syncs like any other record.
//
// The package must not know about the CLI or Wails; its errors are one-line messages for a person.
package compliance
