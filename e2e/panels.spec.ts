import { expect, expectAxeClean, shot, status, test } from './fixtures.ts'

test('VMCS panel during an exit: the exit information in words', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 })
  await page.goto('/#/vmx-exit-reasons/20')
  await expect(status(page)).toHaveText(/^Step 20 of \d+$/)
  await expect(page.getByText('Exit reason 12: HLT')).toBeVisible()
  await expect(page.getByText('VM_EXIT_REASON', { exact: true })).toBeVisible()
  await expectAxeClean(page)
  await shot(page, 'vmcs-during-exit')
  await page.keyboard.press('p')
  await shot(page, 'vmcs-during-exit-presenter')
})

test('ring mid-batch: the notification is suppressed and the numbers say why', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 })
  await page.goto('/#/xen-ring-batching/7')
  await expect(status(page)).toHaveText(/^Step 7 of \d+$/)
  await expect(page.getByText(/Notification suppressed/).first()).toBeVisible()
  await expect(page.getByText('(new − req_event) = 11 ≥ (new − old) = 4').first()).toBeVisible()
  await expectAxeClean(page)
  await shot(page, 'ring-mid-batch')
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh')
  await expect(page.getByText(/通知被抑制/).first()).toBeVisible()
  await shot(page, 'ring-mid-batch-zh')
})
