import { SCENARIOS } from '../src/scenarios/index.ts'
import { expect, shot, status, test, totalSteps } from './fixtures.ts'

// Every catalogue scenario is opened by URL and stepped to its end, so a new scenario gets an
// end-to-end test without anyone writing one.
for (const s of SCENARIOS) {
  test(`${s.id}: opens cold and steps to the end without errors`, async ({ page }) => {
    await page.goto(`/#/${s.id}/1`)
    await expect(status(page)).toHaveText(/^Step 1 of \d+$/)
    const total = await totalSteps(page)
    for (let step = 2; step <= total; step++) {
      await page.keyboard.press('PageDown')
      await expect(status(page)).toHaveText(`Step ${step} of ${total}`)
      await expect(page.getByTestId('narration-event')).not.toBeEmpty()
    }
    await shot(page, `scenario-${s.id}-end`)
  })
}
