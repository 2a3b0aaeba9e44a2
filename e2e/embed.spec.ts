import type { Frame, Page } from 'playwright/test'
import { SHOTS, expect, test } from './fixtures.ts'

// Slide decks drive an embedded view (issue #19): the sample deck (public/embed-demo.html)
// steps the view with reveal.js-style keys, jumps phases, switches the language, and shows what
// the view reports; a view whose link does not allow the deck's origin executes nothing and
// says so.

const view = (page: Page): Frame => {
  const f = page.frame({ url: /embed=1/ })
  if (!f) throw new Error('the deck has no embedded view')
  return f
}
const stepInHash = (page: Page) => Number(/#\/[a-z0-9-]+\/(\d+)/.exec(view(page).url())?.[1])
const where = (page: Page) => page.locator('#where')

test('the sample deck steps, jumps phases and switches the language of the view', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto('/embed-demo.html?scenario=ept-2d-walk')
  await expect(page.getByRole('heading', { name: /Lecture 7/ })).toBeVisible()
  await page.keyboard.press('ArrowRight')
  await expect(where(page)).toHaveText(/^Step 1 of (\d+) · phase 1\/\d+: /)
  // The deck titles the slide with what the view reports.
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('The two-dimensional page walk')
  const total = Number(/of (\d+)/.exec((await where(page).textContent()) ?? '')?.[1])
  expect(total).toBeGreaterThan(5)

  // Clicker keys on the deck step the view, which reports back.
  await page.keyboard.press('ArrowRight')
  await expect(where(page)).toHaveText(/^Step 2 of /)
  await expect.poll(() => stepInHash(page)).toBe(2)
  await page.keyboard.press('PageDown')
  await page.keyboard.press('n')
  await expect(where(page)).toHaveText(/^Step 4 of /)
  await page.keyboard.press('PageUp')
  await expect(where(page)).toHaveText(/^Step 3 of /)

  // Phases by button; the view's own narration follows.
  await page.getByRole('button', { name: 'Phase ▶' }).click()
  await expect(where(page)).toHaveText(/phase 2\/\d+: /)
  const phase2 = /^Step (\d+)/.exec((await where(page).textContent()) ?? '')?.[1]
  await expect.poll(() => stepInHash(page)).toBe(Number(phase2))
  await expect(page.frameLocator('#view').locator('.panel-loading')).toHaveCount(0)
  await page.screenshot({ path: `${SHOTS}/embed-deck-en.png` })

  // The language, for the view and what it reports.
  await page.getByRole('button', { name: '中文' }).click()
  await expect(view(page).locator('html')).toHaveAttribute('lang', /^zh/)
  await expect(where(page)).toHaveText(/phase 2\/\d+: .*[\u4e00-\u9fff]/)
  await expect(page.getByRole('button', { name: 'English' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(/[\u4e00-\u9fff]/)
  // The view's own controls, not only its narration, are in Chinese.
  await expect(
    page
      .frameLocator('#view')
      .getByText(/^第 ?\d+ ?步/)
      .first(),
  ).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/embed-deck-zh.png` })

  // Forward past the view's last step leaves the slide, as fragments do.
  await page.keyboard.press('End')
  await expect(page.getByRole('heading', { name: 'What we saw' })).toBeVisible()
})

test('a deck whose origin the link does not allow moves nothing, and the view says why', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto('/embed-demo.html?origin=https://slides.example.org')
  await page.keyboard.press('ArrowRight')
  await expect(page.locator('#view')).toBeVisible()
  const frame = page.frameLocator('#view')
  await expect(frame.getByRole('heading', { level: 1 })).toBeAttached()
  // The view never reports to this page (it posts only to the allowed origin).
  await expect(where(page)).toHaveText('Waiting for the view…')
  await page.evaluate(() => {
    const f = document.getElementById('view') as HTMLIFrameElement
    f.contentWindow?.postMessage({ type: 'vmscope:command', command: 'last' }, location.origin)
  })
  const notice = frame.getByTestId('app-notice')
  await expect(notice).toContainText('tried to control this view and was ignored')
  await expect(notice).toContainText('https://slides.example.org')
  expect(stepInHash(page)).toBe(1)
  await page.screenshot({ path: `${SHOTS}/embed-refused.png` })
  await notice.getByRole('button', { name: 'Close' }).click()
  await expect(notice).toHaveCount(0)
})
