// Browser test of community check-ins: the group page's check-in board shows today's check-ins, the check-in rate
// and the longest streaks; staff open a member's check-ins and create their personal link; the member opens the
// link on a phone, checks in once, and the board counts them; the settings take a group type's stage goals and
// check-in goal.
//
//   MOAT_URL=http://127.0.0.1:8080 MOAT_ADMIN_PASSWORD=... MOAT_CHECKINS_SLUG=acme MOAT_CHECKINS_GROUP=打卡群 \
//     MOAT_CHECKINS_MEMBER=wmC SCREENSHOT_DIR=/tmp/shots node e2e/checkins.mjs
//
// Screenshots: community-check-ins.png, check-in-page.png, community-stage-goals.png (failure.png on a failed step).
import {
  TIMEOUT,
  baseUrl,
  password,
  launchBrowser,
  assert,
  step,
  screenshot,
  textOf,
  expectText,
  expectValue,
  signIn,
  expectNoPageErrors,
  runMain,
} from './support.mjs'

const slug = process.env.MOAT_CHECKINS_SLUG
const groupName = process.env.MOAT_CHECKINS_GROUP
const newcomer = process.env.MOAT_CHECKINS_MEMBER

async function main() {
  assert(password, 'MOAT_ADMIN_PASSWORD is not set')
  assert(slug && groupName && newcomer, 'MOAT_CHECKINS_SLUG, MOAT_CHECKINS_GROUP and MOAT_CHECKINS_MEMBER are not set')

  const browser = await launchBrowser()
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  context.setDefaultTimeout(TIMEOUT)
  const page = await context.newPage()
  const pageErrors = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  const ws = encodeURIComponent(slug)
  let link = ''

  try {
    await step('log in as admin', async () => {
      await page.goto(`${baseUrl}/login`, { waitUntil: 'domcontentloaded' })
      await signIn(page)
    })

    await step('the group page shows the check-in board: 2 of 3 today, the longest streak first', async () => {
      await page.goto(`${baseUrl}/w/${ws}/community`, { waitUntil: 'domcontentloaded' })
      await page.getByTestId('community-groups').locator('tbody tr', { hasText: groupName }).click()
      await page.waitForURL(/\/community\/groups\//)
      const board = page.getByTestId('check-in-board')
      await board.scrollIntoViewIfNeeded()
      await expectText(board.getByTestId('check-ins-today'), '2', 'checked in today')
      await expectText(board.getByTestId('check-in-rate'), '66.7%', 'check-in rate')
      const today = board.getByTestId('check-ins-today-list').locator('tbody tr')
      assert((await today.count()) === 2, `expected 2 check-ins today, saw ${await today.count()}`)
      const top = (await board.getByTestId('check-ins-top').locator('tbody tr').first().locator('td').allInnerTexts()).map((c) => c.trim())
      console.log(`     (top: ${top.join(' | ')})`)
      assert(top[0] === 'wmCheckA' && top[2] === '3' && top[3] === '3', 'wmCheckA is not first with a 3-day streak')
      await screenshot(page, 'community-check-ins.png')
    })

    await step('staff create the personal link of a member who has not checked in', async () => {
      const row = page.getByTestId('group-members').locator('tbody tr', { hasText: newcomer })
      await row.getByTestId('member-check-ins-open').click()
      const dialog = page.getByTestId('member-check-ins')
      await dialog.waitFor()
      await page.getByTestId('check-in-link-issue').click()
      // Element Plus puts the test id on the <input> itself
      const input = page.getByTestId('check-in-link')
      await input.waitFor()
      link = await input.inputValue()
      assert(link.startsWith(`${baseUrl}/k/${slug}.`), `unexpected link ${link}`)
      await page.keyboard.press('Escape')
    })

    await step('the member opens the link on a phone and checks in once', async () => {
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true })
      const mobile = await phone.newPage()
      await mobile.goto(link, { waitUntil: 'domcontentloaded' })
      await expectText(mobile.locator('h1'), groupName, 'group name on the page')
      await expectText(mobile.getByTestId('streak'), '0', 'streak before')
      await mobile.getByTestId('check-in').click()
      await expectText(mobile.getByTestId('result'), '签到成功！Checked in.', 'result')
      await expectText(mobile.getByTestId('streak'), '1', 'streak after')
      await expectText(mobile.getByTestId('total'), '1', 'total after')
      await mobile.getByTestId('done').waitFor()
      await screenshot(mobile, 'check-in-page.png')
      await phone.close()
    })

    await step('the board counts the new check-in', async () => {
      await page.reload({ waitUntil: 'domcontentloaded' })
      const board = page.getByTestId('check-in-board')
      await expectText(board.getByTestId('check-ins-today'), '3', 'checked in today')
      await expectText(board.getByTestId('check-in-rate'), '100.0%', 'check-in rate')
      const text = await textOf(board.getByTestId('check-ins-today-list'))
      assert(text.includes(newcomer), 'the new check-in is not listed')
    })

    await step('settings: the VIP type gets its own stage goals and a 21-day check-in goal, kept after a reload', async () => {
      await page.goto(`${baseUrl}/w/${ws}/community`, { waitUntil: 'domcontentloaded' })
      await page.getByRole('tab', { name: '设置' }).click()
      await page.getByTestId('policy-type').getByText('VIP 群').click()
      await expectValue(page.getByTestId('policy-founded-members').locator('input'), '30', 'default founded members')
      await page.getByTestId('policy-founded-members').locator('input').fill('10')
      await page.getByTestId('policy-active-interaction').locator('input').fill('25')
      await page.getByTestId('policy-streak-days').locator('input').fill('21')
      await page.getByTestId('policy-save').click()
      await page.locator('.el-message--success').waitFor()
      await page.reload({ waitUntil: 'domcontentloaded' })
      await page.getByRole('tab', { name: '设置' }).click()
      await page.getByTestId('policy-type').getByText('VIP 群').click()
      await expectValue(page.getByTestId('policy-founded-members').locator('input'), '10', 'saved founded members')
      await expectValue(page.getByTestId('policy-active-interaction').locator('input'), '25.0', 'saved interaction goal')
      await expectValue(page.getByTestId('policy-streak-days').locator('input'), '21', 'saved streak goal')
      await screenshot(page, 'community-stage-goals.png')
    })

    await expectNoPageErrors(pageErrors)
  } catch (error) {
    await screenshot(page, 'failure.png').catch(() => {})
    throw error
  } finally {
    await browser.close()
  }
}

runMain('checkins', main)
