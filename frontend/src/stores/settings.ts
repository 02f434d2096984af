// The user's settings (the Settings page) and what the window keeps in memory because of them: the
// bundle passphrase last typed, when the passphrase setting is "session". That passphrase lives
// here only, in this window's memory; it is never sent to the preferences.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, type Settings } from '../api'
import { usePrefs } from './prefs'

export const useSettings = defineStore('settings', () => {
  const settings = ref<Settings | null>(null)
  /** The passphrase last typed for a bundle, while the setting is "session"; '' else. */
  const passphrase = ref('')

  const remembers = computed(() => settings.value?.passphrase === 'session')

  async function load(): Promise<Settings> {
    const s = await api.settings()
    settings.value = s
    if (!remembers.value) passphrase.value = ''
    return s
  }

  /**
   * Stores the settings (the backend checks them all, and a refusal names its field); the theme
   * and language take effect at once, as the header's theme toggle would.
   */
  async function save(s: Settings): Promise<Settings> {
    const saved = await api.saveSettings(s)
    settings.value = saved
    const prefs = usePrefs()
    prefs.theme = saved.theme
    prefs.language = saved.language
    if (!remembers.value) passphrase.value = ''
    return saved
  }

  /** Keeps a passphrase that worked, for the next bundle of this window, if the user wants that. */
  function remember(p: string): void {
    if (remembers.value && p) passphrase.value = p
  }

  /** The passphrase to fill in: the remembered one, or '' when the user wants to be asked. */
  function recall(): string {
    return remembers.value ? passphrase.value : ''
  }

  return { settings, passphrase, remembers, load, save, remember, recall }
})
