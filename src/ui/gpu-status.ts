/**
 * The adapter line in the header, the software-adapter notice, and the page shown when
 * the browser has no WebGPU: what to enable, never a blank page.
 */
import { WEBGPU_HELP } from '../gpu/browser-host';
import type { AdapterInfo } from '../experiments/types';

/** "vendor / architecture / description", leaving out empty and unknown parts. */
export function adapterName(a: AdapterInfo): string {
  const parts = [a.vendor, a.architecture, a.description].filter((s) => s && s !== 'unknown');
  return [...new Set(parts)].join(' / ') || 'unknown adapter';
}

/** Fills the header's adapter line and shows the notice for a software adapter. */
export function showAdapter(line: HTMLElement, notice: HTMLElement, a: AdapterInfo): void {
  line.replaceChildren('GPU: ');
  const name = line.appendChild(document.createElement('strong'));
  name.id = 'adapter-name';
  name.textContent = adapterName(a);
  line.dataset.software = String(a.software);
  if (a.software) {
    const tag = line.appendChild(document.createElement('span'));
    tag.className = 'tag warn';
    tag.textContent = 'software adapter';
    notice.className = 'notice info';
    notice.id = 'gpu-notice';
    notice.textContent = 'This is a software (CPU) WebGPU adapter, so runs take CPU time, not GPU time: '
      + 'keep n × trials modest, or open the page in a browser with a hardware GPU.';
    notice.hidden = false;
  }
}

/**
 * Replaces the adapter line with "no WebGPU" and shows how to enable it. `reason` is the
 * error from acquiring the adapter, when there was one.
 */
export function showNoWebGpu(line: HTMLElement, notice: HTMLElement, reason?: string): void {
  line.textContent = 'GPU: none (WebGPU unavailable)';
  line.dataset.software = 'false';
  notice.className = 'notice error';
  notice.replaceChildren();
  const title = notice.appendChild(document.createElement('h2'));
  title.textContent = 'WebGPU is not available here';
  const help = notice.appendChild(document.createElement('p'));
  help.id = 'webgpu-help';
  help.textContent = WEBGPU_HELP;
  if (reason && !reason.includes(WEBGPU_HELP)) {
    const detail = notice.appendChild(document.createElement('p'));
    detail.className = 'detail';
    detail.textContent = `Details: ${reason}`;
  }
  notice.hidden = false;
}

/** The adapter was found but the kernels could not be built on it. */
export function showStartFailure(notice: HTMLElement, message: string): void {
  notice.className = 'notice error';
  notice.replaceChildren();
  notice.appendChild(document.createElement('h2')).textContent = 'The GPU could not start the lab';
  notice.appendChild(document.createElement('p')).textContent = `${message} Reload the page to try again; if it persists, the browser console has the details.`;
  notice.hidden = false;
}
