import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The X-Ray SDK's context (`cls-hooked/context`, which holds the current segment), on Node's
 * AsyncLocalStorage. The build (scripts/lib/layer-plugins.ts) puts this module in place of
 * cls-hooked for aws-xray-sdk-core, the one place that loads it.
 *
 * cls-hooked enables async_hooks as the X-Ray SDK loads, so every promise and callback of the process
 * runs JavaScript hooks from then on; AsyncLocalStorage, Node's own mechanism for the same thing,
 * costs nothing until `run()` is first called (docs/performance.md).
 *
 * Same API and behaviour for what the X-Ray SDK and Powertools use:
 * - `enter(context)` outside `run()` makes a context active for the whole process, as cls-hooked
 *   leaves it: the SDK does this once on Lambda for the facade segment, and Powertools' middy
 *   middleware then sets and gets the handler's subsegment in it (`set`/`get`) on every invocation;
 * - `run(fn)` runs `fn` in a new context inheriting from the active one, for `fn` and the async work
 *   it starts (`captureAsyncFunc`, `captureFunc`, the http patcher's response callbacks);
 * - `bind(fn)` runs `fn` in the context active when it was bound (the promise patcher).
 * `bindEmitter` (only the SDK v2 patcher used it) is not provided and says so if called.
 */

type Context = Record<PropertyKey, unknown>;

export const ERROR_SYMBOL = 'error@context';

const unsupported = (what: string) => () => {
  throw new Error(
    `${what} is not supported by the layer's X-Ray context (AsyncLocalStorage in place of cls-hooked: layers/shared/src/replacements/cls-hooked-context.ts)`,
  );
};

export class Namespace {
  id: number | null = null;
  readonly #storage = new AsyncLocalStorage<Context>();
  /** Contexts entered outside run(), innermost last: active wherever no run() context is. */
  readonly #entered: Context[] = [];

  constructor(readonly name: string) {}

  get active(): Context | null {
    return this.#storage.getStore() ?? this.#entered.at(-1) ?? null;
  }

  set<T>(key: PropertyKey, value: T): T {
    const context = this.active;
    if (!context) throw new Error('No context available. ns.run() or ns.bind() must be called first.');
    context[key] = value;
    return value;
  }

  get(key: PropertyKey): unknown {
    return this.active?.[key];
  }

  createContext(): Context {
    const context = Object.create(this.active ?? Object.prototype) as Context;
    context._ns_name = this.name;
    context.id = -1;
    return context;
  }

  run(fn: (context: Context) => unknown): Context {
    const context = this.createContext();
    try {
      this.#storage.run(context, fn, context);
      return context;
    } catch (exception) {
      throw withContext(exception, context);
    }
  }

  runAndReturn<T>(fn: (context: Context) => T): T {
    let value: T | undefined;
    this.run((context) => {
      value = fn(context);
    });
    return value as T;
  }

  runPromise<T>(fn: (context: Context) => Promise<T>): Promise<T> {
    const context = this.createContext();
    // As cls-hooked: a caller that hands over a function returning no promise is told so.
    const promise = this.#storage.run(context, fn, context) as Promise<T> | undefined;
    if (!promise || typeof promise.then !== 'function' || typeof promise.catch !== 'function') throw new Error('fn must return a promise.');
    return promise.catch((error: unknown) => {
      throw withContext(error, context);
    });
  }

  bind<A extends unknown[], R>(
    fn: (this: unknown, ...args: A) => R,
    context: Context = this.active ?? this.createContext(),
  ): (this: unknown, ...args: A) => R {
    const storage = this.#storage;
    return function bound(this: unknown, ...args: A): R {
      try {
        return storage.run(context, () => fn.apply(this, args));
      } catch (exception) {
        throw withContext(exception, context);
      }
    };
  }

  enter(context: Context): void {
    if (this.#storage.getStore() !== undefined) unsupported('enter() inside run() or bind()')();
    this.#entered.push(context);
  }

  exit(context: Context): void {
    const index = this.#entered.lastIndexOf(context);
    if (index >= 0) this.#entered.splice(index, 1);
  }

  readonly bindEmitter = unsupported('bindEmitter()');

  fromException(exception: Record<string, unknown>): unknown {
    return exception[ERROR_SYMBOL];
  }
}

function withContext(exception: unknown, context: Context): unknown {
  if (exception && typeof exception === 'object') (exception as Record<string, unknown>)[ERROR_SYMBOL] = context;
  return exception;
}

const namespaces = new Map<string, Namespace>();

export function getNamespace(name: string): Namespace | undefined {
  return namespaces.get(name);
}

export function createNamespace(name: string): Namespace {
  if (!name) throw new Error('namespace must be given a name.');
  const namespace = new Namespace(name);
  namespace.id = 0;
  namespaces.set(name, namespace);
  return namespace;
}

export function destroyNamespace(name: string): void {
  if (!namespaces.has(name)) throw new Error(`can't delete nonexistent namespace! "${name}"`);
  namespaces.delete(name);
}

export function reset(): void {
  namespaces.clear();
}
