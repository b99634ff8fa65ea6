// Browser test of Settings → WeCom for one existing workspace: log in, open the WeCom page, check
// the callback URL and that the form shows what GET /wecom/config returns, then take a screenshot
// of each tab. Uses the machine's Chromium (never downloads a browser).
//
//   MOAT_URL=http://127.0.0.1:8080 MOAT_ADMIN_PASSWORD=... MOAT_WECOM_SLUG=acme \
//     SCREENSHOT_DIR=/tmp/shots npm run e2e:wecom
//
// Screenshots: wecom-config.png, wecom-sync.png (failure.png on a failed step).
// Exit code 0 when every step passes, 1 otherwise.
import {
  password,
  assert,
  step,
  screenshot,
  expectValue,
  expectNoPageErrors,
  runMain,
  openConsole,
  logInAsAdmin,
  followNavigation,
} from './support.mjs'

const slug = process.env.MOAT_WECOM_SLUG

async function main() {
  assert(password, 'MOAT_ADMIN_PASSWORD is not set')
  assert(slug, 'MOAT_WECOM_SLUG is not set (the workspace whose WeCom page to open)')

  const { browser, page, pageErrors } = await openConsole()
  let config

  try {
    await logInAsAdmin(page)

    await step(`read the WeCom config of ${slug} through the API`, async () => {
      const response = await page.evaluate(async (s) => {
        const r = await fetch(`/api/v1/workspaces/${encodeURIComponent(s)}/wecom/config`, {
          headers: { Accept: 'application/json', Authorization: `Bearer ${sessionStorage.getItem('moat.token')}` },
        })
        return { status: r.status, body: await r.text() }
      }, slug)
      assert(response.status === 200, `GET /wecom/config answered ${response.status}: ${response.body.slice(0, 200)}`)
      config = JSON.parse(response.body)
      assert(typeof config.callbackUrl === 'string' && config.callbackUrl, 'GET /wecom/config has no callbackUrl')
      for (const key of ['secret', 'token', 'encodingAesKey']) {
        assert(!(key in config), `GET /wecom/config returned the ${key} itself (secrets must never be returned)`)
      }
    })

    await step('open Settings → WeCom from the navigation', async () => {
      await followNavigation(page, encodeURIComponent(slug), 'wecom', 'settings/wecom')
      await page.getByTestId('wecom-page').waitFor()
    })

    await step('the callback URL is shown', async () => {
      await expectValue(page.getByTestId('wecom-callback-url'), config.callbackUrl, 'callback URL field')
      assert(
        config.callbackUrl.endsWith(`/wecom/callback/${slug}`),
        `callback URL "${config.callbackUrl}" does not end with /wecom/callback/${slug}`,
      )
      await page.getByTestId('wecom-callback-copy').waitFor()
    })

    await step('the form shows the stored configuration', async () => {
      const expected = config.configured ? config.corpId || '' : ''
      await expectValue(page.getByTestId('wecom-corp-id'), expected, 'corp id field')
      if (config.configured) {
        assert(expected, 'GET /wecom/config says configured but has no corpId')
        await expectValue(page.getByTestId('wecom-agent-id'), String(config.agentId ?? ''), 'agent id field')
      } else {
        console.log(`     (workspace ${slug} is not configured: the form is empty)`)
      }
      const secret = await page.getByTestId('wecom-secret').inputValue()
      assert(secret === '', 'the secret field is not empty: secrets must never be shown')
      await screenshot(page, 'wecom-config.png')
    })

    await step('open the sync tab', async () => {
      await page.getByTestId('wecom-tab-sync').click()
      await page.waitForURL((url) => url.searchParams.get('tab') === 'sync')
      await page.getByTestId('wecom-sync-runs').waitFor()
      await page.getByTestId('wecom-inbox').waitFor()
      await screenshot(page, 'wecom-sync.png')
    })

    await expectNoPageErrors(pageErrors)
  } catch (error) {
    await screenshot(page, 'failure.png').catch(() => {})
    throw error
  } finally {
    await browser.close()
  }
}

runMain('wecom', main)
