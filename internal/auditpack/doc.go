// Package auditpack owns the audit pack: the PDF report (maroto) and the Excel workbook
// (excelize) that a consultant hands to a lead auditor, a client's management or a
// certification body. Gather reads the workspace once into a Pack; the PDF and the workbook are
// two views of it, written to a temporary file and renamed so a failure never leaves half a
// file. Charts are drawn in Go (gonum/plot) to PNG for the PDF; the workbook's charts are
// native Excel charts.
//
// It is named auditpack, not report, beside package reports (the live reports of the window).
package auditpack
