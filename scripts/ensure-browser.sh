#!/usr/bin/env bash
# Finds a Chromium for the e2e tests and prints its path on stdout.
# Order: $CHROME_PATH, /usr/bin/chromium, then (as root with apt) Debian's chromium.
# Browser downloads (npx playwright install) cannot work on machines without general internet.
set -euo pipefail

works() { [ -x "$1" ] && "$1" --version >/dev/null 2>&1; }

# Chinese narration needs a CJK font for screenshots to be readable; install it when we can.
ensure_cjk_font() {
  if fc-list :lang=zh 2>/dev/null | grep -q .; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-browser: installing fonts-noto-cjk for Chinese screenshots" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y fonts-noto-cjk >&2 ||
      { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y fonts-noto-cjk >&2; } ||
      echo "ensure-browser: could not install fonts-noto-cjk; Chinese text may show as boxes" >&2
  fi
}

if [ -n "${CHROME_PATH:-}" ]; then
  if works "$CHROME_PATH"; then ensure_cjk_font; echo "$CHROME_PATH"; exit 0; fi
  echo "ensure-browser: CHROME_PATH=$CHROME_PATH is not a working browser" >&2
  exit 1
fi

if works /usr/bin/chromium; then ensure_cjk_font; echo /usr/bin/chromium; exit 0; fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  start=$(date +%s)
  echo "ensure-browser: installing Debian's chromium with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y chromium fonts-noto-cjk >&2
  echo "ensure-browser: chromium installed in $(($(date +%s) - start)) s" >&2
  if works /usr/bin/chromium; then echo /usr/bin/chromium; exit 0; fi
fi

cat >&2 <<'MSG'
ensure-browser: no Chromium found for the end-to-end tests.
Fix it one of two ways:
  sudo apt-get update && sudo apt-get install -y chromium
  CHROME_PATH=/path/to/chrome npm run test:e2e
(`npx playwright install` cannot work on a machine without general internet access.)
MSG
exit 1
