// Package sheets owns the building blocks of the workbooks the workbench writes — cell styles,
// text cells that are never formulas, drop-down lists, register columns and rows, streamed Excel
// tables, and the zip written straight to its writer. The audit pack's workbook, the register
// export and the blank templates are made of them.
//
// The tabular sheets are written with excelize's StreamWriter (a register of any size is written
// in bounded memory: rows go to a temporary file, records are read a batch at a time), each as
// an Excel table with a frozen header, and with a drop-down list on every enum column.
//
// Everything a user typed is written as a text cell, never as a formula; text that Excel
// would read as a formula once edited (=, +, -, @, tab, CR) gets a style with quotePrefix, so
// it stays text.
package sheets
