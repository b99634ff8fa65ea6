// The overview's operations figures that the console sums from the modules' own figures (docs/metrics.md,
// "Overview: operations"). Pure functions, so the definitions are tested against hand-computed fixtures
// (operations.test.mjs, run by OverviewOperationsTests).

/**
 * Active groups and the workspace's group interaction rate from the community module's groups with their figures
 * for the period: active = groups (not dismissed) with at least one speaker; rate = Σ speakers ÷ Σ members at the
 * end of the period over those groups, null when no group has members.
 */
export function groupActivity(groups) {
  const live = (groups || []).filter((g) => !g.dismissedAt)
  let speakers = 0
  let members = 0
  let active = 0
  for (const g of live) {
    const f = g.figures || {}
    speakers += f.speakers || 0
    members += f.members || 0
    if ((f.speakers || 0) > 0) active++
  }
  return { active, total: live.length, interactionRate: members > 0 ? speakers / members : null }
}

/**
 * The channel codes with the highest ROI over the period, best first, at most `n`; channels without a ROI (no cost)
 * after them by attributed GMV. `rows` are `{ id, name, totals }` with the acquisition module's period totals.
 */
export function topChannelsByRoi(rows, n = 3) {
  return [...(rows || [])]
    .sort((a, b) => {
      const ra = a.totals?.roi
      const rb = b.totals?.roi
      if (ra != null && rb != null && ra !== rb) return rb - ra
      if ((ra == null) !== (rb == null)) return ra == null ? 1 : -1
      return (b.totals?.gmvFen || 0) - (a.totals?.gmvFen || 0) || a.id - b.id
    })
    .slice(0, n)
}
