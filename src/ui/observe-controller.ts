/**
 * `ObservableController`: a Lit reactive controller that renders an RxJS Observable. It
 * subscribes when the host element is connected, unsubscribes when it is disconnected, keeps the
 * latest value in `value` and asks the host to update on each one, so a component never holds a
 * `Subscription` of its own for what it shows.
 *
 * The source is a function, read again before each host update: when what it names changes (the
 * block a panel shows, the library handed to a bar) the controller drops the old subscription,
 * forgets the old value and subscribes to the new source in the same update.
 *
 *   private conflict = new ObservableController(this, () => this.library?.conflict$);
 *   render() { return this.conflict.value ? html`…` : nothing; }
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Observable, Subscription } from 'rxjs';

export interface ObservableControllerOptions<T> {
  /** The value before the source's first emission (and after a re-target). */
  initial?: T;
  /**
   * What the source is, for re-targeting: when the key changes (`Object.is`, element-wise for an
   * array) the controller subscribes afresh. Default: the observable the source function returns,
   * which suits sources that are stable properties (`library.conflict$`). Give a key when the
   * function builds a new observable on every call (`session.status$(this.nodeId)`: key the id).
   */
  key?: () => unknown;
  /**
   * Called with each value before the host updates: for the few effects a value has beside
   * rendering (a toast for a new pending run, opening a panel when a link arrives).
   */
  next?: (value: T, previous: T | undefined) => void;
}

/** No key read yet: unequal to every key (so the first sync subscribes). */
const UNSET = Symbol('unset');

const sameKey = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, k) => Object.is(x, b[k])) : Object.is(a, b);

export class ObservableController<T> implements ReactiveController {
  /** The latest value of the current source (`initial` until it emits). */
  value: T | undefined;
  /** The error the current source ended with, if it did (the last value stays in `value`). */
  error: unknown = undefined;
  private sub: Subscription | null = null;
  /** Whether the current key's source is subscribed (it may be absent: nothing to subscribe). */
  private live = false;
  private connected = false;
  private key: unknown = UNSET;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => Observable<T> | null | undefined,
    private readonly opts: ObservableControllerOptions<T> = {},
  ) {
    this.value = opts.initial;
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.live = false;
    this.sub?.unsubscribe();
    this.sub = null;
  }

  /** Before each host update: follow the source if it changed (a value it emits at once is rendered in this update). */
  hostUpdate(): void {
    this.sync();
  }

  /**
   * Follow the source now, outside a host update (after the object it comes from was created,
   * say). Does nothing while the host is disconnected or the source is unchanged.
   */
  sync(): void {
    if (!this.connected) return;
    const key = this.opts.key ? this.opts.key() : this.source();
    const changed = !sameKey(key, this.key);
    if (this.live && !changed) return;
    this.sub?.unsubscribe();
    this.sub = null;
    if (changed) {
      this.key = key;
      this.value = this.opts.initial;
      this.error = undefined;
    }
    this.live = true;
    const source$ = this.source();
    if (!source$) return;
    this.sub = source$.subscribe({
      next: (v) => {
        const previous = this.value;
        this.value = v;
        this.opts.next?.(v, previous);
        this.host.requestUpdate();
      },
      error: (e: unknown) => {
        this.error = e;
        this.host.requestUpdate();
      },
    });
  }
}
