import { expect, expectAxeClean, shot, status, test } from './fixtures.ts'

// The 2-D grid mid-walk (ept-2d-walk step 47 is reference 12 of 24: the EPT PTE for the guest
// PDPTE's GPA) in English, Chinese and presenter mode, and the EPT-violation box.
test('Walk2D mid-walk: reference 12 of 24 in en, zh and presenter mode', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 })
  await page.goto('/#/ept-2d-walk/47')
  await expect(status(page)).toHaveText(/^Step 47 of \d+$/)
  await expect(page.getByTestId('w2d-count')).toHaveText('Reference 12 of 24')
  await expect(page.getByTestId('w2d-current')).toContainText(
    'EPT PDPTE[0] translating GPA 0x102000',
  )
  await expect(page.getByTestId('w2d-current-hpa')).toHaveText('0x10001000')
  await expectAxeClean(page)
  await shot(page, 'walk2d-mid-walk')
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh')
  await expect(page.getByTestId('w2d-count')).toHaveText('第 12 次访问,共 24 次')
  await shot(page, 'walk2d-mid-walk-zh')
  await page.goto('/?lang=en#/ept-2d-walk/47')
  await expect(page.getByTestId('w2d-count')).toHaveText('Reference 12 of 24')
  await page.keyboard.press('p')
  await expect(page.getByRole('banner')).toHaveCount(0)
  await shot(page, 'walk2d-mid-walk-presenter')
})

test('Walk2D EPT violation: exit 48 and its qualification 0x182 bit by bit', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 })
  await page.goto('/#/ept-violation/57')
  await expect(status(page)).toHaveText(/^Step 57 of \d+$/)
  await expect(page.getByTestId('w2d-exit')).toContainText('VM exit 48: EPT violation')
  await expect(page.getByTestId('w2d-q-1')).toContainText('bit 1 = 1')
  await expect(page.getByTestId('w2d-q-8')).toContainText('the final translation')
  await expectAxeClean(page)
  await shot(page, 'walk2d-ept-violation')
})
