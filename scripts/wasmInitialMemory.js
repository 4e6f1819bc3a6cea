'use strict';
/**
 * Lowers the initial memory a WASM module declares to what its own static layout needs (issue 17).
 *
 * libpg-query.wasm declares 128 MB of initial memory (emscripten's INITIAL_MEMORY; it may grow to 1 GB). V8
 * counts a new WASM memory as external memory, and 128 MB at once is over its 64 MB limit for that: it makes a
 * full garbage collection right away, while the heap is still tiny, and the heap limit it then sets brings the
 * next full collection early too. That is about 8% of a `check` of the sample project. The module grows its
 * memory when malloc needs more (emscripten_resize_heap), so it needs at the start only what is laid out
 * statically: its data segments and its stack, whose top is the initial value of a mutable i32 global (the
 * stack pointer; the heap starts there). The new initial size is the highest address any of those reach, in
 * whole pages, and one more megabyte.
 *
 * The size is rewritten in place, in the same number of LEB128 bytes (padding is valid LEB128), so no section
 * moves. Anything unexpected (no memory, several, an imported one, a size that needs more bytes) throws: the
 * caller then copies the module unchanged.
 */

const PAGE = 65536;
const SLACK_PAGES = 16;

/** @returns {{ bytes: Buffer, from: number, to: number }} the module with its initial memory lowered, in pages. */
function lowerInitialMemory(original) {
  const bytes = Buffer.from(original);
  if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error('not a WASM module');
  let p = 8;
  /** A LEB128 number at `p` (moved past it): unsigned, or signed (two's complement, 32 bits). */
  const leb = (signed) => {
    let result = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[p++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return signed && byte & 0x40 ? result - 2 ** shift : result;
  };
  const u32 = () => leb(false);
  const i32 = () => leb(true);
  let memory;
  let highest = 0;
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = u32();
    const end = p + size;
    if (id === 5) {
      if (u32() !== 1) throw new Error('the module has no memory of its own, or several');
      const flags = bytes[p++];
      const at = p;
      const initial = u32();
      memory = { at, length: p - at, initial, maximum: flags & 1 ? u32() : undefined };
    } else if (id === 6) {
      const count = u32();
      for (let k = 0; k < count; k++) {
        const type = bytes[p++];
        const mutable = bytes[p++];
        const op = bytes[p++];
        if (type !== 0x7f || op !== 0x41) throw new Error('a global that is not initialised by i32.const');
        const value = i32();
        if (bytes[p++] !== 0x0b) throw new Error('a global whose initialiser is not one instruction');
        if (mutable) highest = Math.max(highest, value >>> 0);
      }
    } else if (id === 11) {
      const count = u32();
      for (let k = 0; k < count; k++) {
        const kind = u32();
        if (kind === 1) throw new Error('a passive data segment');
        if (kind !== 0 || bytes[p++] !== 0x41) throw new Error('a data segment not placed by i32.const');
        const offset = i32() >>> 0;
        if (bytes[p++] !== 0x0b) throw new Error('a data segment offset that is not one instruction');
        const length = u32();
        p += length;
        highest = Math.max(highest, offset + length);
      }
    }
    p = end;
  }
  if (!memory) throw new Error('the module defines no memory');
  const to = Math.ceil(highest / PAGE) + SLACK_PAGES;
  if (to >= memory.initial) return { bytes, from: memory.initial, to: memory.initial };
  if (to >= 2 ** (7 * memory.length)) throw new Error('the new size needs more LEB128 bytes than the old');
  for (let k = 0, v = to; k < memory.length; k++, v = Math.floor(v / 128)) bytes[memory.at + k] = (v & 0x7f) | (k < memory.length - 1 ? 0x80 : 0);
  if (!WebAssembly.validate(bytes)) throw new Error('the rewritten module does not validate');
  return { bytes, from: memory.initial, to };
}

module.exports = { lowerInitialMemory };
