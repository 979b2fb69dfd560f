#!/usr/bin/env bash
# Finds or installs what gradscope needs beyond the repository, then gets out of the way.
#   scripts/ensure.sh lab    npm packages; a Vulkan loader; SwiftShader when the machine has no GPU
#   scripts/ensure.sh test   the same, plus Chromium (Playwright drives the system browser)
# Fast when everything is present; installs with npm and, as root on Debian/Ubuntu, apt-get.
set -euo pipefail
mode=${1:-lab}
cd "$(dirname "$0")/.."

say() { echo "gradscope setup: $*" >&2; }

if [ ! -d node_modules/vite ] || [ ! -d node_modules/webgpu ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund >&2
fi

swiftshader_icd() {
  for f in /usr/lib/chromium/vk_swiftshader_icd.json /usr/lib/chromium-browser/vk_swiftshader_icd.json /opt/google/chrome/vk_swiftshader_icd.json; do
    [ -f "$f" ] && return 0
  done
  return 1
}
has_hardware_gpu() { [ -e /dev/nvidia0 ] || ls /dev/dri/renderD* >/dev/null 2>&1; }
has_vulkan_loader() { ldconfig -p 2>/dev/null | grep 'libvulkan.so.1' >/dev/null; }
has_chromium() { command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; }

packages=()
if [ "$(uname -s)" = Linux ]; then
  has_vulkan_loader || packages+=(libvulkan1)
  if [ "$mode" = test ] || ! has_hardware_gpu; then
    { has_chromium && swiftshader_icd; } || packages+=(chromium)
  fi
fi

if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${packages[*]} with apt-get (software WebGPU: the Vulkan loader and Chromium's SwiftShader)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2
  else
    say "missing: ${packages[*]}. Install them with your package manager (Debian/Ubuntu: sudo apt-get install ${packages[*]}),"
    say "or point GRADSCOPE_VK_ICD at a Vulkan ICD json (e.g. SwiftShader's). Continuing; WebGPU may find no adapter."
  fi
fi
