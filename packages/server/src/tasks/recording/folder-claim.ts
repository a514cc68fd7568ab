import { randomUUID } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A claim is a file `retry.lock.<uuid>` holding its process's pid; no two claims ever share a name. */
const PREFIX = 'retry.lock.';
const CLAIM = /^retry\.lock\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Lets the claim go. */
export type Release = () => Promise<void>;

/**
 * Claims a folder for this process among every process on the same data directory; undefined when another live
 * claim holds it (or the folder is gone). The claim file appears whole (written under another name, then renamed),
 * then the folder is read: the claim holds only when no other live claim is there. Of two claims made at once,
 * whichever reads the folder second sees the first, so two never both hold; both may give up, and the next attempt
 * tries again. Claims of dead processes (a crash mid-retry) count for nothing and are removed by their own names,
 * so removing one never removes a claim made since.
 */
export async function claimFolder(dir: string): Promise<Release | undefined> {
  const token = randomUUID();
  const claim = join(dir, PREFIX + token);
  const release = () => rm(claim, { force: true });
  try {
    const draft = join(dir, `.${PREFIX}${token}.draft`);
    await writeFile(draft, String(process.pid), { flag: 'wx' });
    await rename(draft, claim);
    if (await liveClaim(dir, claim)) {
      await release();
      return undefined;
    }
    return release;
  } catch (error) {
    // The folder is gone: stored by whoever held it.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Whether a live process claims the folder. */
export async function folderClaimed(dir: string): Promise<boolean> {
  try {
    return await liveClaim(dir, undefined);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Whether a live process holds a claim in `dir` other than `mine`; dead processes' claims are removed on the way. */
async function liveClaim(dir: string, mine: string | undefined): Promise<boolean> {
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    if (!CLAIM.test(name) || path === mine) continue;
    const holder = await holderOf(path);
    if (holder === undefined) continue;
    if (alive(holder)) return true;
    await rm(path, { force: true });
  }
  return false;
}

/** The pid in a claim; undefined when it was released meanwhile. */
async function holderOf(path: string): Promise<number | undefined> {
  try {
    return Number(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
