import type { Page } from 'playwright/test'
import { expect, expectAxeClean, shot, status, test } from './fixtures.ts'

// Memory overcommit (issue #18): ballooning, ESX page sharing with its COW break, KSM's
// counters on the documented example, double paging, and ESX's reclamation states with the
// idle memory tax, in English, Chinese and presenter mode. One data-focus per step; axe clean;
// screenshots under test-results/screenshots.

const host = (page: Page) => page.getByTestId('hostmem')
const sharing = (page: Page) => page.getByTestId('sharing')

test.use({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' })
// Every frame and page is drawn as a cell with its accessible name: axe takes its time here.
test.describe.configure({ timeout: 120_000 })

test('balloon: the guest picks the pages, the host frees their frames, actual follows', async ({
  page,
}) => {
  await page.goto('/#/mem-balloon/5')
  await expect(status(page)).toHaveText('Step 5 of 15')
  const a = page.getByTestId('hm-guest-a')
  // The inflate step: PFNs on the queue, frames still held, actual not yet updated.
  await expect(a).toContainText('num_pages 8, actual 0 (MUST_TELL_HOST, DEFLATE_ON_OOM).')
  await expect(
    a.getByRole('listitem', { name: 'page 18: in the balloon, in frame 18' }),
  ).toBeVisible()
  await expect(page.locator('.stage [data-focus]')).toHaveCount(1)
  await expect(a.locator('[data-focus]')).toHaveAccessibleName(/page 12: in the balloon/)
  await shot(page, 'mem-balloon-en-inflate')
  await expectAxeClean(page)

  await page.keyboard.press('ArrowRight')
  await expect(status(page)).toHaveText('Step 6 of 15')
  await expect(a).toContainText('num_pages 8, actual 8')
  await expect(a.getByRole('listitem', { name: 'page 18: in the balloon, no frame' })).toBeVisible()
  await expect(host(page).getByTestId('hm-counts')).toContainText('16 free, 32 private')

  // A balloon bigger than the guest: out of puff, actual stays below num_pages.
  await page.goto('/#/mem-balloon/15')
  await expect(page.getByTestId('hm-guest-b')).toContainText('num_pages 100, actual 12.')
})

test('balloon, in Chinese', async ({ page }) => {
  await page.goto('/?lang=zh#/mem-balloon/8')
  await expect(status(page)).toHaveText('第 8 步，共 15 步')
  await expect(page.getByTestId('hm-guest-a')).toContainText('气球中 16')
  await expect(
    page.getByTestId('hm-guest-a').locator('code', { hasText: 'virtio-balloon' }),
  ).toBeVisible()
  await shot(page, 'mem-balloon-zh-pressure')
  await expectAxeClean(page)
})

test('ESX sharing: hint, merge with a reference count, then a write breaks it', async ({
  page,
}) => {
  await page.goto('/#/mem-esx-sharing/5')
  await expect(status(page)).toHaveText('Step 5 of 12')
  const row = sharing(page).getByTestId('hm-esx').locator('tbody tr').first()
  await expect(row).toContainText('shared frame')
  await expect(row).toContainText('a2 b2')
  await expect(row).toHaveAttribute('data-focus', 'true')
  await expect(page.locator('.stage [data-focus]')).toHaveCount(1)
  await expect(row).toBeInViewport()
  await shot(page, 'mem-esx-en-merged')
  await expectAxeClean(page)

  await page.goto('/#/mem-esx-sharing/11')
  const b = page.getByTestId('hm-guest-b')
  await expect(b.getByRole('listitem', { name: 'page 2: kernel, in frame 15' })).toBeVisible()
  await expect(
    page.getByTestId('hm-guest-a').getByRole('listitem', {
      name: 'page 2: kernel, in shared frame 2, read-only',
    }),
  ).toBeVisible()
  await expect(sharing(page).getByTestId('hm-esx')).toContainText('shared frame21a2')
  await shot(page, 'mem-esx-en-cow')
})

test('KSM: the documented counters for 100 identical pages, with and without zero pages', async ({
  page,
}) => {
  await page.goto('/#/mem-ksm/17')
  await expect(status(page)).toHaveText('Step 17 of 24')
  const counters = sharing(page).getByTestId('hm-ksm').locator('dl')
  await expect(counters).toContainText('pages_shared1')
  await expect(counters).toContainText('pages_sharing99')
  await expect(counters).toHaveAttribute('data-focus', 'true')
  await expect(counters).toBeInViewport()
  await shot(page, 'mem-ksm-en-hundred')
  await expectAxeClean(page)

  await page.goto('/?lang=zh#/mem-ksm/24')
  await expect(counters).toContainText('ksm_zero_pages50')
  await expect(counters).toContainText('pages_sharing49')
  await shot(page, 'mem-ksm-zh-zero-pages')
  await expectAxeClean(page)
})

test('double paging costs three disk I/Os; the balloon one', async ({ page }) => {
  await page.goto('/#/mem-double-paging/5')
  await expect(status(page)).toHaveText('Step 5 of 8')
  await expect(host(page).getByTestId('hm-swap')).toContainText('1 written, 1 read back')
  await expect(page.getByTestId('hm-guest-a')).toContainText('disk writes so far: 1')
  await shot(page, 'mem-double-paging-en')
  await expectAxeClean(page)
})

test('overcommit in presenter mode at 1920x1080: the tax picks the idle VM, text at least 18 px', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto('/#/mem-overcommit/12')
  await expect(status(page)).toHaveText('Step 12 of 23')
  await page.keyboard.press('p')
  await expect(page.locator(':root.presenter')).toHaveCount(1)
  await expect(page.locator('.panel-loading')).toHaveCount(0)
  const box = host(page).getByTestId('hm-reclaim')
  await expect(box).toContainText('soft, reclaim by ballooning.')
  await expect(box.locator('tr[aria-current="true"]')).toContainText('▶ batch')
  await expect(box).toHaveAttribute('data-focus', 'true')
  const small = await host(page).evaluate((root) =>
    [...root.querySelectorAll<HTMLElement>('p, li, td, th, h2, h3, span')]
      .filter((el) => el.offsetParent !== null && !el.closest('.visually-hidden'))
      .filter((el) => el.textContent?.trim())
      .filter((el) => parseFloat(getComputedStyle(el).fontSize) < 18)
      .map((el) => `${el.tagName}.${el.className} ${getComputedStyle(el).fontSize}`),
  )
  expect(small).toEqual([])
  await shot(page, 'mem-overcommit-presenter')
  await expectAxeClean(page)
})
