// The user's preferences: theme, language and the columns chosen per list. Kept by the backend in
// the user's settings file (not in the workspace), so they follow the user across workspaces.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api } from '../api'
import { systemLanguage } from '../i18n'

export type ThemeChoice = 'light' | 'dark' | 'system'

export const usePrefs = defineStore('prefs', () => {
  const theme = ref<ThemeChoice>('light')
  /** The interface's language: the one chosen in Settings, else the system's. */
  const language = ref<string>(systemLanguage())
  /** The columns chosen for each kind's list; a kind missing here shows its declared columns. */
  const columns = ref<Record<string, string[]>>({})
  const systemDark = ref(typeof window !== 'undefined' && !!window.matchMedia?.('(prefers-color-scheme: dark)').matches)

  const dark = computed(() => theme.value === 'dark' || (theme.value === 'system' && systemDark.value))

  async function load(): Promise<void> {
    const p = await api.preferences()
    if (p.theme === 'light' || p.theme === 'dark' || p.theme === 'system') theme.value = p.theme
    if (typeof p.language === 'string' && p.language) language.value = p.language
    const cols: Record<string, string[]> = {}
    for (const [k, v] of Object.entries(p)) {
      if (k.startsWith('columns.') && Array.isArray(v)) cols[k.slice(8)] = v.map(String)
    }
    columns.value = cols
  }

  // Saving is best effort: a preference that could not be written is still in effect now.
  function save(key: string, value: unknown): void {
    api.setPreference(key, value).catch(() => {})
  }

  function setTheme(t: ThemeChoice): void {
    theme.value = t
    save('theme', t)
  }

  function setColumns(kind: string, cols: string[] | null): void {
    const next = { ...columns.value }
    if (cols) next[kind] = cols
    else delete next[kind]
    columns.value = next
    save('columns.' + kind, cols)
  }

  if (typeof window !== 'undefined' && window.matchMedia) {
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener?.('change', (e) => (systemDark.value = e.matches))
  }

  return { theme, language, columns, dark, load, setTheme, setColumns }
})
