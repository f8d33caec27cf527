#!/bin/sh
# The browser tests drive Debian's Chromium (/usr/bin/chromium); Playwright never downloads a browser.
# Installs it with apt when it is missing and we may (root); CI must have it, so there a failure stops `make test`.
set -eu
[ -x "${CLAIMEX_CHROMIUM:-/usr/bin/chromium}" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing chromium for the browser tests (apt-get)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
elif [ -n "${CI:-}" ]; then
    echo "error: /usr/bin/chromium is missing and cannot be installed (need root and apt-get)" >&2
    exit 1
else
    echo "note: /usr/bin/chromium is missing; browser tests will be skipped (sudo apt-get install chromium)" >&2
fi
