// The error of a form that shows its messages beside their fields: which field it is about, and
// how a refusal of the backend finds its place. FieldError shows the message; statusFor reddens
// the field's input.
import { ApiError } from './api'

/** An error of a form: the field it is about, or a name of none of its fields ('form'). */
export type FormError = { field: string; message: string }

/** The status of a field's input: 'error' while the form's error is about that field. */
export function statusFor(error: FormError | null | undefined, field: string): 'error' | undefined {
  return error?.field === field ? 'error' : undefined
}

/**
 * A refusal of the backend as the error of a form: about the field it names, or about `fallback`
 * when it names none, or names one that is not among `shown` (the fields the form has).
 */
export function errorOf(e: unknown, fallback: string, shown?: readonly string[]): FormError {
  const x = ApiError.from(e)
  const field = x.field && (!shown || shown.includes(x.field)) ? x.field : fallback
  return { field, message: x.message }
}
