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

async function request(method, path, body, { anonymous = false, extraHeaders = {} } = {}) {
  const headers = { ...authHeaders('application/json, application/problem+json', anonymous), ...extraHeaders }
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

  customers: (slug, { before, limit = 50, q, staff, stage, field, fieldValue } = {}) => {
    const query = new URLSearchParams({ limit: String(limit) })
    if (before != null) query.set('before', String(before))
    if (q) query.set('q', q)
    if (staff) query.set('staff', staff)
    if (stage) query.set('stage', stage)
    if (field && fieldValue) {
      query.set('field', field)
      query.set('fieldValue', fieldValue)
    }
    return request('GET', `/api/v1/workspaces/${enc(slug)}/customers?${query}`)
  },
  /** The Response of the customer export (format csv | xlsx, same filters as the list); read it as a Blob. */
  exportCustomers: (slug, { format, q, staff, stage, field, fieldValue } = {}) => {
    const query = new URLSearchParams({ format })
    if (q) query.set('q', q)
    if (staff) query.set('staff', staff)
    if (stage) query.set('stage', stage)
    if (field && fieldValue) {
      query.set('field', field)
      query.set('fieldValue', fieldValue)
    }
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
  customerFieldDefinitions: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/customers/fields`),
  defineCustomerField: (slug, body) => request('POST', `/api/v1/workspaces/${enc(slug)}/customers/fields`, body),
  removeCustomerField: (slug, id) => request('DELETE', `/api/v1/workspaces/${enc(slug)}/customers/fields/${enc(id)}`),
  customerFieldValues: (slug, id) => request('GET', `/api/v1/workspaces/${enc(slug)}/customers/${enc(id)}/fields`),
  setCustomerFieldValues: (slug, id, values) =>
    request('PUT', `/api/v1/workspaces/${enc(slug)}/customers/${enc(id)}/fields`, values),
  recentMerges: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/customers/merges`),
  customerMerges: (slug, id) => request('GET', `/api/v1/workspaces/${enc(slug)}/customers/${enc(id)}/merges`),
  unmerge: (slug, mergeId) =>
    request('POST', `/api/v1/workspaces/${enc(slug)}/customers/merges/${enc(mergeId)}/unmerge`),

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
  /**
   * body: { filter: { q?, staff?, stage?, field?, fieldValue? } | customerIds, add?, remove? }; the same key again
   * returns the same job → { id, created }
   */
  startBulkTaggingOnce: (slug, body, key) =>
    request('POST', `/api/v1/workspaces/${enc(slug)}/tags/bulk`, body, { extraHeaders: { 'Idempotency-Key': key } }),
  bulkTaggingJobs: (slug, limit = 20) => request('GET', `/api/v1/workspaces/${enc(slug)}/tags/bulk?limit=${limit}`),
  /** → { items: [{ customerId, name, staffUserId, outcome, reason, errcode }], next } */
  bulkTaggingResults: (slug, id, { outcome, after, limit = 100 } = {}) =>
    request(
      'GET',
      `/api/v1/workspaces/${enc(slug)}/tags/bulk/${enc(id)}/results?${new URLSearchParams(
        Object.entries({ outcome, after, limit }).filter(([, v]) => v !== undefined && v !== null && v !== ''),
      )}`,
    ),
  retryBulkTagging: (slug, id) => request('POST', `/api/v1/workspaces/${enc(slug)}/tags/bulk/${enc(id)}/retry`),

  // community: groups with their figures, group pages, policies per type, guard words, keywords, duplicates
  communityGroups: (slug, days = 7) => request('GET', `/api/v1/workspaces/${enc(slug)}/community/groups?days=${days}`),
  refreshCommunityGroups: (slug) => request('POST', `/api/v1/workspaces/${enc(slug)}/community/groups/refresh`),
  communityGroup: (slug, chatId) => request('GET', `/api/v1/workspaces/${enc(slug)}/community/groups/${enc(chatId)}`),
  /** body: { type?, tags?, costFen? } */
  classifyGroup: (slug, chatId, body) =>
    request('PATCH', `/api/v1/workspaces/${enc(slug)}/community/groups/${enc(chatId)}`, body),
  groupMembers: (slug, chatId) =>
    request('GET', `/api/v1/workspaces/${enc(slug)}/community/groups/${enc(chatId)}/members`),
  setMemberRole: (slug, chatId, memberId, role) =>
    request('PUT', `/api/v1/workspaces/${enc(slug)}/community/groups/${enc(chatId)}/members/${enc(memberId)}/role`, {
      role,
    }),
  inactiveMembers: (slug, chatId) =>
    request('GET', `/api/v1/workspaces/${enc(slug)}/community/groups/${enc(chatId)}/inactive`),
  assignInactiveTasks: (slug, chatId) =>
    request('POST', `/api/v1/workspaces/${enc(slug)}/community/groups/${enc(chatId)}/inactive/tasks`),
  communityPolicies: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/community/policies`),
  saveCommunityPolicy: (slug, type, body) =>
    request('PUT', `/api/v1/workspaces/${enc(slug)}/community/policies/${enc(type)}`, body),
  guardWords: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/community/guard-words`),
  /** body: { type?, kind: word|pattern, text } */
  addGuardWord: (slug, body) => request('POST', `/api/v1/workspaces/${enc(slug)}/community/guard-words`, body),
  removeGuardWord: (slug, id) => request('DELETE', `/api/v1/workspaces/${enc(slug)}/community/guard-words/${enc(id)}`),
  communityKeywords: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/community/keywords`),
  addCommunityKeyword: (slug, body) => request('POST', `/api/v1/workspaces/${enc(slug)}/community/keywords`, body),
  removeCommunityKeyword: (slug, id) =>
    request('DELETE', `/api/v1/workspaces/${enc(slug)}/community/keywords/${enc(id)}`),
  communityDuplicates: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/community/duplicates`),
  assignDuplicateTasks: (slug) => request('POST', `/api/v1/workspaces/${enc(slug)}/community/duplicates/tasks`),
  // community: join codes (WeCom group join ways) and WeCom's owner-day group statistics
  joinCodes: (slug, days = 30) => request('GET', `/api/v1/workspaces/${enc(slug)}/community/join-codes?days=${days}`),
  /** body: { name, chatIds (1–5), autoCreateRoom?, roomBaseName?, roomBaseId? } */
  createJoinCode: (slug, body) => request('POST', `/api/v1/workspaces/${enc(slug)}/community/join-codes`, body),
  kocCandidates: (slug, chatId) =>
    request('GET', `/api/v1/workspaces/${enc(slug)}/community/groups/${enc(chatId)}/koc-candidates`),
  deleteJoinCode: (slug, id) => request('DELETE', `/api/v1/workspaces/${enc(slug)}/community/join-codes/${enc(id)}`),
  // community: check-ins (the board per group, a member's standing and personal link)
  checkInBoard: (slug, chatId) =>
    request('GET', `/api/v1/workspaces/${enc(slug)}/community/groups/${enc(chatId)}/check-ins`),
  memberCheckIns: (slug, chatId, memberId) =>
    request('GET', `/api/v1/workspaces/${enc(slug)}/community/groups/${enc(chatId)}/members/${enc(memberId)}/check-ins`),
  issueCheckInLink: (slug, chatId, memberId) =>
    request('POST', `/api/v1/workspaces/${enc(slug)}/community/groups/${enc(chatId)}/members/${enc(memberId)}/check-in-link`),
  revokeCheckInLink: (slug, chatId, memberId) =>
    request('DELETE', `/api/v1/workspaces/${enc(slug)}/community/groups/${enc(chatId)}/members/${enc(memberId)}/check-in-link`),
  sendCheckInLink: (slug, chatId, memberId) =>
    request('POST', `/api/v1/workspaces/${enc(slug)}/community/groups/${enc(chatId)}/members/${enc(memberId)}/check-in-link/send`),
  groupStatistics: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/community/statistics`),
  pullGroupStatistics: (slug, day) =>
    request('POST', `/api/v1/workspaces/${enc(slug)}/community/statistics/pull`, { day }),

  // staff tasks: filters { assignee, status, kind, chatId, before, limit }
  tasks: (slug, filter = {}) => {
    const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined && v !== null && v !== ''))
    return request('GET', `/api/v1/workspaces/${enc(slug)}/tasks?${query}`)
  },
  completeTask: (slug, id, note) => request('POST', `/api/v1/workspaces/${enc(slug)}/tasks/${enc(id)}/complete`, { note }),
  dismissTask: (slug, id, note) => request('POST', `/api/v1/workspaces/${enc(slug)}/tasks/${enc(id)}/dismiss`, { note }),
  /** docs/metrics.md figures of [from, to) (ISO dates, workspace days) → { gmvFen, buyers, aovFen, adds, … } */
  figures: (slug, from, to) =>
    request('GET', `/api/v1/workspaces/${enc(slug)}/figures?${new URLSearchParams({ from, to })}`),
  /** → { stages: { new_fan: n, … }, loyalty: { loyal: n, … } } */
  figureDistribution: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/figures/distribution`),
  /** The demo world's state (404 when Moat runs without the demo) */
  demo: () => request('GET', '/api/v1/demo'),
  channels: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/channels`),
  createChannel: (slug, body) => request('POST', `/api/v1/workspaces/${enc(slug)}/channels`, body),
  updateChannel: (slug, id, body) => request('PUT', `/api/v1/workspaces/${enc(slug)}/channels/${enc(id)}`, body),
  deleteChannel: (slug, id) => request('DELETE', `/api/v1/workspaces/${enc(slug)}/channels/${enc(id)}`),
  setChannelStaffOnline: (slug, id, staff, online) =>
    request('PUT', `/api/v1/workspaces/${enc(slug)}/channels/${enc(id)}/staff/${enc(staff)}/online`, { online }),
  welcomePreview: (slug, id, { staffUserId, time } = {}) => {
    const query = new URLSearchParams()
    if (staffUserId) query.set('staffUserId', staffUserId)
    if (time) query.set('time', time)
    return request('GET', `/api/v1/workspaces/${enc(slug)}/channels/${enc(id)}/welcome-preview?${query}`)
  },
  channelQr: (slug, id, format = 'png') =>
    open(`/api/v1/workspaces/${enc(slug)}/channels/${enc(id)}/qr.${format}`, { accept: format === 'png' ? 'image/png' : 'image/svg+xml' }),
  channelSheet: (slug, id) => open(`/api/v1/workspaces/${enc(slug)}/channels/${enc(id)}/sheet`, { accept: 'text/html' }),
  channelStats: (slug, id, from, to) =>
    request('GET', `/api/v1/workspaces/${enc(slug)}/channels/${enc(id)}/stats?from=${enc(from)}&to=${enc(to)}`),
  /** The Response of a channel's figures as a file (format csv | xlsx); read it as a Blob. */
  exportChannelStats: (slug, id, from, to, format) =>
    open(`/api/v1/workspaces/${enc(slug)}/channels/${enc(id)}/stats/export?from=${enc(from)}&to=${enc(to)}&format=${enc(format)}`),
  channelBatches: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/channel-batches`),
  createChannelBatch: (slug, body) => request('POST', `/api/v1/workspaces/${enc(slug)}/channel-batches`, body),
  channelBatchFunnel: (slug, id) => request('GET', `/api/v1/workspaces/${enc(slug)}/channel-batches/${enc(id)}/funnel`),

  // journeys: list, templates, drafts, check (with an estimate), publish, pause/resume, funnel, action log
  journeys: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/journeys`),
  journeyTemplates: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/journeys/templates`),
  journey: (slug, id) => request('GET', `/api/v1/workspaces/${enc(slug)}/journeys/${enc(id)}`),
  /** body: { name, definition } or { name, template } */
  createJourney: (slug, body) => request('POST', `/api/v1/workspaces/${enc(slug)}/journeys`, body),
  saveJourney: (slug, id, body) => request('PUT', `/api/v1/workspaces/${enc(slug)}/journeys/${enc(id)}`, body),
  checkJourney: (slug, definition) =>
    request('POST', `/api/v1/workspaces/${enc(slug)}/journeys/check`, { definition }),
  journeyAction: (slug, id, action) =>
    request('POST', `/api/v1/workspaces/${enc(slug)}/journeys/${enc(id)}/${action}`, {}),
  journeyFunnel: (slug, id, version) =>
    request('GET', `/api/v1/workspaces/${enc(slug)}/journeys/${enc(id)}/funnel${version ? `?version=${version}` : ''}`),
  journeyActions: (slug, id) => request('GET', `/api/v1/workspaces/${enc(slug)}/journeys/${enc(id)}/actions?limit=100`),

  // audiences: live preview and explanation of a condition ({ v: 1, … }), saved segments with members, overlap, export
  previewAudience: (slug, condition, sample = 10) =>
    request('POST', `/api/v1/workspaces/${enc(slug)}/audiences/preview`, { condition, sample }),
  explainAudience: (slug, condition, customerId) =>
    request('POST', `/api/v1/workspaces/${enc(slug)}/audiences/explain`, { condition, customerId }),
  segments: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/segments`),
  segment: (slug, id) => request('GET', `/api/v1/workspaces/${enc(slug)}/segments/${enc(id)}`),
  /** body: { name, description?, condition } */
  createSegment: (slug, body) => request('POST', `/api/v1/workspaces/${enc(slug)}/segments`, body),
  saveSegment: (slug, id, body) => request('PUT', `/api/v1/workspaces/${enc(slug)}/segments/${enc(id)}`, body),
  deleteSegment: (slug, id) => request('DELETE', `/api/v1/workspaces/${enc(slug)}/segments/${enc(id)}`),
  segmentMembers: (slug, id, { after, limit = 50 } = {}) => {
    const query = new URLSearchParams({ limit: String(limit) })
    if (after != null) query.set('after', String(after))
    return request('GET', `/api/v1/workspaces/${enc(slug)}/segments/${enc(id)}/members?${query}`)
  },
  segmentOverlap: (slug, a, b) =>
    request('GET', `/api/v1/workspaces/${enc(slug)}/segments/overlap?${new URLSearchParams({ a: String(a), b: String(b) })}`),
  /** The Response of a segment's member export (format csv | xlsx); read it as a Blob. */
  exportSegment: (slug, id, format = 'csv') =>
    open(`/api/v1/workspaces/${enc(slug)}/segments/${enc(id)}/export?format=${enc(format)}`),
  // overview operations cards: sends by final state and reason over [from, to), staff tasks waiting now
  operationsFigures: (slug, from, to) =>
    request('GET', `/api/v1/workspaces/${enc(slug)}/analytics/operations?${new URLSearchParams({ from, to })}`),
  // group SOP calendars (one per group type), broadcasts to an audience, Moments plans per staff member
  sopCalendars: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/sop-calendars`),
  /** body: { name, active, slots: [{ key?, weekday? (1–7), time 'HH:mm', title, text }] } */
  saveSopCalendar: (slug, type, body) => request('PUT', `/api/v1/workspaces/${enc(slug)}/sop-calendars/${enc(type)}`, body),
  sopPosts: (slug, type, days = 7) =>
    request('GET', `/api/v1/workspaces/${enc(slug)}/sop-calendars/${enc(type)}/posts?days=${days}`),
  broadcasts: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/broadcasts`),
  broadcast: (slug, id) => request('GET', `/api/v1/workspaces/${enc(slug)}/broadcasts/${enc(id)}`),
  previewBroadcast: (slug, condition) => request('POST', `/api/v1/workspaces/${enc(slug)}/broadcasts/preview`, { condition }),
  /** body: { name, condition, text, sendAt } */
  createBroadcast: (slug, body) => request('POST', `/api/v1/workspaces/${enc(slug)}/broadcasts`, body),
  cancelBroadcast: (slug, id) => request('POST', `/api/v1/workspaces/${enc(slug)}/broadcasts/${enc(id)}/cancel`, {}),
  momentPlans: (slug) => request('GET', `/api/v1/workspaces/${enc(slug)}/moment-plans`),
  /** body: { staffUserId, tagIds?, postAt } → { reach, overCap, dailyCap } */
  previewMomentPlan: (slug, body) => request('POST', `/api/v1/workspaces/${enc(slug)}/moment-plans/preview`, body),
  /** body: { staffUserId, text, tagIds?, postAt } */
  createMomentPlan: (slug, body) => request('POST', `/api/v1/workspaces/${enc(slug)}/moment-plans`, body),
  cancelMomentPlan: (slug, id) => request('POST', `/api/v1/workspaces/${enc(slug)}/moment-plans/${enc(id)}/cancel`, {}),
}
