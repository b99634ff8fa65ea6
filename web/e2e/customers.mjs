// Browser test of the Customers pages for one existing workspace that already has customers (added through
// WeCom): log in, open the customer list from the navigation, open the first (newest) customer, check its name and
// staff relations, add a note and see it in the notes and on the timeline. Uses the machine's Chromium (never
// downloads a browser).
//
//   MOAT_URL=http://127.0.0.1:8080 MOAT_ADMIN_PASSWORD=... MOAT_CUSTOMERS_SLUG=acme \
//     SCREENSHOT_DIR=/tmp/shots npm run e2e:customers
//
// Then: the profile's value card (or its empty state) renders, a claim link is created, and the customer-facing claim
// page at that link, opened in a fresh browser context without any sign-in, answers a made-up order number with the
// order-not-found error on the order field.
//
// Screenshots: customers.png, customer-profile.png, claim.png (failure.png on a failed step).
// Exit code 0 when every step passes, 1 otherwise.
import {
  TIMEOUT,
  baseUrl,
  password,
  assert,
  step,
  screenshot,
  textOf,
  expectText,
  expectNoPageErrors,
  runMain,
  openConsole,
  logInAsAdmin,
  apiGet,
  followNavigation,
} from './support.mjs'

const slug = process.env.MOAT_CUSTOMERS_SLUG

async function main() {
  assert(password, 'MOAT_ADMIN_PASSWORD is not set')
  assert(slug, 'MOAT_CUSTOMERS_SLUG is not set (the workspace whose customers to open)')

  const { browser, page, pageErrors } = await openConsole()
  const ws = encodeURIComponent(slug)
  let first
  let customerId

  try {
    await logInAsAdmin(page)

    await step(`${slug} has customers according to the API`, async () => {
      // customers are projected from WeCom events just after they commit: give a fresh workspace a moment
      const deadline = Date.now() + TIMEOUT
      let result
      do {
        result = await apiGet(page, `/api/v1/workspaces/${ws}/customers?limit=1`)
        assert(Array.isArray(result.items), 'GET /customers has no items array')
        if (result.items.length) break
        await page.waitForTimeout(500)
      } while (Date.now() < deadline)
      assert(
        result.items.length > 0,
        `workspace ${slug} has no customers: add some through WeCom (or the simulator) before this test`,
      )
      console.log(`     (newest: #${result.items[0].number} ${result.items[0].name || '(no name)'})`)
    })

    await step('open Customers from the navigation', async () => {
      await followNavigation(page, ws, 'customers', 'customers')
      await page.getByTestId('customers-page').waitFor()
      await page.getByTestId('customers-search').waitFor()
    })

    await step('the customer list shows at least one row', async () => {
      const rows = page.getByTestId('customers-table').locator('tbody tr')
      await rows.first().waitFor()
      const count = await rows.count()
      assert(count >= 1, 'the customer table has no rows')
      const link = rows.first().locator('[data-testid^="customer-row-"]')
      first = {
        name: await textOf(link),
        number: ((await textOf(rows.first().locator('td').first())).match(/#\d+/) || [''])[0],
      }
      assert(first.name, 'the first row shows no name')
      assert(first.number, 'the first row shows no customer number')
      console.log(`     (${count} rows; first ${first.number} ${first.name})`)
      await screenshot(page, 'customers.png')
    })

    await step('open the first customer', async () => {
      await page.getByTestId('customers-table').locator('tbody tr').first().locator('[data-testid^="customer-row-"]').click()
      await page.waitForURL(/\/customers\/\d+$/)
      customerId = new URL(page.url()).pathname.split('/').pop()
      await expectText(page.getByTestId('customer-name'), first.name, 'profile name')
      await expectText(page.getByTestId('customer-number'), first.number, 'profile number')
    })

    await step('the profile shows at least one staff relation and the timeline', async () => {
      const relations = page.getByTestId('customer-relations').locator('[data-testid^="customer-relation-"]')
      await relations.first().waitFor()
      const count = await relations.count()
      assert(count >= 1, 'no staff relation shown')
      console.log(`     (${count} staff relation(s); first: ${(await relations.first().innerText()).replace(/\s+/g, ' ')})`)
      await page.getByTestId('customer-timeline').waitFor()
    })

    await step('add a note and see it appear', async () => {
      const note = `e2e 备注 ${new Date().toISOString()}`
      const notes = page.getByTestId('customer-notes')
      const save = page.getByTestId('customer-note-save')
      assert(await save.isDisabled(), 'the save button is enabled before anything was typed')
      await page.getByTestId('customer-note-input').fill(note)
      await save.click()
      await notes.getByTestId('customer-note-list').locator('li', { hasText: note }).waitFor()
      const input = await page.getByTestId('customer-note-input').inputValue()
      assert(input === '', `the note input was not cleared after saving: "${input}"`)
      await page.getByTestId('customer-timeline').locator('[data-testid="customer-event-note"]').first().waitFor()
      const profile = await apiGet(page, `/api/v1/workspaces/${ws}/customers/${customerId}`)
      assert(
        (profile.notes || []).some((n) => n.body === note),
        'the note shows on the page but GET /customers/{id} does not return it',
      )
      await screenshot(page, 'customer-profile.png')
    })

    await step('the profile shows the value card or its empty state', async () => {
      const card = page.getByTestId('customer-value')
      await card.waitFor()
      const filled = card.getByTestId('customer-value-stage')
      const empty = card.getByTestId('customer-value-empty')
      await Promise.race([filled.waitFor(), empty.waitFor()])
      console.log(`     (${(await empty.count()) ? 'not computed yet' : `stage: ${await textOf(filled)}`})`)
    })

    let claimUrl
    await step('create an order claim link', async () => {
      await page.getByTestId('customer-claim-link').click()
      const field = page.getByTestId('customer-claim-url')
      await field.waitFor()
      claimUrl = await field.inputValue()
      assert(claimUrl.includes('/m/claim/'), `the claim link does not point at /m/claim/: "${claimUrl}"`)
      console.log(`     (${claimUrl})`)
    })

    await step('the claim page, without sign-in, reports an unknown order on the order field', async () => {
      // a new context: no session, no token; the link's path is opened on the server under test
      const parsed = new URL(claimUrl, baseUrl)
      const anonymous = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true })
      anonymous.setDefaultTimeout(TIMEOUT)
      const claimPage = await anonymous.newPage()
      const claimErrors = []
      claimPage.on('pageerror', (error) => claimErrors.push(error.message))
      const authorized = []
      claimPage.on('request', (request) => {
        if (request.url().includes('/api/') && request.headers().authorization) authorized.push(request.url())
      })
      try {
        await claimPage.goto(`${baseUrl}${parsed.pathname}${parsed.search}`, { waitUntil: 'domcontentloaded' })
        assert(!new URL(claimPage.url()).pathname.startsWith('/login'), 'the claim page sent an anonymous visitor to /login')
        const orderNo = claimPage.getByTestId('claim-order-no')
        await orderNo.waitFor()
        const madeUp = `E2E${Date.now()}`
        await orderNo.fill(` ${madeUp} `)
        await claimPage.getByTestId('claim-submit').click()
        const error = claimPage.getByTestId('claim-order-no-error')
        await error.waitFor()
        const code = await error.getAttribute('data-code')
        assert(code === 'order-not-found', `the order field shows "${await textOf(error)}" (problem ${code}), not order-not-found`)
        assert((await orderNo.inputValue()) === madeUp, 'the order number was not stripped of spaces')
        assert(authorized.length === 0, `public claim calls carried an Authorization header: ${authorized.join(', ')}`)
        assert(claimErrors.length === 0, `uncaught errors on the claim page: ${claimErrors.join(' | ')}`)
        console.log(`     (${await textOf(error)})`)
        await screenshot(claimPage, 'claim.png')
      } finally {
        await anonymous.close()
      }
    })

    await expectNoPageErrors(pageErrors)
  } catch (error) {
    await screenshot(page, 'failure.png').catch(() => {})
    throw error
  } finally {
    await browser.close()
  }
}

runMain('customers', main)
