// Browser test of the operator console, driven like a person would: log in, create a workspace,
// invite an operator, switch language. Uses the machine's Chromium (never downloads a browser).
//
//   MOAT_URL=http://127.0.0.1:8080 MOAT_ADMIN_PASSWORD=... SCREENSHOT_DIR=/tmp/shots npm run e2e
//
// Exit code 0 when every step passes, 1 otherwise.
import {
  baseUrl,
  password,
  assert,
  step,
  screenshot,
  textOf,
  expectText,
  signIn,
  expectNoPageErrors,
  runMain,
  openConsole,
} from './support.mjs'

const runId = Date.now()

const workspace = { slug: `e2e-${runId}`, name: `E2E 品牌 ${runId}` }

const operator = { username: `op-${runId}`, displayName: `运营 ${runId}` }

async function main() {
  assert(password, 'MOAT_ADMIN_PASSWORD is not set')

  // chromium.launch always runs on a fresh temporary profile (user-data-dir) that is removed on close.
  const { browser, page, pageErrors } = await openConsole()

  try {
    await step('open the console and land on the login page', async () => {
      await page.goto(baseUrl, { waitUntil: 'domcontentloaded' })
      await page.waitForURL(/\/login(\?|$)/)
      await page.getByTestId('login-username').waitFor()
      await page.getByText('把流量变成护城河').first().waitFor()
      await screenshot(page, 'login.png')
    })

    await step('log in as admin', async () => {
      await signIn(page)
      await page.getByTestId('workspace-switcher').waitFor()
    })

    await step(`create workspace ${workspace.slug}`, async () => {
      await page.getByTestId('workspace-switcher').click()
      await page.getByTestId('create-workspace').click()
      const dialog = page.getByTestId('create-workspace-dialog')
      await dialog.waitFor()
      await page.getByTestId('workspace-name').fill(workspace.name)
      await page.getByTestId('workspace-slug').fill(workspace.slug)
      await page.getByTestId('workspace-create-submit').click()
      await page.waitForURL(`${baseUrl}/w/${workspace.slug}`)
      await expectText(page.getByTestId('overview-title'), workspace.name, 'overview title')
      await expectText(page.getByTestId('workspace-current'), workspace.name, 'workspace switcher')
      await dialog.waitFor({ state: 'hidden' })
      await screenshot(page, 'workspace.png')
    })

    await step('open operators & roles', async () => {
      await page.getByTestId('nav-operators').click()
      await page.waitForURL(`${baseUrl}/w/${workspace.slug}/settings/operators`)
      await page.getByTestId('member-admin').waitFor()
      await page.getByTestId('role-matrix').waitFor()
    })

    await step(`invite operator ${operator.username}`, async () => {
      await page.getByTestId('invite-member').click()
      await page.getByTestId('invite-dialog').waitFor()
      await page.getByTestId('invite-username').fill(operator.username)
      await page.getByTestId('invite-display-name').fill(operator.displayName)
      await page.getByTestId('invite-role').click()
      await page.getByTestId('role-option-operator').locator('visible=true').click()
      await page.getByTestId('invite-submit').click()

      const secretDialog = page.getByTestId('secret-dialog')
      await secretDialog.waitFor()
      await secretDialog.getByText('初始密码').first().waitFor()
      const initialPassword = await page.getByTestId('secret-value').inputValue()
      assert(initialPassword.length >= 8, `initial password looks wrong: "${initialPassword}"`)
      await page.getByTestId('secret-close').click()
      await secretDialog.waitFor({ state: 'hidden' })

      const row = page.getByTestId('member-table').locator('tr', { has: page.getByTestId(`member-${operator.username}`) })
      await row.waitFor()
      const rowText = await textOf(row)
      assert(rowText.includes(operator.displayName), `member row lacks display name: "${rowText}"`)
      const role = (await row.getByTestId(`member-role-${operator.username}`).innerText()).trim()
      assert(role === '运营', `member row role: expected "运营", got "${role}"`)
      await screenshot(page, 'operators.png')
    })

    await step('switch language to English and back', async () => {
      const label = page.getByTestId('nav-customers')
      await expectText(label, '客户', 'customers nav label in Chinese')
      await page.getByTestId('lang-switch').click()
      await page.getByTestId('lang-en').locator('visible=true').click()
      await expectText(label, 'Customers', 'customers nav label in English')
      await expectText(page.locator('.page-header h1'), 'Operators & roles', 'page title in English')
      await page.reload({ waitUntil: 'domcontentloaded' })
      await expectText(label, 'Customers', 'customers nav label after reload (language should persist)')
      await page.getByTestId(`member-${operator.username}`).waitFor()
      await screenshot(page, 'english.png')
      await page.getByTestId('lang-switch').click()
      await page.getByTestId('lang-zh-CN').locator('visible=true').click()
      await expectText(label, '客户', 'customers nav label back in Chinese')
    })

    await expectNoPageErrors(pageErrors)
  } catch (error) {
    await screenshot(page, 'failure.png').catch(() => {})
    throw error
  } finally {
    await browser.close()
  }
}

runMain('console', main)
