// The ISO/IEC 20000-1 workbench as the window shows it: the clause catalogue, the assessments,
// the one open on its page with the evidence suggestions of its clauses and its readiness.
// Every write goes through the backend, which answers with the assessment as it now stands.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import {
  api,
  ApiError,
  type Assessment,
  type Catalogue,
  type ClauseChange,
  type Finding,
  type FindingForm,
  type NewAssessmentForm,
  type Readiness,
  type RecordData,
  type Suggestion,
} from '../api'
import { readBase64 } from '../compliance'
import { useWorkbench } from './workbench'
import { i18n } from '../i18n'

export const useCompliance = defineStore('compliance', () => {
  const catalogue = ref<Catalogue | null>(null)
  const assessments = ref<RecordData[]>([])
  const listError = ref('')
  const listLoaded = ref(false)
  const current = ref<Assessment | null>(null)
  const currentError = ref('')
  /** The evidence suggestions of the open assessment's clauses, by clause. */
  const suggestions = ref<Record<string, Suggestion>>({})
  const readiness = ref<Readiness | null>(null)

  /** The language the catalogue was loaded in: another language loads it again. */
  let catalogueLanguage = ''

  async function loadCatalogue(): Promise<Catalogue> {
    const lang = String(i18n.global.locale.value)
    if (!catalogue.value || catalogueLanguage !== lang) {
      catalogue.value = await api.clauses(lang)
      catalogueLanguage = lang
    }
    return catalogue.value
  }

  async function loadList(): Promise<void> {
    try {
      const p = await api.list('assessment', { sort: '-created_at', limit: 500 })
      assessments.value = p.records
      listError.value = ''
    } catch (e) {
      listError.value = ApiError.from(e).message
    } finally {
      listLoaded.value = true
    }
  }

  async function create(form: NewAssessmentForm): Promise<Assessment> {
    const a = await api.createAssessment(form)
    await useWorkbench().changed()
    await loadList()
    return a
  }

  /** Opens an assessment (by ref or id); another one than the open one starts afresh. */
  async function open(key: string): Promise<void> {
    if (current.value && current.value.ref !== key && current.value.id !== key) {
      current.value = null
      suggestions.value = {}
      readiness.value = null
    }
    try {
      current.value = await api.assessment(key)
      currentError.value = ''
    } catch (e) {
      currentError.value = ApiError.from(e).message
    }
  }

  function mine(): Assessment {
    if (!current.value) throw new ApiError('No assessment is open.')
    return current.value
  }

  async function afterWrite(clause: string): Promise<void> {
    delete suggestions.value[clause]
    readiness.value = null
    await useWorkbench().changed()
  }

  /** Changes one clause; the answer is the assessment as it now stands. */
  async function setClause(clause: string, change: ClauseChange): Promise<Assessment> {
    const a = await api.setClause(mine().id, clause, change)
    current.value = a
    await afterWrite(clause)
    return a
  }

  async function attach(clause: string, file: File): Promise<Assessment> {
    const data = await readBase64(file)
    const a = await api.attachEvidenceFile(mine().id, clause, file.name, data)
    current.value = a
    await afterWrite(clause)
    return a
  }

  async function suggest(clause: string, again = false): Promise<Suggestion | undefined> {
    const a = mine()
    if (!again && suggestions.value[clause]) return suggestions.value[clause]
    const [s] = await api.suggestEvidence(a.id, clause)
    if (current.value?.id === a.id && s) suggestions.value[clause] = s
    return s
  }

  async function raiseFinding(clause: string, form: FindingForm): Promise<Finding> {
    const a = mine()
    const f = await api.raiseFinding(a.id, clause, form)
    await open(a.ref)
    await afterWrite(clause)
    return f
  }

  /** Takes the open assessment to another state of its workflow. */
  async function move(state: string): Promise<void> {
    const a = mine()
    await api.move('assessment', a.id, state)
    await open(a.ref)
    await useWorkbench().changed()
  }

  async function loadReadiness(): Promise<Readiness> {
    const a = mine()
    const r = await api.readiness(a.id)
    if (current.value?.id === a.id) readiness.value = r
    return r
  }

  return {
    catalogue,
    assessments,
    listError,
    listLoaded,
    current,
    currentError,
    suggestions,
    readiness,
    loadCatalogue,
    loadList,
    create,
    open,
    setClause,
    attach,
    suggest,
    raiseFinding,
    move,
    loadReadiness,
  }
})
