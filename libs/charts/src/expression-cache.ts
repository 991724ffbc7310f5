// Vega turns every expression of a parsed spec (encoders, formulas, filters, signal updates)
// into a function with `Function(...)` each time a View is made, and a chart is laid out several
// times per page for every trust: the same code compiled again and again. This hands vega a code
// generator that compiles each piece of code once and binds it to each View's own function
// context, as vega's own generator does (its functions reach their View through `this`).
import * as vega from 'vega';

type Generate = (ctx: unknown, expr: unknown) => (...args: unknown[]) => unknown;
interface Codegen {
  operator: Generate;
  parameter: Generate;
  event: Generate;
  handler: Generate;
  encode: Generate;
  codegen: unknown;
}
interface RuntimeContext {
  functions?: object;
}

const KINDS = ['operator', 'parameter', 'event', 'handler', 'encode'] as const;
/** Distinct pieces of code kept (oldest out first): label lookups differ per trust, the rest repeat. */
const LIMIT = 5000;

function cachingCodegen(): Codegen {
  // Vega's default generator, as a View's runtime context holds it (vega-runtime does not export it).
  const probe = new vega.View(vega.parse({}), { renderer: 'none' });
  const base = (probe as unknown as { _runtime: { expr: Codegen } })._runtime.expr;
  probe.finalize();
  const compiled = new Map<string, (...args: unknown[]) => unknown>();
  // Parts of a parsed spec without figures are shared between Views (compile-cache.ts): their
  // expressions are found by the object itself, before spelling out a key.
  const byObject = new WeakMap<object, (...args: unknown[]) => unknown>();
  const cached =
    (kind: (typeof KINDS)[number]): Generate =>
    (ctx, expr) => {
      let fn = byObject.get(expr as object);
      if (fn === undefined) {
        const key = `${kind}\u0000${kind === 'encode' ? JSON.stringify(expr) : (expr as { code: string }).code}`;
        fn = compiled.get(key);
        if (fn === undefined) {
          // Without a context vega's generator returns the function unbound.
          fn = base[kind](null, expr);
          compiled.set(key, fn);
          if (compiled.size > LIMIT) compiled.delete(compiled.keys().next().value as string);
        }
        byObject.set(expr as object, fn);
      }
      const functions = (ctx as RuntimeContext | null)?.functions;
      return functions ? fn.bind(functions) : fn;
    };
  return { ...base, ...Object.fromEntries(KINDS.map((k) => [k, cached(k)])) } as Codegen;
}

let codegen: Codegen | null = null;

/** The generator to pass as a View's `expr` option. */
export function expressionCodegen(): Codegen {
  codegen ??= cachingCodegen();
  return codegen;
}
