// Every bound the server keeps, in one place; docs/SECURITY.md gives the reasons and the figures.
import { MAX_IMPORT_TEXT } from "../../rpc/limits.js";

export type ServerLimits = {
  /** Open WebSockets on the whole server. */
  connections: number;
  /** Open WebSockets from one origin (the page's Origin header, or the peer's address without one). */
  connectionsPerOrigin: number;
  /** Calls one connection may have waiting or running; more are refused at once. */
  queuedCalls: number;
  /** One WebSocket message, in bytes; a bigger one closes the connection with 1009. */
  messageBytes: number;
  /** One SQL-editor run (all its statements), enforced by the server's own timer and cancel. */
  sqlTimeoutMs: number;
  /** The rows one SQL-editor run keeps, as JSON; rows past it are counted, not kept. */
  sqlResultBytes: number;
  /** The SQL editor's connections to PostgreSQL, shared by every tab. */
  editorConnections: number;
  /** How long a run waits for one of them before it is refused as busy. */
  editorAcquireMs: number;
  /** Characters of import text all connections' staged imports hold together. */
  importText: number;
};

export const DEFAULT_LIMITS: ServerLimits = {
  connections: 64,
  connectionsPerOrigin: 16,
  queuedCalls: 32,
  messageBytes: 64 * 1024 * 1024,
  sqlTimeoutMs: 60_000,
  sqlResultBytes: 32 * 1024 * 1024,
  editorConnections: 4,
  editorAcquireMs: 10_000,
  importText: MAX_IMPORT_TEXT,
};

/** A token shorter than this is refused at start: it would be guessed. */
export const MIN_TOKEN_LENGTH = 16;
