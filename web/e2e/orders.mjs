// Browser test of the Commerce pages for one existing workspace: log in, open Commerce → Imports from the
// navigation, choose 淘宝, upload a Taobao order report (订单报表), follow the live progress to the report, check
// that orders were imported and that the rejected count shown is the API's, then open Orders (at least one row)
// and Order to fan. Uses the machine's Chromium (never downloads a browser).
//
//   MOAT_URL=http://127.0.0.1:8080 MOAT_ADMIN_PASSWORD=... MOAT_ORDERS_SLUG=acme \
//     MOAT_ORDERS_FILE=/path/to/taobao-orders.csv SCREENSHOT_DIR=/tmp/shots npm run e2e:orders
//
// Screenshots: orders-import.png, orders.png, order-matching.png (failure.png on a failed step).
// Exit code 0 when every step passes, 1 otherwise.
import fs from 'node:fs'
import path from 'node:path'
import {
  TIMEOUT,
  password,
  screenshotDir,
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

const slug = process.env.MOAT_ORDERS_SLUG
const file = process.env.MOAT_ORDERS_FILE
// an import of a large file may take longer than one UI step
const IMPORT_TIMEOUT = Number(process.env.MOAT_ORDERS_IMPORT_TIMEOUT_MS || 120_000)

/** Screenshots of the whole page from its top (an expanded row or a click may have scrolled it). */
async function shot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0))
  await screenshot(page, name)
}

/** "1,203" → 1203 */
const number = (text) => Number(String(text).replace(/[^\d]/g, ''))

async function main() {
  assert(password, 'MOAT_ADMIN_PASSWORD is not set')
  assert(slug, 'MOAT_ORDERS_SLUG is not set (the workspace to import orders into)')
  assert(file, 'MOAT_ORDERS_FILE is not set (a Taobao order report CSV)')
  assert(fs.existsSync(file), `MOAT_ORDERS_FILE ${file} does not exist`)

  const { browser, page, pageErrors } = await openConsole()
  const ws = encodeURIComponent(slug)
  let importId

  try {
    await logInAsAdmin(page)

    await step('open Commerce → Imports from the navigation', async () => {
      await followNavigation(page, ws, 'commerce', 'commerce')
      await page.getByTestId('commerce-page').waitFor()
      await page.getByTestId('commerce-tab-imports').click()
      await page.waitForURL(/[?&]tab=imports/)
      await page.getByTestId('imports-table').waitFor()
    })

    await step(`choose 淘宝 and upload ${path.basename(file)}`, async () => {
      await page.getByTestId('import-source-taobao').click()
      const selected = await page.getByTestId('import-source-taobao').getAttribute('aria-checked')
      assert(selected === 'true', 'the 淘宝 source is not selected after clicking it')
      await page.getByTestId('import-file').setInputFiles(file)
      await page.getByTestId('import-file-name').waitFor()
      const start = page.getByTestId('import-start')
      assert(await start.isEnabled(), 'the start button is disabled with a source and a file chosen')
      const started = page.waitForResponse(
        (r) => r.url().includes(`/api/v1/workspaces/${ws}/imports/orders`) && r.request().method() === 'POST',
      )
      await start.click()
      const response = await started
      const body = await response.json().catch(() => ({}))
      assert(response.status() === 202, `POST /imports/orders answered ${response.status()}: ${JSON.stringify(body)}`)
      importId = body.id
      assert(importId != null, 'the upload answer has no import id')
      console.log(`     (import #${importId})`)
    })

    await step('the import shows progress, then its report', async () => {
      // a small file may finish before the progress bar is ever painted: either one will do first
      await page
        .locator('[data-testid="import-progress"], [data-testid="import-report"]')
        .first()
        .waitFor({ timeout: TIMEOUT })
      await page.getByTestId('import-report').waitFor({ timeout: IMPORT_TIMEOUT })
      const status = await page.getByTestId('import-report').getAttribute('data-status')
      const outcome = await textOf(page.getByTestId('import-outcome'))
      assert(status === 'completed', `the import ended ${status}: ${outcome}`)
    })

    await step('imported > 0 and the rejected count shown is the API\'s', async () => {
      const imported = number(await textOf(page.getByTestId('import-count-imported')))
      const rejectedShown = number(await textOf(page.getByTestId('import-count-rejected')))
      const report = await apiGet(page, `/api/v1/workspaces/${ws}/imports/${importId}`)
      assert(report.status === 'completed', `GET /imports/${importId} says ${report.status}`)
      assert(imported > 0, `the report shows ${imported} imported orders`)
      assert(imported === report.imported, `the report shows ${imported} imported, the API says ${report.imported}`)
      assert(rejectedShown === report.rejected, `the report shows ${rejectedShown} rejected, the API says ${report.rejected}`)
      if (report.rejected > 0) {
        const rows = page.getByTestId('import-errors').locator('tbody tr')
        await rows.first().waitFor()
        const shown = await rows.count()
        assert(shown === Math.min(report.rejected, report.errors.length), `${shown} rejected rows listed, expected ${report.errors.length}`)
        await page.getByTestId('import-rejected-download').waitFor()
      }
      console.log(
        `     (rows ${report.rowsRead}, imported ${report.imported}, updated ${report.updated}, ` +
          `duplicates ${report.duplicates}, rejected ${report.rejected})`,
      )
    })

    await step('the import is listed among the recent imports', async () => {
      await page.getByTestId(`import-status-${importId}`).waitFor()
      await shot(page, 'orders-import.png')
    })

    await step('Orders shows at least one row', async () => {
      await page.getByTestId('commerce-tab-orders').click()
      const rows = page.getByTestId('orders-table').locator('tbody tr')
      await rows.first().waitFor()
      const count = await rows.count()
      assert(count >= 1, 'the orders table has no rows')
      const first = (await rows.first().innerText()).replace(/\s+/g, ' ').trim()
      console.log(`     (${count} rows; first: ${first.slice(0, 120)})`)
      // open the first order's lines
      await rows.first().locator('.el-table__expand-icon').click()
      await page.locator('[data-testid^="order-detail-"]').first().waitFor()
      await shot(page, 'orders.png')
    })

    await step('Order to fan shows the platforms', async () => {
      await page.getByTestId('commerce-tab-matching').click()
      const rows = page.getByTestId('order-matching-table').locator('tbody tr')
      await rows.first().waitFor()
      const figures = await apiGet(page, `/api/v1/workspaces/${ws}/figures/order-matching`)
      assert((await rows.count()) === figures.length, `${await rows.count()} platform rows shown, the API has ${figures.length}`)
      console.log(`     (${figures.map((f) => `${f.platform}: ${f.orders} orders, ${f.linked} linked`).join('; ')})`)
      await shot(page, 'order-matching.png')
    })

    await step('the import opens from the list and its rejected rows download as a CSV file', async () => {
      const report = await apiGet(page, `/api/v1/workspaces/${ws}/imports/${importId}`)
      await page.getByTestId('commerce-tab-imports').click()
      await page.getByTestId(`import-status-${importId}`).click()
      const dialog = page.getByTestId('import-report-dialog')
      await dialog.getByTestId('import-report').waitFor()
      const rejectedShown = number(await textOf(dialog.getByTestId('import-count-rejected')))
      assert(rejectedShown === report.rejected, `the dialog shows ${rejectedShown} rejected, the API says ${report.rejected}`)
      if (!report.rejected) {
        console.log('     (nothing rejected: no download offered)')
        return
      }
      const download = page.waitForEvent('download')
      await dialog.getByTestId('import-rejected-download').click()
      const saved = await download
      assert(/\.csv$/.test(saved.suggestedFilename()), `downloaded ${saved.suggestedFilename()}, not a .csv`)
      const target = path.join(screenshotDir, saved.suggestedFilename())
      await saved.saveAs(target)
      const size = fs.statSync(target).size
      assert(size > 0, 'the rejected rows file is empty')
      console.log(`     (${saved.suggestedFilename()}, ${size} bytes)`)
    })

    await expectNoPageErrors(pageErrors)
  } catch (error) {
    await screenshot(page, 'failure.png').catch(() => {})
    throw error
  } finally {
    await browser.close()
  }
}

runMain('orders', main)
