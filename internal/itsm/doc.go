// Package itsm owns the service management rules that are domain logic rather than data: the
// priority matrix, business calendars and SLA clocks, the change rules, risk scoring, budget
// periods, contract notice, objective results and how a CI failure propagates. Rules are plain
// functions with table-driven tests; the kind declarations call them through their hooks. The
// package must not touch the database.
package itsm
