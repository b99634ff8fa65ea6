// Deleting the demo workspace from the console: Settings → Workspace → Delete, the confirm dialog keeps the button
// disabled until the slug is typed exactly, then the workspace is gone from the API and the switcher.
//
//   MOAT_URL=http://127.0.0.1:8080 MOAT_ADMIN_PASSWORD=... MOAT_DEMO_SLUG=demo-snacks node e2e/demodelete.mjs
//
// Screenshots: demo-delete-dialog.png (failure.png on a failed step). Exit code 0 when every step passes.
import {
  baseUrl,
  password,
  assert,
  step,
  screenshot,
  signIn,
  expectNoPageErrors,
  runMain,
  openConsole,
} from './support.mjs'

const slug = process.env.MOAT_DEMO_SLUG || 'demo-snacks'
const ws = encodeURIComponent(slug)

async function main() {
  assert(password, 'MOAT_ADMIN_PASSWORD is not set')
  const { browser, page, pageErrors } = await openConsole()
  try {
    await step('sign in and open the demo workspace settings', async () => {
      await page.goto(`${baseUrl}/login`, { waitUntil: 'domcontentloaded' })
      await signIn(page)
      await page.goto(`${baseUrl}/w/${ws}/settings/workspace`, { waitUntil: 'domcontentloaded' })
      await page.getByTestId('danger-zone').waitFor()
    })

    await step('the confirm dialog asks for the slug before it deletes', async () => {
      await page.getByTestId('workspace-delete').click()
      await page.getByTestId('delete-dialog').waitFor()
      const confirm = page.getByTestId('delete-confirm')
      assert(await confirm.isDisabled(), 'the delete button is enabled before the slug is typed')
      await page.getByTestId('delete-confirm-slug').fill(`${slug}-not`)
      assert(await confirm.isDisabled(), 'the delete button is enabled for a wrong slug')
      await page.getByTestId('delete-confirm-slug').fill(slug)
      assert(await confirm.isEnabled(), 'the delete button stays disabled for the right slug')
      await screenshot(page, 'demo-delete-dialog.png')
      await confirm.click()
      await page.waitForURL((url) => !url.pathname.startsWith(`/w/${ws}`))
    })

    await step('the demo workspace is gone', async () => {
      const status = await page.evaluate(async (p) => {
        const r = await fetch(p, { headers: { Authorization: `Bearer ${sessionStorage.getItem('moat.token')}` } })
        return r.status
      }, `/api/v1/workspaces/${ws}`)
      assert(status === 404, `GET the deleted workspace answered ${status}`)
    })
    await expectNoPageErrors(pageErrors)
  } catch (error) {
    await screenshot(page, 'failure.png').catch(() => {})
    throw error
  } finally {
    await browser.close()
  }
}

runMain('demo workspace deletion', main)
