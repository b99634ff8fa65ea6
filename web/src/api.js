// A small fetch wrapper: attaches the bearer token and turns RFC 9457 problem details into ApiError.

const TOKEN_KEY = 'moat.token'

let onUnauthorized = () => {}

export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler
}

export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY)
}

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token)
  else sessionStorage.removeItem(TOKEN_KEY)
}

export class ApiError extends Error {
  constructor(status, problem = {}) {
    super(problem.detail || problem.title || (status ? `HTTP ${status}` : 'Network error'))
    this.name = 'ApiError'
    this.status = status
    this.type = problem.type
    this.title = problem.title
    this.detail = problem.detail
    this.fieldErrors = Object.fromEntries((problem.errors || []).map((e) => [e.field, e.message]))
  }
}

async function problemOf(response) {
  const text = await response.text().catch(() => '')
  try {
    return text ? JSON.parse(text) : {}
  } catch {
    return {}
  }
}

function unauthorized(status, anonymous) {
  if (status === 401 && !anonymous) {
    setToken(null)
    onUnauthorized()
  }
}

function authHeaders(accept, anonymous = false) {
  const headers = { Accept: accept }
  const token = getToken()
  if (token && !anonymous) headers.Authorization = `Bearer ${token}`
  return headers
}

async function request(method, path, body, { anonymous = false } = {}) {
  const headers = authHeaders('application/json, application/problem+json', anonymous)
  if (body !== undefined) headers['Content-Type'] = 'application/json'

  let response
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0)
  }

  const text = await response.text()
  let payload = null
  if (text) {
    try {
      payload = JSON.parse(text)
    } catch {
      payload = null
    }
  }

  if (!response.ok) {
    unauthorized(response.status, anonymous)
    throw new ApiError(response.status, payload || {})
  }
  return payload
}

/**
 * A GET whose answer is not JSON (a file, an event stream): the Response itself once it is ok, else an ApiError
 * from its problem details. `signal` aborts it.
 */
async function open(path, { accept = '*/*', signal } = {}) {
  let response
  try {
    response = await fetch(path, { headers: authHeaders(`${accept}, application/problem+json`), signal })
  } catch (e) {
    if (e?.name === 'AbortError') throw e
    throw new ApiError(0)
  }
  if (!response.ok) {
    unauthorized(response.status, false)
    throw new ApiError(response.status, await problemOf(response))
  }
  return response
}

/**
 * A multipart POST through XMLHttpRequest, the one browser API that reports upload progress:
 * `onProgress(loaded, total)` while the body is sent. Resolves with the JSON answer.
 */
function upload(path, form, { onProgress, signal } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', path)
    const headers = authHeaders('application/json, application/problem+json')
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value)
    if (onProgress) {
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : null)
    }
    xhr.onload = () => {
      let payload = null
      try {
        payload = xhr.responseText ? JSON.parse(xhr.responseText) : null
      } catch {
        payload = null
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(payload)
      } else {
        unauthorized(xhr.status, false)
        reject(new ApiError(xhr.status, payload || {}))
      }
    }
    xhr.onerror = () => reject(new ApiError(0))
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'))
    if (signal) {
      if (signal.aborted) return xhr.abort()
      signal.addEventListener('abort', () => xhr.abort(), { once: true })
    }
    xhr.send(form)
  })
}

const enc = encodeURIComponent

export const api = {
  login: (username, password) =>
    request('POST', '/api/v1/auth/token', { username, password }, { anonymous: true }),
  logout: () => request('POST', '/api/v1/auth/logout'),
  me: () => request('GET', '/api/v1/me'),
  roles: () => request('GET', '/api/v1/roles'),

  workspaces: () => request('GET', '/api/v1/workspaces'),
  createWorkspace: (body) => request('POST', '/api/v1/workspaces', body),
  workspace: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}`),
  updateWorkspace: (slug, body) => request('PATCH', `/api/v1/workspaces/${enc(slug)}`, body),
  deleteWorkspace: (slug) => request('DELETE', `/api/v1/workspaces/${enc(slug)}`),

  members: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/members`),
  inviteMember: (slug, body) => request('POST', `/api/v1/workspaces/${enc(slug)}/members`, body),
  changeMemberRole: (slug, accountId, role) =>
    request('PATCH', `/api/v1/workspaces/${enc(slug)}/members/${enc(accountId)}`, { role }),
  removeMember: (slug, accountId) =>
    request('DELETE', `/api/v1/workspaces/${enc(slug)}/members/${enc(accountId)}`),

  apiTokens: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/api-tokens`),
  createApiToken: (slug, body) => request('POST', `/api/v1/workspaces/${enc(slug)}/api-tokens`, body),
  revokeApiToken: (slug, id) =>
    request('DELETE', `/api/v1/workspaces/${enc(slug)}/api-tokens/${enc(id)}`),

  audit: (slug, { before, limit = 50 } = {}) => {
    const query = new URLSearchParams({ limit: String(limit) })
    if (before != null) query.set('before', String(before))
    return request('GET', `/api/v1/workspaces/${enc(slug)}/audit?${query}`)
  },

  // the send log, newest first; pass the page's `next` as `before` for the following page
  sends: (slug, { before, limit = 50, customerId, state, reason, journeyId, stepId } = {}) => {
    const query = new URLSearchParams({ limit: String(limit) })
    if (before != null) query.set('before', String(before))
    if (customerId) query.set('customerId', String(customerId))
    if (state) query.set('state', state)
    if (reason) query.set('reason', reason)
    if (journeyId) query.set('journeyId', journeyId)
    if (stepId) query.set('stepId', stepId)
    return request('GET', `/api/v1/workspaces/${enc(slug)}/sends?${query}`)
  },

  customers: (slug, { before, limit = 50, q, staff, stage } = {}) => {
    const query = new URLSearchParams({ limit: String(limit) })
    if (before != null) query.set('before', String(before))
    if (q) query.set('q', q)
    if (staff) query.set('staff', staff)
    if (stage) query.set('stage', stage)
    return request('GET', `/api/v1/workspaces/${enc(slug)}/customers?${query}`)
  },
  /** The Response of the customer export (format csv | xlsx, same filters as the list); read it as a Blob. */
  exportCustomers: (slug, { format, q, staff, stage } = {}) => {
    const query = new URLSearchParams({ format })
    if (q) query.set('q', q)
    if (staff) query.set('staff', staff)
    if (stage) query.set('stage', stage)
    return open(`/api/v1/workspaces/${enc(slug)}/customers/export?${query}`)
  },
  optOutCustomer: (slug, id, reason) =>
    request('POST', `/api/v1/workspaces/${enc(slug)}/customers/${enc(id)}/opt-out`, reason ? { reason } : {}),
  optInCustomer: (slug, id) => request('DELETE', `/api/v1/workspaces/${enc(slug)}/customers/${enc(id)}/opt-out`),
  createClaimLink: (slug, id) => request('POST', `/api/v1/workspaces/${enc(slug)}/customers/${enc(id)}/claim-link`),
  mergeSuggestions: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/customers/merge-suggestions`),
  acceptMergeSuggestion: (slug, id) =>
    request('POST', `/api/v1/workspaces/${enc(slug)}/customers/merge-suggestions/${enc(id)}/accept`),
  dismissMergeSuggestion: (slug, id) =>
    request('POST', `/api/v1/workspaces/${enc(slug)}/customers/merge-suggestions/${enc(id)}/dismiss`),

  // the customer-facing claim page: public, never with the console's token
  publicClaim: (token) => request('GET', `/api/v1/public/claims/${enc(token)}`, undefined, { anonymous: true }),
  submitPublicClaim: (token, body) =>
    request('POST', `/api/v1/public/claims/${enc(token)}`, body, { anonymous: true }),
  customer: (slug, id) => request('GET', `/api/v1/workspaces/${enc(slug)}/customers/${enc(id)}`),
  addCustomerNote: (slug, id, body) =>
    request('POST', `/api/v1/workspaces/${enc(slug)}/customers/${enc(id)}/notes`, { body }),

  wecomConfig: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/wecom/config`),
  saveWecomConfig: (slug, body) => request('PUT', `/api/v1/workspaces/${enc(slug)}/wecom/config`, body),
  testWecomConfig: (slug) => request('POST', `/api/v1/workspaces/${enc(slug)}/wecom/config/test`),
  wecomSync: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/wecom/sync`),
  startWecomSync: (slug) => request('POST', `/api/v1/workspaces/${enc(slug)}/wecom/sync`),
  wecomStaff: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/wecom/staff`),
  wecomContacts: (slug, { limit = 1 } = {}) =>
    request('GET', `/api/v1/workspaces/${enc(slug)}/wecom/contacts?${new URLSearchParams({ limit: String(limit) })}`),

  orders: (slug, { after, limit = 50 } = {}) => {
    const query = new URLSearchParams({ limit: String(limit) })
    if (after != null) query.set('after', String(after))
    return request('GET', `/api/v1/workspaces/${enc(slug)}/orders?${query}`)
  },
  /** fields: { file, source, sourceName?, platform?, mapping? (object) } → 202 { id, status } */
  startOrderImport: (slug, fields, options) => {
    const form = new FormData()
    form.append('source', fields.source)
    if (fields.sourceName) form.append('sourceName', fields.sourceName)
    if (fields.platform) form.append('platform', fields.platform)
    if (fields.mapping) form.append('mapping', JSON.stringify(fields.mapping))
    form.append('file', fields.file, fields.file.name)
    return upload(`/api/v1/workspaces/${enc(slug)}/imports/orders`, form, options)
  },
  imports: (slug, { limit = 20 } = {}) =>
    request('GET', `/api/v1/workspaces/${enc(slug)}/imports?${new URLSearchParams({ limit: String(limit) })}`),
  orderImport: (slug, id) => request('GET', `/api/v1/workspaces/${enc(slug)}/imports/${enc(id)}`),
  /** The Response of the rejected rows' CSV (read it as a Blob). */
  importRejectedRows: (slug, id) =>
    open(`/api/v1/workspaces/${enc(slug)}/imports/${enc(id)}/rejected.csv`, { accept: 'text/csv' }),
  /** The Response of the import's progress events (text/event-stream); read its body as a stream. */
  importEvents: (slug, id, { signal } = {}) =>
    open(`/api/v1/workspaces/${enc(slug)}/imports/${enc(id)}/events`, { accept: 'text/event-stream', signal }),
  orderMatching: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/figures/order-matching`),

  // tags: the library (groups with tags and customer counts), management, WeCom corp tag import, per-customer and bulk
  tagLibrary: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/tags`),
  /** body: { name, kind?, wecom?, tags? } */
  createTagGroup: (slug, body) => request('POST', `/api/v1/workspaces/${enc(slug)}/tags/groups`, body),
  renameTagGroup: (slug, groupId, name) =>
    request('PATCH', `/api/v1/workspaces/${enc(slug)}/tags/groups/${enc(groupId)}`, { name }),
  deleteTagGroup: (slug, groupId) => request('DELETE', `/api/v1/workspaces/${enc(slug)}/tags/groups/${enc(groupId)}`),
  /** body: { name, condition? } */
  createTag: (slug, groupId, body) =>
    request('POST', `/api/v1/workspaces/${enc(slug)}/tags/groups/${enc(groupId)}/tags`, body),
  /** body: { name?, condition? } */
  changeTag: (slug, tagId, body) => request('PATCH', `/api/v1/workspaces/${enc(slug)}/tags/${enc(tagId)}`, body),
  deleteTag: (slug, tagId) => request('DELETE', `/api/v1/workspaces/${enc(slug)}/tags/${enc(tagId)}`),
  /** → { groupsCreated, tagsCreated, renamed, groupsDeleted, tagsDeleted }; 502 wecom-refused when WeCom says no */
  syncTags: (slug) => request('POST', `/api/v1/workspaces/${enc(slug)}/tags/sync`),
  customerTags: (slug, id) => request('GET', `/api/v1/workspaces/${enc(slug)}/customers/${enc(id)}/tags`),
  /** body: { add?: [tagId], remove?: [tagId] } → { outcome, results, tags } */
  changeCustomerTags: (slug, id, body) =>
    request('POST', `/api/v1/workspaces/${enc(slug)}/customers/${enc(id)}/tags`, body),
  /** body: { customerIds, add?, remove? } → 202 { id } */
  startBulkTagging: (slug, body) => request('POST', `/api/v1/workspaces/${enc(slug)}/tags/bulk`, body),
  bulkTagging: (slug, id) => request('GET', `/api/v1/workspaces/${enc(slug)}/tags/bulk/${enc(id)}`),
}
