// Browser test of the Community pages and the staff task list for a workspace that already has groups, members,
// messages and an open guard task: the group list shows the group with its figures, sorting by a column works, the
// group page shows its trend chart, members with roles and the open task; the settings take a guard word; the
// task list filters by status and a task is completed with the closer shown.
//
//   MOAT_URL=http://127.0.0.1:8080 MOAT_ADMIN_PASSWORD=... MOAT_COMMUNITY_SLUG=acme MOAT_COMMUNITY_GROUP=福利群 \
//     SCREENSHOT_DIR=/tmp/shots node e2e/community.mjs
//
// Screenshots: community.png, community-group.png, community-join-codes.png, community-settings.png, tasks.png (failure.png on a failed step).
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

const slug = process.env.MOAT_COMMUNITY_SLUG
const groupName = process.env.MOAT_COMMUNITY_GROUP

async function main() {
  assert(password, 'MOAT_ADMIN_PASSWORD is not set')
  assert(slug && groupName, 'MOAT_COMMUNITY_SLUG and MOAT_COMMUNITY_GROUP are not set')

  const { browser, page, pageErrors } = await openConsole()
  const ws = encodeURIComponent(slug)

  try {
    await logInAsAdmin(page)

    await step('open Community from the navigation and see the group with its figures', async () => {
      await followNavigation(page, ws, 'community', 'community')
      const row = page.getByTestId('community-groups').locator('tbody tr', { hasText: groupName })
      await row.waitFor()
      const cells = await row.locator('td').allInnerTexts()
      console.log(`     (${cells.map((c) => c.trim()).join(' | ')})`)
      assert(cells.some((c) => c.trim() === '3'), 'the group row does not show its 3 members')
      await page.getByTestId('community-groups').locator('th', { hasText: '互动率' }).click()
      await row.waitFor()
      await page.getByTestId('community-groups').locator('tbody tr', { hasText: '引流1群' }).waitFor()
      await page.getByTestId('group-comparison').locator('canvas').first().waitFor()
      await screenshot(page, 'community.png')
    })

    await step('open the group: trend, members with roles, the open task', async () => {
      await page.getByTestId('community-groups').locator('tbody tr', { hasText: groupName }).click()
      await page.waitForURL(/\/community\/groups\//)
      await expectText(page.getByTestId('group-name'), groupName, 'group name')
      await page.getByTestId('group-trend').locator('canvas').first().waitFor()
      const members = page.getByTestId('group-members').locator('tbody tr')
      await members.first().waitFor()
      assert((await members.count()) === 4, `expected 4 members (3 customers and the owner), saw ${await members.count()}`)
      await page.getByTestId('group-tasks').locator('tbody tr', { hasText: '提醒群成员遵守群规' }).waitFor()
      // 3 members, 3 days old: still founding, whose key figures (joins, join rate, quit rate) are highlighted
      await page.getByTestId('group-stage-name').filter({ hasText: '「建群」' }).waitFor()
      const joinRate = page.getByTestId('stage-figure-joinRate')
      assert((await joinRate.getAttribute('class')).includes('key'), 'the founding stage does not highlight the join rate')
      assert(!(await page.getByTestId('stage-figure-roi').getAttribute('class')).includes('key'), 'ROI is highlighted while founding')
      await page.getByTestId('koc-suggest').click()
      await page.getByTestId('koc-candidates').filter({ hasText: '暂无足够活跃的成员' }).waitFor()
      await screenshot(page, 'community-group.png')
    })

    await step('join codes: scans, joins and the join rate per code; WeCom statistics stand in without the archive', async () => {
      await page.goto(`${baseUrl}/w/${ws}/community`, { waitUntil: 'domcontentloaded' })
      await page.getByTestId('community-no-archive').waitFor()
      await page.getByRole('tab', { name: '入群码' }).click()
      const row = page.getByTestId('join-codes').locator('tbody tr', { hasText: '海报入群' })
      await row.waitFor()
      const cells = (await row.locator('td').allInnerTexts()).map((c) => c.trim())
      console.log(`     (${cells.join(' | ')})`)
      assert(cells.includes('引流1群'), 'the code does not list its group by name')
      assert(cells.includes('4') && cells.includes('1') && cells.includes('25.0%'), 'expected 4 scans, 1 join, 25.0 %')
      await screenshot(page, 'community-join-codes.png')
      await page.getByRole('tab', { name: '企微统计' }).click()
      await page.getByTestId('message-source').filter({ hasText: '未开通会话存档' }).waitFor()
    })

    await step('settings: add a guard word', async () => {
      await page.goto(`${baseUrl}/w/${ws}/community`, { waitUntil: 'domcontentloaded' })
      await page.getByRole('tab', { name: '设置' }).click()
      await page.getByTestId('guard-word-text').fill('刷单')
      await page.getByTestId('guard-word-add').click()
      await page.getByTestId('guard-words').locator('tbody tr', { hasText: '刷单' }).waitFor()
      await screenshot(page, 'community-settings.png')
    })

    await step('the task list shows the open task and completes it', async () => {
      await page.getByTestId('nav-tasks').click()
      await page.waitForURL(`${baseUrl}/w/${ws}/tasks`)
      const row = page.getByTestId('tasks-table').locator('tbody tr', { hasText: '提醒群成员遵守群规' })
      await row.waitFor()
      await row.getByTestId('task-complete').click()
      await page.locator('.el-message-box input').fill('已在群内提醒')
      await page.locator('.el-message-box .el-button--primary').click()
      await expectText(row.getByTestId('task-status'), '已完成', 'task status after completing')
      const closer = await textOf(row.locator('.muted.small').last())
      assert(closer.includes('admin'), `the closer is not shown: "${closer}"`)
      await screenshot(page, 'tasks.png')
    })

    await expectNoPageErrors(pageErrors)
  } catch (error) {
    await screenshot(page, 'failure.png').catch(() => {})
    throw error
  } finally {
    await browser.close()
  }
}

runMain('community', main)
