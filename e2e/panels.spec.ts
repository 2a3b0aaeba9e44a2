import { expect, expectAxeClean, shot, status, test } from './fixtures.ts'

test('VMCS panel during an exit: the exit information in words', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 })
  await page.goto('/#/vmx-exit-reasons/23')
  await expect(status(page)).toHaveText(/^Step 23 of \d+$/)
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
  // In the ring panel (the chapter of that name is titled the same on the timeline).
  await expect(page.getByTestId('ring-notify')).toContainText(/通知被抑制/)
  await shot(page, 'ring-mid-batch-zh')
})

test('page walk: flip a PTE bit by clicking it, then try a write from the form', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1600, height: 1000 })
  await page.goto('/#/paging-walk-4level/22')
  await expect(status(page)).toHaveText('Step 22 of 24')
  await expect(page.getByTestId('pw-raw-1')).toHaveText('0xa027')
  // The binary of a field is shown on focus (keyboard) as well as on hover.
  await page.getByTestId('pw-field-PT').focus()
  await expect(page.getByTestId('pw-field-PT')).toContainText('binary 000000111')
  // R/W of the PTE (bit 1) flipped by a click: a poke step, part of the link.
  await page.getByRole('button', { name: /Flip R\/W in the PTE at 0x103038/ }).click()
  await expect(status(page)).toHaveText('Step 25 of 25')
  await expect(page).toHaveURL(/#\/paging-walk-4level\/25\/.+/)
  await expect(page.getByTestId('pw-va')).toContainText('Preview')
  await expect(page.getByTestId('pw-raw-1')).toHaveText('0xa025')
  await expect(page.getByTestId('pw-frame-0x103000')).toContainText('PT')
  await expect(page.getByTestId('pw-frame-0xa000')).toContainText('mapped page')
  // The same step opened cold from its link shows the same preview (found in the trace).
  const cold = await page.context().newPage()
  await cold.goto(page.url())
  await expect(cold.getByTestId('pw-va')).toContainText('Preview')
  await expect(cold.getByTestId('pw-raw-1')).toHaveText('0xa025')
  await cold.close()
  // The cached translation was filled by a read (D=0), so a write walks again and faults:
  // error code 0x3 = P + W/R (hw-facts §1.5).
  const form = page.getByRole('form', { name: 'Try an access' })
  await form.getByLabel('Linear address').fill('0x7123')
  await form.getByLabel('Access', { exact: true }).selectOption('write')
  await form.getByRole('button', { name: 'Access' }).click()
  await expect(page.getByTestId('pw-fault')).toContainText('error code 0x3')
  // The address follows the new step; the kind of access chosen stays for the next try.
  await expect(form.getByLabel('Access', { exact: true })).toHaveValue('write')
  await expectAxeClean(page)
  await shot(page, 'pagewalk-flip-and-try')
  await page.reload()
  await expect(page.getByTestId('pw-fault')).toContainText('error code 0x3')
  // A bad address is refused in words and changes nothing.
  const steps = await status(page).textContent()
  await form.getByLabel('Linear address').fill('0xzz')
  await form.getByRole('button', { name: 'Access' }).click()
  await expect(form.getByRole('alert')).toBeVisible()
  await expect(status(page)).toHaveText(steps ?? '')
})
