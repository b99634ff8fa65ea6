// Browser test of the Journeys pages for one existing workspace: open Journeys from the navigation, see the
// template gallery, start a journey from the new-fan template, add a message step and leave it empty, check and see
// the problem marked on that step, fill it in, check again (valid, with an estimate), add a branch whose condition
// is built with the form, publish, see the journey
// running with its per-step funnel, and find it in the list. Uses the machine's Chromium.
//
//   MOAT_URL=http://127.0.0.1:8080 MOAT_ADMIN_PASSWORD=... MOAT_JOURNEYS_SLUG=acme SCREENSHOT_DIR=/tmp/shots \
//     node e2e/journeys.mjs
//
// Screenshots: journeys.png, journey-editor.png, journey-funnel.png (failure.png on a failed step).
import {
  password,
  assert,
  step,
  screenshot,
  textOf,
  expectNoPageErrors,
  runMain,
  openConsole,
  logInAsAdmin,
  followNavigation,
} from './support.mjs'

const slug = process.env.MOAT_JOURNEYS_SLUG
const NAME = `e2e 新粉 ${Date.now() % 100000}`

async function main() {
  assert(password, 'MOAT_ADMIN_PASSWORD is not set')
  assert(slug, 'MOAT_JOURNEYS_SLUG is not set')
  const { browser, page, pageErrors } = await openConsole({ viewport: { width: 1440, height: 1000 } })
  const ws = encodeURIComponent(slug)

  try {
    await logInAsAdmin(page)

    await step('open Journeys from the navigation and see five templates', async () => {
      await followNavigation(page, ws, 'journeys', 'journeys')
      await page.getByTestId('journeys-page').waitFor()
      const templates = page.getByTestId('template-gallery').locator('[data-testid^="template-"]')
      await templates.first().waitFor()
      assert((await templates.count()) === 5, `expected 5 templates, saw ${await templates.count()}`)
      await screenshot(page, 'journeys.png')
    })

    await step('start a journey from the new-fan template', async () => {
      await page.getByTestId('use-new-fan').click()
      const box = page.locator('.el-message-box')
      await box.waitFor()
      await box.locator('input').fill(NAME)
      await box.locator('.el-message-box__btns .el-button--primary').click()
      await page.waitForURL(/\/journeys\/\d+$/)
      await page.getByTestId('journey-page').waitFor()
      await page.getByTestId('step-welcome').waitFor()
      await page.getByTestId('step-activation').waitFor()
    })

    await step('an empty message step is marked when checked', async () => {
      const adders = page.getByTestId('add-step')
      await adders.last().click()
      await page.getByTestId('add-sendMessage').last().click()
      const added = page.locator('[data-testid^="step-sendMessage-"]')
      await added.waitFor()
      await page.getByTestId('check-journey').click()
      const result = page.getByTestId('check-result')
      await result.waitFor()
      assert((await result.getAttribute('class')).includes('error'), 'the check did not fail on an empty message')
      assert((await textOf(result)).includes('steps[7].text'), `the problem does not name steps[7].text: ${await textOf(result)}`)
      assert((await added.getAttribute('class')).includes('faulty'), 'the empty step is not marked')
    })

    await step('filled in, the journey checks valid with an estimate', async () => {
      await page.locator('[data-testid^="step-sendMessage-"] textarea').fill('第三周：老客福利日预告')
      await page.getByTestId('check-journey').click()
      const result = page.getByTestId('check-result')
      await page.waitForFunction(() => document.querySelector('[data-testid="check-result"]')?.className.includes('success'))
      assert((await textOf(result)).includes('8'), `the check does not count 8 steps: ${await textOf(result)}`)
      await page.getByTestId('estimate').waitFor()
      await screenshot(page, 'journey-editor.png')
    })

    await step('a branch condition is built with the form, not typed as JSON', async () => {
      await page.getByTestId('add-step').last().click()
      await page.getByTestId('add-branch').last().click()
      const branch = page.locator('[data-testid^="step-branch-"]')
      await branch.waitFor()
      const form = branch.getByTestId('condition-form')
      await form.getByTestId('condition-rule-0').waitFor()
      await form.getByTestId('condition-add').click()
      await form.getByTestId('condition-rule-1').waitFor()
      await page.getByTestId('check-journey').click()
      const result = page.getByTestId('check-result')
      await page.waitForFunction(() => document.querySelector('[data-testid="check-result"]')?.className.includes('success'))
      assert((await textOf(result)).includes('9'), `the check does not count 9 steps: ${await textOf(result)}`)
    })

    await step('publish: running, version 1, with its per-step funnel', async () => {
      await page.getByTestId('publish-journey').click()
      await page.getByTestId('journey-funnel').waitFor()
      const status = await textOf(page.getByTestId('journey-status'))
      assert(status === '运行中', `status after publishing is ${status}`)
      const rows = page.getByTestId('journey-funnel').locator('tbody tr')
      assert((await rows.count()) === 9, `the funnel has ${await rows.count()} rows, not 9`)
      await page.getByTestId('pause-journey').waitFor()
      await screenshot(page, 'journey-funnel.png')
    })

    await step('the journey is in the list', async () => {
      await page.getByTestId('nav-journeys').click()
      await page.getByTestId('journey-table').locator('tbody tr', { hasText: NAME }).waitFor()
    })
  } finally {
    await browser.close()
  }
  await expectNoPageErrors(pageErrors)
}

runMain('journeys', main)
