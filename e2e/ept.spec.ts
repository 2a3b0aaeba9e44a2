import { expect, expectAxeClean, shot, status, test } from './fixtures.ts'

// The 2-D grid mid-walk (ept-2d-walk step 46 is reference 12 of 24: the EPT PTE for the guest
// PDPTE's GPA) in English, Chinese and presenter mode, and the EPT-violation box.
test('Walk2D mid-walk: reference 12 of 24 in en, zh and presenter mode', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 })
  await page.goto('/#/ept-2d-walk/46')
  await expect(status(page)).toHaveText(/^Step 46 of \d+$/)
  await expect(page.getByTestId('w2d-count')).toHaveText('Reference 12 of 24')
  await expect(page.getByTestId('w2d-current')).toContainText(
    'EPT PDPTE[0] translating GPA 0x102000',
  )
  await expect(page.getByTestId('w2d-current-hpa')).toHaveText('0x10001000')
  await expectAxeClean(page)
  await shot(page, 'walk2d-mid-walk')
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh')
  await expect(page.getByTestId('w2d-count')).toHaveText('第 12 次访问，共 24 次')
  await shot(page, 'walk2d-mid-walk-zh')
  await page.goto('/?lang=en#/ept-2d-walk/46')
  await expect(page.getByTestId('w2d-count')).toHaveText('Reference 12 of 24')
  await page.keyboard.press('p')
  await expect(page.getByRole('banner')).toHaveCount(0)
  await shot(page, 'walk2d-mid-walk-presenter')
})

test('Walk2D EPT violation: exit 48 and its qualification 0x182 bit by bit', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 })
  await page.goto('/#/ept-violation/56')
  await expect(status(page)).toHaveText(/^Step 56 of \d+$/)
  await expect(page.getByTestId('w2d-exit')).toContainText('VM exit 48: EPT violation')
  await expect(page.getByTestId('w2d-q-1')).toContainText('bit 1 = 1')
  await expect(page.getByTestId('w2d-q-8')).toContainText('the final translation')
  await expectAxeClean(page)
  await shot(page, 'walk2d-ept-violation')
})

test('Walk2D with paging-structure caches: 5 references, the skipped cells say why', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1600, height: 1000 })
  await page.goto('/#/ept-2d-walk/112')
  await expect(status(page)).toHaveText('Step 112 of 112')
  await expect(page.getByTestId('w2d-count')).toHaveText('Reference 5 of 5')
  await expect(page.getByTestId('w2d-row-4')).toContainText('skipped (PSC)')
  await expect(page.getByTestId('w2d-row-1')).toContainText('cached GPA→HPA')
  await expectAxeClean(page)
  await shot(page, 'walk2d-caches')
})
