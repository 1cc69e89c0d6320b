// Child processes of a benchmark run: servers that report their port over IPC, and load workers that print a result.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { OpenModelOptions, OpenModelResult } from './open-model.ts';

const BENCH_DIR = path.dirname(path.dirname(new URL(import.meta.url).pathname));

export interface ServerProcess {
  origin: string;
  /** CPU time (user + system, µs) the server process has used so far. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

/** Called by a server script once it listens: reports the port and answers CPU-time questions over IPC. */
export function reportListening(port: number): void {
  process.on('message', (message) => {
    if (message !== 'cpu') return;
    const { user, system } = process.cpuUsage();
    process.send?.({ cpu: user + system });
  });
  process.send?.({ port });
}

/**
 * Starts `bench/servers/<name>.ts`; its standard output (the gateway's JSON logs) goes to /dev/null. With
 * BENCH_CPU_PROF=<dir> each server writes V8 CPU profiles to <dir>/<name>/ when it stops (open them in Chrome's
 * DevTools).
 */
export async function startServer(name: string, env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const profileDir = process.env.BENCH_CPU_PROF;
  // One file per thread (the module loader has its own), named by V8 with the process and thread ids.
  const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', path.join(profileDir, name)] : [];
  // BENCH_SERVER_FLAGS: node flags for experiments (V8 flags cannot go through NODE_OPTIONS).
  const flags = process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...profile, ...flags, '--import', 'tsx', path.join(BENCH_DIR, 'servers', `${name}.ts`)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`server ${name} exited with ${code} before listening`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    cpuMicros: () =>
      new Promise((resolve) => {
        const answer = (m: { cpu?: number }) => {
          if (m.cpu === undefined) return;
          child.off('message', answer);
          resolve(m.cpu);
        };
        child.on('message', answer);
        child.send('cpu');
      }),
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.disconnect();
  });
}

/** One measurement in a fresh load-worker process. */
export function measure(options: OpenModelOptions): Promise<OpenModelResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(BENCH_DIR, 'lib', 'load-worker.ts'), JSON.stringify(options)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`load worker exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as OpenModelResult);
    });
  });
}
