// Browser test of the Audiences pages for one workspace with two tags (MOAT_AUDIENCES_TAGS "first,second"): open
// Audiences from the navigation, build "first AND NOT (any of: second)" with a nested, negated group, see the live
// count settle and equal the count the API gives for the same condition (MOAT_AUDIENCES_EXPECTED), save it as a
// segment, see its members on the segment page and open one member's explanation (MOAT_AUDIENCES_MEMBER).
//
//   MOAT_URL=http://127.0.0.1:8080 MOAT_ADMIN_PASSWORD=... MOAT_AUDIENCES_SLUG=acme MOAT_AUDIENCES_TAGS=老客,羊毛 \
//     MOAT_AUDIENCES_EXPECTED=2 MOAT_AUDIENCES_MEMBER=王小明 SCREENSHOT_DIR=/tmp/shots node e2e/audiences.mjs
//
// Then a custom field condition (会员等级 member_level is 金卡, which only MOAT_AUDIENCES_MEMBER holds in the test's
// fixture) must count 1.
//
// Screenshots: audience-builder.png, segment.png, segment-explanation.png, audience-field.png (failure.png on a
// failed step).
import {
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
  followNavigation,
} from './support.mjs'

const slug = process.env.MOAT_AUDIENCES_SLUG
const [first, second] = (process.env.MOAT_AUDIENCES_TAGS || '').split(',')
const expected = process.env.MOAT_AUDIENCES_EXPECTED
const member = process.env.MOAT_AUDIENCES_MEMBER
const NAME = `e2e 老客非羊毛 ${Date.now() % 100000}`

async function pickTag(page, leaf, name) {
  await leaf.getByTestId('tag-select').click()
  const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: new RegExp(`^\\s*${name}\\s*$`) })
  await option.first().click()
  await page.keyboard.press('Escape')
}

async function addCondition(page, group, kindLabel) {
  await group.getByTestId('add-condition').first().click()
  await page.locator('.el-dropdown-menu__item:visible').filter({ hasText: new RegExp(`^\\s*${kindLabel}\\s*$`) }).first().click()
}

/** The count the API answers for a condition, with a token of its own. */
async function apiCount(condition) {
  const login = await fetch(`${baseUrl}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  })
  const { token } = await login.json()
  const answer = await fetch(`${baseUrl}/api/v1/workspaces/${encodeURIComponent(slug)}/audiences/preview`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ condition, sample: 0 }),
  })
  assert(answer.ok, `the API's preview failed: ${answer.status}`)
  return (await answer.json()).count
}

async function main() {
  assert(password, 'MOAT_ADMIN_PASSWORD is not set')
  assert(slug && first && second && expected && member, 'MOAT_AUDIENCES_SLUG, _TAGS, _EXPECTED and _MEMBER are required')
  const { browser, page, pageErrors } = await openConsole({ viewport: { width: 1440, height: 1000 } })
  const previews = []
  page.on('request', (request) => {
    if (request.url().endsWith('/audiences/preview')) previews.push(JSON.parse(request.postData()).condition)
  })
  const ws = encodeURIComponent(slug)

  try {
    await logInAsAdmin(page)

    await step('open Audiences from the navigation', async () => {
      await followNavigation(page, ws, 'audiences', 'audiences')
      await page.getByTestId('audiences-page').waitFor()
      await page.getByTestId('cond-group').first().waitFor()
    })

    await step(`build: ${first} AND NOT (any of: ${second})`, async () => {
      const root = page.getByTestId('cond-group').first()
      await addCondition(page, root, '标签')
      await pickTag(page, page.getByTestId('cond-leaf-tag').first(), first)
      await root.getByTestId('add-group').first().click()
      const nested = page.locator('[data-testid="cond-group"][data-depth="2"]')
      await nested.waitFor()
      await nested.getByTestId('group-not').click()
      await addCondition(page, nested, '标签')
      await pickTag(page, nested.getByTestId('cond-leaf-tag'), second)
    })

    await step(`the live count settles at ${expected}, the API's count for the same condition`, async () => {
      const count = page.getByTestId('live-count')
      await page.waitForFunction(
        (n) => {
          const el = document.querySelector('[data-testid="live-count"]')
          return el && el.dataset.busy === 'false' && el.dataset.count === n
        },
        expected,
      )
      const condition = previews[previews.length - 1]
      assert(JSON.stringify(condition).includes('"not":{"any"'), `the condition has no negated OR group: ${JSON.stringify(condition)}`)
      const fromApi = await apiCount(condition)
      assert(String(fromApi) === (await count.getAttribute('data-count')), `live ${await count.getAttribute('data-count')} ≠ API ${fromApi}`)
      await page.getByTestId('preview-sample').waitFor()
      await screenshot(page, 'audience-builder.png')
    })

    await step('save it as a segment and land on its page with its members', async () => {
      await page.getByTestId('segment-name').fill(NAME)
      await page.getByTestId('save-segment').click()
      await page.waitForURL(/\/audiences\/segments\/\d+$/)
      await page.getByTestId('segment-page').waitFor()
      await expectText(page.getByTestId('segment-title'), NAME, 'segment title')
      await expectText(page.getByTestId('segment-page-size'), expected, 'segment size')
      const rows = page.getByTestId('member-table').locator('.el-table__body tr')
      await rows.first().waitFor()
      assert(String(await rows.count()) === expected, `expected ${expected} member rows, saw ${await rows.count()}`)
      await screenshot(page, 'segment.png')
    })

    await step(`open ${member}'s explanation`, async () => {
      const row = page.getByTestId('member-table').locator('.el-table__body tr').filter({ hasText: member })
      await row.locator('[data-testid^="member-explain-"]').click()
      const verdict = page.getByTestId('explanation-verdict')
      await verdict.waitFor()
      assert((await verdict.getAttribute('data-member')) === 'true', 'the member is explained as not in the segment')
      const reasons = page.getByTestId('explanation-reason')
      await reasons.first().waitFor()
      const text = (await reasons.allTextContents()).join(' | ')
      assert(text.includes('carries'), `the explanation names no tag: ${text}`)
      await screenshot(page, 'segment-explanation.png')
      await page.keyboard.press('Escape')
    })

    await step('the segment is listed with its size', async () => {
      await page.getByTestId('nav-audiences').click()
      await page.getByTestId('segment-table').waitFor()
      const row = page.getByTestId('segment-table').locator('.el-table__body tr').filter({ hasText: NAME })
      await row.waitFor()
      const size = await textOf(row.getByTestId('segment-size'))
      assert(size === expected, `the list shows size ${size}`)
    })

    await step('a custom field condition: 会员等级 is 金卡 counts 1 (王小明 alone)', async () => {
      await page.goto(`${baseUrl}/w/${ws}/audiences`, { waitUntil: 'domcontentloaded' })
      const root = page.getByTestId('cond-group').first()
      await root.waitFor()
      await addCondition(page, root, '自定义字段')
      const leaf = page.getByTestId('cond-leaf-field').first()
      await leaf.getByTestId('field-key').click()
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: 'member_level' }).first().click()
      await leaf.getByTestId('values-field').click()
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: /^\s*金卡\s*$/ }).first().click()
      await page.keyboard.press('Escape')
      await page.waitForFunction(() => {
        const el = document.querySelector('[data-testid="live-count"]')
        return el && el.dataset.busy === 'false' && el.dataset.count === '1'
      })
      const condition = previews[previews.length - 1]
      assert(JSON.stringify(condition).includes('"field":{"key":"member_level","in":["金卡"]}'), `unexpected condition ${JSON.stringify(condition)}`)
      await screenshot(page, 'audience-field.png')
    })
  } catch (error) {
    await screenshot(page, 'failure.png').catch(() => {})
    throw error
  } finally {
    await browser.close()
  }
  await expectNoPageErrors(pageErrors)
}

runMain('audiences', main)
