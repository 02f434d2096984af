// The audit pack in the window: the form of `smsworkbench auditpack` (assessment, period,
// sections, heading language, a PDF report and/or an Excel workbook), the "audit-pack" job that
// writes it with its progress (through the jobs store), what it wrote, and "open the file".
// Kept in a store so that the form, a running job and its result outlive a visit to another page.
import { defineStore } from 'pinia'
import { computed, reactive, ref, watch } from 'vue'
import { api, ApiError, type AuditPackParams, type AuditPackResult } from '../api'
import { t } from '../i18n'
import { useJobs, type Job } from './jobs'
import { usePrefs } from './prefs'
import { useWorkbench } from './workbench'

export type PackFile = 'pdf' | 'xlsx'

/** The form as the page edits it; dates are '' or null when left empty. */
export interface AuditPackForm {
  assessment: string
  from: string | null
  to: string | null
  language: 'en' | 'de'
  /** The sections checked. */
  sections: string[]
  pdfOn: boolean
  pdf: string
  xlsxOn: boolean
  xlsx: string
  /** What is written: the audit pack, the audit report of the assessment, or its audit plan. */
  document?: 'pack' | 'report' | 'plan'
}

/** A message and the field it is about; field '' for one about the pack as a whole. */
export interface PackError {
  field: string
  message: string
}

/** The fields of the form a message may stand beside. */
export const packFields = ['assessment', 'from', 'to', 'sections', 'language', 'pdf', 'xlsx']

/** The sections the workbook has sheets for; registers is in the workbook only, the others the PDF only. */
const bothFiles = ['summary', 'stage1', 'clauses', 'findings']

/** Which of the files a section goes into. */
export function sectionFiles(name: string): 'both' | 'pdf' | 'xlsx' {
  if (bothFiles.includes(name)) return 'both'
  return name === 'registers' ? 'xlsx' : 'pdf'
}

/**
 * The job's parameters from the form, in the order of the known sections; or the error that
 * stops it being sent. An output left unchecked is sent as "".
 */
export function paramsOf(form: AuditPackForm, known: string[]): AuditPackParams | PackError {
  const pdf = form.pdfOn ? form.pdf.trim() : ''
  const xlsx = form.xlsxOn ? form.xlsx.trim() : ''
  if (!form.pdfOn && !form.xlsxOn) return { field: 'pdf', message: t('auditPack.needOutput') }
  if (form.pdfOn && !pdf) return { field: 'pdf', message: t('auditPack.needPdf') }
  if (form.xlsxOn && !xlsx) return { field: 'xlsx', message: t('auditPack.needXlsx') }
  if ((form.document === 'report' || form.document === 'plan') && !form.assessment.trim())
    return { field: 'assessment', message: t('auditPack.needAssessment') }
  const sections = known.filter((s) => form.sections.includes(s))
  if (!sections.length && form.document !== 'plan') return { field: 'sections', message: t('auditPack.needSection') }
  return {
    assessment: form.assessment.trim(),
    from: form.from ?? '',
    to: form.to ?? '',
    sections: sections.join(','),
    language: form.language,
    pdf,
    xlsx,
    ...(form.document === 'report' ? { report: true } : form.document === 'plan' ? { plan: true } : {}),
  }
}

/** A new form: the documents in the interface's language until the user picks another. */
function blankForm(sections: string[] = []): AuditPackForm {
  const language = usePrefs().language === 'de' ? 'de' : 'en'
  return { assessment: '', from: null, to: null, language, sections: [...sections], pdfOn: true, pdf: '', xlsxOn: true, xlsx: '', document: 'pack' }
}

export const useAuditPack = defineStore('auditPack', () => {
  const jobs = useJobs()
  const sections = ref<string[]>([])
  const form = reactive<AuditPackForm>(blankForm())
  const error = ref<PackError | null>(null)
  const jobId = ref('')
  const result = ref<AuditPackResult | null>(null)
  const cancelled = ref(false)
  const openError = ref('')
  const starting = ref(false)

  const job = computed(() => jobs.jobs.find((j) => j.id === jobId.value) ?? null)
  const running = computed(() => starting.value || job.value?.state === 'running' || job.value?.state === 'cancelling')

  /** Reads the section names once; every section starts checked. */
  async function loadSections(): Promise<void> {
    if (sections.value.length) return
    try {
      sections.value = await api.auditPackSections()
      if (!form.sections.length) form.sections = [...sections.value]
    } catch (e) {
      error.value = { field: '', message: ApiError.from(e).message }
    }
  }

  /** Where a message goes: beside its field when the form has it, else above the form. */
  function errorOf(message: string, field?: string): PackError {
    return { field: field && packFields.includes(field) ? field : '', message }
  }

  /** Starts the job and follows it to its end: the result, a cancellation, or an error. */
  async function create(): Promise<void> {
    if (running.value) return
    error.value = null
    openError.value = ''
    const p = paramsOf(form, sections.value)
    if ('message' in p) {
      error.value = p
      return
    }
    result.value = null
    cancelled.value = false
    starting.value = true
    let finished: Promise<Job>
    try {
      const id = await api.startAuditPack(p)
      jobId.value = id
      finished = jobs.follow(id, 'audit-pack')
    } catch (e) {
      const err = ApiError.from(e)
      error.value = errorOf(err.message, err.field)
      return
    } finally {
      starting.value = false
    }
    const j = await finished
    if (j.id !== jobId.value) return // another pack was started meanwhile (after a workspace switch)
    if (j.state === 'done') result.value = (j.result ?? null) as AuditPackResult | null
    else if (j.state === 'cancelled') cancelled.value = true
    else error.value = errorOf(j.error || t('auditPack.failed'), j.field)
  }

  async function cancel(): Promise<void> {
    if (!jobId.value || job.value?.state !== 'running') return
    try {
      await jobs.cancel(jobId.value)
    } catch (e) {
      error.value = errorOf(ApiError.from(e).message)
    }
  }

  /** Fills a file's path from the system's save dialog (and checks that output). */
  async function choose(kind: PackFile): Promise<void> {
    try {
      const path = await api.chooseAuditPackFile(kind)
      if (!path) return
      if (kind === 'pdf') Object.assign(form, { pdf: path, pdfOn: true })
      else Object.assign(form, { xlsx: path, xlsxOn: true })
      if (error.value?.field === kind) error.value = null
    } catch (e) {
      error.value = errorOf(ApiError.from(e).message, kind)
    }
  }

  /** Opens a file the pack wrote in the desktop's application for it. */
  async function open(kind: PackFile): Promise<void> {
    const path = kind === 'pdf' ? result.value?.pdf : result.value?.xlsx
    if (!path) return
    openError.value = ''
    try {
      await api.openPath(path)
    } catch (e) {
      openError.value = ApiError.from(e).message
    }
  }

  /** Forgets what belongs to the workspace left: its assessment, files and result. */
  function reset(): void {
    Object.assign(form, blankForm(sections.value))
    error.value = null
    result.value = null
    cancelled.value = false
    openError.value = ''
    jobId.value = ''
  }

  const wb = useWorkbench()
  watch(
    () => wb.workspace?.path,
    (now, before) => before !== undefined && now !== before && reset(),
  )

  return { sections, form, error, jobId, job, running, result, cancelled, openError, loadSections, create, cancel, choose, open, reset }
})
