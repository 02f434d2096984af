// The shell's shared state: the schema, the open workspace, the record in the side panel and the
// rows of the list on screen (for next and previous). Which list is shown lives in the route.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api, type Kind, type Schema, type Workspace } from '../api'
import { i18n } from '../i18n'

export type PanelMode = 'view' | 'edit' | 'new'

export interface PanelTarget {
  kind: string
  key: string
  mode: PanelMode
  /** The tab to show first ("history"); the details when absent. */
  tab?: string
}

export const useWorkbench = defineStore('workbench', () => {
  const schema = ref<Schema | null>(null)
  const workspace = ref<Workspace | null>(null)
  const loadError = ref('')
  /** The record open in the side panel, or the kind of the new one. */
  const panel = ref<PanelTarget | null>(null)
  /** Bumped whenever records changed, so lists and the panel reload. */
  const version = ref(0)
  /** The records the panel came from through links, the latest last, for its Back button. */
  const trail = ref<{ kind: string; key: string; ref: string }[]>([])
  /** The list on screen: its kind and a way to reach its neighbouring rows for next/previous. */
  const listed = ref<{ kind: string; neighbour: (id: string, step: 1 | -1) => Promise<string | null> } | null>(null)

  function kindOf(name: string): Kind | undefined {
    return schema.value?.kinds.find((k) => k.name === name)
  }

  /** The first kind of the navigation, where a list opens when none is chosen. */
  function firstKind(): string {
    const s = schema.value
    if (!s) return ''
    for (const g of s.groups) {
      const k = s.kinds.find((x) => x.group === g)
      if (k) return k.name
    }
    return s.kinds[0]?.name ?? ''
  }

  async function load(): Promise<void> {
    const [s, w] = await Promise.all([api.schema(String(i18n.global.locale.value)), api.workspace()])
    schema.value = s
    workspace.value = w
  }

  /** After the language changed: the declarations' words in it. */
  async function reloadSchema(): Promise<void> {
    const lang = String(i18n.global.locale.value)
    if (schema.value && schema.value.language !== lang) schema.value = await api.schema(lang)
  }

  async function refreshWorkspace(): Promise<void> {
    workspace.value = await api.workspace()
  }

  let pending: Promise<void> | null = null

  /**
   * Called after any change (our own writes and the backend's "records:changed" event): reloads
   * the counts and tells lists and panels to reload. Calls close together are merged into one.
   */
  function changed(): Promise<void> {
    if (!pending) {
      pending = new Promise<void>((resolve) => setTimeout(resolve, 40)).then(async () => {
        pending = null
        version.value++
        try {
          await refreshWorkspace()
        } catch {
          // the next change or a reload will try again
        }
      })
    }
    return pending
  }

  /** After another workspace was opened: everything shown belonged to the old one. */
  async function switched(): Promise<void> {
    panel.value = null
    trail.value = []
    await load()
    version.value++
  }

  /** Opens a record (by id or ref) in the panel, from a list or the search; tab: the tab shown. */
  function openRecord(kind: string, key: string, tab?: string): void {
    trail.value = []
    panel.value = tab ? { kind, key, mode: 'view', tab } : { kind, key, mode: 'view' }
  }

  /**
   * Opens a record the open one links to; Back returns to the open one. from is the open record's
   * ref, for the Back button's tooltip.
   */
  function openLinked(kind: string, key: string, from = ''): void {
    const p = panel.value
    if (p && p.mode === 'view' && p.key && !(p.kind === kind && p.key === key)) {
      trail.value.push({ kind: p.kind, key: p.key, ref: from })
    }
    panel.value = { kind, key, mode: 'view' }
  }

  /** Returns to the record the panel came from through a link. */
  function goBack(): void {
    const p = trail.value.pop()
    if (p) panel.value = { kind: p.kind, key: p.key, mode: 'view' }
  }

  function newRecord(kind: string): void {
    trail.value = []
    panel.value = { kind, key: '', mode: 'new' }
  }

  function closePanel(): void {
    trail.value = []
    panel.value = null
  }

  /** Opens the next (step 1) or previous (-1) row of the list on screen after the open record. */
  async function step(dir: 1 | -1): Promise<boolean> {
    const p = panel.value
    const l = listed.value
    if (!l) return false
    if (!p || p.mode === 'new' || p.kind !== l.kind) return false
    const id = await l.neighbour(p.key, dir)
    if (!id) return false
    openRecord(l.kind, id)
    return true
  }

  return {
    schema,
    workspace,
    loadError,
    panel,
    version,
    trail,
    listed,
    kindOf,
    firstKind,
    load,
    reloadSchema,
    refreshWorkspace,
    changed,
    switched,
    openRecord,
    openLinked,
    goBack,
    newRecord,
    closePanel,
    step,
  }
})
