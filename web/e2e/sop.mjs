// Browser test of the group SOP calendar editor for one workspace whose registry has a welfare group: log in, open
// Group SOP calendars from the navigation, build the welfare groups' week (a daily 08:00 check-in and a Wednesday
// 19:00 member day) in the grid, save, and check the grid, the saved calendar (API) and the upcoming posts after a
// reload. Uses the machine's Chromium (never downloads a browser).
//
//   MOAT_URL=http://127.0.0.1:8080 MOAT_ADMIN_PASSWORD=... MOAT_SOP_SLUG=acme SCREENSHOT_DIR=/tmp/shots node e2e/sop.mjs
//
// Screenshots: sop.png, sop-slot.png (failure.png on a failed step). Exit code 0 when every step passes, 1 otherwise.
import {
  TIMEOUT,
  baseUrl,
  launchBrowser,
  assert,
  step,
  screenshot,
  signIn,
  expectNoPageErrors,
  runMain,
} from './support.mjs'

const slug = process.env.MOAT_SOP_SLUG

async function apiGet(page, apiPath) {
  const response = await page.evaluate(async (p) => {
    const r = await fetch(p, {
      headers: { Accept: 'application/json', Authorization: `Bearer ${sessionStorage.getItem('moat.token')}` },
    })
    return { status: r.status, body: await r.text() }
  }, apiPath)
  assert(response.status === 200, `GET ${apiPath} answered ${response.status}: ${response.body.slice(0, 200)}`)
  return JSON.parse(response.body)
}

async function addSlot(page, { title, weekly, weekday, time, text }) {
  await page.getByTestId('sop-add-slot').click()
  const dialog = page.getByTestId('sop-slot-dialog')
  await page.getByTestId('sop-slot-title').fill(title)
  if (weekly) {
    await page.getByTestId('sop-slot-weekly').click()
    await page.getByTestId('sop-slot-weekday').click()
    await page.getByTestId(`sop-weekday-${weekday}`).click()
  }
  await page.getByTestId('sop-slot-time').fill(time)
  await page.getByTestId('sop-slot-text').fill(text)
  await page.getByTestId('sop-slot-keep').click()
  await dialog.waitFor({ state: 'hidden' })
}

/** The weekdays (1–7) on which the grid shows the slot's chip. */
async function chipDays(page, title) {
  const days = []
  for (let day = 1; day <= 7; day++) {
    if ((await page.getByTestId(`sop-chip-${title}-${day}`).count()) > 0) days.push(day)
  }
  return days
}

async function main() {
  assert(slug, 'set MOAT_SOP_SLUG')
  const browser = await launchBrowser()
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' })
  context.setDefaultTimeout(TIMEOUT)
  const page = await context.newPage()
  const pageErrors = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  const ws = encodeURIComponent(slug)

  try {
    await step('log in as admin', async () => {
      await page.goto(`${baseUrl}/login`, { waitUntil: 'domcontentloaded' })
      await signIn(page)
    })

    await step('open Group SOP calendars from the navigation', async () => {
      await page.goto(`${baseUrl}/w/${ws}`, { waitUntil: 'domcontentloaded' })
      await page.getByTestId('nav-sopCalendars').click()
      await page.waitForURL(`${baseUrl}/w/${ws}/journeys/sop-calendars`)
      await page.getByTestId('sop-page').waitFor()
      await page.getByTestId('sop-empty').waitFor()
    })

    await step('build the welfare groups\' week: a daily check-in and a Wednesday member day', async () => {
      await page.getByTestId('sop-type-welfare').click()
      await addSlot(page, { title: '早安打卡', weekly: false, time: '08:00', text: '早安！今天也来打卡吧' })
      await page.getByTestId('sop-add-slot').click()
      await page.getByTestId('sop-slot-title').fill('会员日')
      await page.getByTestId('sop-slot-weekly').click()
      await screenshot(page, 'sop-slot.png')
      await page.getByTestId('sop-slot-weekday').click()
      await page.getByTestId('sop-weekday-3').click()
      await page.getByTestId('sop-slot-time').fill('19:00')
      await page.getByTestId('sop-slot-text').fill('周三会员日：全场福利')
      await page.getByTestId('sop-slot-keep').click()
      await page.getByTestId('sop-slot-dialog').waitFor({ state: 'hidden' })
      const daily = await chipDays(page, '早安打卡')
      assert(daily.join() === '1,2,3,4,5,6,7', `the check-in should show every day, shows ${daily}`)
      const weekly = await chipDays(page, '会员日')
      assert(weekly.join() === '3', `the member day should show on Wednesday only, shows ${weekly}`)
    })

    await step('save, and the API has the calendar with both slots', async () => {
      await page.getByTestId('sop-save').click()
      await page.locator('.el-message--success').waitFor()
      const answer = await apiGet(page, `/api/v1/workspaces/${ws}/sop-calendars`)
      const welfare = answer.calendars.find((c) => c.groupType === 'welfare')
      assert(welfare, `no welfare calendar in ${JSON.stringify(answer)}`)
      const slots = welfare.slots.map((s) => `${s.title}@${String(s.time).slice(0, 5)}/${s.weekday || 'daily'}`).sort()
      assert(
        slots.join() === ['会员日@19:00/WEDNESDAY', '早安打卡@08:00/daily'].join(),
        `saved slots: ${slots.join()}`,
      )
    })

    await step('after a reload the grid and the upcoming posts are there, each into the one welfare group', async () => {
      await page.reload({ waitUntil: 'domcontentloaded' })
      await page.getByTestId('sop-page').waitFor()
      await page.getByTestId('sop-type-welfare').click()
      await page.getByTestId('sop-chip-会员日-3').waitFor()
      const upcoming = page.getByTestId('sop-upcoming').locator('tbody tr')
      await upcoming.first().waitFor()
      const rows = await upcoming.count()
      assert(rows === 8, `7 check-ins and 1 member day are due in a week, the table shows ${rows}`)
      const texts = await upcoming.allTextContents()
      assert(texts.every((row) => row.trim().endsWith('1')), `every post goes to 1 group: ${texts.join(' | ')}`)
      await screenshot(page, 'sop.png')
    })

    await expectNoPageErrors(pageErrors)
  } catch (error) {
    await screenshot(page, 'failure.png').catch(() => {})
    throw error
  } finally {
    await browser.close()
  }
}

runMain('sop', main)
