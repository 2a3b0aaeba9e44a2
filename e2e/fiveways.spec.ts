import type { Page } from 'playwright/test'
import { CATALOGUE } from '../src/scenarios/index.ts'
import { expect, expectAxeClean, shot, status, test } from './fixtures.ts'
import { smallText } from './textSize.ts'

// The same packet five ways and virtio-net receive (issue #17): the table fills one column per
// step with numbers as text (the bars only repeat them), the running column is marked ▶, the
// last step shows the whole table; receive shows the frame that waits, the WRITE buffers and
// the used length. English, Chinese, presenter mode; axe clean; screenshots under
// test-results/screenshots.

const FIVE = 'io-five-ways'
const RX = 'virtio-net-rx'
const steps = (id: string): number => CATALOGUE.find((s) => s.id === id)?.steps ?? 0

const table = (page: Page) => page.getByTestId('ioways')

test.use({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' })

test('five ways, stepped: one column per way, then the table', async ({ page }) => {
  const n = steps(FIVE)
  await page.goto(`/#/${FIVE}/1`)
  await expect(status(page)).toHaveText(`Step 1 of ${n}`)
  const t = table(page)
  await expect(t.getByRole('heading', { level: 2 })).toHaveText('The same packet five ways')
  await expect(t.getByTestId('iow-col-e1000')).toContainText('▶')
  await expect(t.getByTestId('iow-e1000-exitsTotal')).toContainText('20')
  await expect(t.getByTestId('iow-e1000-exitsTotal')).toContainText('16 × 49')
  await expect(t.getByTestId('iow-e1000-userspace')).toContainText('16')
  await expect(t.getByTestId('iow-vfio-exitsTotal')).toHaveText('—')
  await shot(page, 'fiveways-en-e1000')
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await expect(t.getByTestId('iow-col-virtio-vhost')).toContainText('▶')
  await expect(t.getByTestId('iow-virtio-vhost-userspace')).toContainText('0')
  await expect(t.getByTestId('iow-virtio-qemu-userspace')).toContainText('4')
  await page.keyboard.press('End')
  await expect(status(page)).toHaveText(`Step ${n} of ${n}`)
  for (const w of ['e1000', 'virtio-qemu', 'virtio-vhost', 'vfio', 'sriov-vf'])
    await expect(t.getByTestId(`iow-col-${w}`)).not.toContainText('▶')
  await expect(t.getByTestId('iow-vfio-exitsTotal')).toContainText('0')
  await expect(t.getByTestId('iow-sriov-vf-dma')).toContainText('24')
  await expect(t.getByTestId('iow-virtio-vhost-copies')).toContainText('8')
  await expect(t).toBeInViewport()
  await shot(page, 'fiveways-en-table')
  await expectAxeClean(page)
})

test('five ways in Chinese', async ({ page }) => {
  const n = steps(FIVE)
  await page.goto(`/?lang=zh#/${FIVE}/${n}`)
  await expect(status(page)).toHaveText(`第 ${n} 步，共 ${n} 步`)
  const t = table(page)
  await expect(t.getByRole('heading', { level: 2 })).toHaveText('同一个包的五种走法')
  await expect(t.getByRole('rowheader', { name: 'VM 退出' })).toBeVisible()
  await shot(page, 'fiveways-zh-table')
  await expectAxeClean(page)
})

test('five ways in presenter mode at 1920x1080: text at least 18 px, the table in view', async ({
  page,
}) => {
  const n = steps(FIVE)
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto(`/#/${FIVE}/${n}`)
  await expect(status(page)).toHaveText(`Step ${n} of ${n}`)
  await page.keyboard.press('p')
  await expect(page.locator(':root.presenter')).toHaveCount(1)
  await expect(page.locator('.panel-loading')).toHaveCount(0)
  expect(await page.evaluate(smallText, { floor: 18, onScreen: true })).toEqual([])
  await expect(table(page).getByTestId('iow-sriov-vf-dma')).toBeInViewport()
  await shot(page, 'fiveways-en-presenter')
  await page.goto(`/?lang=zh#/${FIVE}/3`)
  await expect(status(page)).toHaveText(`第 3 步，共 ${n} 步`)
  if ((await page.locator(':root.presenter').count()) === 0) await page.keyboard.press('p')
  await expect(page.locator(':root.presenter')).toHaveCount(1)
  await expect(page.locator('.panel-loading')).toHaveCount(0)
  expect(await page.evaluate(smallText, { floor: 18, onScreen: true })).toEqual([])
  await shot(page, 'fiveways-zh-presenter')
})

test('virtio-net receive: the frame waits, WRITE buffers, used length 72', async ({ page }) => {
  const n = steps(RX)
  const p = page.getByTestId('virtqueue')
  // The first steps after the setup: the frame arrives, no buffer, it waits.
  await page.goto(`/#/${RX}/10`)
  await expect(status(page)).toHaveText(`Step 10 of ${n}`)
  await expect(p.getByRole('heading', { level: 2 })).toHaveText(
    'virtqueue: virtio-net receive queue',
  )
  await expect(p.getByTestId('vq-waiting')).toHaveText('1')
  await shot(page, 'virtio-rx-en-wait')
  // The used element {id 0, len 72} written after the header and the frame.
  await page.goto(`/#/${RX}/31`)
  await expect(p.locator('[data-focus]')).toHaveCount(1)
  await expect(p.locator('tr[data-focus]')).toContainText('72')
  await expect(p).toContainText('WRITE')
  await shot(page, 'virtio-rx-en-used')
  await page.goto(`/#/${RX}/${n}`)
  await expect(p.getByTestId('vq-received')).toHaveText('3')
  await expectAxeClean(page)
  await page.goto(`/?lang=zh#/${RX}/${n}`)
  await expect(p.getByRole('heading', { level: 2 })).toHaveText('virtqueue：virtio-net 接收队列')
  await shot(page, 'virtio-rx-zh-end')
  await expectAxeClean(page)
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.keyboard.press('p')
  await expect(page.locator('.panel-loading')).toHaveCount(0)
  expect(await page.evaluate(smallText, { floor: 18, onScreen: true })).toEqual([])
  await shot(page, 'virtio-rx-zh-presenter')
})
