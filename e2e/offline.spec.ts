import { expect, test } from './fixtures.ts'

// Offline use (issue #19): after one visit the service worker has every chunk, so with the
// network cut the library, any scenario (its body and panels) and the Chinese UI still load.

test.use({ serviceWorkers: 'allow' })

test('after one visit the app works with the network cut', async ({ page, context }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1, name: 'Scenario library' })).toBeVisible()
  // The worker registers after the first paint and is active once every chunk is cached.
  await page.evaluate(() => navigator.serviceWorker.ready)
  const active = () =>
    page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state)
  await expect.poll(active, { timeout: 20_000 }).toBe('activated')
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]')
    return link
      ? ((await (await fetch(link.href)).json()) as { name: string; icons: unknown[] })
      : null
  })
  expect(manifest?.name).toMatch(/VMScope/)
  expect(manifest?.icons.length).toBeGreaterThanOrEqual(2)

  await context.setOffline(true)
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Scenario library' })).toBeVisible()
  // A scenario never opened before: its body and panel chunks come from the cache.
  await page.evaluate(() => (location.hash = '#/vmx-lifecycle/5'))
  await expect(page.getByRole('heading', { level: 1, name: /VT-x life cycle/ })).toBeVisible()
  await expect(page.locator('.panel-loading')).toHaveCount(0)
  await expect(
    page.getByTestId('vmcs-panel').or(page.locator('[data-panel="vmcs"] figure')),
  ).toBeVisible()
  // The second language is a chunk too.
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh')
  await expect(page.getByText(/第 5 步，共 \d+ 步/)).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/offline-zh.png' })
  await context.setOffline(false)
})
