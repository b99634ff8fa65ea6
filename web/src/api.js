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

async function request(method, path, body, { anonymous = false } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' }
  const token = getToken()
  if (token && !anonymous) headers.Authorization = `Bearer ${token}`
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
    if (response.status === 401 && !anonymous) {
      setToken(null)
      onUnauthorized()
    }
    throw new ApiError(response.status, payload || {})
  }
  return payload
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

  customers: (slug, { before, limit = 50, q, staff } = {}) => {
    const query = new URLSearchParams({ limit: String(limit) })
    if (before != null) query.set('before', String(before))
    if (q) query.set('q', q)
    if (staff) query.set('staff', staff)
    return request('GET', `/api/v1/workspaces/${enc(slug)}/customers?${query}`)
  },
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
}
