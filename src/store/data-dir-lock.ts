// The embedded database's files belong to one process. A lock file names the owner; a second process (another
// `tollgate start`, or a CLI command while the server runs) is refused with a message saying who holds it, instead of
// opening the same files twice and corrupting them.
import fs from 'node:fs';
import path from 'node:path';

export interface DataDirLock {
  release(): void;
}

interface LockOwner {
  pid: number;
  command: string;
  startedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DataDirBusyError extends Error {
  constructor(readonly owner: LockOwner, dataDir: string) {
    super(
      `The embedded database in ${dataDir} is in use by "tollgate ${owner.command}" (pid ${owner.pid}, since ` +
        `${owner.startedAt}). Stop that process first, or point DATABASE_URL at a PostgreSQL server so several ` +
        'processes can share the data.',
    );
    this.name = 'DataDirBusyError';
  }
}

export function lockDataDir(dataDir: string, command: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'tollgate.lock');
  const owner: LockOwner = { pid: process.pid, command, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(owner), { flag: 'wx', mode: 0o600 });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const current = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
          if (current.pid === process.pid) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let existing: LockOwner | null = null;
      try {
        existing = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
      } catch {
        existing = null;
      }
      if (existing && alive(existing.pid) && existing.pid !== process.pid) throw new DataDirBusyError(existing, dataDir);
      // A lock left by a process that died (killed, power loss): take it over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}
