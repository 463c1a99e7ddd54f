import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The hardware and software the figures were measured on. */
export function machineInfo(): MachineInfo {
  const cpuModel = /^model name\s*:\s*(.+)$/m.exec(readText('/proc/cpuinfo'))?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const release = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readText('/etc/os-release'))?.[1] ?? `${os.type()} ${os.release()}`;
  return {
    cpuModel,
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${release}, kernel ${os.release()}`,
  };
}

export interface ProcessUsage {
  pid: number;
  cpuPercent: number;
  command: string;
}

export interface MachineLoad {
  at: string;
  /** One-minute load average. */
  load1: number;
  /** Busy share of all cores over a one-second sample, 0..1. */
  busyShare: number;
  /** Processes other than this benchmark's that used noticeable CPU at that moment. */
  busyProcesses: ProcessUsage[];
}

function cpuTimes(): { busy: number; total: number } {
  const fields = readText('/proc/stat').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const total = fields.reduce((sum, v) => sum + v, 0);
  // idle and iowait are the fourth and fifth fields.
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** Process ids of this process and every process it started, so they are not counted as outside load. */
function ownProcessIds(): Set<number> {
  const own = new Set([process.pid]);
  try {
    const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [pid, ppid] of rows) {
        if (own.has(ppid) && !own.has(pid)) {
          own.add(pid);
          grew = true;
        }
      }
    }
  } catch {
    // Without ps the list of busy processes is simply left empty.
  }
  return own;
}

function busyProcesses(): ProcessUsage[] {
  let output: string;
  try {
    output = execFileSync('top', ['-b', '-c', '-n', '1', '-o', '%CPU', '-w', '200'], { encoding: 'utf8' });
  } catch {
    return [];
  }
  const own = ownProcessIds();
  const lines = output.split('\n');
  const header = lines.findIndex((line) => /^\s*PID\s/.test(line));
  const usage: ProcessUsage[] = [];
  for (const line of lines.slice(header + 1)) {
    const columns = line.trim().split(/\s+/);
    const pid = Number(columns[0]);
    const cpuPercent = Number(columns[8]);
    if (!Number.isFinite(pid) || !Number.isFinite(cpuPercent) || cpuPercent < 10 || own.has(pid)) continue;
    usage.push({ pid, cpuPercent, command: columns.slice(11).join(' ').slice(0, 60) });
  }
  return usage;
}

/** How busy the machine is right now, apart from this benchmark. Takes about one second. */
export async function sampleMachineLoad(): Promise<MachineLoad> {
  const before = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const after = cpuTimes();
  const total = after.total - before.total;
  return {
    at: new Date().toISOString(),
    load1: Math.round(os.loadavg()[0]! * 100) / 100,
    busyShare: total > 0 ? (after.busy - before.busy) / total : 0,
    busyProcesses: busyProcesses(),
  };
}
