#!/usr/bin/env bash
# `npm test`: everything, in order of cost. Unit tests run in Node on the WebGPU adapter
# (SwiftShader where there is no GPU); e2e runs the page in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure.sh test
npx tsc --noEmit -p .
npx vitest run
npx playwright test
