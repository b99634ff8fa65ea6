// What every browser test of the console shares: settings from the environment, Debian's Chromium with
// the flags this machine needs (it never downloads a browser), named steps, settled screenshots and the
// sign-in form.
import { chromium } from 'playwright-core'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const TIMEOUT = 15_000
export const baseUrl = (process.env.MOAT_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '')
export const password = process.env.MOAT_ADMIN_PASSWORD
export const screenshotDir = process.env.SCREENSHOT_DIR || path.join(os.tmpdir(), 'moat-e2e-screenshots')

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

/** A fresh headless browser (chromium.launch uses a temporary profile that is removed on close). */
export async function launchBrowser() {
  assert(fs.existsSync(executablePath), `no Chromium at ${executablePath} (set CHROMIUM_PATH)`)
  fs.mkdirSync(screenshotDir, { recursive: true })
  return chromium.launch({ executablePath, args, headless: true })
}

export function assert(condition, message) {
  if (!condition) throw new Error(message)
}

export async function step(name, action) {
  const started = Date.now()
  try {
    await action()
  } catch (error) {
    console.log(`FAIL ${name}: ${error.message.split('\n')[0]}`)
    throw error
  }
  console.log(`ok   ${name} (${Date.now() - started} ms)`)
}

export async function screenshot(page, name) {
  // let loading masks and dialog transitions finish so the picture shows the settled page
  await page.locator('.el-loading-mask').first().waitFor({ state: 'hidden', timeout: TIMEOUT }).catch(() => {})
  await page.waitForTimeout(300)
  await page.screenshot({ path: path.join(screenshotDir, name), fullPage: true })
}

export async function textOf(locator) {
  return ((await locator.textContent({ timeout: TIMEOUT })) || '').trim()
}

async function eventually(read, expected, what) {
  const deadline = Date.now() + TIMEOUT
  let actual = ''
  while (Date.now() < deadline) {
    actual = await read().catch(() => '')
    if (actual === expected) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${what}: expected "${expected}", got "${actual}"`)
}

export function expectText(locator, expected, what) {
  return eventually(async () => ((await locator.textContent({ timeout: TIMEOUT })) || '').trim(), expected, what)
}

export function expectValue(locator, expected, what) {
  return eventually(() => locator.inputValue({ timeout: TIMEOUT }), expected, what)
}

/** Fills the sign-in form as admin on the current page and waits to be let in (or names the refusal). */
export async function signIn(page) {
  await page.getByTestId('login-username').fill('admin')
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
  const outcome = await Promise.race([
    page.waitForURL((url) => !url.pathname.startsWith('/login')).then(() => 'in', () => 'timeout'),
    page.getByTestId('login-error').waitFor().then(() => 'error', () => 'timeout'),
  ])
  if (outcome === 'error') throw new Error(`login refused: ${await textOf(page.getByTestId('login-error'))}`)
  if (outcome === 'timeout') throw new Error('neither signed in nor shown an error')
}

/** The last step of every test: anything the page threw fails it. */
export async function expectNoPageErrors(pageErrors) {
  await step('no uncaught errors in the page', async () => {
    assert(pageErrors.length === 0, `uncaught page errors: ${pageErrors.join(' | ')}`)
  })
}

/** Runs a test's main and exits 0 when it passes, 1 with its first failure line otherwise. */
export function runMain(name, main) {
  main().then(
    () => {
      console.log(`PASS ${name} e2e; screenshots in ${screenshotDir}`)
      process.exit(0)
    },
    (error) => {
      console.log(`FAILED ${name} e2e: ${error.message.split('\n')[0]}`)
      process.exit(1)
    },
  )
}

/**
 * A fresh browser on a console page of its own (zh-CN and a laptop screen unless asked otherwise) that collects
 * the page's uncaught errors for {@link expectNoPageErrors}.
 */
export async function openConsole(options = {}) {
  const browser = await launchBrowser()
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', ...options })
  context.setDefaultTimeout(TIMEOUT)
  const page = await context.newPage()
  const pageErrors = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  return { browser, context, page, pageErrors }
}

/** The first step of most tests: the login page, then signed in as admin. */
export function logInAsAdmin(page) {
  return step('log in as admin', async () => {
    await page.goto(`${baseUrl}/login`, { waitUntil: 'domcontentloaded' })
    await signIn(page)
  })
}

/** The JSON of a fetch's answer, failing the step (naming {@code what}) on anything but 2xx. */
export async function jsonOf(response, what) {
  const text = await response.text()
  assert(response.ok, `${what} answered ${response.status}: ${text.slice(0, 200)}`)
  return JSON.parse(text)
}

/** GET from Moat's API as the signed-in console does (its token), failing the step on anything but 200. */
export async function apiGet(page, apiPath) {
  const response = await page.evaluate(async (p) => {
    const r = await fetch(p, {
      headers: { Accept: 'application/json', Authorization: `Bearer ${sessionStorage.getItem('moat.token')}` },
    })
    return { status: r.status, body: await r.text() }
  }, apiPath)
  assert(response.status === 200, `GET ${apiPath} answered ${response.status}: ${response.body.slice(0, 200)}`)
  return JSON.parse(response.body)
}

/** Goes to the workspace's home and follows a navigation entry ({@code nav-<nav>}) to the page at {@code path}. */
export async function followNavigation(page, ws, nav, path) {
  await page.goto(`${baseUrl}/w/${ws}`, { waitUntil: 'domcontentloaded' })
  await page.getByTestId(`nav-${nav}`).click()
  await page.waitForURL(`${baseUrl}/w/${ws}/${path}`)
}
