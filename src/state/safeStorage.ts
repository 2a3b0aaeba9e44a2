/**
 * localStorage where there is one. Reading `window.localStorage` itself throws in a sandboxed
 * iframe without allow-same-origin and under some privacy settings, and getItem/setItem throw
 * when storage is disabled or full: every access goes through here, so the app runs on
 * without storage and only forgets.
 */
export function safeStorage(win: Pick<Window, 'localStorage'> = window): Storage | undefined {
  try {
    return win.localStorage ?? undefined
  } catch {
    return undefined
  }
}

export function readStored(key: string, win?: Pick<Window, 'localStorage'>): string | null {
  try {
    return safeStorage(win)?.getItem(key) ?? null
  } catch {
    return null
  }
}

/** Returns whether the value was stored. */
export function writeStored(
  key: string,
  value: string,
  win?: Pick<Window, 'localStorage'>,
): boolean {
  try {
    const storage = safeStorage(win)
    storage?.setItem(key, value)
    return storage !== undefined
  } catch {
    return false
  }
}
