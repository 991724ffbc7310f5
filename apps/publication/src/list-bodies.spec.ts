import { joinedJsonHead, listFrame, listJsonHead, packFrame } from './list-bodies';
import type { ListRelease } from './list-bodies';

const release = (publishedAt: Date | null) =>
  ({ id: 'r-1', runId: 'run-1', period: '2026-03', vintage: 'provisional', status: 'published', publishedAt }) as unknown as ListRelease;

describe('listJsonHead', () => {
  it.each([
    ['a page', release(new Date('2026-04-15T09:30:00.000Z')), { limit: 25, offset: 50 }, 1234],
    ['no limit', release(new Date('2026-04-15T09:30:00.000Z')), { limit: null, offset: 0 }, 0],
    ['not published yet', release(null), { limit: 10, offset: 10 }, 7],
  ])('writes the text JSON.stringify gives the list frame: %s', (_, r, page, total) => {
    expect(listJsonHead(r, page, total)).toBe(joinedJsonHead(listFrame(r, page, total, 'estimates').json));
    // Twice: the second from the summary kept for the release object.
    expect(listJsonHead(r, page, total)).toBe(joinedJsonHead(listFrame(r, page, total, 'estimates').json));
  });

  it("puts a pack's trust first, as packFrame does", () => {
    const r = release(new Date('2026-04-15T09:30:00.000Z'));
    expect(listJsonHead(r, { limit: 20, offset: 0 }, 3, { org_code: 'R"1' })).toBe(joinedJsonHead(packFrame('R"1', r, { limit: 20, offset: 0 }, 3).json));
  });

  it('falls back to serialising the frame for paging that is not whole numbers', () => {
    const r = release(null);
    expect(listJsonHead(r, { limit: 2.5, offset: 0 }, 3)).toBe(joinedJsonHead(listFrame(r, { limit: 2.5, offset: 0 }, 3, 'x').json));
  });
});
