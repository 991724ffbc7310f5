'use strict';
// Hash tables over raw bytes and small integer tuples, for the range worker. Plain JavaScript
// because worker threads start without the TypeScript loader (registering SWC in a worker costs
// most of a second); typed arrays so that thirteen million lookups allocate nothing.

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Finishes a running `h = h * 31 + byte` hash so that nearby keys spread over the table. */
function mix(h) {
  h ^= h >>> 16;
  h = Math.imul(h, 0x45d9f3b);
  h ^= h >>> 16;
  return h;
}

/**
 * The distinct cell values of one column, as bytes, each given a small id in first-seen order.
 * Ids let the worker aggregate without making a string per cell; the main thread decides what
 * each distinct value means with the same cell parsers the streaming reader uses.
 */
class ByteDictionary {
  constructor(limit) {
    this.limit = limit;
    this.size = 0;
    this.slots = new Int32Array(64);
    this.hashes = new Int32Array(32);
    this.offsets = new Int32Array(32);
    this.lengths = new Int32Array(32);
    this.arena = Buffer.allocUnsafe(1024);
    this.used = 0;
    this.values = [];
  }

  /** Id of `buf[start, end)` whose running hash is `h`; -1 once more than `limit` values were seen. */
  id(buf, start, end, h) {
    h = mix(h);
    const length = end - start;
    const mask = this.slots.length - 1;
    let at = h & mask;
    for (;;) {
      const entry = this.slots[at] - 1;
      if (entry < 0) return this.insert(buf, start, end, h, at);
      if (this.hashes[entry] === h && this.lengths[entry] === length && this.equal(entry, buf, start, length)) return entry;
      at = (at + 1) & mask;
    }
  }

  equal(entry, buf, start, length) {
    const offset = this.offsets[entry];
    for (let k = 0; k < length; k++) if (this.arena[offset + k] !== buf[start + k]) return false;
    return true;
  }

  insert(buf, start, end, h, at) {
    if (this.size >= this.limit) return -1;
    const entry = this.size++;
    const length = end - start;
    if (entry === this.hashes.length) {
      this.hashes = grow(this.hashes);
      this.offsets = grow(this.offsets);
      this.lengths = grow(this.lengths);
    }
    if (this.used + length > this.arena.length) {
      const arena = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + length));
      this.arena.copy(arena, 0, 0, this.used);
      this.arena = arena;
    }
    buf.copy(this.arena, this.used, start, end);
    this.hashes[entry] = h;
    this.offsets[entry] = this.used;
    this.lengths[entry] = length;
    this.used += length;
    this.values.push(buf.toString('utf8', start, end));
    this.slots[at] = entry + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return entry;
  }

  rehash() {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.size; entry++) {
      let at = this.hashes[entry] & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = entry + 1;
    }
    this.slots = slots;
  }
}

/**
 * Row counts and length-of-stay sums per distinct (org, date, POD, currency, odd los) tuple of
 * dictionary ids, in first-seen order. `odd los` is 0 when the cell was empty or plain digits
 * (summed here), else 1 + the cell's dictionary id: such cells are judged by the main thread.
 */
class TupleTable {
  constructor() {
    this.size = 0;
    this.slots = new Int32Array(1024);
    this.keys = new Int32Array(512 * 5);
    this.count = new Float64Array(512);
    this.days = new Float64Array(512);
    this.daysRows = new Float64Array(512);
    this.overflow = false;
  }

  add(org, date, pod, currency, oddLos, days) {
    const h = tupleHash(org, date, pod, currency, oddLos);
    const mask = this.slots.length - 1;
    const keys = this.keys;
    let at = h & mask;
    let tuple;
    for (;;) {
      tuple = this.slots[at] - 1;
      if (tuple < 0) {
        tuple = this.insert(org, date, pod, currency, oddLos, at);
        break;
      }
      const k = tuple * 5;
      if (keys[k] === org && keys[k + 1] === date && keys[k + 2] === pod && keys[k + 3] === currency && keys[k + 4] === oddLos) break;
      at = (at + 1) & mask;
    }
    this.count[tuple]++;
    if (days >= 0) {
      const sum = (this.days[tuple] += days);
      this.daysRows[tuple]++;
      if (sum > MAX_SAFE) this.overflow = true;
    }
  }

  insert(org, date, pod, currency, oddLos, at) {
    const tuple = this.size++;
    if (tuple === this.count.length) {
      this.keys = grow(this.keys);
      this.count = grow(this.count);
      this.days = grow(this.days);
      this.daysRows = grow(this.daysRows);
    }
    const k = tuple * 5;
    this.keys[k] = org;
    this.keys[k + 1] = date;
    this.keys[k + 2] = pod;
    this.keys[k + 3] = currency;
    this.keys[k + 4] = oddLos;
    this.slots[at] = tuple + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return tuple;
  }

  rehash() {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length - 1;
    for (let tuple = 0; tuple < this.size; tuple++) {
      const k = tuple * 5;
      const keys = this.keys;
      let at = tupleHash(keys[k], keys[k + 1], keys[k + 2], keys[k + 3], keys[k + 4]) & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = tuple + 1;
    }
    this.slots = slots;
  }

  /** Trimmed copies, transferable to the main thread. */
  export() {
    const n = this.size;
    return {
      size: n,
      keys: this.keys.slice(0, n * 5),
      count: this.count.slice(0, n),
      days: this.days.slice(0, n),
      daysRows: this.daysRows.slice(0, n),
      overflow: this.overflow,
    };
  }
}

function tupleHash(org, date, pod, currency, oddLos) {
  const h = Math.imul(org + 1, 0x9e3779b1) ^ Math.imul(date + 3, 0x85ebca77) ^ Math.imul(pod + 7, 0xc2b2ae3d);
  return mix(h ^ Math.imul(currency + 13, 0x27d4eb2f) ^ Math.imul(oddLos + 17, 0x165667b1));
}

function grow(array) {
  const bigger = new array.constructor(array.length * 2);
  bigger.set(array);
  return bigger;
}

module.exports = { ByteDictionary, TupleTable, MAX_SAFE };
