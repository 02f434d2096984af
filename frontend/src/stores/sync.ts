// Sync by bundles as the window shows it: this copy and its peers, bundles written and read, the
// shared folder, and the open conflicts. Imports and folder exchanges are backend jobs: the jobs
// bar shows their progress, and a failed one comes back here as an ApiError naming its field.
// A passphrase that worked is handed to the settings store, which keeps it in memory for the next
// bundle when the user chose "remember until the window closes".
import { defineStore } from 'pinia'
import { ref } from 'vue'
import {
  api,
  ApiError,
  type Conflict,
  type ExportResult,
  type FolderSummary,
  type ImportSummary,
  type ResolveResult,
  type SyncStatus,
} from '../api'
import { t } from '../i18n'
import { useJobs, type Job } from './jobs'
import { useSettings } from './settings'

/** How a finished job turns into its result, or an ApiError naming the field its error is about. */
function outcome<T>(j: Job, field: string): T {
  if (j.state === 'done') return j.result as T
  if (j.state === 'cancelled') throw new ApiError(t('sync.cancelled'), field)
  throw new ApiError(j.error || t('sync.failed'), j.field || field, j.code)
}

export const useSync = defineStore('sync', () => {
  const status = ref<SyncStatus | null>(null)
  const statusError = ref('')
  const conflicts = ref<Conflict[]>([])
  const conflictsError = ref('')
  const conflictsLoaded = ref(false)

  async function loadStatus(): Promise<void> {
    try {
      status.value = await api.syncStatus()
      statusError.value = ''
    } catch (e) {
      statusError.value = ApiError.from(e).message
    }
  }

  async function loadConflicts(): Promise<void> {
    try {
      conflicts.value = await api.conflicts()
      conflictsError.value = ''
    } catch (e) {
      conflictsError.value = ApiError.from(e).message
    } finally {
      conflictsLoaded.value = true
    }
  }

  /**
   * Writes a bundle for a peer (its site id; '' for everyone). The passphrase is typed twice: a
   * mismatch is refused here, beside the confirmation.
   */
  async function exportBundle(path: string, passphrase: string, confirm: string, forSite: string): Promise<ExportResult> {
    if (!path.trim()) throw new ApiError(t('sync.needFile'), 'path')
    if (!passphrase) throw new ApiError(t('sync.needPassphrase'), 'passphrase')
    if (passphrase !== confirm) throw new ApiError(t('sync.mismatch'), 'confirm')
    const out = await api.exportBundle(path.trim(), passphrase, forSite)
    useSettings().remember(passphrase)
    return out
  }

  /** Imports a bundle through the backend's job; settles when the job has ended. */
  async function importBundle(path: string, passphrase: string): Promise<ImportSummary> {
    const jobs = useJobs()
    if (!path.trim()) throw new ApiError(t('sync.needBundle'), 'path')
    const id = await api.importBundle(path.trim(), passphrase)
    const j = await jobs.follow(id, 'import-bundle')
    const sum = outcome<ImportSummary>(j, 'path')
    useSettings().remember(passphrase)
    await Promise.all([loadStatus(), loadConflicts()])
    return sum
  }

  async function setFolder(dir: string): Promise<void> {
    await api.setSyncFolder(dir.trim())
    await loadStatus()
  }

  /** Exchanges bundles through the shared folder, as a job. */
  async function syncFolder(passphrase: string): Promise<FolderSummary> {
    const jobs = useJobs()
    const id = await api.syncFolderNow(passphrase)
    const j = await jobs.follow(id, 'sync-folder')
    const sum = outcome<FolderSummary>(j, 'folder')
    useSettings().remember(passphrase)
    await Promise.all([loadStatus(), loadConflicts()])
    return sum
  }

  /** Resolves a conflict with one of its values or another; the list is read again after. */
  async function resolve(id: string, choice: { keep: string } | { value: string }): Promise<ResolveResult> {
    const res = await api.resolveConflict(id, choice)
    await loadConflicts()
    return res
  }

  return {
    status,
    statusError,
    conflicts,
    conflictsError,
    conflictsLoaded,
    loadStatus,
    loadConflicts,
    exportBundle,
    importBundle,
    setFolder,
    syncFolder,
    resolve,
  }
})
