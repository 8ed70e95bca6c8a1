#!/usr/bin/env bash
# The whole suite: API/unit/integration tests (Vitest), then the browser tests (Playwright on
# Debian's Chromium). On PGlite by default; on PostgreSQL when DATABASE_URL is set. The slow hardening
# suites (fuzz, SIGKILL, server modes) are `npm run test:hardening`; screenshots `npm run test:screenshots`.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== Vitest on $([ -n "${DATABASE_URL:-}" ] && echo PostgreSQL || echo PGlite)"
started=$SECONDS
npx vitest run
echo "== Vitest took $((SECONDS - started)) s"
if [ -x /usr/bin/chromium ]; then
  echo "== Playwright (Chromium at /usr/bin/chromium)"
  started=$SECONDS
  npx playwright test
  echo "== Playwright took $((SECONDS - started)) s"
elif [ -n "${CI:-}" ]; then
  echo "Browser tests need /usr/bin/chromium (apt-get install -y chromium)" >&2
  exit 1
else
  echo "== Skipping browser tests: /usr/bin/chromium is missing (install it with: apt-get install -y chromium)"
fi
