// Registers the service worker that keeps the app working offline (vite.config.ts `offline`).
// A lazy chunk, started after the first paint. When a newer version has been downloaded it
// waits for the next visit; the page says so instead of reloading under a lecture.
import { registerSW } from 'virtual:pwa-register'
import type { StoreApi } from 'zustand/vanilla'
import type { VmStore } from './state/store.ts'

export function startOffline(store: StoreApi<VmStore>): void {
  registerSW({
    onNeedRefresh() {
      store.getState().setNotice({
        en: 'A new version of VMScope has been downloaded: it opens on your next visit, or now if you reload the page.',
        zh: '新版 VMScope 已下载：下次打开时生效，也可以现在重新加载页面。',
      })
    },
  })
}
