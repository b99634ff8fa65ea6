// The condition builder's model and the JSON form of the audience language (docs/audiences.md, version 1).
// A node is a group { type: 'group', op: 'all' | 'any', not, children } or a leaf { type: 'leaf', kind, not, params }.
// A leaf whose values are not filled in yet is left out of the JSON (and marked in the builder), so the live count
// follows what the operator has finished.

export const VERSION = 1

export const ENUMS = {
  gender: ['male', 'female', 'unknown'],
  stage: ['prospect', 'new_fan', 'first_order', 'repeat_buyer', 'active', 'dormant', 'lost'],
  loyalty: ['loyal', 'bargain_hunter', 'need_driven', 'low_need', 'unclassified'],
  rfmSegment: [
    'champions',
    'promising_big_spenders',
    'at_risk_loyalists',
    'cant_lose',
    'loyal_low_spenders',
    'new_or_occasional',
    'fading_regulars',
    'hibernating',
  ],
  role: ['traffic', 'hero', 'retention', 'trial', 'bundle'],
  activity: ['benefit-claimed', 'link-opened', 'campaign-joined'],
}

// every leaf kind, in the order the builder offers them
export const KINDS = [
  'tag',
  'gender',
  'stage',
  'loyalty',
  'rfmSegment',
  'region',
  'field',
  'rfm',
  'orders',
  'spend',
  'lastOrder',
  'bought',
  'added',
  'channel',
  'staff',
  'group',
  'activity',
  'consent',
]

let counter = 0
const nextId = () => `n${++counter}`

export function newGroup(op = 'all', children = []) {
  return { id: nextId(), type: 'group', op, not: false, children }
}

export function newLeaf(kind) {
  const defaults = {
    tag: { match: 'any', ids: [] },
    gender: { values: [] },
    stage: { values: [] },
    loyalty: { values: [] },
    rfmSegment: { values: [] },
    region: { values: [] },
    field: { key: '', mode: 'in', values: [], min: '', max: '' },
    rfm: { score: 'r', min: 4, max: 5 },
    orders: { min: 1, max: null },
    spend: { minYuan: null, maxYuan: null },
    lastOrder: { withinDays: 30 },
    added: { withinDays: 30 },
    bought: { by: 'sku', values: [], withinDays: 90 },
    channel: { touch: 'any', values: [] },
    staff: { values: [] },
    group: { values: [] },
    activity: { kind: 'benefit-claimed', ref: '', withinDays: 30 },
    consent: { value: 'granted' },
  }
  return { id: nextId(), type: 'leaf', kind, not: false, params: JSON.parse(JSON.stringify(defaults[kind])) }
}

const present = (v) => v !== null && v !== undefined && v !== ''
const fen = (yuan) => Math.round(Number(yuan) * 100)

/** The JSON body of a leaf, or null while it is incomplete. */
function leafJson(leaf) {
  const p = leaf.params
  switch (leaf.kind) {
    case 'tag':
      return p.ids.length ? { tag: { [p.match]: [...p.ids] } } : null
    case 'gender':
    case 'stage':
    case 'loyalty':
    case 'rfmSegment':
      return p.values.length ? { [leaf.kind]: [...p.values] } : null
    case 'region':
      return p.values.length ? { region: [...p.values] } : null
    case 'field':
      if (!p.key) return null
      if (p.mode === 'in') return p.values.length ? { field: { key: p.key, in: [...p.values] } } : null
      if (!present(p.min) && !present(p.max)) return null
      return {
        field: {
          key: p.key,
          ...(present(p.min) ? { min: String(p.min).trim() } : {}),
          ...(present(p.max) ? { max: String(p.max).trim() } : {}),
        },
      }
    case 'rfm':
      return { rfm: { score: p.score, min: p.min, max: p.max } }
    case 'orders':
      if (!present(p.min) && !present(p.max)) return null
      return { orders: { ...(present(p.min) ? { min: p.min } : {}), ...(present(p.max) ? { max: p.max } : {}) } }
    case 'spend':
      if (!present(p.minYuan) && !present(p.maxYuan)) return null
      return {
        spend: {
          ...(present(p.minYuan) ? { minFen: fen(p.minYuan) } : {}),
          ...(present(p.maxYuan) ? { maxFen: fen(p.maxYuan) } : {}),
        },
      }
    case 'lastOrder':
    case 'added':
      return present(p.withinDays) ? { [leaf.kind]: { withinDays: p.withinDays } } : null
    case 'bought':
      return p.values.length && present(p.withinDays)
        ? { bought: { [p.by]: [...p.values], withinDays: p.withinDays } }
        : null
    case 'channel':
      return p.values.length ? { channel: { touch: p.touch, any: [...p.values] } } : null
    case 'staff':
    case 'group':
      return p.values.length ? { [leaf.kind]: { any: [...p.values] } } : null
    case 'activity':
      return present(p.withinDays)
        ? { activity: { kind: p.kind, ...(p.ref?.trim() ? { ref: p.ref.trim() } : {}), withinDays: p.withinDays } }
        : null
    case 'consent':
      return { consent: p.value }
    default:
      return null
  }
}

export function complete(node) {
  return node.type === 'group' || leafJson(node) !== null
}

function nodeJson(node) {
  let body
  if (node.type === 'group') {
    body = { [node.op]: node.children.map(nodeJson).filter(Boolean) }
  } else {
    body = leafJson(node)
    if (!body) return null
  }
  return node.not ? { not: body } : body
}

/** The versioned JSON form of the whole tree. */
export function toJson(root) {
  return { v: VERSION, ...(nodeJson(root) || { all: [] }) }
}

/** Reads the JSON form back into builder nodes (a segment being edited). */
export function fromJson(json) {
  const { v, ...rest } = json || {}
  const node = read(rest)
  return node.type === 'group' ? node : newGroup('all', [node])
}

function read(json) {
  const [kind] = Object.keys(json)
  const body = json[kind]
  if (kind === 'not') {
    const inner = read(body)
    inner.not = !inner.not
    return inner
  }
  if (kind === 'all' || kind === 'any') return newGroup(kind, body.map(read))
  const leaf = newLeaf(kind)
  const p = leaf.params
  switch (kind) {
    case 'tag':
      p.match = Object.keys(body)[0]
      p.ids = [...body[p.match]]
      break
    case 'gender':
    case 'stage':
    case 'loyalty':
    case 'rfmSegment':
      p.values = [...body]
      break
    case 'region':
      p.values = [...body]
      break
    case 'field':
      p.key = body.key
      p.mode = body.in ? 'in' : 'range'
      p.values = [...(body.in || [])]
      p.min = body.min ?? ''
      p.max = body.max ?? ''
      break
    case 'rfm':
      Object.assign(p, body)
      break
    case 'orders':
      p.min = body.min ?? null
      p.max = body.max ?? null
      break
    case 'spend':
      p.minYuan = present(body.minFen) ? body.minFen / 100 : null
      p.maxYuan = present(body.maxFen) ? body.maxFen / 100 : null
      break
    case 'lastOrder':
    case 'added':
      p.withinDays = body.withinDays
      break
    case 'bought':
      p.by = ['sku', 'category', 'role'].find((k) => body[k]) || 'sku'
      p.values = [...(body[p.by] || [])]
      p.withinDays = body.withinDays
      break
    case 'channel':
      p.touch = body.touch || 'any'
      p.values = [...body.any]
      break
    case 'staff':
    case 'group':
      p.values = [...body.any]
      break
    case 'activity':
      p.kind = body.kind
      p.ref = body.ref || ''
      p.withinDays = body.withinDays
      break
    case 'consent':
      p.value = body
      break
  }
  return leaf
}
