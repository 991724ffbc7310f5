// Drawing a page's charts the first time costs about 100 ms of CPU. Pages whose reads finish
// together (every request waiting on one release's model, say) would otherwise all render in
// one run of the event loop: seconds in which no socket is read, no other route is answered and
// keep-alive timers expire under requests already sent (the client sees ECONNRESET). So renders
// queue, one per turn of the event loop, in the order their reads finished; the work is the
// same, and other requests are served in between.
let last: Promise<unknown> = Promise.resolve();

/** `render()` in a turn of the event loop of its own, after every render queued before it. */
export function inTurn<T>(render: () => T): Promise<T> {
  const turn = last.then(
    () =>
      new Promise<T>((done, fail) =>
        setImmediate(() => {
          try {
            done(render());
          } catch (error) {
            fail(error);
          }
        }),
      ),
  );
  last = turn.catch(() => undefined);
  return turn;
}
