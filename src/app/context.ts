// One run's view of the host, opened once from --root: a folder, or a `dgpu snapshot` archive opened read-only.
// Every use case (src/app/*) reads the Host, the configuration files and the device-node facts through it, so
// each is read at most once per run whatever the command or the wizard asks for.
import { resolve } from 'node:path';
import { EnvironmentError, UsageError } from '../core/errors.js';
import type { Host } from '../core/host.js';
import type { ConfigFiles } from '../core/plan/config-files.js';
import type { RecordedIntent } from '../host/journal.js';
import { openRoot } from '../host/open-root.js';
import { readHost, readModulesAlias } from '../host/sysfs-reader.js';

/** What a context reads besides the Host: loaded only by the use cases that may ask for it. */
type Files = typeof import('./context-files.js');

export interface OpenOptions {
  /**
   * The use case writes under the root (`apply`, `rollback`, `vm attach`, `setup`): an archive is refused, the
   * real root needs root, and the run holds the root's lock (src/host/lock.ts) until the context is closed.
   */
  writes?: string;
  /** Writes but needs no lock (`rollback --list`). */
  noLock?: boolean;
  /** The sysfs reader; tests count its calls. */
  reader?: typeof readHost;
  /**
   * The use case reads the Host and nothing else (`scan`, `groups`): the modules behind files(), file(),
   * recorded(), devVfio() and inputById() are not loaded, and those throw; the Host is read without the
   * functions' revision and driver_override (ReadHostOptions.details).
   */
  hostOnly?: boolean;
}

export class HostContext {
  private hostRead?: Promise<Host>;
  private planHost?: Promise<Host>;
  private configFiles?: ConfigFiles;
  private intent?: RecordedIntent | null;
  private readonly others = new Map<string, string | null>();

  constructor(
    /** --root as the user gave it, for the commands dgpu suggests. */
    readonly rootArg: string,
    /** The folder to read (an archive's temporary copy). */
    readonly root: string,
    /** The root is a snapshot archive: file contents beyond presence are not in it. */
    readonly archive: boolean,
    private readonly cleanup: () => void,
    private readonly reader: typeof readHost = readHost,
    private readonly unlock: () => void = () => {},
    private readonly more: Files | null = null,
  ) {}

  private get io(): Files {
    if (this.more === null) throw new Error('this context was opened for the Host only');
    return this.more;
  }

  /** The machine itself: commands run only here, and only root may change it. */
  get real(): boolean {
    return !this.archive && this.root === '/';
  }

  /** The Host as `scan` needs it. */
  host(): Promise<Host> {
    return (this.hostRead ??= this.reader(this.root, this.more === null ? { details: false } : {}));
  }

  /** The Host with the kernel's modules.alias, which the planner needs to find competing drivers. */
  hostForPlan(): Promise<Host> {
    return (this.planHost ??= this.host().then((h) => ({ ...h, modules: { ...h.modules, aliasText: readModulesAlias(this.root, h.kernelRelease) } })));
  }

  files(): ConfigFiles {
    return (this.configFiles ??= this.io.readConfigFiles(this.root));
  }

  /** One host file (as on the host, e.g. /etc/libvirt/qemu.conf); null when absent. */
  file(path: string): string | null {
    if (!this.others.has(path)) this.others.set(path, this.io.readConfigFile(this.root, path));
    return this.others.get(path)!;
  }

  devVfio(): string[] | null {
    return this.io.listDevVfio(this.root);
  }

  inputById(): string[] {
    return this.io.listInputById(this.root);
  }

  /** What the latest committed `apply` asked for; null when none recorded it. */
  recorded(): RecordedIntent | null {
    if (this.intent === undefined) this.intent = this.archive ? null : this.io.latestIntent(this.root, 'apply');
    return this.intent;
  }

  /** After a transaction the files are new: the next plan reads them again. */
  written(): void {
    this.configFiles = undefined;
    this.others.clear();
    this.intent = undefined;
  }

  close(): void {
    this.unlock();
    this.cleanup();
  }
}

export async function openContext(rootArg = '/', o: OpenOptions = {}): Promise<HostContext> {
  const full = resolve(rootArg);
  const { dir, cleanup } = await openRoot(full);
  const archive = dir !== full;
  if (archive && o.writes !== undefined) {
    cleanup();
    throw new UsageError(`${rootArg} is a snapshot archive: it is for reading, and ${o.writes} writes`,
      'scan, groups, report and plan read archives; run this on the host itself (or a copied folder)');
  }
  const more = o.hostOnly ? null : await import('./context-files.js');
  if (o.writes === undefined || o.noLock || more === null) return new HostContext(rootArg, dir, archive, cleanup, o.reader, undefined, more);
  requireWriter(dir === '/', `dgpu ${o.writes}`);
  return new HostContext(rootArg, dir, archive, cleanup, o.reader, await more.acquireLock(dir, o.writes), more);
}

/** Only root may change the real system; under another root anyone may (a copied or fake tree). */
export function requireWriter(real: boolean, what: string, hint = 'run it with sudo'): void {
  if (real && process.getuid?.() !== 0) {
    throw new EnvironmentError(`${what} changes /etc and /boot: it must run as root; nothing was written`, hint);
  }
}

/** Opens the context, runs `use`, and closes it (removing an archive's temporary copy) whatever happens. */
export async function withContext<T>(rootArg: string | undefined, o: OpenOptions, use: (ctx: HostContext) => Promise<T>): Promise<T> {
  const ctx = await openContext(rootArg, o);
  try {
    return await use(ctx);
  } finally {
    ctx.close();
  }
}
