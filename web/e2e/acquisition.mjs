// Browser test of the Acquisition pages for one workspace wired to a wecom-sim with a staff member `anna`: log in,
// open Acquisition from the navigation, create a package-card channel code for anna with a benefit link, preview
// its welcome message, then make a virtual customer arrive (open the code's public page → scan the shown contact
// way in the sim) and see the add counted on the dashboard, against the period before it (comparison on and off),
// export the figures as an Excel workbook, and open a new package-card batch dated the workspace's today (its time
// zone, MOAT_ACQ_ZONE, whose date differs from UTC's). Uses the machine's Chromium (never downloads a browser).
//
//   MOAT_URL=http://127.0.0.1:8080 MOAT_ADMIN_PASSWORD=... MOAT_ACQ_SLUG=acme MOAT_SIM_URL=http://127.0.0.1:9999 \
//     MOAT_SIM_CORP=wwdemo MOAT_ACQ_ZONE=Pacific/Kiritimati SCREENSHOT_DIR=/tmp/shots node e2e/acquisition.mjs
//
// Screenshots: channels.png, welcome-preview.png, channel-dashboard.png, batch-dates.png (failure.png on a failed
// step).
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
  followNavigation,
  jsonOf,
} from './support.mjs'

const slug = process.env.MOAT_ACQ_SLUG
const simUrl = process.env.MOAT_SIM_URL
const corp = process.env.MOAT_SIM_CORP
const zone = process.env.MOAT_ACQ_ZONE
const NAME = `双11包裹卡-${Date.now() % 100000}`

async function main() {
  assert(
    password && slug && simUrl && corp && zone,
    'MOAT_ADMIN_PASSWORD, MOAT_ACQ_SLUG, MOAT_SIM_URL, MOAT_SIM_CORP and MOAT_ACQ_ZONE are needed',
  )
  const { browser, page, pageErrors } = await openConsole({ acceptDownloads: true })
  const ws = encodeURIComponent(slug)
  let code

  try {
    await logInAsAdmin(page)

    await step('open Acquisition from the navigation', async () => {
      await followNavigation(page, ws, 'acquisition', 'acquisition')
      await page.getByTestId('channels-panel').waitFor()
    })

    await step('create a package-card channel code for anna', async () => {
      await page.getByTestId('channel-create').click()
      await page.getByTestId('channel-name').fill(NAME)
      await page.getByTestId('channel-field-shop').fill('天猫旗舰店')
      const staff = page.getByTestId('channel-staff-0')
      await staff.click()
      await page.keyboard.type('anna')
      await page.keyboard.press('Enter')
      await page.getByTestId('channel-welcome').fill('你好{nickname}，我是{staff}，福利请领取')
      await page.getByTestId('channel-benefit').fill('领取回购礼')
      await page.getByTestId('channel-save').click()
      const outcome = await Promise.race([
        page.getByTestId(`channel-row-${NAME}`).waitFor().then(() => 'saved', () => 'timeout'),
        page.getByTestId('channel-error').waitFor().then(() => 'error', () => 'timeout'),
      ])
      if (outcome !== 'saved') {
        await screenshot(page, 'failure.png')
        const why = outcome === 'error' ? await textOf(page.getByTestId('channel-error')) : 'no row, no error'
        throw new Error(`channel not saved: ${why}`)
      }
      code = (await textOf(page.getByTestId(`channel-row-${NAME}`).locator('a'))).trim()
      assert(code.startsWith(`${slug}-`), `unexpected code ${code}`)
      await screenshot(page, 'channels.png')
    })

    await step('preview the welcome as the customer sees it', async () => {
      await page.getByTestId(`channel-preview-${NAME}`).click()
      const preview = page.getByTestId('welcome-preview')
      await preview.waitFor()
      const text = await textOf(preview)
      assert(text.includes('微信用户') && text.includes('anna') && text.includes('领取回购礼'), `preview shows: ${text}`)
      await screenshot(page, 'welcome-preview.png')
      await page.keyboard.press('Escape')
    })

    await step('a virtual customer opens the code and scans the shown contact way', async () => {
      const shown = await jsonOf(
        await fetch(`${baseUrl}/api/v1/public/channels/${encodeURIComponent(code)}/visits`, { method: 'POST' }),
        'the public visit',
      )
      assert(shown.staffUserId === 'anna' && shown.configId, `visit showed ${JSON.stringify(shown)}`)
      const scanned = await jsonOf(
        await fetch(`${simUrl}/sim/corps/${corp}/scan`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ configId: shown.configId, customer: { name: '浏览器顾客' } }),
        }),
        'the sim scan',
      )
      assert(scanned.userId === 'anna', `scan reached ${scanned.userId}`)
    })

    await step('the dashboard counts the scan and the add', async () => {
      const deadline = Date.now() + 60_000
      let adds = ''
      while (Date.now() < deadline) {
        await page.goto(`${baseUrl}/w/${ws}/acquisition?tab=dashboard`, { waitUntil: 'domcontentloaded' })
        await page.getByTestId('dashboard-adds').waitFor()
        adds = (await textOf(page.getByTestId('dashboard-adds').locator('.value'))).trim()
        if (adds === '1') break
        await page.waitForTimeout(1000)
      }
      assert(adds === '1', `dashboard shows ${adds} adds`)
      const scans = (await textOf(page.getByTestId('dashboard-scans').locator('.value'))).trim()
      assert(scans === '1', `dashboard shows ${scans} scans`)
      await screenshot(page, 'channel-dashboard.png')
    })

    await step('the dashboard compares the period with the one before it', async () => {
      // the week before had no scans and no adds: with comparison on, each total shows the earlier figure below it
      const before = page.getByTestId('dashboard-adds').locator('.muted')
      await before.waitFor()
      const earlier = (await textOf(before)).trim()
      assert(earlier === '0', `the previous period shows ${earlier} adds`)
      await page.getByTestId('dashboard-compare').click()
      await before.waitFor({ state: 'detached' })
      await page.getByTestId('dashboard-compare').click()
      await before.waitFor()
    })

    await step('the figures export as an Excel workbook', async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('dashboard-export-xlsx').click(),
      ])
      const name = download.suggestedFilename()
      assert(name.endsWith('.xlsx'), `the export is named ${name}`)
      const chunks = []
      for await (const chunk of await download.createReadStream()) chunks.push(chunk)
      const bytes = Buffer.concat(chunks)
      assert(bytes.length > 100 && bytes[0] === 0x50 && bytes[1] === 0x4b, `the export is not a workbook (${bytes.length} bytes)`)
    })

    await step("a new batch is dated the workspace's today, not UTC's", async () => {
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date())
      assert(today !== new Date().toISOString().slice(0, 10), `${zone} has UTC's date now; the step would prove nothing`)
      await page.goto(`${baseUrl}/w/${ws}/acquisition?tab=batches`, { waitUntil: 'domcontentloaded' })
      await page.getByTestId('batch-create').click()
      const inputs = page.getByTestId('batch-dates').locator('input')
      await inputs.first().waitFor()
      const shown = [await inputs.nth(0).inputValue(), await inputs.nth(1).inputValue()]
      assert(shown[0] === today && shown[1] === today, `the batch dialog offers ${shown.join(' – ')}, expected ${today}`)
      await screenshot(page, 'batch-dates.png')
      await page.keyboard.press('Escape')
    })

    await expectNoPageErrors(pageErrors)
  } finally {
    await browser.close()
  }
}

runMain('acquisition', main)
