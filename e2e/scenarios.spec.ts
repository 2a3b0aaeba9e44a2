import { CATALOGUE } from '../src/scenarios/index.ts'
import { expect, shot, status, test } from './fixtures.ts'

// Every catalogue scenario is opened by URL and stepped to its end, so a new scenario gets an
// end-to-end test without anyone writing one. Each body is its own chunk, fetched on open; the
// step count the library shows (catalogue `steps`) is the one the player reaches.
for (const s of CATALOGUE) {
  test(`${s.id}: opens cold and steps to the end without errors`, async ({ page }) => {
    await page.goto(`/#/${s.id}/1`)
    const total = s.steps
    await expect(status(page)).toHaveText(`Step 1 of ${total}`)
    for (let step = 2; step <= total; step++) {
      await page.keyboard.press('PageDown')
      await expect(status(page)).toHaveText(`Step ${step} of ${total}`)
      await expect(page.getByTestId('narration-event')).not.toBeEmpty()
    }
    await shot(page, `scenario-${s.id}-end`)
  })
}
