// Helpers of the audit working papers' views.

/** A stored date and time (RFC 3339, UTC) as an agenda shows it, in this machine's zone: "2026-12-07 09:30". */
export function localTime(s: string | undefined): string {
  if (!s) return ''
  const d = new Date(s)
  if (Number.isNaN(d.getTime())) return s
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}
