// What a select that searches the backend as the user types needs: typing is debounced, the
// answer to the latest search wins (an older one that returns late is dropped), and a failed
// search leaves its message to show in the list.
import { ref, type Ref } from 'vue'
import type { SelectOption } from 'naive-ui'
import { ApiError } from './api'

export function useRemoteSearch(fetch: (text: string) => Promise<SelectOption[]>, initial: SelectOption[] = [], delayMs = 200) {
  const options: Ref<SelectOption[]> = ref(initial)
  const loading = ref(false)
  const error = ref('')
  let timer: ReturnType<typeof setTimeout> | undefined
  let seq = 0

  async function load(text: string) {
    const my = ++seq
    loading.value = true
    try {
      const found = await fetch(text)
      if (my !== seq) return
      options.value = found
      error.value = ''
    } catch (e) {
      if (my === seq) error.value = ApiError.from(e).message
    } finally {
      if (my === seq) loading.value = false
    }
  }

  function onSearch(q: string) {
    clearTimeout(timer)
    timer = setTimeout(() => void load(q.trim()), delayMs)
  }

  return { options, loading, error, load, onSearch }
}
