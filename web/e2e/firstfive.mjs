// A newcomer's first five minutes on the demo world: sign in, land on the demo workspace's overview with its
// figures, hover a figure for its definition, follow a lifecycle stage to its customers, open a customer's profile,
// then the package card's batch funnel, the busiest group, the new-fan journey's funnel and the send log. Each page
// is a step with a screenshot.
//
//   MOAT_URL=http://127.0.0.1:8080 MOAT_ADMIN_PASSWORD=... MOAT_DEMO_SLUG=demo-snacks \
//     SCREENSHOT_DIR=/tmp/shots npm run e2e:firstfive
//
// Screenshots: firstfive-1-login.png, firstfive-2-overview.png, firstfive-3-customers.png,
// firstfive-4-profile.png, firstfive-5-channel-funnel.png, firstfive-6-group.png, firstfive-7-journey-funnel.png,
// firstfive-8-send-log.png (failure.png on a failed step). Exit code 0 when every step passes, 1 otherwise.
import {
  TIMEOUT,
  baseUrl,
  password,
  assert,
  step,
  screenshot,
  textOf,
  signIn,
  expectNoPageErrors,
  runMain,
  openConsole,
  apiGet,
} from './support.mjs'

const slug = process.env.MOAT_DEMO_SLUG || 'demo-snacks'
const ws = encodeURIComponent(slug)

/** The pages of the walk, in order: each opens its page from where the previous one left off and checks it. */
const PAGES = [
  {
    name: 'sign in and land on the demo workspace',
    shot: 'firstfive-1-login.png',
    async run(page) {
      await page.goto(`${baseUrl}/login`, { waitUntil: 'domcontentloaded' })
      await page.getByTestId('login-username').waitFor()
      await screenshot(page, this.shot)
      await signIn(page)
      await page.goto(`${baseUrl}/w/${ws}`, { waitUntil: 'domcontentloaded' })
      await page.getByTestId('overview').waitFor()
    },
  },
  {
    name: 'the overview shows the figures of the last 30 days, with definitions and the trend',
    shot: 'firstfive-2-overview.png',
    async run(page) {
      await page.getByTestId('demo-banner').waitFor()
      const state = await page.getByTestId('demo-banner').getAttribute('data-state')
      assert(state === 'alive', `the demo banner says "${state}", not alive`)
      await page.getByTestId('overview-period').getByText('近 30 天').click()
      await page.locator('[data-testid="overview-figures"][data-period="month"]').waitFor()
      const adds = page.getByTestId('figure-adds').getByTestId('figure-value')
      await adds.waitFor()
      const deadline = Date.now() + TIMEOUT
      let value = await textOf(adds)
      while (!(Number(value.replace(/[^0-9]/g, '')) > 0) && Date.now() < deadline) {
        await page.waitForTimeout(300)
        value = await textOf(adds)
      }
      assert(Number(value.replace(/[^0-9]/g, '')) > 0, `adds in the last 30 days show "${value}"`)
      const gmv = await textOf(page.getByTestId('figure-gmv').getByTestId('figure-value'))
      assert(/[1-9]/.test(gmv), `private-domain GMV shows "${gmv}"`)
      console.log(`     (30 days: adds ${value}, GMV ${gmv})`)
      await page.getByTestId('overview-trend').locator('canvas').waitFor()
      await page.getByTestId('figure-gmv').hover()
      const definition = await textOf(page.getByTestId('definition-gmv'))
      assert(definition.includes('private-domain orders'), `the GMV tooltip says "${definition}"`)
      for (const card of ['groups', 'sends', 'tasks', 'channels']) {
        await page.getByTestId(`capability-${card}`).waitFor()
      }
      // the operations cards: 30 groups, the sends of the period with their final states, tasks, top channels
      const groups = page.getByTestId('figure-activeGroups').getByTestId('figure-value')
      await page.waitForFunction(
        () => /\/\s*30$/.test(document.querySelector('[data-testid="figure-activeGroups"] [data-testid="figure-value"]')?.textContent.trim() || ''),
      )
      const sends = await textOf(page.getByTestId('capability-sends').getByTestId('figure-value'))
      assert(/[1-9]/.test(sends), `sends of the last 30 days show "${sends}"`)
      await page.getByTestId('capability-sends').locator('[data-testid^="sends-skipped-"]').first().waitFor()
      await page.getByTestId('figure-tasksWaiting').getByTestId('figure-value').waitFor()
      await page.getByTestId('top-channel-1').waitFor()
      await page.getByTestId('figure-groupInteraction').hover()
      const groupDefinition = await textOf(page.getByTestId('definition-groupInteraction'))
      assert(groupDefinition.includes('speakers'), `the interaction tooltip says "${groupDefinition}"`)
      console.log(`     (groups ${await textOf(groups)}, sends ${sends}, top channel ${await textOf(page.getByTestId('top-channel-1'))})`)
      await screenshot(page, this.shot)
    },
  },
  {
    name: 'a lifecycle stage leads to its customers',
    shot: 'firstfive-3-customers.png',
    async run(page) {
      // a stage of fans who bought, so the profile behind it has staff relations and computed values
      await page.getByTestId('overview-lifecycle').locator('[data-testid^="stage-"]').first().waitFor()
      let chosen = null
      for (const code of ['repeat_buyer', 'active', 'first_order']) {
        const row = page.getByTestId(`stage-${code}`)
        if (await row.count()) {
          chosen = row
          break
        }
      }
      assert(chosen, 'no buying stage (repeat buyer, active, first order) on the overview')
      const stage = (await chosen.getAttribute('data-testid')).slice('stage-'.length)
      await chosen.click()
      await page.waitForURL((url) => url.pathname.endsWith('/customers') && url.searchParams.get('stage') === stage)
      const rows = page.getByTestId('customers-table').locator('tbody tr')
      await rows.first().locator('[data-testid^="customer-row-"]').waitFor()
      console.log(`     (stage ${stage}: ${await rows.count()} rows on the first page)`)
      await screenshot(page, this.shot)
    },
  },
  {
    name: 'a customer profile with staff relations, value and timeline',
    shot: 'firstfive-4-profile.png',
    async run(page) {
      // narrow the stage to one staff member's customers (fans; marketplace-only buyers have no staff) and open
      // the newest
      const stage = new URL(page.url()).searchParams.get('stage')
      await page.getByTestId('customers-staff-filter').click()
      const options = page.locator('[data-testid^="customers-staff-option-"]')
      await options.first().waitFor()
      const ids = []
      for (let i = 0; i < (await options.count()); i++) {
        ids.push((await options.nth(i).getAttribute('data-testid')).slice('customers-staff-option-'.length))
      }
      let staff = null
      for (const id of ids) {
        const found = await page.evaluate(async (p) => {
          const r = await fetch(p, { headers: { Authorization: `Bearer ${sessionStorage.getItem('moat.token')}` } })
          return (await r.json()).items.length
        }, `/api/v1/workspaces/${ws}/customers?limit=1&stage=${stage}&staff=${encodeURIComponent(id)}`)
        if (found) {
          staff = id
          break
        }
      }
      assert(staff, `no staff member has a customer in stage ${stage}`)
      await page.getByTestId(`customers-staff-option-${staff}`).click()
      await page.waitForURL((url) => url.searchParams.get('staff') === staff)
      const rows = page.getByTestId('customers-table').locator('tbody tr')
      await page.waitForFunction(
        () => !document.querySelector('[data-testid="customers-table"] .el-loading-mask:not([style*="display: none"])'),
      )
      await rows.first().locator('[data-testid^="customer-row-"]').click()
      await page.waitForURL(/\/customers\/\d+$/)
      await page.getByTestId('customer-name').waitFor()
      await page.getByTestId('customer-relations').locator('[data-testid^="customer-relation-"]').first().waitFor()
      await page.getByTestId('customer-value').getByTestId('customer-value-stage').waitFor()
      await page.getByTestId('customer-timeline').waitFor()
      console.log(`     (${await textOf(page.getByTestId('customer-name'))})`)
      await screenshot(page, this.shot)
    },
  },
  {
    name: 'a channel funnel: the package card batches from scans to repurchase',
    shot: 'firstfive-5-channel-funnel.png',
    async run(page) {
      await page.getByTestId('nav-acquisition').click()
      await page.waitForURL((url) => url.pathname.endsWith('/acquisition'))
      await page.getByTestId('channels-panel').waitFor()
      await page.getByTestId('acquisition-tab-batches').click()
      await page.waitForURL((url) => url.searchParams.get('tab') === 'batches')
      const funnels = page.getByTestId('batches-panel').locator('.funnel')
      await funnels.first().waitFor()
      const batches = await funnels.count()
      assert(batches >= 3, `${batches} package-card batches with a funnel`)
      // the current batch has the demo's visits: its scans are counted
      const current = await textOf(funnels.first())
      assert(/[1-9]/.test(current), `the current batch's funnel shows "${current}"`)
      console.log(`     (${batches} batches; current: ${current.replace(/\s+/g, ' ').slice(0, 120)})`)
      await screenshot(page, this.shot)
    },
  },
  {
    name: 'a group with its members, chat figures and trend',
    shot: 'firstfive-6-group.png',
    async run(page) {
      await page.getByTestId('nav-community').click()
      await page.waitForURL((url) => url.pathname.endsWith('/community'))
      const rows = page.getByTestId('community-groups').locator('tbody tr')
      await rows.first().waitFor()
      const groups = await rows.count()
      assert(groups >= 30, `${groups} groups listed`)
      // the group with the most messages this week, from the API the page reads
      const listed = await apiGet(page, `/api/v1/workspaces/${ws}/community/groups?days=7`)
      const busiest = [...listed.items].sort((a, b) => (b.figures?.messages || 0) - (a.figures?.messages || 0))[0]
      assert(busiest.type, `the group ${busiest.name} has no type`)
      await rows.filter({ hasText: busiest.name }).first().click()
      await page.waitForURL(/\/community\/groups\//)
      await page.getByTestId('group-name').waitFor()
      await page.getByTestId('group-trend').locator('canvas').first().waitFor()
      await page.getByTestId('group-members').locator('tbody tr').first().waitFor()
      console.log(`     (${busiest.name}: ${busiest.type}, ${busiest.figures?.messages || 0} messages in 7 days)`)
      await screenshot(page, this.shot)
    },
  },
  {
    name: "a journey's funnel: the new-fan journey, published from its template",
    shot: 'firstfive-7-journey-funnel.png',
    async run(page) {
      await page.getByTestId('nav-journeys').click()
      await page.waitForURL((url) => url.pathname.endsWith('/journeys'))
      const table = page.getByTestId('journey-table')
      await table.locator('tbody tr').first().waitFor()
      const journeys = await apiGet(page, `/api/v1/workspaces/${ws}/journeys`)
      assert(journeys.length >= 5, `${journeys.length} journeys`)
      const newFan = journeys.find((j) => j.template === 'new-fan')
      assert(newFan && newFan.status === 'active', `the new-fan journey is ${newFan && newFan.status}`)
      await page.getByTestId(`journey-${newFan.id}`).click()
      await page.waitForURL(new RegExp(`/journeys/${newFan.id}$`))
      const funnel = page.getByTestId('journey-funnel')
      await funnel.locator('tbody tr').first().waitFor()
      const figures = await apiGet(page, `/api/v1/workspaces/${ws}/journeys/${newFan.id}/funnel`)
      const entered = Math.max(0, ...figures.steps.map((s) => s.entered))
      assert(entered > 0, `nobody entered the new-fan journey: ${JSON.stringify(figures).slice(0, 200)}`)
      await funnel.scrollIntoViewIfNeeded()
      console.log(`     (${newFan.name}: ${entered} entered its first step)`)
      await screenshot(page, this.shot)
    },
  },
  {
    name: 'the send log: every send with its final state and reason',
    shot: 'firstfive-8-send-log.png',
    async run(page) {
      await page.getByTestId('nav-sends').click()
      await page.waitForURL((url) => url.pathname.endsWith('/messaging/sends'))
      const rows = page.getByTestId('sends-table').locator('tbody tr')
      await rows.first().waitFor()
      const states = await page
        .getByTestId('sends-table')
        .locator('[data-testid^="send-state-"]')
        .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-state')))
      const counted = {}
      for (const state of states) counted[state] = (counted[state] || 0) + 1
      // the newest sends are the live adds' welcomes still on their way; the log holds settled ones further down
      const skipped = await apiGet(page, `/api/v1/workspaces/${ws}/sends?state=skipped&limit=5`)
      assert(skipped.sends.length > 0, 'the send log has no skipped send')
      assert(skipped.sends.every((s) => s.reason), `a skipped send without its reason: ${JSON.stringify(skipped.sends)}`)
      const reasons = await page
        .getByTestId('sends-table')
        .locator('[data-testid^="send-reason-"]')
        .evaluateAll((cells) => [...new Set(cells.map((c) => c.getAttribute('data-reason')))])
      console.log(`     (states on the first page: ${JSON.stringify(counted)}; reasons: ${reasons.join(', ')})`)
      await screenshot(page, this.shot)
    },
  },
]

async function main() {
  assert(password, 'MOAT_ADMIN_PASSWORD is not set')
  const { browser, page, pageErrors } = await openConsole()
  try {
    for (const p of PAGES) {
      await step(p.name, () => p.run(page))
    }
    await expectNoPageErrors(pageErrors)
  } catch (error) {
    await screenshot(page, 'failure.png').catch(() => {})
    throw error
  } finally {
    await browser.close()
  }
}

runMain('first five minutes', main)
