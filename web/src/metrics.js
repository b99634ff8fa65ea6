// Definitions of the figures the console shows, read from docs/metrics.md at build time, so a tooltip says exactly
// what the written definition says (and changes with it). Keys are the first column of the document's tables.
import text from '../../docs/metrics.md?raw'

function tableRows(markdown) {
  const rows = new Map()
  for (const line of markdown.split('\n')) {
    const cells = line.trim().match(/^\|(.+)\|$/)
    if (!cells) continue
    const parts = cells[1].split('|').map((c) => c.trim())
    if (parts.length < 2 || /^-+$/.test(parts[0]) || parts[0] === 'figure' || parts[0] === 'stage') continue
    rows.set(parts[0].replace(/\*\*/g, '').toLowerCase(), parts.slice(1).join(' | ').replace(/\*/g, ''))
  }
  return rows
}

const ROWS = tableRows(text)

// The console's figure keys → the document's row names.
const NAMES = {
  gmv: 'private-domain gmv',
  buyers: 'buyers',
  aov: 'aov (客单价)',
  newBuyers: 'new buyers',
  returningBuyers: 'returning buyers',
  repurchase: 'repurchase rate (n days)',
  adds: 'adds / deletions',
  deletions: 'adds / deletions',
  netGrowth: 'net growth',
  distribution: 'lifecycle / loyalty distribution',
  not_computed: 'lifecycle / loyalty distribution',
  prospect: 'prospect',
  new_fan: 'new fan',
  first_order: 'first order',
  repeat_buyer: 'repeat buyer',
  active: 'active',
  dormant: 'dormant',
  lost: 'lost',
  loyal: 'loyal (忠实型)',
  bargain_hunter: 'bargain hunter (羊毛型)',
  need_driven: 'need-driven (需求型)',
  low_need: 'low-need (低需求)',
  unclassified: 'unclassified',
  activeGroups: 'active groups',
  groupInteraction: 'group interaction rate',
  sends: 'sends by final state',
  tasksWaiting: 'tasks waiting for staff',
  topChannels: 'top channels by roi',
}

/** The written definition of a figure, or '' when docs/metrics.md has none (a test checks every key has one). */
export function definitionOf(key) {
  return ROWS.get(NAMES[key] || key) || ''
}

export const DEFINED_KEYS = Object.keys(NAMES)
