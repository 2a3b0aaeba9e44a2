import type { Page } from 'playwright/test'
import { expect, expectAxeClean, shot, status, test } from './fixtures.ts'

// VT-d, VFIO and SR-IOV (issue #17): the three scenarios in English, Chinese and presenter
// mode. The walk's current entry is marked (data-focus, ▶, aria-current), a blocked DMA shows
// its fault reason and record, the SR-IOV map lists VFs by routing ID with their owners.
// Axe clean; screenshots under test-results/screenshots.

const WALK = 'iommu-dma-walk' // 44 steps
const VFIO = 'iommu-vfio-assign' // 29 steps
const SRIOV = 'iommu-sriov-two-guests' // 43 steps

const walk = (page: Page) => page.getByTestId('iommuWalk')
const devices = (page: Page) => page.getByTestId('sriov')

test.use({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' })

test('DMA walk: root, context, three second-level entries, then the HPA', async ({ page }) => {
  await page.goto(`/#/${WALK}/8`)
  await expect(status(page)).toHaveText('Step 8 of 44')
  const w = walk(page)
  // Step 8 is the root entry read: context-cache miss, then root[3], marked as the step.
  await expect(w.getByTestId('iw-chain').locator('li')).toHaveCount(2)
  await expect(w.locator('[aria-current="step"]')).toContainText('Root entry [bus 3]')
  await expect(w.locator('[aria-current="step"]')).toHaveAttribute('data-focus', 'true')
  await expect(w.getByTestId('iw-end')).toHaveCount(0)
  await page.goto(`/#/${WALK}/14`)
  await expect(w.getByTestId('iw-chain').locator('li')).toHaveCount(7)
  await expect(w.getByTestId('iw-end')).toContainText('Reached HPA 0x40002040')
  await expect(w.getByTestId('iw-end')).toHaveAttribute('data-focus', 'true')
  await expect(w.getByTestId('iw-iotlb')).toContainText('domain 1 page 0x10000 → 0x40002000 RW')
  await shot(page, 'iommu-walk-en-step14')
  await expectAxeClean(page)
})

test('blocked DMA: fault reason, record, and the stale IOTLB entry', async ({ page }) => {
  await page.goto(`/#/${WALK}/23`)
  const w = walk(page)
  await expect(w.getByTestId('iw-end')).toContainText('Fault 0x5: write denied')
  await expect(w.getByTestId('iw-end')).toContainText('Fault record 0 = 0x8000000500000300 0x20000')
  await expect(w.getByTestId('iw-faults').locator('li')).toHaveCount(1)
  await shot(page, 'iommu-fault-en-step23')
  await expectAxeClean(page)
  // After the unmap, the read still hits the stale IOTLB entry; after the invalidation it faults.
  await page.goto(`/#/${WALK}/37`)
  await expect(w.getByTestId('iw-end')).toContainText('Reached HPA 0x40002000')
  await expect(w.getByTestId('iw-end')).toContainText('from the IOTLB')
  await page.goto(`/#/${WALK}/44`)
  await expect(w.getByTestId('iw-end')).toContainText('Fault 0x6: read denied')
  await expect(w.getByTestId('iw-faults').locator('li')).toHaveCount(4)
})

test('DMA walk in Chinese and in presenter mode', async ({ page }) => {
  await page.goto(`/?lang=zh#/${WALK}/25`)
  await expect(status(page)).toHaveText('第 25 步，共 44 步')
  await expect(walk(page)).toContainText('IOTLB：未命中')
  await shot(page, 'iommu-walk-zh-step25')
  await expectAxeClean(page)
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto(`/?lang=zh#/${WALK}/29`)
  await page.keyboard.press('p')
  await expect(page.locator('html')).toHaveClass(/presenter/)
  await expect(walk(page).getByTestId('iw-end')).toContainText('故障 0x6：读被拒绝')
  const px = await walk(page)
    .locator('.iw-step')
    .first()
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  expect(px).toBeGreaterThanOrEqual(18)
  await shot(page, 'iommu-walk-zh-presenter')
})

test('VFIO: BAR mapped with no exit, config trapped, DMA outside the guest faults', async ({
  page,
}) => {
  await page.goto(`/#/${VFIO}/9`)
  await expect(status(page)).toHaveText('Step 9 of 29')
  const d = devices(page)
  await expect(d.getByTestId('sr-touch')).toContainText(
    'a writes BAR0 + 0x3818: GPA 0x80003818 → HPA 0xf0003818, no VM exit',
  )
  await expect(d.getByTestId('sr-guests')).toContainText('IOMMU domain 1')
  await shot(page, 'iommu-vfio-en-bar')
  await expectAxeClean(page)
  await page.goto(`/#/${VFIO}/19`)
  await expect(d.getByTestId('sr-touch')).toContainText('trapped, exits 30, 30 to QEMU')
  await page.goto(`/#/${VFIO}/26`)
  await expect(walk(page).getByTestId('iw-end')).toContainText('Fault 0x5: write denied')
  await page.goto(`/#/${VFIO}/29`)
  await expect(walk(page).getByTestId('iw-end')).toContainText('Delivered: vector 0x41 to CPU 1')
  await shot(page, 'iommu-vfio-en-msi')
})

test('SR-IOV: VFs by routing ID, one per guest, a cross-guest DMA and MSI fault', async ({
  page,
}) => {
  await page.goto(`/#/${SRIOV}/7`)
  const d = devices(page)
  await expect(d.getByTestId('sr-functions').locator('tbody tr')).toHaveCount(2)
  await expect(d.locator('tr[aria-current="step"]')).toContainText('VF1 05:10.2')
  await expect(d.locator('tr[aria-current="step"]')).toContainText('0x582')
  await shot(page, 'iommu-sriov-en-vfs')
  await expectAxeClean(page)
  await page.goto(`/#/${SRIOV}/17`)
  await expect(d.getByTestId('sr-functions')).toContainText('guest a (IOMMU group 1)')
  await expect(d.getByTestId('sr-functions')).toContainText('guest b (IOMMU group 2)')
  await page.goto(`/#/${SRIOV}/40`)
  await expect(walk(page).getByTestId('iw-end')).toContainText('Fault 0x5: write denied')
  await shot(page, 'iommu-sriov-en-attack')
  await page.goto(`/#/${SRIOV}/43`)
  await expect(walk(page).getByTestId('iw-end')).toContainText('Fault 0x26: invalid source-ID')
})

test('SR-IOV in Chinese', async ({ page }) => {
  await page.goto(`/?lang=zh#/${SRIOV}/40`)
  await expect(status(page)).toHaveText('第 40 步，共 43 步')
  await expect(walk(page).getByTestId('iw-end')).toContainText('故障 0x5：写被拒绝')
  await expect(devices(page)).toContainText('客户机 b（IOMMU 组 2）')
  await shot(page, 'iommu-sriov-zh-attack')
  await expectAxeClean(page)
})
