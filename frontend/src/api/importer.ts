// The types of a client's spreadsheet import and of a list's export (internal/importer, through
// app/import.go).

/** A column of the file and the field it fills. */
export interface ImportColumn {
  /** 0-based, in the file. */
  index: number
  header: string
  /** '' when the column is not imported; 'ref' and 'status' are the record's own. */
  field: string
  /** Why: 'name', 'label', 'synonym', 'given' (chosen in the wizard), 'profile', or '' when not mapped. */
  how: string
}

/** A cell (or a row, column '') that cannot be imported. */
export interface RowError {
  /** The line or row number in the file. */
  row: number
  column: string
  value: string
  reason: string
}

export interface ImportSource {
  path: string
  format: 'csv' | 'xlsx' | string
  sheet?: string
  sheets?: string[]
  encoding?: string
  delimiter?: string
  header_row: number
}

/** A saved mapping of the columns of a client's file to the fields of a kind. */
export interface ImportProfile {
  name: string
  kind: string
  sheet?: string
  /** "Column=field" for every column. */
  maps: string[] | null
  key?: string
}

/** What an import of a file would do, read without writing anything. */
/** A value given for every row no column fills (--set). */
export interface ImportConstant {
  field: string
  text: string
}

/** What a text of a column stands for (--map-value). */
export interface ImportValueMap {
  column: string
  from: string
  to: string
}

/** A distinct text of a state, enum or mapped column, and what the import read it as ("" when not understood). */
export interface ImportMapped {
  column: string
  from: string
  to: string
  rows: number
}

export interface ImportPlan {
  source: ImportSource
  columns: ImportColumn[]
  constants?: ImportConstant[]
  value_maps?: ImportValueMap[]
  mapped?: ImportMapped[]
  /** Header of a number column to its decimal mark. */
  decimal_marks?: Record<string, string>
  /** Header of a date column to the order its dates are read in (d/m/y or m/d/y). */
  date_orders: Record<string, string>
  /** Ambiguous date columns, required fields no column fills. */
  notes: string[]
  rows: number
  /** Rows with a cell that cannot be read. */
  invalid: number
  /** The first thousand. */
  errors: RowError[]
  /** Per column, its first value in the file's first rows. */
  samples: string[]
  /** The saved profile applied, when there is one of the name given. */
  profile?: ImportProfile
}

/** A field a column may fill. */
export interface ImportField {
  name: string
  label: string
  required: boolean
}

/** The parameters of the "import" job. */
export interface ImportParams {
  kind: string
  path: string
  sheet: string
  /** "Column=field"; "Column=" for a column left out. */
  maps: string[]
  /** The saved mapping applied first; a successful import saves its mapping under this name. */
  profile: string
  /** The field that finds the record a row updates; '' for the ref column. */
  key: string
  dry_run: boolean
  skip_invalid: boolean
  /** "field=value": a value for every row no column fills. */
  sets?: string[]
  /** "Column:text=value": what a text of a column stands for. */
  value_maps?: string[]
}

/** What the "import" job did, or in a dry run would do. */
export interface ImportResult {
  kind: string
  rows: number
  created: number
  updated: number
  /** Rows refused, by a cell or by the workspace's rules. */
  invalid: number
  errors: RowError[]
  dry_run: boolean
  /** Whether anything was written. */
  written: boolean
  /** The workbook of the rejected rows, when some were skipped. */
  rejected?: string
  /** Row by row, what the import did that the file did not say outright (an impact taken from a priority). */
  notes?: string[]
  columns: ImportColumn[]
  /** The name the mapping was saved under. */
  profile?: string
  /** Why the mapping was not saved (the records are imported all the same). */
  profile_error?: string
}

/** A list or a template written to a file. */
export interface ListExport {
  path: string
  format: 'xlsx' | 'csv' | string
  rows: number
  bytes: number
}

export type ExportFormat = 'xlsx' | 'csv' | 'template'
