import type { Page } from 'playwright/test'
import { expect, expectAxeClean, shot, status, test } from './fixtures.ts'

// I/O under KVM and QEMU (issue #17, first slice): the layer diagram's CPU marker and hop
// list, the e1000's registers and rings (head, tail, device-owned slots, DD) in English,
// Chinese and presenter mode. Axe clean; screenshots under test-results/screenshots.

const LOOP = 'kvm-run-loop' // 29 steps
const TX = 'e1000-transmit' // 45 steps
const RX = 'e1000-receive' // 53 steps

const layers = (page: Page) => page.getByTestId('io-layers')
const nic = (page: Page) => page.getByTestId('e1000')

test.use({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' })

test('a port write: the CPU marker goes guest -> KVM -> QEMU -> guest, hop by hop', async ({
  page,
}) => {
  await page.goto(`/#/${LOOP}/3`)
  await expect(status(page)).toHaveText('Step 3 of 29')
  const l = layers(page)
  await expect(l.getByTestId('io-layer-kvm')).toContainText('vCPU 0 is here')
  await expect(l.getByTestId('io-hop-now')).toContainText(
    'exit 30, I/O instruction, qualification 0xcf80003',
  )
  await expect(l.getByTestId('io-hop-now')).toHaveAttribute('aria-current', 'step')
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await expect(l.getByTestId('io-layer-qemu')).toContainText('vCPU 0 is here')
  await expect(l.getByTestId('io-hop-now')).toContainText(
    'KVM_RUN returns KVM_EXIT_IO (port 0xcf8)',
  )
  await shot(page, 'kvm-run-loop-en-step5')
  await expectAxeClean(page)
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await expect(l.getByTestId('io-layer-guest')).toContainText('vCPU 0 is here')
  await expect(l.getByTestId('io-hops').locator('li.io-hop')).toHaveCount(5)
})

test('MMIO: EPT violation on the first touch, then the e1000 answers STATUS', async ({ page }) => {
  await page.goto(`/#/${LOOP}/16`)
  await expect(layers(page).getByTestId('io-hop-now')).toContainText(
    'exit 48, EPT violation (first touch), qualification 0x181',
  )
  await page.goto(`/#/${LOOP}/20`)
  const reg = nic(page).getByTestId('e1k-reg-STATUS')
  await expect(reg).toHaveAttribute('data-focus', '')
  await expect(reg).toContainText('0x80080783')
  await page.goto(`/#/${LOOP}/22`)
  await expect(layers(page).getByTestId('io-hop-now')).toContainText(
    'exit 49, EPT misconfiguration',
  )
  await expect(layers(page).getByTestId('io-counts')).toContainText('30 ×3, 48 ×1, 49 ×1')
})

test('e1000 transmit: descriptors handed over, DD written back, the interrupt injected', async ({
  page,
}) => {
  await page.goto(`/#/${TX}/4`)
  const n = nic(page)
  // Filled but not yet the device's: TDH = TDT = 0, so no slot says HW.
  await expect(n.getByTestId('e1k-tx-0')).toContainText('EOP IFCS RS')
  await expect(n.getByTestId('e1k-tx-0')).toContainText('driver')
  await expect(n.getByTestId('e1k-tx-0')).toHaveAttribute('data-focus', '')
  await page.goto(`/#/${TX}/10`)
  await expect(n.getByTestId('e1k-tx-0')).toContainText('DD')
  await expect(n.getByTestId('e1k-tx-1')).toContainText('HW')
  await expect(n.getByTestId('e1k-tx-1')).toContainText('TDH')
  await expect(n.getByTestId('e1k-tx-2')).toContainText('TDT')
  await shot(page, 'e1000-transmit-en-step10')
  await expectAxeClean(page)
  await page.goto(`/#/${TX}/17`)
  await expect(layers(page).getByTestId('io-hop-now')).toContainText(
    'VM entry injecting vector 0x41',
  )
  await expect(layers(page).getByTestId('io-layer-guest')).toContainText('vCPU 0 is here')
  // The ISR's ICR read clears it.
  await page.goto(`/#/${TX}/23`)
  await expect(n.getByTestId('e1k-line')).toContainText('interrupt line low')
  await expect(n.getByTestId('e1k-reg-ICR')).toContainText('0x00000000')
  // A TDT beyond the ring: one lap, then QEMU's guard.
  await page.goto(`/#/${TX}/40`)
  await expect(layers(page).getByTestId('io-hop-now')).toContainText(
    'start_xmit: TDH wrapped to its start after 8',
  )
  await expect(n.getByTestId('e1k-reg-TDT')).toContainText('0x00000014')
})

test('e1000 receive: held without buffers, DD|EOP write-back, overrun', async ({ page }) => {
  await page.goto(`/#/${RX}/5`)
  await expect(layers(page)).toContainText('QEMU holds 1 frame(s)')
  await page.goto(`/#/${RX}/13`)
  const n = nic(page)
  await expect(n.getByTestId('e1k-rx-0')).toContainText('EOP DD')
  await expect(n.getByTestId('e1k-rx-0')).toContainText('64 B')
  await expect(n.getByTestId('e1k-rx-1')).toContainText('HW')
  await page.goto(`/#/${RX}/28`)
  await expect(n.getByTestId('e1k-reg-MPC')).toContainText('0x00000001')
  await expect(n.getByTestId('e1k-reg-MPC')).toHaveAttribute('data-focus', '')
  await shot(page, 'e1000-receive-en-overrun')
  await expectAxeClean(page)
  await page.goto(`/#/${RX}/47`)
  await expect(n.getByTestId('e1k-rx-3')).toContainText('EOP DD')
  await expect(n.getByTestId('e1k-rx-2')).not.toContainText('EOP')
})

test('in Chinese', async ({ page }) => {
  await page.goto(`/?lang=zh#/${TX}/10`)
  await expect(status(page)).toHaveText('第 10 步，共 45 步')
  await expect(nic(page)).toContainText('发送环')
  await expect(nic(page).getByTestId('e1k-tx-0')).toContainText('驱动')
  await shot(page, 'e1000-transmit-zh-step10')
  await expectAxeClean(page)
  await page.goto(`/?lang=zh#/${LOOP}/5`)
  await expect(layers(page).getByTestId('io-layer-qemu')).toContainText('vCPU 0 在这里')
  await expect(layers(page).getByTestId('io-hop-now')).toContainText('返回 KVM_EXIT_IO')
  await shot(page, 'kvm-run-loop-zh-step5')
  await page.goto(`/?lang=zh#/${RX}/28`)
  await expect(nic(page).getByTestId('e1k-reg-MPC')).toContainText('0x00000001')
  await shot(page, 'e1000-receive-zh-overrun')
  await expectAxeClean(page)
})

test.describe('presenter mode at 1920x1080', () => {
  test.use({ viewport: { width: 1920, height: 1080 } })
  test('the layers and the rings are large and the focus is in view', async ({ page }) => {
    await page.goto(`/#/${TX}/14`)
    await expect(status(page)).toHaveText('Step 14 of 45')
    await page.keyboard.press('p')
    await expect(page.locator(':root.presenter')).toHaveCount(1)
    const smallest = await page.evaluate(() => {
      let min = Infinity
      for (const el of document.querySelectorAll(
        '[data-testid=io-layers] *, [data-testid=e1000] *',
      )) {
        const hasText = [...el.childNodes].some(
          (c) => c.nodeType === 3 && (c.textContent ?? '').trim() !== '',
        )
        if (hasText) min = Math.min(min, parseFloat(getComputedStyle(el).fontSize))
      }
      return min
    })
    expect(smallest).toBeGreaterThanOrEqual(18)
    await expect(layers(page).getByTestId('io-hop-now')).toBeInViewport()
    await shot(page, 'e1000-transmit-presenter-step14')
    await page.goto(`/?lang=zh#/${RX}/47`)
    await expect(nic(page).getByTestId('e1k-rx-2')).toBeInViewport()
    await shot(page, 'e1000-receive-zh-presenter-step47')
    await expectAxeClean(page)
  })
})
