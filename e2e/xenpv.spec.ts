import { expect, expectAxeClean, shot, status, test } from './fixtures.ts'

// The XenMmu panel mid-scenario: a refused update (rule, verdict, counters) in English, Chinese
// and presenter mode, with axe; and a batch that stops part-way (done = 1).
const REFUSED = '#/xen-invalid-update/27'

test('xen-invalid-update: the refused writable mapping of a page table, en', async ({ page }) => {
  await page.goto(`/?lang=en${REFUSED}`)
  const panel = page.getByTestId('xenmmu')
  await expect(panel.getByTestId('xm-verdict')).toContainText('-16 (-EBUSY)')
  await expect(panel.getByTestId('xm-check-target-type')).toContainText('failed')
  await expect(panel.getByTestId('xm-row-update')).toContainText('asked: 0x123003')
  await expectAxeClean(page)
  await shot(page, 'xenmmu-refused-en')
})

test('xen-invalid-update: the same step in Chinese', async ({ page }) => {
  await page.goto(`/?lang=zh${REFUSED}`)
  const panel = page.getByTestId('xenmmu')
  await expect(panel.getByTestId('xm-verdict')).toContainText('Xen 返回 -16（-EBUSY）')
  await expect(panel).toContainText('Xen 直接分页')
  await shot(page, 'xenmmu-refused-zh')
})

test('xen-invalid-update: presenter mode stays readable', async ({ page }) => {
  await page.goto(`/?lang=en${REFUSED}`)
  await expect(page.getByTestId('xenmmu')).toBeVisible()
  await page.keyboard.press('p')
  await expect(page.locator(':root.presenter')).toHaveCount(1)
  await expect(page.getByTestId('xm-verdict')).toBeVisible()
  await expectAxeClean(page)
  await shot(page, 'xenmmu-refused-presenter')
})

test('xen-mmu-update-batching: a batch stops at its refusal, counters show the saving', async ({
  page,
}) => {
  await page.goto('/?lang=en#/xen-mmu-update-batching/48')
  await expect(status(page)).toHaveText('Step 48 of 48')
  const panel = page.getByTestId('xenmmu')
  await expect(panel.getByTestId('xm-verdict')).toContainText('done = 1 of 3')
  await expect(panel.getByTestId('xm-c-saved')).toContainText('11')
  await shot(page, 'xenmmu-batching-end-en')
  await page.goto('/?lang=en#/xen-mmu-update-batching/44')
  await expect(status(page)).toHaveText('Step 44 of 48')
  await expect(page.getByTestId('xenmmu').getByTestId('xm-verdict')).toContainText(
    'ran all 2 queued calls',
  )
  await shot(page, 'xenmmu-multicall-en')
})

test('xen-direct-paging: the walk through the guest’s own tables', async ({ page }) => {
  await page.goto('/?lang=en#/xen-direct-paging/35')
  await expect(status(page)).toHaveText('Step 35 of 81')
  await expect(page.getByTestId('xenmmu')).toBeVisible()
  await shot(page, 'xenmmu-direct-paging-en')
})

test('xen-direct-paging: a store into the L1 table is emulated by Xen, one into the L2 is not', async ({
  page,
}) => {
  await page.goto('/?lang=en#/xen-direct-paging/56')
  await expect(status(page)).toHaveText('Step 56 of 81')
  await expect(page.getByTestId('xm-verdict')).toContainText('Emulated by Xen')
  await shot(page, 'xenmmu-ptwr-en')
  await page.goto('/?lang=zh#/xen-direct-paging/79')
  await expect(status(page)).toHaveText('第 79 步，共 81 步')
  await expect(page.getByTestId('xm-verdict')).toContainText('只有 L1 页表会被模拟')
  await shot(page, 'xenmmu-not-l1-zh')
})
