// Browser test of the operator console, driven like a person would: log in, create a workspace,
// invite an operator, switch language. Uses the machine's Chromium (never downloads a browser).
//
//   MOAT_URL=http://127.0.0.1:8080 MOAT_ADMIN_PASSWORD=... SCREENSHOT_DIR=/tmp/shots npm run e2e
//
// Exit code 0 when every step passes, 1 otherwise.
import { chromium } from 'playwright-core'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const TIMEOUT = 15_000
const baseUrl = (process.env.MOAT_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '')
const password = process.env.MOAT_ADMIN_PASSWORD
const screenshotDir = process.env.SCREENSHOT_DIR || path.join(os.tmpdir(), 'moat-e2e-screenshots')
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
]

const runId = Date.now()
const workspace = { slug: `e2e-${runId}`, name: `E2E 品牌 ${runId}` }
const operator = { username: `op-${runId}`, displayName: `运营 ${runId}` }

function assert(condition, message) {
  if (!condition) throw new Error(message)
}

async function step(name, action) {
  const started = Date.now()
  try {
    await action()
  } catch (error) {
    console.log(`FAIL ${name}: ${error.message.split('\n')[0]}`)
    throw error
  }
  console.log(`ok   ${name} (${Date.now() - started} ms)`)
}

async function screenshot(page, name) {
  // let loading masks and dialog transitions finish so the picture shows the settled page
  await page.locator('.el-loading-mask').first().waitFor({ state: 'hidden', timeout: TIMEOUT }).catch(() => {})
  await page.waitForTimeout(300)
  await page.screenshot({ path: path.join(screenshotDir, name), fullPage: true })
}

async function textOf(locator) {
  return ((await locator.textContent({ timeout: TIMEOUT })) || '').trim()
}

async function expectText(locator, expected, what) {
  const deadline = Date.now() + TIMEOUT
  let actual = ''
  while (Date.now() < deadline) {
    actual = await textOf(locator).catch(() => '')
    if (actual === expected) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${what}: expected "${expected}", got "${actual}"`)
}

async function main() {
  assert(password, 'MOAT_ADMIN_PASSWORD is not set')
  assert(fs.existsSync(executablePath), `no Chromium at ${executablePath} (set CHROMIUM_PATH)`)
  fs.mkdirSync(screenshotDir, { recursive: true })

  // chromium.launch always runs on a fresh temporary profile (user-data-dir) that is removed on close.
  const browser = await chromium.launch({ executablePath, args, headless: true })
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  context.setDefaultTimeout(TIMEOUT)
  const page = await context.newPage()
  const pageErrors = []
  page.on('pageerror', (error) => pageErrors.push(error.message))

  try {
    await step('open the console and land on the login page', async () => {
      await page.goto(baseUrl, { waitUntil: 'domcontentloaded' })
      await page.waitForURL(/\/login(\?|$)/)
      await page.getByTestId('login-username').waitFor()
      await page.getByText('把流量变成护城河').first().waitFor()
      await screenshot(page, 'login.png')
    })

    await step('log in as admin', async () => {
      await page.getByTestId('login-username').fill('admin')
      await page.getByTestId('login-password').fill(password)
      await page.getByTestId('login-submit').click()
      const outcome = await Promise.race([
        page.waitForURL((url) => !url.pathname.startsWith('/login')).then(() => 'in', () => 'timeout'),
        page.getByTestId('login-error').waitFor().then(() => 'error', () => 'timeout'),
      ])
      if (outcome === 'error') throw new Error(`login refused: ${await textOf(page.getByTestId('login-error'))}`)
      if (outcome === 'timeout') throw new Error('neither signed in nor shown an error')
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

    await step('no uncaught errors in the page', async () => {
      assert(pageErrors.length === 0, `uncaught page errors: ${pageErrors.join(' | ')}`)
    })
  } catch (error) {
    await screenshot(page, 'failure.png').catch(() => {})
    throw error
  } finally {
    await browser.close()
  }
}

main().then(
  () => {
    console.log(`PASS console e2e; screenshots in ${screenshotDir}`)
    process.exit(0)
  },
  (error) => {
    console.log(`FAILED console e2e: ${error.message.split('\n')[0]}`)
    process.exit(1)
  },
)
