/**
 * The Observable controller with a fake host (no browser, no Lit element): it subscribes on
 * connect, unsubscribes on disconnect, asks for one update per value and follows its source.
 */
import { describe, expect, it } from 'vitest';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { BehaviorSubject, Observable, Subject } from 'rxjs';
import { ObservableController } from './observe-controller.ts';

/** A host that drives its controllers as a LitElement would and counts update requests. */
class FakeHost implements ReactiveControllerHost {
  controllers: ReactiveController[] = [];
  updates = 0;
  readonly updateComplete = Promise.resolve(true);
  addController(c: ReactiveController): void {
    this.controllers.push(c);
  }
  removeController(c: ReactiveController): void {
    this.controllers = this.controllers.filter((x) => x !== c);
  }
  requestUpdate(): void {
    this.updates++;
  }
  connect(): void {
    for (const c of this.controllers) c.hostConnected?.();
  }
  disconnect(): void {
    for (const c of this.controllers) c.hostDisconnected?.();
  }
  /** One host update (the controllers' hostUpdate runs just before render). */
  update(): void {
    for (const c of this.controllers) c.hostUpdate?.();
  }
}

/** A Subject that counts its live subscribers. */
function counted<T>(s: Subject<T>): { obs: Observable<T>; live: () => number } {
  let live = 0;
  const obs = new Observable<T>((sub) => {
    live++;
    const inner = s.subscribe(sub);
    return () => {
      live--;
      inner.unsubscribe();
    };
  });
  return { obs, live: () => live };
}

describe('ObservableController', () => {
  it('subscribes only when the host connects and unsubscribes when it disconnects', () => {
    const host = new FakeHost();
    const s = new Subject<number>();
    const src = counted(s);
    const c = new ObservableController(host, () => src.obs, { initial: -1 });
    expect(host.controllers).toEqual([c]);
    expect(src.live()).toBe(0);
    s.next(1); // before connect: not seen
    expect(c.value).toBe(-1);

    host.connect();
    expect(src.live()).toBe(1);
    s.next(2);
    expect(c.value).toBe(2);

    host.disconnect();
    expect(src.live()).toBe(0);
    s.next(3); // after disconnect: not seen, no update asked
    expect(c.value).toBe(2);
    expect(host.updates).toBe(1);

    // Reconnected to the same source: subscribed again, the last value kept until the next one.
    host.connect();
    expect(src.live()).toBe(1);
    expect(c.value).toBe(2);
    s.next(4);
    expect(c.value).toBe(4);
  });

  it('asks the host for one update per value, and a BehaviorSubject is shown at once', () => {
    const host = new FakeHost();
    const s = new BehaviorSubject('a');
    const seen: Array<[string, string | undefined]> = [];
    const c = new ObservableController(host, () => s, { next: (v, prev) => seen.push([v, prev]) });
    host.connect();
    expect(c.value).toBe('a');
    expect(host.updates).toBe(1);
    s.next('b');
    s.next('c');
    expect(c.value).toBe('c');
    expect(host.updates).toBe(3);
    expect(seen).toEqual([
      ['a', undefined],
      ['b', 'a'],
      ['c', 'b'],
    ]);
    // Host updates with the same source neither resubscribe nor ask for more updates.
    host.update();
    host.update();
    expect(host.updates).toBe(3);
    expect(c.value).toBe('c');
  });

  it('re-targets when the source changes: the old one is dropped, its value forgotten', () => {
    const host = new FakeHost();
    const subjects = new Map<string, BehaviorSubject<number>>([
      ['soma', new BehaviorSubject(-65)],
      ['axon', new BehaviorSubject(-70)],
    ]);
    const live = new Map<string, () => number>();
    const sources = new Map([...subjects].map(([id, s]) => {
      const c = counted(s);
      live.set(id, c.live);
      return [id, c.obs] as const;
    }));
    let id = 'soma';
    // The source function builds nothing new per call here, but a key is what such panels give.
    const c = new ObservableController(host, () => sources.get(id), { key: () => id, initial: Number.NaN });
    host.connect();
    expect(c.value).toBe(-65);

    id = 'axon';
    // Not followed until the host updates (the panel's property change triggers one).
    subjects.get('soma')!.next(-60);
    expect(c.value).toBe(-60);
    host.update();
    expect(live.get('soma')!()).toBe(0);
    expect(live.get('axon')!()).toBe(1);
    expect(c.value).toBe(-70);
    subjects.get('soma')!.next(-50);
    expect(c.value).toBe(-70);
    subjects.get('axon')!.next(-40);
    expect(c.value).toBe(-40);

    // A source that goes away: unsubscribed, back to the initial value.
    id = 'gone';
    host.update();
    expect(live.get('axon')!()).toBe(0);
    expect(c.value).toBeNaN();
  });

  it('follows a source that appears after connect (an object created later) and keys given as arrays', () => {
    const host = new FakeHost();
    const owner: { lib: { conflict$: BehaviorSubject<string | null> } | null; n: number } = { lib: null, n: 1 };
    const c = new ObservableController(host, () => owner.lib?.conflict$, { key: () => [owner.lib, owner.n] });
    host.connect();
    expect(c.value).toBeUndefined();
    owner.lib = { conflict$: new BehaviorSubject<string | null>('graph A') };
    c.sync();
    expect(c.value).toBe('graph A');
    const before = host.updates;
    host.update(); // same key (a new array, equal elements): nothing happens
    expect(host.updates).toBe(before);
    owner.n = 2;
    host.update();
    expect(host.updates).toBe(before + 1);
  });

  it('keeps the last value and records the error when the source fails', () => {
    const host = new FakeHost();
    const s = new Subject<number>();
    const c = new ObservableController(host, () => s);
    host.connect();
    s.next(5);
    s.error(new Error('worker died'));
    expect(c.value).toBe(5);
    expect((c.error as Error).message).toBe('worker died');
    expect(host.updates).toBe(2);
  });
});
