/**
 * The page's host: navigator.gpu, hardware adapter first, then the browser's fallback
 * (software) adapter, which is accepted on purpose.
 */
import type { GpuHost } from './context';

/** A GpuHost for the browser, or null when the browser has no WebGPU at all. */
export function browserHost(): GpuHost | null {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return null;
  let store: GpuHost['store'] = null;
  try {
    const local = globalThis.localStorage;
    store = { get: (k) => local.getItem(k), set: (k, v) => local.setItem(k, v) };
  } catch {
    // Storage disabled (private mode, sandboxed frame): no cache.
  }
  return {
    kind: 'browser',
    store,
    async requestAdapter(options) {
      return (await gpu.requestAdapter(options)) ?? (await gpu.requestAdapter({ ...options, forceFallbackAdapter: true }));
    },
    noAdapterHelp: () => WEBGPU_HELP,
  };
}

/** What to tell a user whose browser gives no WebGPU adapter. */
export const WEBGPU_HELP = 'This page needs WebGPU. Use a recent Chrome, Edge or Safari 26+, or Firefox 141+ on Windows. '
  + 'On Linux Chrome, enable chrome://flags/#enable-unsafe-webgpu and chrome://flags/#enable-vulkan; '
  + 'headless Chromium needs --enable-unsafe-webgpu --enable-features=Vulkan --use-vulkan=swiftshader --use-webgpu-adapter=swiftshader.';
