// Calendar arithmetic on local days, for the schedule and the SLA clock.

const pad = (n: number) => String(n).padStart(2, '0')

/** 2026-11-22 for a local day. */
export function dayKey(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** The same local time n days later (or earlier), across daylight-saving changes. */
export function addDays(d: Date, n: number): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n, d.getHours(), d.getMinutes())
}

/** Midnight of the Monday of d's week (ISO weeks start on Monday). */
export function startOfWeek(d: Date): Date {
  const back = (d.getDay() + 6) % 7
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - back)
}
