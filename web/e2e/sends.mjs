// Browser test of the send log for one workspace that already has sends: log in, open Messaging → Send log from
// the navigation, page through every send with "load more" (two to a page) and check each row's state and reason
// against the API, filter by state, then open a customer's profile and follow its link to their sends.
// Uses the machine's Chromium (never downloads a browser).
//
//   MOAT_URL=http://127.0.0.1:8080 MOAT_ADMIN_PASSWORD=... MOAT_SENDS_SLUG=acme MOAT_SENDS_CUSTOMER=42 \
//     SCREENSHOT_DIR=/tmp/shots npm run e2e:sends
//
// Screenshots: sends.png, sends-skipped.png, sends-customer.png (failure.png on a failed step).
// Exit code 0 when every step passes, 1 otherwise.
import {
  baseUrl,
  password,
  assert,
  step,
  screenshot,
  textOf,
  expectNoPageErrors,
  runMain,
  openConsole,
  logInAsAdmin,
  apiGet,
  followNavigation,
} from './support.mjs'

const slug = process.env.MOAT_SENDS_SLUG
const customer = process.env.MOAT_SENDS_CUSTOMER

/** Every row of the send log table as { id, state, reason, reasonText }. */
async function shownRows(page) {
  return page.getByTestId('sends-table').locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const state = row.querySelector('[data-testid^="send-state-"]')
      const reason = row.querySelector('[data-testid^="send-reason-"]')
      return {
        id: Number(state.getAttribute('data-testid').replace('send-state-', '')),
        state: state.getAttribute('data-state'),
        stateText: state.textContent.trim(),
        reason: reason ? reason.getAttribute('data-reason') : null,
        reasonText: reason ? reason.textContent.trim() : '',
      }
    }),
  )
}

/** The rows shown must be the API's sends, in its order, each with its state and its reason in words. */
function expectSameSends(shown, sends, what) {
  assert(
    shown.length === sends.length,
    `${what}: ${shown.length} rows shown, the API has ${sends.length} (${JSON.stringify(shown.map((r) => r.id))})`,
  )
  sends.forEach((send, i) => {
    const row = shown[i]
    assert(row.id === send.id, `${what}: row ${i} is send ${row.id}, the API lists ${send.id} there`)
    assert(row.state === send.state.toLowerCase(), `${what}: send ${send.id} shows ${row.state}, the API says ${send.state}`)
    assert(row.stateText.length > 0, `${what}: send ${send.id} shows no state`)
    assert((row.reason || null) === (send.reason || null), `${what}: send ${send.id} shows reason ${row.reason}, the API says ${send.reason}`)
    if (send.reason) {
      assert(row.reasonText && row.reasonText !== send.reason, `${what}: send ${send.id}'s reason is not put in words: "${row.reasonText}"`)
    }
  })
}

async function allSends(page, ws, filter = '') {
  const sends = []
  let before = null
  do {
    const page_ = await apiGet(page, `/api/v1/workspaces/${ws}/sends?limit=100${filter}${before ? `&before=${before}` : ''}`)
    sends.push(...page_.sends)
    before = page_.next
  } while (before != null)
  return sends
}

async function main() {
  assert(password, 'MOAT_ADMIN_PASSWORD is not set')
  assert(slug, 'MOAT_SENDS_SLUG is not set (a workspace with sends)')
  assert(customer, 'MOAT_SENDS_CUSTOMER is not set (a customer id with sends)')

  const { browser, page, pageErrors } = await openConsole()
  const ws = encodeURIComponent(slug)

  try {
    await logInAsAdmin(page)

    await step('open Send log from the navigation', async () => {
      await followNavigation(page, ws, 'sends', 'messaging/sends')
      await page.getByTestId('sends-table').locator('tbody tr').first().waitFor()
    })

    await step('"load more" pages through every send, each with the API\'s state and its reason in words', async () => {
      const sends = await allSends(page, ws)
      assert(sends.length >= 3, `the workspace has ${sends.length} sends; the test needs at least 3`)
      const states = new Set(sends.map((s) => s.state.toLowerCase()))
      for (const wanted of ['sent', 'skipped', 'failed']) {
        assert(states.has(wanted), `no ${wanted} send in the workspace (states: ${[...states].join(', ')})`)
      }
      await page.goto(`${baseUrl}/w/${ws}/messaging/sends?limit=2`, { waitUntil: 'domcontentloaded' })
      const rows = page.getByTestId('sends-table').locator('tbody tr')
      await rows.nth(1).waitFor()
      assert((await rows.count()) === 2, `the first page shows ${await rows.count()} rows, not 2`)
      let pages = 1
      while (await page.getByTestId('sends-load-more').isVisible()) {
        const before = await rows.count()
        await page.getByTestId('sends-load-more').click()
        await page.waitForFunction(
          (n) => document.querySelectorAll('[data-testid="sends-table"] tbody tr').length > n ||
            document.querySelector('[data-testid="sends-end"]') != null,
          before,
        )
        pages++
        assert(pages <= sends.length, 'load more never ends')
        if ((await rows.count()) === before) break
      }
      await page.getByTestId('sends-end').waitFor()
      expectSameSends(await shownRows(page), sends, 'all sends')
      console.log(`     (${sends.length} sends in ${pages} pages: ${sends.map((s) => `${s.state}${s.reason ? `/${s.reason}` : ''}`).join(', ')})`)
      await screenshot(page, 'sends.png')
    })

    await step('filter by state: skipped', async () => {
      await page.goto(`${baseUrl}/w/${ws}/messaging/sends`, { waitUntil: 'domcontentloaded' })
      await page.getByTestId('sends-table').locator('tbody tr').first().waitFor()
      await page.getByTestId('sends-filter-state').click()
      await page.getByTestId('sends-state-option-skipped').click()
      await page.getByTestId('sends-search').click()
      await page.waitForURL(/[?&]state=skipped/)
      const skipped = await allSends(page, ws, '&state=skipped')
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="sends-table"] tbody tr').length === n,
        skipped.length,
      )
      const shown = await shownRows(page)
      expectSameSends(shown, skipped, 'state=skipped')
      assert(shown.every((r) => r.state === 'skipped'), 'a row that is not skipped is shown under state=skipped')
      console.log(`     (${shown.length} skipped: ${shown.map((r) => r.reasonText).join('; ')})`)
      await screenshot(page, 'sends-skipped.png')
    })

    await step(`customer ${customer}'s profile links to their sends`, async () => {
      await page.goto(`${baseUrl}/w/${ws}/customers/${customer}`, { waitUntil: 'domcontentloaded' })
      await page.getByTestId('customer-sends').click()
      await page.waitForURL(new RegExp(`/messaging/sends\\?customerId=${customer}$`))
      const theirs = await allSends(page, ws, `&customerId=${customer}`)
      assert(theirs.length >= 1, `customer ${customer} has no sends`)
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="sends-table"] tbody tr').length === n,
        theirs.length,
      )
      expectSameSends(await shownRows(page), theirs, `customerId=${customer}`)
      // Element Plus puts the test id on the <input> itself or on its wrapper, depending on the version
      const filter = await page
        .getByTestId('sends-filter-customer')
        .first()
        .evaluate((el) => (el.tagName === 'INPUT' ? el : el.querySelector('input')).value)
      assert(filter === String(customer), `the customer filter shows "${filter}"`)
      const link = await textOf(page.getByTestId(`send-customer-${theirs[0].id}`))
      assert(link.includes(String(customer)), `the row links to "${link}"`)
      await screenshot(page, 'sends-customer.png')
    })

    await expectNoPageErrors(pageErrors)
  } catch (error) {
    await screenshot(page, 'failure.png').catch(() => {})
    throw error
  } finally {
    await browser.close()
  }
}

runMain('sends', main)
