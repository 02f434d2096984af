// The shell's shared state: the schema, the open workspace and what is selected. Small enough to
// live in one reactive object; the later interface work may move it to Pinia.
import { computed, reactive } from 'vue'
import { api, type Kind, type Schema, type Workspace } from './api'

export type PanelMode = 'view' | 'edit' | 'new'

export const state = reactive({
  schema: null as Schema | null,
  workspace: null as Workspace | null,
  loadError: '',
  /** The kind whose list is shown. */
  kind: '',
  /** The record open in the side panel, or the kind of the new one. */
  panel: null as null | { kind: string; key: string; mode: PanelMode },
  /** Bumped whenever records changed, so lists and the panel reload. */
  version: 0,
  /** The records the panel came from through links, the latest last, for its Back button. */
  trail: [] as { kind: string; key: string; ref: string }[],
})

export function kindOf(name: string): Kind | undefined {
  return state.schema?.kinds.find((k) => k.name === name)
}

export const currentKind = computed(() => kindOf(state.kind))

export async function loadAll(): Promise<void> {
  const [schema, workspace] = await Promise.all([api.schema(), api.workspace()])
  state.schema = schema
  state.workspace = workspace
  if (!state.kind || !kindOf(state.kind)) {
    state.kind = firstKind(schema)
  }
}

function firstKind(s: Schema): string {
  for (const g of s.groups) {
    const k = s.kinds.find((x) => x.group === g)
    if (k) return k.name
  }
  return s.kinds[0]?.name ?? ''
}

export async function refreshWorkspace(): Promise<void> {
  state.workspace = await api.workspace()
}

let pending: Promise<void> | null = null

/**
 * Called after any change (our own writes and the backend's "records:changed" event): reloads
 * the counts and tells lists and panels to reload. Calls close together are merged into one.
 */
export function changed(): Promise<void> {
  if (!pending) {
    pending = new Promise<void>((resolve) => setTimeout(resolve, 40)).then(async () => {
      pending = null
      state.version++
      try {
        await refreshWorkspace()
      } catch {
        // the next change or a reload will try again
      }
    })
  }
  return pending
}

export function selectKind(name: string): void {
  state.kind = name
}

/** Opens a record (by id or ref) in the panel, from a list or the search. */
export function openRecord(kind: string, key: string): void {
  state.trail = []
  state.panel = { kind, key, mode: 'view' }
}

/**
 * Opens a record the open one links to; Back returns to the open one. from is the open record's
 * ref, for the Back button's tooltip.
 */
export function openLinked(kind: string, key: string, from = ''): void {
  const p = state.panel
  if (p && p.mode === 'view' && p.key && !(p.kind === kind && p.key === key)) {
    state.trail.push({ kind: p.kind, key: p.key, ref: from })
  }
  state.panel = { kind, key, mode: 'view' }
}

/** Returns to the record the panel came from through a link. */
export function goBack(): void {
  const p = state.trail.pop()
  if (p) state.panel = { kind: p.kind, key: p.key, mode: 'view' }
}

export function newRecord(kind: string): void {
  state.trail = []
  state.panel = { kind, key: '', mode: 'new' }
}

export function closePanel(): void {
  state.trail = []
  state.panel = null
}
