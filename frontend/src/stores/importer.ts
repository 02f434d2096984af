// The import wizard: a client's spreadsheet into a register, as `smsworkbench import` does it, in
// five steps: the file (the register, the file, a saved mapping), the mapping of its columns (each
// change read again by the backend), a preview (a dry run of the "import" job: every row through
// the workspace's rules, nothing written), the import with its progress and Cancel, and what it
// did. Kept in a store, so that a running import and its result outlive a visit to another page.
import { defineStore } from 'pinia'
import { computed, reactive, ref, watch } from 'vue'
import {
  api,
  ApiError,
  type ImportColumn,
  type ImportField,
  type ImportParams,
  type ImportPlan,
  type ImportProfile,
  type ImportResult,
} from '../api'
import { errorOf as formErrorOf, type FormError } from '../formError'
import { t } from '../i18n'
import { useJobs, type Job } from './jobs'
import { useWorkbench } from './workbench'

export type ImportStep = 'file' | 'mapping' | 'preview' | 'import' | 'result'
export const importSteps: ImportStep[] = ['file', 'mapping', 'preview', 'import', 'result']

/** The fields each step shows; an error about another field is the step's alert (field 'form'). */
export const stepFields: Record<ImportStep, readonly string[]> = {
  file: ['kind', 'path', 'profile'],
  mapping: ['sheet', 'maps', 'sets', 'value_maps'],
  preview: ['key', 'saveAs'],
  import: [],
  result: [],
}

export interface ImportForm {
  kind: string
  path: string
  sheet: string
  /** The saved mapping applied; '' for none. */
  profile: string
  /** The field that finds the record a row updates; '' for the ref column. */
  key: string
  skipInvalid: boolean
  /** The name the mapping is saved under after the import; '' not to save it. */
  saveAs: string
}

/** A column's letter, as a spreadsheet heads it: A, B, … Z, AA. */
export function columnLetter(index: number): string {
  let s = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

/**
 * How a mapping names a column: its header, or its letter when the header is blank or another
 * column has the same one (the backend finds a column by its header first, then by its letter).
 */
export function columnName(col: ImportColumn, cols: ImportColumn[]): string {
  const h = col.header.trim().toLowerCase()
  const twin = cols.some((c) => c.index !== col.index && c.header.trim().toLowerCase() === h)
  return h && !twin ? col.header : columnLetter(col.index)
}

/** The mappings a person chose, as the backend reads them: "Column=field" ("Column=" leaves it out). */
export function mapsOf(chosen: Record<string, string>): string[] {
  return Object.entries(chosen).map(([col, field]) => `${col}=${field}`)
}

/** The plan's whole mapping: what the import job is given, so that it maps as the wizard showed. */
export function fullMaps(cols: ImportColumn[]): string[] {
  return cols.map((c) => `${columnName(c, cols)}=${c.field}`)
}

/**
 * The choices after a column was given a field: a field fills one column, so an earlier choice
 * of that field for another column is dropped (the backend takes it from an automatic one).
 */
export function choose(chosen: Record<string, string>, col: ImportColumn, cols: ImportColumn[], field: string): Record<string, string> {
  const name = columnName(col, cols)
  const next = Object.fromEntries(Object.entries(chosen).filter(([c, f]) => c !== name && (field === '' || f !== field)))
  next[name] = field
  return next
}

/** The job's parameters: the file as planned (its sheet, whole mapping, values for every row and value maps) and the options. */
export function paramsOf(form: ImportForm, plan: ImportPlan, dryRun: boolean): ImportParams {
  return {
    kind: form.kind,
    path: form.path.trim(),
    sheet: plan.source.sheet ?? '',
    maps: fullMaps(plan.columns),
    profile: form.saveAs.trim(),
    key: form.key,
    dry_run: dryRun,
    skip_invalid: form.skipInvalid,
    sets: (plan.constants ?? []).map((c) => `${c.field}=${c.text}`),
    value_maps: (plan.value_maps ?? []).map((m) => `${m.column}:${m.from}=${m.to}`),
  }
}

/** A value map as the backend reads it: "Column:text=value". */
export function valueMapOf(column: string, from: string, to: string): string {
  return `${column}:${from}=${to}`
}

function blankForm(kind = ''): ImportForm {
  return { kind, path: '', sheet: '', profile: '', key: '', skipInvalid: false, saveAs: '' }
}

export const useImport = defineStore('import', () => {
  const jobs = useJobs()
  const step = ref<ImportStep>('file')
  const form = reactive<ImportForm>(blankForm())
  /** The mappings chosen in the wizard, over the automatic (and the profile's) ones. */
  const chosen = ref<Record<string, string>>({})
  /** Values for every row no column fills ("field=value"), and value maps ("Column:text=value"), given in the wizard. */
  const sets = ref<string[]>([])
  const valueMaps = ref<string[]>([])
  const fields = ref<ImportField[]>([])
  const profiles = ref<ImportProfile[]>([])
  const plan = ref<ImportPlan | null>(null)
  const planning = ref(false)
  /** The dry run shown by the preview. */
  const preview = ref<ImportResult | null>(null)
  const result = ref<ImportResult | null>(null)
  const error = ref<FormError | null>(null)
  const cancelled = ref(false)
  const openError = ref('')
  const jobId = ref('')
  const starting = ref(false)

  const job = computed(() => jobs.jobs.find((j) => j.id === jobId.value) ?? null)
  const running = computed(() => starting.value || job.value?.state === 'running' || job.value?.state === 'cancelling')
  const busy = computed(() => planning.value || running.value)

  /** An error of the backend, beside its field when the step shows it, else the step's alert. */
  function fail(e: unknown, at: ImportStep = step.value) {
    error.value = formErrorOf(e, 'form', stepFields[at])
  }

  /** Chooses the register: its fields and saved mappings; what was read for another one goes. */
  async function setKind(kind: string): Promise<void> {
    if (kind === form.kind && fields.value.length) return
    Object.assign(form, { kind, profile: '', key: '', saveAs: '' })
    chosen.value = {}
    plan.value = preview.value = result.value = null
    error.value = null
    step.value = 'file'
    fields.value = []
    profiles.value = []
    if (!kind) return
    try {
      ;[fields.value, profiles.value] = await Promise.all([api.importFields(kind), api.importProfiles(kind)])
    } catch (e) {
      fail(e)
    }
  }

  /**
   * Reads the file against the register with the mappings chosen; writes nothing. Refused, the
   * plan shown before stays (a mapping that failed is undone by the caller).
   */
  async function read(): Promise<boolean> {
    error.value = null
    if (!form.kind) {
      error.value = { field: 'kind', message: t('importer.needKind') }
      return false
    }
    if (!form.path.trim()) {
      error.value = { field: 'path', message: t('importer.needFile') }
      return false
    }
    planning.value = true
    try {
      const p = await api.planImport(form.kind, form.path.trim(), form.sheet, form.profile, mapsOf(chosen.value), sets.value, valueMaps.value)
      plan.value = p
      form.sheet = p.source.sheet ?? ''
      preview.value = null
      return true
    } catch (e) {
      fail(e)
      return false
    } finally {
      planning.value = false
    }
  }

  /** Step 1's "Read the file": the file read afresh (its first sheet or the profile's, mapped anew), then its mapping. */
  async function start(): Promise<void> {
    chosen.value = {}
    sets.value = []
    valueMaps.value = []
    form.sheet = ''
    if (await read()) step.value = 'mapping'
  }

  function profileOf(name: string): ImportProfile | undefined {
    return profiles.value.find((p) => p.name === name)
  }

  /** Applies a saved mapping (or none); the name is where the mapping is saved again. */
  function setProfile(name: string | null): void {
    form.profile = name ?? ''
    form.saveAs = name ?? ''
    form.key = profileOf(form.profile)?.key ?? ''
  }

  /** Picks a file in the system's dialog. */
  async function chooseFile(): Promise<void> {
    try {
      const path = await api.chooseImportFile()
      if (path) {
        form.path = path
        if (error.value?.field === 'path') error.value = null
      }
    } catch (e) {
      fail(e)
    }
  }

  /** Gives a column a field ('' leaves it out) and reads the file again; refused, the choice is undone. */
  async function setField(col: ImportColumn, field: string): Promise<void> {
    if (!plan.value || busy.value) return
    const before = chosen.value
    chosen.value = choose(before, col, plan.value.columns, field)
    if (!(await read())) chosen.value = before
  }

  /** Gives a field a value for every row no column fills; refused, it is not kept. */
  async function addConstant(field: string, value: string): Promise<void> {
    if (!plan.value || busy.value || !field || !value.trim()) return
    const before = sets.value
    sets.value = [...before.filter((s) => !s.startsWith(field + '=')), `${field}=${value.trim()}`]
    if (!(await read())) sets.value = before
  }

  /** Drops the value given for every row of a field. */
  async function removeConstant(field: string): Promise<void> {
    if (busy.value) return
    const before = sets.value
    sets.value = before.filter((s) => !s.startsWith(field + '='))
    if (!(await read())) sets.value = before
  }

  /** Says what a text of a column stands for (a state, a service...); refused, it is not kept. */
  async function mapValue(column: string, from: string, to: string): Promise<void> {
    if (!plan.value || busy.value) return
    const before = valueMaps.value
    const prefix = `${column}:${from}=`
    valueMaps.value = [...before.filter((m) => !m.startsWith(prefix)), valueMapOf(column, from, to.trim())]
    if (!(await read())) valueMaps.value = before
  }

  /** Reads another sheet of the workbook, mapped afresh. */
  async function setSheet(sheet: string): Promise<void> {
    if (busy.value || sheet === form.sheet) return
    const before = { sheet: form.sheet, chosen: chosen.value }
    form.sheet = sheet
    chosen.value = {}
    if (!(await read())) {
      form.sheet = before.sheet
      chosen.value = before.chosen
    }
  }

  /** Runs the "import" job (a dry run or the import) to its end; null when it did not finish. */
  async function runJob(dryRun: boolean): Promise<ImportResult | null> {
    if (!plan.value || running.value) return null
    error.value = null
    cancelled.value = false
    // A refused import goes back to its options: the error may be about one of them (the job's
    // "profile" is the name the mapping is saved under).
    const failed = (x: ApiError) => fail(new ApiError(x.message, x.field === 'profile' ? 'saveAs' : x.field), dryRun ? step.value : 'preview')
    starting.value = true
    let finished: Promise<Job>
    try {
      const id = await api.startImport(paramsOf(form, plan.value, dryRun))
      jobId.value = id
      finished = jobs.follow(id, 'import')
    } catch (e) {
      failed(ApiError.from(e))
      return null
    } finally {
      starting.value = false
    }
    const j = await finished
    if (j.id !== jobId.value) return null // the wizard was reset meanwhile
    if (j.state === 'done') return normalised(j.result as ImportResult)
    if (j.state === 'cancelled') cancelled.value = true
    else failed(new ApiError(j.error || t('importer.failed'), j.field, j.code))
    return null
  }

  /** The dry run: what the import would do, every row checked. */
  async function check(): Promise<void> {
    const r = await runJob(true)
    if (r) {
      preview.value = r
      step.value = 'preview'
    }
  }

  /** The import itself; a cancelled one goes back to the preview (nothing was written). */
  async function run(): Promise<void> {
    step.value = 'import'
    const r = await runJob(false)
    if (r) {
      result.value = r
      step.value = 'result'
      profiles.value = await api.importProfiles(form.kind).catch(() => profiles.value)
    } else if (step.value === 'import') step.value = 'preview'
  }

  async function cancel(): Promise<void> {
    if (!jobId.value || job.value?.state !== 'running') return
    try {
      await jobs.cancel(jobId.value)
    } catch (e) {
      fail(e)
    }
  }

  /** From the mapping to the file, from the preview to the mapping; an import done stays done. */
  function back(): void {
    if (busy.value || (step.value !== 'mapping' && step.value !== 'preview')) return
    error.value = null
    step.value = step.value === 'mapping' ? 'file' : 'mapping'
  }

  /** Opens the workbook of the rejected rows. */
  async function openRejected(): Promise<void> {
    if (!result.value?.rejected) return
    openError.value = ''
    try {
      await api.openPath(result.value.rejected)
    } catch (e) {
      openError.value = ApiError.from(e).message
    }
  }

  /** Another file into the same register. */
  function again(): void {
    const kind = form.kind
    Object.assign(form, blankForm(kind))
    chosen.value = {}
    plan.value = preview.value = result.value = null
    error.value = null
    cancelled.value = false
    openError.value = ''
    jobId.value = ''
    step.value = 'file'
  }

  // Another workspace has other registers' records and profiles: start again.
  const wb = useWorkbench()
  watch(
    () => wb.workspace?.path,
    (now, before) => {
      if (before === undefined || now === before) return
      again()
      fields.value = []
      void setKind(form.kind)
    },
  )

  return {
    step,
    form,
    chosen,
    fields,
    profiles,
    plan,
    planning,
    preview,
    result,
    error,
    cancelled,
    openError,
    job,
    running,
    busy,
    setKind,
    start,
    setProfile,
    chooseFile,
    setField,
    setSheet,
    addConstant,
    removeConstant,
    mapValue,
    check,
    run,
    cancel,
    back,
    openRejected,
    again,
  }
})

/** A result with every list present (Go sends null for an empty one). */
function normalised(r: ImportResult): ImportResult {
  return { ...r, errors: r.errors ?? [], columns: r.columns ?? [] }
}
