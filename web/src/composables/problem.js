import { nextTick, reactive } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from '../api'

/** The text to show for a failed call: the problem's detail, else its title, else a network hint. */
export function problemText(error, t) {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('errors.network')
    return error.detail || error.title || error.message
  }
  return error?.message || String(error)
}

/** The problem's stable code: `customer-not-found` from the type `urn:moat:problem:customer-not-found`. */
export function problemCode(error) {
  const type = error instanceof ApiError ? error.type : null
  if (!type) return null
  return String(type).split(/[:/]/).pop() || null
}

/**
 * Error state for a form: a top-level message plus per-field messages (bound to
 * el-form-item :error) taken from the problem's `errors` array.
 */
export function useProblemForm() {
  const { t } = useI18n()
  const state = reactive({
    message: '',
    fields: {},
    clear() {
      state.message = ''
      state.fields = {}
    },
    show(error) {
      state.message = problemText(error, t)
      // reset first so that a repeated message still re-marks its field
      state.fields = {}
      nextTick(() => {
        state.fields = { ...(error?.fieldErrors || {}) }
      })
    },
  })
  return state
}
