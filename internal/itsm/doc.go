// Package itsm owns the service management rules that are domain logic rather than data: the
// priority matrix now, and later SLA clocks, change rules, CI impact and budgets. Rules are plain
// functions with table-driven tests; the register engine calls them through each kind's hooks.
// The package must not touch the database.
package itsm
