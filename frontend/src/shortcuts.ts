// Keyboard shortcuts of the window. One listener on window; what "save" means depends on what is
// open, so the record panel registers its save here while it edits.
import { onBeforeUnmount, onMounted, reactive } from 'vue'
import { useRoute } from 'vue-router'
import { useWorkbench } from './stores/workbench'

export interface Shortcut {
  keys: string
  /** The i18n key of what it does. */
  what: string
}

/** Every shortcut, for the help dialog (shown with "?"). */
export const shortcuts: Shortcut[] = [
  { keys: 'Ctrl K', what: 'shortcuts.search' },
  { keys: 'Alt N', what: 'shortcuts.new' },
  { keys: 'Ctrl S', what: 'shortcuts.save' },
  { keys: 'Alt ↓  /  J', what: 'shortcuts.next' },
  { keys: 'Alt ↑  /  K', what: 'shortcuts.previous' },
  { keys: 'Esc', what: 'shortcuts.close' },
  { keys: '?', what: 'shortcuts.help' },
]

/** What the shortcuts act on, set by the components that own it. */
export const shortcutTargets = reactive({
  /** Saves the form being edited; null when none is. */
  save: null as null | (() => void),
  /** Focuses the global search box. */
  search: null as null | (() => void),
  helpOpen: false,
})

/** Whether the key went to a text field, where letters are typing, not commands. */
function typing(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null
  if (!el) return false
  return el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)
}

export function useShortcuts(): void {
  const wb = useWorkbench()
  const route = useRoute()

  function onKey(e: KeyboardEvent) {
    const key = e.key.toLowerCase()
    const ctrl = e.ctrlKey || e.metaKey
    if (ctrl && !e.altKey && key === 'k') {
      e.preventDefault()
      shortcutTargets.search?.()
    } else if (ctrl && !e.altKey && key === 's') {
      e.preventDefault()
      shortcutTargets.save?.()
    } else if (e.altKey && !ctrl && key === 'n') {
      const kind = route.name === 'list' ? String(route.params.kind) : ''
      if (kind && !wb.workspace?.read_only) {
        e.preventDefault()
        wb.newRecord(kind)
      }
    } else if ((e.altKey && key === 'arrowdown') || (!typing(e) && !ctrl && !e.altKey && key === 'j')) {
      e.preventDefault()
      void wb.step(1)
    } else if ((e.altKey && key === 'arrowup') || (!typing(e) && !ctrl && !e.altKey && key === 'k')) {
      e.preventDefault()
      void wb.step(-1)
    } else if (!typing(e) && e.key === '?') {
      e.preventDefault()
      shortcutTargets.helpOpen = true
    }
  }

  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey))
}
