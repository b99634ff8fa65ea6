// A newcomer's first five minutes on the demo world: sign in, land on the demo workspace's overview with its
// figures, hover a figure for its definition, follow a lifecycle stage to its customers, open a customer's profile.
// Each page is a step with a screenshot; later pages (a channel funnel, a group, a journey's funnel, the send log)
// are added as further steps in PAGES below once their modules ship.
//
//   MOAT_URL=http://127.0.0.1:8080 MOAT_ADMIN_PASSWORD=... MOAT_DEMO_SLUG=demo-snacks \
//     SCREENSHOT_DIR=/tmp/shots npm run e2e:firstfive
//
// Screenshots: firstfive-1-login.png, firstfive-2-overview.png, firstfive-3-customers.png,
// firstfive-4-profile.png (failure.png on a failed step). Exit code 0 when every step passes, 1 otherwise.
import {
  TIMEOUT,
  baseUrl,
  password,
  launchBrowser,
  assert,
  step,
  screenshot,
  textOf,
  signIn,
  expectNoPageErrors,
  runMain,
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
]

async function main() {
  assert(password, 'MOAT_ADMIN_PASSWORD is not set')
  const browser = await launchBrowser()
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  context.setDefaultTimeout(TIMEOUT)
  const page = await context.newPage()
  const pageErrors = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
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
