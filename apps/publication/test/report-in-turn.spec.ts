// Page renders queue one per turn of the event loop (report/in-turn.ts): in order, with I/O
// callbacks (here an immediate queued by the first render) run between two renders.
import { inTurn } from '../src/report/in-turn';

it('renders in the order asked, one per turn, letting other callbacks run in between; a failure fails its own render only', async () => {
  const seen: string[] = [];
  const first = inTurn(() => {
    seen.push('render 1');
    setImmediate(() => seen.push('other work'));
    return 1;
  });
  const failing = inTurn(() => {
    seen.push('render 2');
    throw new Error('no room for the label');
  });
  const third = inTurn(() => {
    seen.push('render 3');
    return 3;
  });
  seen.push('queued');
  await expect(first).resolves.toBe(1);
  await expect(failing).rejects.toThrow('no room for the label');
  await expect(third).resolves.toBe(3);
  expect(seen).toEqual(['queued', 'render 1', 'other work', 'render 2', 'render 3']);
});
