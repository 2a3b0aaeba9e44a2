import { expect, expectAxeClean, shot, status, test } from './fixtures.ts'

// The ShadowMmu panel mid-scenario: the shadow PTE being filled from guest PTE + P2M (en, zh,
// presenter, axe), a reflected guest-induced fault whose error code differs from the
// hardware's, and the shadow-root cache after a context switch.
const FILL = '#/shadow-lazy-fill/37'

test('shadow-lazy-fill: the shadow PTE being filled, en', async ({ page }) => {
  await page.goto(`/?lang=en${FILL}`)
  await expect(status(page)).toHaveText('Step 37 of 89')
  const panel = page.getByTestId('shadowmmu')
  await expect(panel.getByTestId('sm-sync')).toContainText('fill PTE')
  await expect(panel.getByTestId('sm-sync-raw')).toHaveText('0x7a00025')
  await expect(panel.getByTestId('sm-row-1')).toContainText('syncing')
  await expect(panel.getByTestId('sm-state-1')).toContainText('guest D=0')
  await expect(panel.getByTestId('sm-lane-hypervisor')).toContainText('this step')
  await expect(panel.getByTestId('sm-count-pages')).toContainText('16 KiB')
  await expectAxeClean(page)
  await shot(page, 'shadowmmu-fill-en')
})

test('shadow-lazy-fill: the same step in Chinese', async ({ page }) => {
  await page.goto(`/?lang=zh${FILL}`)
  const panel = page.getByTestId('shadowmmu')
  await expect(panel).toContainText('影子页表')
  await expect(panel.getByTestId('sm-sync')).toContainText('填写 PTE')
  await expect(panel.getByTestId('sm-lane-hypervisor')).toContainText('当前步骤')
  await shot(page, 'shadowmmu-fill-zh')
})

test('shadow-lazy-fill: presenter mode stays readable', async ({ page }) => {
  await page.goto(`/?lang=en${FILL}`)
  await expect(page.getByTestId('shadowmmu')).toBeVisible()
  await page.keyboard.press('p')
  await expect(page.locator(':root.presenter')).toHaveCount(1)
  await expect(page.getByTestId('sm-sync')).toBeVisible()
  await expectAxeClean(page)
  await shot(page, 'shadowmmu-fill-presenter')
})

test('shadow-guest-fault: the reflected fault carries the guest error code 0x5', async ({
  page,
}) => {
  await page.goto('/?lang=en#/shadow-guest-fault/71')
  const panel = page.getByTestId('shadowmmu')
  await expect(panel.getByTestId('sm-lane-guest')).toContainText('this step')
  await expect(panel.getByTestId('sm-now')).toContainText('error code 0x5, CR2 0x600000')
  await expect(panel.getByTestId('sm-count-reflected')).toContainText('2')
  await expectAxeClean(page)
  await shot(page, 'shadowmmu-reflected-en')
})

test('shadow-context-switch: back to process A reuses its cached shadow root', async ({ page }) => {
  await page.goto('/?lang=en#/shadow-context-switch/89')
  const panel = page.getByTestId('shadowmmu')
  await expect(panel.getByTestId('sm-root-0x100000')).toContainText('in the real CR3')
  await expect(panel.getByTestId('sm-root-0x180000')).not.toContainText('in the real CR3')
  await expect(panel.getByTestId('sm-count-pages')).toContainText('32 KiB')
  // Opened cold at this step, the panel still shows the last address the guest touched.
  await expect(panel.getByTestId('sm-state-1')).toContainText('in sync')
  await shot(page, 'shadowmmu-context-switch-en')
})
