import { useI18n } from 'vue-i18n'
import { api } from '../api'

// Codes of the Commerce pages (platforms, order statuses, import sources, identities) shown in the current
// language; an unknown code is shown as it is.

export const PLATFORMS = ['taobao', 'tmall', 'jd', 'douyin', 'youzan', 'pdd', 'other']
export const IMPORT_SOURCES = ['taobao', 'tmall', 'jd', 'douyin', 'youzan', 'generic']
export const MATCH_IDENTITIES = ['unionid', 'openid', 'phone_hash', 'buyer']

const STATUS_TAG = {
  unpaid: 'info',
  paid: 'primary',
  shipped: 'warning',
  finished: 'success',
  partially_refunded: 'warning',
  refunded: 'danger',
  closed: 'info',
}
const IMPORT_STATUS_TAG = { running: 'primary', completed: 'success', failed: 'danger' }

export function useCommerceLabels() {
  const { t, te } = useI18n()
  const known = (key, fallback) => (te(key) ? t(key) : fallback)
  return {
    platform: (code) => (code ? known(`commerce.platforms.${code}`, code) : '—'),
    status: (code) => (code ? known(`commerce.statuses.${code}`, code) : '—'),
    statusType: (code) => STATUS_TAG[code] || 'info',
    source: (code) => (code ? known(`commerce.imports.sources.${code}.name`, code) : '—'),
    importStatus: (code) => (code ? known(`commerce.imports.statuses.${code}`, code) : '—'),
    importStatusType: (code) => IMPORT_STATUS_TAG[code] || 'info',
    identity: (kind) => known(`commerce.matching.identities.${kind}.name`, kind),
  }
}

// ---- the generic source's header mapping (mirrors HeaderMapping.Field on the server) ----

/** The order fields a mapping may name, grouped for the form, each with the header names it is guessed from. */
export const MAPPING_GROUPS = [
  {
    key: 'order',
    fields: [
      { key: 'orderNo', synonyms: ['订单号', '订单编号', '单号', '主订单编号', 'order_no', 'orderNo', 'tid'] },
      { key: 'createdAt', synonyms: ['下单时间', '创建时间', '订单创建时间', '订单提交时间', 'created_at', 'created'] },
      { key: 'paidAt', synonyms: ['付款时间', '支付时间', '订单付款时间', '支付完成时间', '买家付款时间', 'paid_at', 'pay_time'] },
      { key: 'status', synonyms: ['订单状态', '状态', '交易状态', 'status'] },
      { key: 'shippedAt', synonyms: ['发货时间', 'shipped_at'] },
      { key: 'finishedAt', synonyms: ['完成时间', '成交时间', '交易成功时间', 'finished_at'] },
    ],
  },
  {
    key: 'money',
    fields: [
      { key: 'paid', synonyms: ['实付金额', '支付金额', '实收金额', '买家实际支付金额', '订单实付金额', 'paid', 'payment'] },
      { key: 'total', synonyms: ['订单金额', '总金额', '应付金额', '订单应付金额', 'total'] },
      { key: 'postFee', synonyms: ['运费', '邮费', 'post_fee'] },
      { key: 'refunded', synonyms: ['退款金额', '已退款金额', 'refunded'] },
    ],
  },
  {
    key: 'buyer',
    fields: [
      { key: 'phone', synonyms: ['手机号', '手机', '联系手机', '联系电话', '收货人手机号', '收件人手机号', 'phone', 'mobile'] },
      { key: 'unionid', synonyms: ['unionid', 'UnionID'] },
      { key: 'openid', synonyms: ['openid', 'OpenID', '微信OpenID'] },
      { key: 'buyerOpenId', synonyms: ['买家ID', '买家open_id', 'buyer_open_id'] },
      { key: 'buyerNick', synonyms: ['买家昵称', '买家会员名', '昵称', 'buyer_nick'] },
      { key: 'province', synonyms: ['省', '省份', '收货人省份', 'province'] },
      { key: 'city', synonyms: ['市', '城市', '收货人城市', 'city'] },
      { key: 'address', synonyms: ['收货地址', '地址', '详细地址', 'address'] },
    ],
  },
  {
    key: 'items',
    fields: [
      { key: 'title', synonyms: ['商品名称', '商品', '宝贝标题', 'title'] },
      { key: 'sku', synonyms: ['SKU', 'sku', '商品编码', '商家编码', '规格编码'] },
      { key: 'quantity', synonyms: ['数量', '商品数量', '购买数量', 'quantity'] },
      { key: 'unitPrice', synonyms: ['单价', '商品单价', 'unit_price'] },
      { key: 'lineAmount', synonyms: ['小计', '商品金额', '商品实付金额', 'line_amount'] },
    ],
  },
]
export const MAPPING_FIELDS = MAPPING_GROUPS.flatMap((g) => g.fields)
export const REQUIRED_MAPPING_FIELDS = ['orderNo', 'createdAt']

/** A first mapping from the header's own names, as the server guesses it. */
export function guessMapping(header) {
  const mapping = {}
  for (const field of MAPPING_FIELDS) {
    const column = field.synonyms.find((name) => header.includes(name))
    if (column) mapping[field.key] = column
  }
  return mapping
}

/**
 * What the form can tell before sending: field → message key, for required fields left empty. The server checks
 * the rest (columns that are not in the file) and answers with `mapping.<field>` errors.
 */
export function mappingGaps(mapping) {
  const gaps = {}
  for (const key of REQUIRED_MAPPING_FIELDS) if (!mapping[key]) gaps[key] = 'required'
  if (!mapping.paid && !mapping.total) gaps.paid = 'paidOrTotal'
  return gaps
}

/** The mapping without empty entries, as the API takes it. */
export function cleanMapping(mapping) {
  return Object.fromEntries(Object.entries(mapping).filter(([, column]) => column && String(column).trim()))
}

/** The column names a `mapping-required` / `invalid-mapping` problem lists in its detail ("…columns: a, b, c."). */
export function columnsFromDetail(detail) {
  const match = /columns:\s*(.*?)\.?\s*$/s.exec(String(detail || ''))
  if (!match) return []
  return [...new Set(match[1].split(', ').map((c) => c.trim()).filter(Boolean))]
}

// ---- reading the chosen file's header in the browser ----

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024
const HEADER_PROBE_BYTES = 256 * 1024

/** A workbook (xlsx, a zip) rather than delimited text. */
export async function isWorkbook(file) {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer())
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04
}

/** Decodes the start of a text export as the server does: BOM, else strict UTF-8, else GB18030 (GBK). */
function decodeStart(bytes) {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(bytes.subarray(3), { stream: true })
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2), { stream: true })
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2), { stream: true })
  try {
    // stream: a character cut at the end of the probe is not an error
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true })
  } catch {
    return new TextDecoder('gb18030').decode(bytes, { stream: true })
  }
}

/** One cell as the server cleans it: outer spaces of any kind, ="…" and a leading apostrophe before digits. */
export function cleanCell(raw) {
  let text = String(raw).replace(/^[\s\u3000\u00a0\ufeff\u200b]+|[\s\u3000\u00a0\ufeff\u200b]+$/g, '')
  if (text.length >= 3 && text.startsWith('="') && text.endsWith('"')) {
    text = text.slice(2, -1).replace(/^[\s\u3000\u00a0\ufeff\u200b]+|[\s\u3000\u00a0\ufeff\u200b]+$/g, '')
  }
  if (text.length >= 2 && text[0] === "'" && /\d/.test(text[1])) text = text.slice(1)
  return text
}

/** The first record of delimited text (RFC 4180 quoting; tab-delimited when the first line has more tabs). */
export function firstRecord(text) {
  const firstLine = text.split('\n', 1)[0]
  const tabs = (firstLine.match(/\t/g) || []).length
  const commas = (firstLine.match(/,/g) || []).length
  const delimiter = tabs > commas ? '\t' : ','
  const cells = []
  let cell = ''
  let quoted = false
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (c === '"' && cell === '' && !quoted) {
      quoted = true
      i++
      while (i < text.length) {
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            cell += '"'
            i += 2
            continue
          }
          i++
          break
        }
        cell += text[i++]
      }
    } else if (c === delimiter) {
      cells.push(cell)
      cell = ''
      quoted = false
      i++
    } else if (c === '\r' || c === '\n') {
      cells.push(cell)
      if (cells.some((v) => v.trim())) return cells
      cells.length = 0
      cell = ''
      quoted = false
      i++
    } else {
      cell += c
      i++
    }
  }
  cells.push(cell)
  return cells
}

/** The header (column names) of a CSV/TSV export, or null for a workbook or an unreadable file. */
export async function readCsvHeader(file) {
  if (await isWorkbook(file)) return null
  const bytes = new Uint8Array(await file.slice(0, HEADER_PROBE_BYTES).arrayBuffer())
  const header = firstRecord(decodeStart(bytes)).map(cleanCell)
  const names = [...new Set(header.filter(Boolean))]
  return names.length ? names : null
}

// ---- following an import ----

/**
 * Parses server-sent events from a fetch() body: calls `onEvent({ event, data })` per event. Resolves when the
 * stream ends. (EventSource cannot send the bearer token, so the console reads the stream itself.)
 */
export async function readEventStream(body, onEvent) {
  const reader = body.getReader()
  const decoder = new TextDecoder('utf-8')
  let buffer = ''
  const dispatch = (block) => {
    let event = 'message'
    const data = []
    for (const line of block.split('\n')) {
      if (!line || line.startsWith(':')) continue
      const colon = line.indexOf(':')
      const name = colon < 0 ? line : line.slice(0, colon)
      let value = colon < 0 ? '' : line.slice(colon + 1)
      if (value.startsWith(' ')) value = value.slice(1)
      if (name === 'event') event = value
      else if (name === 'data') data.push(value)
    }
    if (data.length) onEvent({ event, data: data.join('\n') })
  }
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n')
    let end
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      dispatch(buffer.slice(0, end))
      buffer = buffer.slice(end + 2)
    }
  }
  buffer += decoder.decode()
  if (buffer.trim()) dispatch(buffer)
}

const POLL_MS = 1000

const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(timer)
      resolve()
    }, { once: true })
  })

/**
 * Follows a running import until it has finished: its progress events (GET …/imports/{id}/events, read with
 * fetch so the bearer token goes along), else — when the stream cannot be opened or breaks off — GET
 * …/imports/{id} every second. `onProgress` gets each { status, rowsRead, imported, updated, duplicates, rejected };
 * `onMode` is told 'stream' or 'polling'. Resolves with the last progress, or null once `signal` aborts.
 */
export async function followImport(slug, id, { onProgress, onMode, signal } = {}) {
  let last = null
  const seen = (progress) => {
    last = progress
    onProgress?.(progress)
  }
  try {
    const response = await api.importEvents(slug, id, { signal })
    if (!response.body) throw new Error('no stream')
    onMode?.('stream')
    await readEventStream(response.body, ({ event, data }) => {
      if (event !== 'progress' && event !== 'message') return
      try {
        seen(JSON.parse(data))
      } catch {
        // not a progress payload: ignore it
      }
    })
  } catch (e) {
    if (signal?.aborted) return null
    // a 404 means there is no such import: polling would say the same, so say it now
    if (e?.status === 404) throw e
  }
  if (signal?.aborted) return null
  if (last && last.status && last.status !== 'running') return last
  onMode?.('polling')
  let failures = 0
  for (;;) {
    if (signal?.aborted) return null
    try {
      const job = await api.orderImport(slug, id)
      failures = 0
      seen(job)
      if (job.status !== 'running') return job
    } catch (e) {
      if (e?.status === 404 || e?.status === 403 || ++failures >= 30) throw e
    }
    await sleep(POLL_MS, signal)
  }
}

/** Saves the import's rejected rows (a CSV the API only gives with the bearer token) through a Blob link. */
export async function downloadRejectedRows(slug, id) {
  const response = await api.importRejectedRows(slug, id)
  const blob = await response.blob()
  const disposition = response.headers.get('Content-Disposition') || ''
  const named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)
  const name = named ? decodeURIComponent(named[1]) : `import-${id}-rejected.csv`
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
