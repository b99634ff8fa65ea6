// Hand-computed fixtures for the overview's summed figures (docs/metrics.md, "Overview: operations").
// Run: node --test web/src/overview/operations.test.mjs
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { groupActivity, topChannelsByRoi } from './operations.js'

test('active groups and interaction rate', () => {
  // A: 2 of 10 speak; B: 0 of 5; C: 3 of 5; D dismissed (4 of 4, not counted); E: no figures (no members yet)
  const groups = [
    { chatId: 'A', figures: { speakers: 2, members: 10 } },
    { chatId: 'B', figures: { speakers: 0, members: 5 } },
    { chatId: 'C', figures: { speakers: 3, members: 5 } },
    { chatId: 'D', dismissedAt: '2026-11-20T00:00:00Z', figures: { speakers: 4, members: 4 } },
    { chatId: 'E', figures: null },
  ]
  // active A, C = 2 of the 4 live groups; rate (2 + 0 + 3) ÷ (10 + 5 + 5) = 5 / 20 = 0.25
  assert.deepEqual(groupActivity(groups), { active: 2, total: 4, interactionRate: 0.25 })
})

test('no members: no interaction rate', () => {
  assert.deepEqual(groupActivity([{ figures: { speakers: 0, members: 0 } }]), { active: 0, total: 1, interactionRate: null })
  assert.deepEqual(groupActivity([]), { active: 0, total: 0, interactionRate: null })
})

test('top channels by ROI, channels without cost after them by GMV', () => {
  const rows = [
    { id: 1, name: 'card', totals: { roi: 2.5, gmvFen: 500 } },
    { id: 2, name: 'live', totals: { roi: 4.0, gmvFen: 100 } },
    { id: 3, name: 'free-a', totals: { roi: null, gmvFen: 900 } },
    { id: 4, name: 'sms', totals: { roi: 0.5, gmvFen: 50 } },
    { id: 5, name: 'free-b', totals: { roi: null, gmvFen: 950 } },
  ]
  // ROI 4.0 (live), 2.5 (card), 0.5 (sms), then no-cost free-b (950), free-a (900): the first three
  assert.deepEqual(topChannelsByRoi(rows).map((r) => r.name), ['live', 'card', 'sms'])
  assert.deepEqual(topChannelsByRoi(rows, 5).map((r) => r.name), ['live', 'card', 'sms', 'free-b', 'free-a'])
})
