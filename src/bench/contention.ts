/**
 * How much of the machine's CPU went elsewhere while a row ran: to other processes, and to
 * the hypervisor (steal). On a software adapter the GPU is the CPU, so a busy machine
 * inflates every figure; rows record this so a noisy run can be told from a slow engine.
 * Linux only (/proc); elsewhere every snapshot is null. Node only.
 * @example const a = cpuSnapshot(); work(); const c = contention(a, cpuSnapshot());
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface CpuSnapshot {
  /** Machine-wide jiffies: all, busy (user + nice + system + irq + softirq), steal. */
  total: number;
  busy: number;
  steal: number;
  /** Jiffies of this process and every live descendant (python3, Chromium's processes), each with its reaped children. */
  own: number;
}

export interface Contention {
  /** Share of the machine's CPU used by other processes (0..1). */
  others: number;
  /** Share taken by the hypervisor (0..1). */
  steal: number;
}

export function cpuSnapshot(): CpuSnapshot | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = cpu;
    return { total: user + nice + system + idle + iowait + irq + softirq + steal, busy: user + nice + system + irq + softirq, steal, own: treeJiffies(process.pid) };
  } catch {
    return null;
  }
}

/** CPU jiffies (utime + stime + cutime + cstime) of `root` and all its live descendants. */
function treeJiffies(root: number): number {
  const procs = new Map<number, { ppid: number; jiffies: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);   // from field 3 (state)
      procs.set(Number(name), { ppid: f[1], jiffies: f[11] + f[12] + f[13] + f[14] });   // fields 4 and 14..17
    } catch {
      // the process exited meanwhile
    }
  }
  let sum = 0;
  for (const [pid, p] of procs) {
    for (let q: number | undefined = pid, hops = 0; q !== undefined && q > 0 && hops < 64; q = procs.get(q)?.ppid, hops++) {
      if (q === root) { sum += p.jiffies; break; }
    }
  }
  return sum;
}

/**
 * Contention between two snapshots, or null when either is missing or the interval is too
 * short to say (under `minJiffies`: /proc counts in 10 ms ticks, per CPU).
 */
export function contention(a: CpuSnapshot | null, b: CpuSnapshot | null, minJiffies = 200): Contention | null {
  if (!a || !b || b.total - a.total < minJiffies) return null;
  const total = b.total - a.total;
  const others = Math.max(0, (b.busy - a.busy) - (b.own - a.own)) / total;
  return { others: Math.round(others * 1000) / 1000, steal: Math.round(((b.steal - a.steal) / total) * 1000) / 1000 };
}
