// Vega-Lite's compile and vega's parse were most of the cost of drawing a chart, and a chart is
// laid out two to four times per size (frame.ts fits the plot to its box), for every trust. Specs
// of one chart kind differ only in their figures: the data, the scales' domains and ranges, the
// ticks, the label lookups, titles and sizes. So a spec is built (compiled, parsed) once per
// shape: those figures are swapped for stand-ins, the spec is built, and each later spec of the
// same shape gets that build with its own figures put back where the stand-ins came out (inside
// expression code too: a string as a JSON string, a number as JavaScript writes it).
//
// Safe only where the build copies a figure through untouched. That is checked, not assumed: a
// new shape is built twice, with two different sets of stand-ins (keeping their sign, equalities
// and zeros, the things Vega-Lite might branch on; the second in the reverse order of the first,
// so that a build comparing figures is caught), and used as a template only where
// both builds agree everywhere except at the stand-ins themselves. Anything else (a figure the
// build computed with, a stand-in found in text other than as a whole literal) makes the shape
// build directly, as before.

/** The keys whose figures vary between specs of one shape (outside `config`, never swapped). */
const SWAPPED = new Set(['values', 'domain', 'range', 'labelExpr', 'title', 'oneOf', 'width', 'height', 'padding', 'columns', 'datum']);
const DATA_MARK = '__nhsp_data';

class Hole {
  constructor(readonly slot: number) {}
}
/** A string holding stand-ins for strings inside an expression: parts between JSON-quoted holes. */
class Joined {
  constructor(
    readonly parts: readonly string[],
    readonly slots: readonly number[],
  ) {}
}

interface Slots {
  /** Each distinct figure once, in the order of its slot. */
  values: unknown[];
  shape: string;
  /** The two spellings of the spec with stand-ins. */
  a: () => unknown;
  b: () => unknown;
  standInA: (slot: number) => unknown;
  standInB: (slot: number) => unknown;
}

const standInString = (set: 'A' | 'B', slot: number) => `@@nhsp${set}${slot}@@`;

/** The spec split into its shape and its figures, with both sets of stand-ins. */
function slotsOf(spec: unknown): Slots {
  // First the distinct swapped numbers: their stand-ins keep their sign, and A keeps their order.
  const numbers = new Set<number>();
  const collect = (node: unknown, swapped: boolean, key: string, parentKey: string): void => {
    if (key === 'config') return;
    if (Array.isArray(node)) {
      if (key === 'values' && parentKey === 'data') return;
      node.forEach((n) => collect(n, swapped, key, parentKey));
    } else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) collect(v, swapped || SWAPPED.has(k), k, key);
    } else if (swapped && typeof node === 'number' && node !== 0 && Number.isFinite(node)) numbers.add(node);
  };
  collect(spec, false, '', '');
  const sorted = [...numbers].sort((x, y) => x - y);
  const negatives = sorted.filter((n) => n < 0).length;
  const positives = sorted.length - negatives;
  const rank = new Map(sorted.map((n, i) => [n, i < negatives ? -(negatives - i) : i - negatives + 1]));

  const values: unknown[] = [];
  const kinds: ('number' | 'string' | 'data')[] = [];
  const slotByKey = new Map<string, number>();
  const slotFor = (kind: 'number' | 'string' | 'data', key: string, value: unknown) => {
    const k = `${kind}:${key}`;
    let slot = slotByKey.get(k);
    if (slot === undefined) {
      slot = values.length;
      slotByKey.set(k, slot);
      values.push(value);
      kinds.push(kind);
    }
    return slot;
  };
  const numberStandIn = (base: number, step: number, r: number) => Math.sign(r) * (base + Math.abs(r) * step);
  const rankOfSlot = new Map<number, number>();
  const standIn = (set: 'A' | 'B') => (slot: number) => {
    if (kinds[slot] === 'data') return [{ [DATA_MARK]: `${set}${slot}` }];
    if (kinds[slot] === 'string') return standInString(set, slot);
    // B reverses the order of the numbers of each sign: a build that compares figures (not only
    // copies them) then differs between A and B, and the shape is not made a template.
    const r = rankOfSlot.get(slot)!;
    return set === 'A' ? numberStandIn(7777000.5, 16, r) : numberStandIn(5555000.25, 8, r < 0 ? -(negatives + 1 + r) : positives + 1 - r);
  };
  const standInA = standIn('A');
  const standInB = standIn('B');

  // The shape is written while the figures are collected; the spellings with stand-ins are
  // written only for a new shape (the same walk, so the same slots).
  const shapeParts: string[] = [];
  const write = (text: string) => shapeParts.push(text);
  const walk = (node: unknown, swapped: boolean, key: string, parentKey: string, set: 'A' | 'B' | null): unknown => {
    if (key === 'config') {
      if (set === null) write(JSON.stringify(node));
      return node;
    }
    if (Array.isArray(node)) {
      if (key === 'values' && parentKey === 'data' && node.length > 0) {
        const slot = slotFor('data', JSON.stringify(node), node);
        if (set === null) write(`{"$d":${slot}}`);
        return set === 'A' ? standInA(slot) : set === 'B' ? standInB(slot) : null;
      }
      if (set === null) write('[');
      const items = node.map((n, i) => {
        if (set === null && i > 0) write(',');
        return walk(n, swapped, key, parentKey, set);
      });
      if (set === null) write(']');
      return items;
    }
    if (node !== null && typeof node === 'object') {
      if (set === null) write('{');
      const out: Record<string, unknown> = {};
      let first = true;
      for (const k in node) {
        const v = (node as Record<string, unknown>)[k];
        if (v === undefined) continue;
        if (set === null) write(`${first ? '' : ','}${JSON.stringify(k)}:`);
        first = false;
        out[k] = walk(v, swapped || SWAPPED.has(k), k, key, set);
      }
      if (set === null) write('}');
      return out;
    }
    if (swapped && typeof node === 'number' && rank.has(node)) {
      const slot = slotFor('number', String(node), node);
      rankOfSlot.set(slot, rank.get(node)!);
      if (set === null) write(`{"$n":${slot},"s":${Math.sign(node)}}`);
      return set === 'A' ? standInA(slot) : set === 'B' ? standInB(slot) : null;
    }
    const lookup = swapped && key === 'labelExpr' && typeof node === 'string' ? lookupEntries(node) : null;
    if (lookup) {
      // A label lookup (scale.ts's labelLookup): each key and label its own stand-in, so that the
      // expression stays one Vega can parse (and a parsed spec can be a template too).
      const quoted = (value: string) => `"${standInString(set ?? 'A', slotFor('string', value, value))}"`;
      const text = `{${lookup.entries.map(([k, v]) => `${quoted(k)}:${typeof v === 'string' ? quoted(v) : `[${v.map(quoted).join(',')}]`}`).join(',')}}${lookup.rest}`;
      if (set === null) write(`{"$e":${JSON.stringify(text)}}`);
      return text;
    }
    // Vega-Lite rewrites "datum.label" inside label expressions: such a string is kept as it is.
    if (swapped && typeof node === 'string' && !node.includes('datum.label') && !node.includes('\u2028') && !node.includes('\u2029')) {
      const slot = slotFor('string', node, node);
      if (set === null) write(`{"$s":${slot}}`);
      return set === 'A' ? standInA(slot) : set === 'B' ? standInB(slot) : null;
    }
    if (set === null) write(JSON.stringify(node) ?? 'undefined');
    return node;
  };
  walk(spec, false, '', '', null);
  return {
    values,
    shape: shapeParts.join(''),
    a: () => walk(spec, false, '', '', 'A'),
    b: () => walk(spec, false, '', '', 'B'),
    standInA,
    standInB,
  };
}

const LOOKUP_REST = '[datum.value] || ""';

/**
 * The keys and labels of a label lookup `{"k":"label",…}[datum.value] || ""`, or null where the
 * expression is anything else or does not read back to the same text (then it is kept whole).
 */
function lookupEntries(expr: string): { entries: [string, string | string[]][]; rest: string } | null {
  if (!expr.startsWith('{') || !expr.endsWith(`}${LOOKUP_REST}`)) return null;
  let object: unknown;
  try {
    object = JSON.parse(expr.slice(0, expr.length - LOOKUP_REST.length));
  } catch {
    return null;
  }
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return null;
  const entries = Object.entries(object as Record<string, unknown>);
  const isLabel = (v: unknown): v is string | string[] => typeof v === 'string' || (Array.isArray(v) && v.every((l) => typeof l === 'string'));
  if (!entries.every(([, v]) => isLabel(v))) return null;
  const text = (x: string) => JSON.stringify(x);
  const rebuilt = `{${entries.map(([k, v]) => `${text(k)}:${typeof v === 'string' ? text(v) : `[${(v as string[]).map(text).join(',')}]`}`).join(',')}}${LOOKUP_REST}`;
  if (rebuilt !== expr || /[\u2028\u2029]|datum\.label/.test(expr)) return null;
  return { entries: entries as [string, string | string[]][], rest: LOOKUP_REST };
}

const NOT_A_TEMPLATE = Symbol('not a template');
// A number stand-in is 7777000.5 or 5555000.25 plus a multiple of 16 or 8, signed.
const IN_TEXT_A = /"@@nhspA(\d+)@@"|-?777\d{4}\.5(?![\d])/g;
const NUMBER_STAND_IN = /777\d{4}\.5|555\d{4}\.25/;
const ANY_STAND_IN = /@@nhsp[AB]\d+@@/;

/**
 * The template from the two compilations, or NOT_A_TEMPLATE where they differ anywhere other
 * than at a stand-in (Vega-Lite used a figure, not just copied it).
 */
function templateFrom(a: unknown, b: unknown, s: Slots, numberSlots: Map<number, number>, numberSlotsB: Map<number, number>): unknown {
  if (Array.isArray(a)) {
    if (!Array.isArray(b)) throw NOT_A_TEMPLATE;
    if (a.length === 1 && a[0] !== null && typeof a[0] === 'object' && DATA_MARK in a[0]) {
      const slot = Number(String(a[0][DATA_MARK]).slice(1));
      if (b.length !== 1 || b[0]?.[DATA_MARK] !== `B${slot}` || Object.keys(a[0]).length !== 1 || Object.keys(b[0]).length !== 1) throw NOT_A_TEMPLATE;
      return new Hole(slot);
    }
    if (a.length !== b.length) throw NOT_A_TEMPLATE;
    return a.map((x, i) => templateFrom(x, b[i], s, numberSlots, numberSlotsB));
  }
  if (a !== null && typeof a === 'object') {
    if (b === null || typeof b !== 'object' || Array.isArray(b)) throw NOT_A_TEMPLATE;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) throw NOT_A_TEMPLATE;
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      if (!(k in b) || ANY_STAND_IN.test(k)) throw NOT_A_TEMPLATE;
      out[k] = templateFrom((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], s, numberSlots, numberSlotsB);
    }
    return out;
  }
  if (typeof a === 'number') {
    const slot = numberSlots.get(a);
    if (slot !== undefined) {
      if (numberSlotsB.get(b as number) !== slot) throw NOT_A_TEMPLATE;
      return new Hole(slot);
    }
    if (a !== b) throw NOT_A_TEMPLATE;
    return a;
  }
  if (typeof a === 'string') {
    if (typeof b !== 'string') throw NOT_A_TEMPLATE;
    const whole = /^@@nhspA(\d+)@@$/.exec(a);
    if (whole) {
      if (b !== standInString('B', Number(whole[1]))) throw NOT_A_TEMPLATE;
      return new Hole(Number(whole[1]));
    }
    const inside = (text: string) => ANY_STAND_IN.test(text) || NUMBER_STAND_IN.test(text);
    if (!inside(a)) {
      if (a !== b || inside(b)) throw NOT_A_TEMPLATE;
      return a;
    }
    // Stand-ins inside an expression (a filter's names, a label lookup, axis values as code):
    // strings written as JSON strings, numbers as JavaScript writes them.
    const parts: string[] = [];
    const slots: number[] = [];
    let last = 0;
    for (const m of a.matchAll(IN_TEXT_A)) {
      const slot = m[1] !== undefined ? Number(m[1]) : numberSlots.get(Number(m[0]));
      if (slot === undefined || (m[1] === undefined && String(s.standInA(slot)) !== m[0])) throw NOT_A_TEMPLATE;
      if (m[1] !== undefined ? typeof s.values[slot] !== 'string' : typeof s.values[slot] !== 'number') throw NOT_A_TEMPLATE;
      parts.push(a.slice(last, m.index));
      slots.push(slot);
      last = m.index! + m[0].length;
    }
    parts.push(a.slice(last));
    if (parts.some(inside)) throw NOT_A_TEMPLATE;
    const inB = (slot: number) => (typeof s.values[slot] === 'string' ? `"${standInString('B', slot)}"` : String(s.standInB(slot)));
    const rebuiltB = parts.map((p, i) => (i < slots.length ? p + inB(slots[i]) : p)).join('');
    if (rebuiltB !== b) throw NOT_A_TEMPLATE;
    return new Joined(parts, slots);
  }
  if (a !== b) throw NOT_A_TEMPLATE;
  return a;
}

/**
 * A part of a template with no stand-in in it, given as it is to every spec of the shape instead
 * of copied. Vega's runtime leaves such parts alone except its data tuples (it tags each with an
 * id) and the event config (it rewrites its lists), so arrays of objects and `eventConfig` are
 * always copied.
 */
class Shared {
  constructor(readonly value: unknown) {}
}

function isShared(t: unknown): boolean {
  return t instanceof Shared || t === null || (typeof t !== 'object' && typeof t !== 'function');
}
const unwrap = (t: unknown) => (t instanceof Shared ? t.value : t);

function shareConstants(template: unknown, key = ''): unknown {
  if (template instanceof Hole || template instanceof Joined || template === null || typeof template !== 'object') return template;
  if (Array.isArray(template)) {
    const items = template.map((t) => shareConstants(t, key));
    const hasObjects = items.some((t) => unwrap(t) !== null && typeof unwrap(t) === 'object');
    return !hasObjects && items.every(isShared) ? new Shared(items.map(unwrap)) : items;
  }
  const entries = Object.entries(template).map(([k, v]) => [k, shareConstants(v, k)] as const);
  return key !== 'eventConfig' && entries.every(([, v]) => isShared(v)) ? new Shared(Object.fromEntries(entries.map(([k, v]) => [k, unwrap(v)]))) : Object.fromEntries(entries);
}

function fill(template: unknown, values: readonly unknown[]): unknown {
  if (template instanceof Shared) return template.value;
  if (template instanceof Hole) return values[template.slot];
  if (template instanceof Joined) {
    const inText = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
    return template.parts.map((p, i) => (i < template.slots.length ? p + inText(values[template.slots[i]]) : p)).join('');
  }
  if (Array.isArray(template)) return template.map((t) => fill(t, values));
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const k in template) out[k] = fill((template as Record<string, unknown>)[k], values);
    return out;
  }
  return template;
}

export interface ShapeCacheStats {
  /** Specs of a new shape (made into a template, or found not to be one). */
  compiled: number;
  /** Specs filled into their shape's template. */
  reused: number;
  /** Specs of a shape that is not a template, built directly. */
  direct: number;
}

/**
 * `build(spec)` (Vega-Lite's compile, and vega's parse after it) once per shape of spec: for each
 * spec, what `build` would give for it. `build` must throw on any warning (render.ts's does), so
 * that a template is only made from a clean build. Bounded, oldest shape out first: a parsed
 * chart is about 40 KB as JSON, so 400 shapes (the golden history's 20 trusts' pages need about
 * 80) hold some tens of MB.
 */
export class ShapeCache<T> {
  private readonly templates = new Map<string, unknown>();
  private counts: ShapeCacheStats = { compiled: 0, reused: 0, direct: 0 };

  constructor(
    private readonly build: (spec: unknown) => T,
    private readonly limit = 400,
  ) {}

  get(spec: unknown): T {
    const s = slotsOf(spec);
    const known = this.templates.get(s.shape);
    if (known === NOT_A_TEMPLATE) {
      this.counts.direct++;
      return this.build(spec);
    }
    if (known !== undefined) {
      this.counts.reused++;
      return fill(known, s.values) as T;
    }
    this.counts.compiled++;
    const numberSlots = new Map<number, number>();
    const numberSlotsB = new Map<number, number>();
    s.values.forEach((v, slot) => {
      if (typeof v === 'number') {
        numberSlots.set(s.standInA(slot) as number, slot);
        numberSlotsB.set(s.standInB(slot) as number, slot);
      }
    });
    let template: unknown;
    try {
      template = shareConstants(templateFrom(this.build(s.a()), this.build(s.b()), s, numberSlots, numberSlotsB));
    } catch {
      template = NOT_A_TEMPLATE;
    }
    this.templates.set(s.shape, template);
    if (this.templates.size > this.limit) this.templates.delete(this.templates.keys().next().value as string);
    return template === NOT_A_TEMPLATE ? this.build(spec) : (fill(template, s.values) as T);
  }

  stats(): ShapeCacheStats {
    return { ...this.counts };
  }
}
