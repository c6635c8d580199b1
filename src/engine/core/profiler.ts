/** Times stages of work. Metric names are `ns.stack….metric`, so nested systems read as a tree. */
export interface IAnalyticsProfiler {
  readonly prefix: string;
  push(system: string): void;
  pop(): void;
  popAndReturn<T>(result: T): T;
  record<T>(metric: string, fn: () => Promise<T>): Promise<T>;
  recordSync<T>(metric: string, fn: () => T): T;
}

export type ProfilerLogger = (metric: string, ms: number) => void;

export class AnalyticsProfiler implements IAnalyticsProfiler {
  private readonly stack: string[] = [];
  private currentPrefix: string;

  constructor(
    private readonly ns: string,
    private readonly logger: ProfilerLogger,
  ) {
    this.currentPrefix = ns;
  }

  get prefix(): string {
    return this.currentPrefix;
  }

  push(system: string): void {
    this.stack.push(system);
    this.currentPrefix = [this.ns, ...this.stack].join(".");
  }

  pop(): void {
    this.stack.pop();
    this.currentPrefix = [this.ns, ...this.stack].join(".");
  }

  popAndReturn<T>(result: T): T {
    this.pop();
    return result;
  }

  async record<T>(metric: string, fn: () => Promise<T>): Promise<T> {
    // The name is fixed before awaiting: other work may push/pop while this one runs.
    const name = `${this.currentPrefix}.${metric}`;
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.logger(name, performance.now() - t0);
    }
  }

  recordSync<T>(metric: string, fn: () => T): T {
    const name = `${this.currentPrefix}.${metric}`;
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      this.logger(name, performance.now() - t0);
    }
  }
}

/** Records nothing; the default, so unprofiled code pays only a function call. */
export class PassthroughAnalyticsProfiler implements IAnalyticsProfiler {
  readonly prefix = "";
  push(): void {}
  pop(): void {}
  popAndReturn<T>(result: T): T {
    return result;
  }
  record<T>(_metric: string, fn: () => Promise<T>): Promise<T> {
    return fn();
  }
  recordSync<T>(_metric: string, fn: () => T): T {
    return fn();
  }
}
