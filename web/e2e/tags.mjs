// Browser test of the Tags page and bulk tagging of a filtered list, for one workspace wired to a wecom-sim whose
// member zhangsan follows MOAT_TAGS_MEMBERS customers named 会员-… (one of whom WeCom no longer relates to, though
// Moat does not know) and a few named 访客-…: log in, create a WeCom-synced tag group and a tag in it, see the tag
// carry its WeCom corp tag id and find that id in the sim's corp tag library; then filter the customer list to
// 会员, tag every match (not just the rows shown), watch the job finish with a result per customer (the stale
// relation failed with WeCom's errcode 84061), see the sim hold the tag on a member, and find the job with its
// counts on the Tags page. Uses the machine's Chromium (never downloads a browser).
//
//   MOAT_URL=http://127.0.0.1:8080 MOAT_ADMIN_PASSWORD=... MOAT_TAGS_SLUG=acme MOAT_SIM_URL=http://127.0.0.1:9999 \
//     MOAT_SIM_CORP=wwdemo MOAT_TAGS_MEMBERS=40 MOAT_TAGS_MEMBER=wm… SCREENSHOT_DIR=/tmp/shots node e2e/tags.mjs
//
// Screenshots: tags-synced.png, tags-bulk-results.png, tags-bulk-jobs.png (failure.png on a failed step).
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

const slug = process.env.MOAT_TAGS_SLUG
const simUrl = process.env.MOAT_SIM_URL
const corp = process.env.MOAT_SIM_CORP
const members = Number(process.env.MOAT_TAGS_MEMBERS)
const member = process.env.MOAT_TAGS_MEMBER
const GROUP = '会员日活动'
const TAG = '会员日已邀'

async function cgi(path, body) {
  const token = (await jsonOf(await fetch(`${simUrl}/cgi-bin/gettoken?corpid=${corp}&corpsecret=sim-secret`), 'gettoken')).access_token
  const answer = await jsonOf(
    await fetch(`${simUrl}${path}${path.includes('?') ? '&' : '?'}access_token=${token}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    path,
  )
  assert(answer.errcode === 0, `${path}: ${JSON.stringify(answer).slice(0, 200)}`)
  return answer
}

async function main() {
  assert(password && slug && simUrl && corp && members > 1 && member, 'MOAT_ADMIN_PASSWORD, MOAT_TAGS_SLUG, MOAT_SIM_URL, MOAT_SIM_CORP, MOAT_TAGS_MEMBERS and MOAT_TAGS_MEMBER are needed')
  const { browser, page, pageErrors } = await openConsole()
  const ws = encodeURIComponent(slug)
  let wecomTagId

  try {
    await logInAsAdmin(page)

    await step('open Tags from the navigation', async () => {
      await followNavigation(page, ws, 'tags', 'tags')
      await page.getByTestId('tags-groups').waitFor()
    })

    await step('create a WeCom-synced group and a tag in it', async () => {
      await page.getByTestId('tags-create-group').click()
      await page.getByTestId('tags-name').fill(GROUP)
      await page.getByTestId('tags-wecom').click()
      await page.getByTestId('tags-save').click()
      const group = page.locator('section.group', { hasText: GROUP })
      await group.waitFor()
      await group.getByTestId('tags-create-tag').click()
      await page.getByTestId('tags-name').fill(TAG)
      await page.getByTestId('tags-save').click()
      const mark = group.locator('.tag-item', { hasText: TAG }).getByTestId('tag-wecom')
      await mark.waitFor()
      wecomTagId = await mark.getAttribute('data-wecom-tag-id')
      assert(wecomTagId, 'the tag shows no WeCom corp tag id')
      await screenshot(page, 'tags-synced.png')
    })

    await step('the sim holds the tag under the same id', async () => {
      const library = await cgi('/cgi-bin/externalcontact/get_corp_tag_list', {})
      const found = library.tag_group.flatMap((g) => g.tag.map((x) => ({ group: g.group_name, ...x }))).find((x) => x.id === wecomTagId)
      assert(found && found.name === TAG && found.group === GROUP, `corp tag ${wecomTagId}: ${JSON.stringify(found)}`)
    })

    await step('tag every customer the list filter matches', async () => {
      await page.goto(`${baseUrl}/w/${ws}/customers?q=${encodeURIComponent('会员')}`, { waitUntil: 'domcontentloaded' })
      await page.getByTestId('customers-page').waitFor()
      await page.getByTestId('customers-bulk-tag-filter').click()
      const dialog = page.getByTestId('bulk-tag-dialog')
      await dialog.getByTestId('bulk-tag-filter').waitFor()
      const filterText = await textOf(dialog.getByTestId('bulk-tag-filter'))
      assert(filterText.includes('会员'), `the dialog names the filter: ${filterText}`)
      await dialog.getByTestId('bulk-tag-add').click()
      await page.locator('.el-select-dropdown__item:visible', { hasText: TAG }).click()
      await dialog.locator('.el-dialog__title').click()
      await dialog.getByTestId('bulk-tag-start').click()
      const result = dialog.getByTestId('bulk-tag-result')
      await result.waitFor()
      await page.waitForFunction(
        () => document.querySelector('[data-testid="bulk-tag-result"]')?.dataset.status !== 'running',
        null,
        { timeout: 120_000 },
      )
      assert((await result.getAttribute('data-status')) === 'completed', `job ended ${await result.getAttribute('data-status')}`)
      const progress = await textOf(dialog.getByTestId('bulk-tag-progress'))
      assert(progress.includes(`${members} / ${members}`), `progress says ${progress}`)
      const tagged = await dialog.getByTestId('bulk-tag-done').getAttribute('data-n')
      const failed = await dialog.getByTestId('bulk-tag-failed').getAttribute('data-n')
      assert(Number(tagged) === members - 1 && Number(failed) === 1, `tagged ${tagged}, failed ${failed}`)
      const row = dialog.getByTestId('bulk-tag-problems').locator('li').first()
      await row.waitFor()
      assert((await row.getAttribute('data-errcode')) === '84061', `the failure carries ${await row.getAttribute('data-errcode')}`)
      await dialog.getByTestId('bulk-tag-outcome-ok').click()
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="bulk-tag-problems"] li[data-outcome="ok"]').length > 0,
      )
      await screenshot(page, 'tags-bulk-results.png')
      await dialog.getByTestId('bulk-tag-close').click()
    })

    await step('WeCom holds the tag on a member', async () => {
      const contact = await cgi(`/cgi-bin/externalcontact/get?external_userid=${encodeURIComponent(member)}`)
      const tags = contact.follow_user.flatMap((f) => (f.tags || []).map((x) => x.tag_id))
      assert(tags.includes(wecomTagId), `member ${member} carries ${JSON.stringify(tags)}`)
    })

    await step('the Tags page lists the job with its counts and results', async () => {
      await page.goto(`${baseUrl}/w/${ws}/tags`, { waitUntil: 'domcontentloaded' })
      const jobs = page.getByTestId('tags-bulk-jobs')
      const job = jobs.locator('li.job').first()
      await job.waitFor()
      assert((await job.getAttribute('data-status')) === 'completed', 'the job is listed as completed')
      const text = await textOf(job)
      assert(text.includes(TAG) && text.includes(String(members)), `job row: ${text}`)
      await job.getByTestId('tags-bulk-job-open').click()
      const dialog = page.getByTestId('bulk-tag-dialog')
      await dialog.getByTestId('bulk-tag-result').waitFor()
      await dialog.locator('[data-testid="bulk-tag-problems"] li[data-outcome="failed"]').first().waitFor()
      await screenshot(page, 'tags-bulk-jobs.png')
    })
  } catch (error) {
    await screenshot(page, 'failure.png').catch(() => {})
    throw error
  } finally {
    await browser.close()
  }
  await expectNoPageErrors(pageErrors)
}

runMain('tags', main)
