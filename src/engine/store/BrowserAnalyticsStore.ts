import { PGlite } from "@electric-sql/pglite";
import { MemoryAnalyticsStore, type MemoryAnalyticsStoreOptions } from "./MemoryAnalyticsStore.js";

export type BrowserAnalyticsStoreOptions = MemoryAnalyticsStoreOptions & {
  /** The IndexedDB database (`idb://<name>`). Default `analytics`. */
  databaseName?: string;
};

/** A MemoryAnalyticsStore whose database persists in IndexedDB: a new store on the same name sees the rows. */
export class BrowserAnalyticsStore extends MemoryAnalyticsStore {
  readonly databaseName: string;

  constructor({ databaseName = "analytics", ...options }: BrowserAnalyticsStoreOptions = {}) {
    super({ ...options, pgLiteFactory: options.pgLiteFactory ?? (() => PGlite.create(`idb://${databaseName}`)) });
    this.databaseName = databaseName;
    this.ownsDatabase = !options.pgLiteFactory;
  }
}
