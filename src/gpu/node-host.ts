/**
 * The Node host: WebGPU from the `webgpu` package (Dawn). When the system's Vulkan loader
 * finds no GPU, it points the loader at a software driver (SwiftShader, which Debian's
 * chromium package ships) and asks again; Dawn rereads VK_ICD_FILENAMES on each create().
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { create, globals } from 'webgpu';
import type { GpuHost, KeyValueStore } from './context';

/** Where a SwiftShader Vulkan driver may be installed; GRADSCOPE_VK_ICD overrides. */
export const SWIFTSHADER_ICDS = [
  '/usr/lib/chromium/vk_swiftshader_icd.json',
  '/usr/lib/chromium-browser/vk_swiftshader_icd.json',
  '/opt/google/chrome/vk_swiftshader_icd.json',
];

// Dawn's GPU objects must outlive every adapter and device made from them: if one is
// garbage-collected the process dies without a message. Keep them for the process's life.
const keepAlive: GPU[] = [];

function newGpu(): GPU {
  const gpu = create([]);
  keepAlive.push(gpu);
  return gpu;
}

function softwareDriver(): string | undefined {
  const wanted = process.env.GRADSCOPE_VK_ICD;
  if (wanted) return wanted;
  return SWIFTSHADER_ICDS.find((p) => existsSync(p));
}

/** False only where a GPU is impossible: Linux with no DRM render node and no NVIDIA device. */
function mayHaveHardwareGpu(): boolean {
  if (process.platform !== 'linux') return true;
  const render = existsSync('/dev/dri') && readdirSync('/dev/dri').some((f) => f.startsWith('renderD'));
  return render || existsSync('/dev/nvidia0') || existsSync('/dev/dxg');
}

/** A JSON file of key → value: $XDG_CACHE_HOME/gradscope/cache.json (or ~/.cache/…). */
export function fileStore(file = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gradscope', 'cache.json')): KeyValueStore {
  const read = (): Record<string, string> => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  return {
    get: (key) => read()[key] ?? null,
    set(key, value) {
      try {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, JSON.stringify({ ...read(), [key]: value }, null, 2));
      } catch {
        // A read-only home: the calibration simply runs again next time.
      }
    },
  };
}

/** A GpuHost for Node: hardware first, then SwiftShader. */
export function nodeHost(): GpuHost {
  Object.assign(globalThis, globals);
  // Vulkan's window-system code complains on stderr when this is unset (headless machines, CI).
  process.env.XDG_RUNTIME_DIR ??= mkdtempSync(join(tmpdir(), 'gradscope-xdg-'));
  return {
    kind: 'node',
    store: fileStore(),
    async requestAdapter(options) {
      // Skipping the system's drivers where no GPU can exist also skips a CPU driver
      // (lavapipe) that Dawn rejects with a warning on stderr.
      const first = mayHaveHardwareGpu() || process.env.VK_ICD_FILENAMES ? await newGpu().requestAdapter(options) : null;
      if (first) return first;
      const driver = softwareDriver();
      if (!driver || process.env.VK_ICD_FILENAMES === driver) return null;
      process.env.VK_ICD_FILENAMES = driver;
      return newGpu().requestAdapter(options);
    },
    noAdapterHelp() {
      return 'Node found no GPU and no software Vulkan driver. Install the Vulkan loader and '
        + "SwiftShader (on Debian: apt-get install libvulkan1 chromium, or run 'bash scripts/setup.sh'), "
        + 'or set GRADSCOPE_VK_ICD to a Vulkan ICD json file.';
    },
  };
}
