#!/usr/bin/env bash
# System packages the test suite needs and pip cannot provide: Debian's chromium (browser tests,
# driven by Playwright without `playwright install`) and the PostgreSQL server (the store and
# API tests start a throwaway cluster). Idempotent: installs only what is missing.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)

if [ ${#missing[@]} -eq 0 ]; then
    echo "test-deps: chromium and postgresql already installed"
    exit 0
fi

echo "test-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y "${missing[@]}"
