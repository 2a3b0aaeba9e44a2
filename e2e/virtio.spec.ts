import type { Page } from 'playwright/test'
import { expect, expectAxeClean, shot, status, test } from './fixtures.ts'
import { smallText } from './textSize.ts'

// virtio (issue #17): the three scenarios in English and Chinese and in presenter mode. The
// step's cell carries data-focus (one per panel) and ▶; the kick and interrupt decisions show
// vring_need_event's numbers; the counters compare QEMU with vhost-net. Axe clean; screenshots
// under test-results/screenshots.

const TX = 'virtio-net-tx' // 73 steps
const WRAP = 'virtio-event-idx-wrap' // 91 steps
const VHOST = 'virtio-vhost-net' // 80 steps

const panel = (page: Page) => page.getByTestId('virtqueue')
const counts = (page: Page) => panel(page).locator('dl.vq-counts')

test.use({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' })

test('transmit through QEMU: the chain, the doorbell, one kick for a batch of three', async ({
  page,
}) => {
  // Step 9: the head goes into avail->ring[0]; idx is not yet moved.
  await page.goto(`/#/${TX}/10`)
  await expect(status(page)).toHaveText('Step 10 of 73')
  const p = panel(page)
  await expect(p.locator('[data-focus]')).toHaveCount(1)
  await expect(p.locator('tr[data-focus]')).toContainText('ring[0]')
  await page.keyboard.press('ArrowRight')
  await expect(p.locator('tr[data-focus]')).toContainText('idx')
  await expect(p.locator('tr[data-focus]')).toContainText('1')
  await page.keyboard.press('ArrowRight')
  await expect(p.getByTestId('vq-check')).toHaveText(
    'Kick? vring_need_event(avail_event 0, new 1, old 0): yes',
  )
  // The doorbell reaches user space: KVM_EXIT_MMIO to QEMU.
  await page.goto(`/#/${TX}/16`)
  await expect(p.locator('li[data-focus]')).toContainText('QEMU (user space)')
  await expect(counts(page)).toContainText('returns to user space1')
  await shot(page, 'virtio-tx-en-qemu')
  await expectAxeClean(page)

  // After the batch: one more kick for three packets, one interrupt, two suppressed.
  await page.goto(`/#/${TX}/73`)
  await expect(status(page)).toHaveText('Step 73 of 73')
  await expect(counts(page)).toContainText('VM exits4')
  await expect(counts(page)).toContainText('interrupts2 (2 suppressed)')
  await expect(counts(page)).toContainText('packet copies4')
  await shot(page, 'virtio-tx-en-end')
})

test('transmit, in Chinese', async ({ page }) => {
  await page.goto(`/?lang=zh#/${TX}/37`)
  await expect(status(page)).toHaveText('第 37 步，共 73 步')
  const p = panel(page)
  await expect(p.getByRole('heading', { level: 2 })).toHaveText('virtqueue：virtio-net 发送队列')
  await expect(p.locator('[data-focus]')).toHaveText(
    '▶ 写入了间接表第 0 项（在环外，位于链头指向的表中）。',
  )
  await shot(page, 'virtio-tx-zh-indirect')
  await expectAxeClean(page)
})

test('EVENT_IDX across the wrap: kick at 65534 → 2, interrupt asked for and suppressed', async ({
  page,
}) => {
  await page.goto(`/#/${WRAP}/8`)
  const p = panel(page)
  await expect(p.locator('tr[data-focus]')).toHaveCount(0)
  await expect(p).toContainText('packets sent65534')
  // The kick check across the wrap.
  await page.goto(`/#/${WRAP}/21`)
  await expect(p.getByTestId('vq-check')).toHaveText(
    'Kick? vring_need_event(avail_event 65534, new 2, old 65534): yes',
  )
  await shot(page, 'virtio-wrap-en-kick')
  // The interrupt the driver asked for with used_event 1.
  await page.goto(`/#/${WRAP}/45`)
  await expect(p.getByTestId('vq-check')).toHaveText(
    'Interrupt? vring_need_event(used_event 1, new 2, old 65534): yes',
  )
  // used_event 2: not yet published, suppressed.
  await page.goto(`/#/${WRAP}/91`)
  await expect(p.getByTestId('vq-check')).toHaveText(
    'Interrupt? vring_need_event(used_event 2, new 2, old 65534): no, suppressed',
  )
  await shot(page, 'virtio-wrap-en-suppressed')
  await expectAxeClean(page)
})

test('EVENT_IDX across the wrap, in Chinese', async ({ page }) => {
  await page.goto(`/?lang=zh#/${WRAP}/91`)
  await expect(status(page)).toHaveText('第 91 步，共 91 步')
  await expect(panel(page).getByTestId('vq-check')).toHaveText(
    '中断吗？vring_need_event(used_event 2, new 2, old 65534)：否，被抑制',
  )
  await shot(page, 'virtio-wrap-zh-suppressed')
  await expectAxeClean(page)
})

test('vhost-net: the kick ends in KVM, no return to user space; a looping chain is caught', async ({
  page,
}) => {
  await page.goto(`/#/${VHOST}/17`)
  const p = panel(page)
  await expect(p.locator('li[data-focus]')).toContainText('vhost worker (kernel)')
  await expect(p.locator('ol')).not.toContainText('QEMU')
  await page.goto(`/#/${VHOST}/69`)
  await expect(counts(page)).toContainText('VM exits4')
  await expect(counts(page)).toContainText('returns to user space0')
  await expect(counts(page)).toContainText('vhost wake-ups2')
  await page.goto(`/#/${VHOST}/80`)
  await expect(p.locator('[data-focus]')).toContainText('the chain loops')
  await expect(p.locator('tbody tr').first()).toContainText('walked #1')
  await shot(page, 'virtio-vhost-en-loop')
  await expectAxeClean(page)
})

test('presenter mode at 1920x1080, Chinese: text at least 18 px, the focus in view', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto(`/?lang=zh#/${VHOST}/47`)
  await expect(status(page)).toHaveText('第 47 步，共 80 步')
  await page.keyboard.press('p')
  await expect(page.locator(':root.presenter')).toHaveCount(1)
  await expect(page.locator('.panel-loading')).toHaveCount(0)
  const small = await panel(page).evaluate((root) =>
    [...root.querySelectorAll<HTMLElement>('p, li, td, th, caption, dt, dd, span, h2, h3')]
      .filter((el) => el.offsetParent !== null && (el.textContent ?? '').trim() !== '')
      .filter((el) => parseFloat(getComputedStyle(el).fontSize) < 18)
      .map((el) => `${el.tagName} ${getComputedStyle(el).fontSize}`),
  )
  expect(small).toEqual([])
  expect((await page.evaluate(smallText, { floor: 18, onScreen: true })).length).toBe(0)
  await expect(panel(page).locator('[data-focus]')).toBeInViewport()
  await shot(page, 'virtio-vhost-zh-presenter')
  await expectAxeClean(page)
})
