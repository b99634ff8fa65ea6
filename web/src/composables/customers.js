import { useI18n } from 'vue-i18n'

// Labels shared by the customer pages: codes from the API shown in the current language, unknown codes as they are.
export function useCustomerLabels() {
  const { t, te } = useI18n()

  const known = (key, fallback) => (te(key) ? t(key) : fallback)

  return {
    /** The profile's name, or "未命名客户" while WeCom has not told it yet. */
    displayName: (customer) => (customer?.name || '').trim() || t('customers.unnamed'),
    source: (code) => (code ? known(`customers.sources.${code}`, code) : '—'),
    gender: (code) => known(`customers.genders.${code ?? 0}`, String(code)),
    identityKind: (kind) => known(`customers.identities.kinds.${kind}`, kind),
    confidence: (code) => known(`customers.identities.confidence.${code}`, code),
    removedBy: (code) => (code ? known(`customers.relations.removedBy.${code}`, code) : ''),
    platform: (code) => known(`customers.platforms.${code}`, code),
  }
}

/** "buyer" and "nick" values are "platform:value"; the rest have no platform. */
export function splitPlatform(identity) {
  if (!['buyer', 'nick'].includes(identity.kind)) return { platform: null, value: identity.value }
  const at = String(identity.value || '').indexOf(':')
  if (at <= 0) return { platform: null, value: identity.value }
  return { platform: identity.value.slice(0, at), value: identity.value.slice(at + 1) }
}

/** A timeline entry's detail: JSON text from the API, an object when it parses, else {}. */
export function parseDetail(detail) {
  if (detail && typeof detail === 'object') return detail
  if (typeof detail !== 'string' || !detail.trim()) return {}
  try {
    const value = JSON.parse(detail)
    return value && typeof value === 'object' && !Array.isArray(value) ? value : { value }
  } catch {
    return { value: detail }
  }
}

export const STAGES = ['prospect', 'new_fan', 'first_order', 'repeat_buyer', 'active', 'dormant', 'lost']

/**
 * Saves a file answer (a Response the API only gives with the bearer token) through a Blob link, named as its
 * Content-Disposition says (RFC 5987 `filename*` first), else `fallback`. Returns the name.
 */
export async function saveResponse(response, fallback) {
  const blob = await response.blob()
  const disposition = response.headers.get('Content-Disposition') || ''
  const star = /filename\*\s*=\s*(?:UTF-8'[^']*')?"?([^";]+)"?/i.exec(disposition)
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)
  let name = fallback
  try {
    if (star) name = decodeURIComponent(star[1])
    else if (plain) name = plain[1]
  } catch {
    name = plain ? plain[1] : fallback
  }
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.style.display = 'none'
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return name
}
