/**
 * PostgreSQL's binary COPY format, written straight into one growing byte buffer. PGlite parses
 * CSV timestamps and floats ~1.5× slower than it reads their binary form, and joining CSV lines
 * cost as much again in JS; here a row is a few DataView writes and cached byte copies.
 *
 * Format: a signature, flags and header extension (both 0), then per row a 16-bit field count
 * and per field a 32-bit length (-1 for NULL) and the value in network order; a -1 trailer.
 */
const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];
/** PostgreSQL counts timestamps in microseconds from 2000-01-01 UTC. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const TWO_32 = 2 ** 32;
const encoder = new TextEncoder();

export class CopyBinaryWriter {
  private buf: Uint8Array<ArrayBuffer>;
  private view: DataView;
  private pos = 0;
  /** Encoded bytes of texts a batch repeats (sources, metrics, units, function names). */
  private readonly texts = new Map<string, Uint8Array>();

  constructor(expectedBytes = 1 << 16) {
    this.buf = new Uint8Array(Math.max(64, expectedBytes));
    this.view = new DataView(this.buf.buffer);
    for (const b of SIGNATURE) this.buf[this.pos++] = b;
    this.view.setInt32(this.pos, 0); // flags
    this.view.setInt32(this.pos + 4, 0); // header extension length
    this.pos += 8;
  }

  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + bytes) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Starts a row of `fields` values. */
  row(fields: number): void {
    this.ensure(2);
    this.view.setInt16(this.pos, fields);
    this.pos += 2;
  }

  null(): void {
    this.ensure(4);
    this.view.setInt32(this.pos, -1);
    this.pos += 4;
  }

  int4(value: number): void {
    this.ensure(8);
    this.view.setInt32(this.pos, 4);
    this.view.setInt32(this.pos + 4, value);
    this.pos += 8;
  }

  float8(value: number): void {
    this.ensure(12);
    this.view.setInt32(this.pos, 8);
    this.view.setFloat64(this.pos + 4, value);
    this.pos += 12;
  }

  /** A timestamptz from epoch milliseconds (whole ms: exact in a double as microseconds). */
  timestamptz(ms: number): void {
    this.ensure(12);
    const us = (ms - PG_EPOCH_MS) * 1000;
    const high = Math.floor(us / TWO_32);
    this.view.setInt32(this.pos, 8);
    this.view.setInt32(this.pos + 4, high);
    this.view.setUint32(this.pos + 8, us - high * TWO_32);
    this.pos += 12;
  }

  /** Text (UTF-8), its bytes kept for the next time: a batch repeats few distinct values. */
  repeatedText(value: string): void {
    let bytes = this.texts.get(value);
    if (bytes === undefined) this.texts.set(value, (bytes = encoder.encode(value)));
    this.bytes(bytes);
  }

  /** jsonb from JSON text: version 1, then the text. */
  jsonb(json: string): void {
    this.ensure(5 + json.length * 3);
    this.buf[this.pos + 4] = 1;
    const { written } = encoder.encodeInto(json, this.buf.subarray(this.pos + 5));
    this.view.setInt32(this.pos, written + 1);
    this.pos += 5 + written;
  }

  private bytes(bytes: Uint8Array): void {
    this.ensure(4 + bytes.length);
    this.view.setInt32(this.pos, bytes.length);
    this.buf.set(bytes, this.pos + 4);
    this.pos += 4 + bytes.length;
  }

  /** The whole payload, trailer included. The writer must not be used afterwards. */
  finish(): Uint8Array<ArrayBuffer> {
    this.ensure(2);
    this.view.setInt16(this.pos, -1);
    this.pos += 2;
    return this.buf.subarray(0, this.pos);
  }
}
