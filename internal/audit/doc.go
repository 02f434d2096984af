// Package audit owns the working papers of an audit, as ISO 19011 describes the practice: the
// audit plan (objectives, scope, criteria, method, team, the agenda's sessions) and what changed
// in it since it was sent to the auditee; the checklist generated per clause from the catalogue's
// evidence hints and the evidence rules, answered during the sessions; interview notes; samples
// drawn from any register with a filter, a size and a seed, so that a sample can be drawn again
// identically, with a verdict per sampled record; the nonconformity statements of findings; the
// lead auditor's conclusion; and the report's versions, each frozen when it is signed.
//
// Every working paper is a record of its own (package schema: auditsession, checkitem,
// interview, sample, auditreport) that names its assessment, so two auditors working on
// different clauses on two copies merge without a conflict. The report's data (Report) is
// built here; package auditpack prints it, and signing asks for that print through a Renderer,
// so this package knows neither PDF nor workbook.
//
// Like package compliance, it must not know the CLI or Wails: its refusals are fault errors.
package audit
