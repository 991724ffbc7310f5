// The hostile HTTP corpus (issue 11): requests a careless user or an attacker sent to the
// running platform, each with the answer it must get. http-corpus.spec.ts sends every one to
// the real services (all six, one database, Redis or PostgreSQL queues) and checks the status,
// the problem-details body, that nothing was stored and that a refused write was audited.
import { gzipSync } from 'node:zlib';
import type { ServiceName } from '../demo/stack';

export type Caller = 'none' | 'admin' | 'publisher' | 'submitter';

export interface HostileRequest {
  /** What is hostile about it, and where it was found (issue 11 item). */
  name: string;
  service: ServiceName;
  method: 'GET' | 'POST' | 'DELETE';
  /** As sent on the wire: percent-encoding is the attacker's, not re-encoded. */
  path: string;
  caller: Caller;
  /** JSON (an object, serialised) or raw bytes with their headers. */
  json?: unknown;
  raw?: { body: Buffer | string; headers: Record<string, string> };
  /** A multipart upload: file name → content. */
  files?: Record<string, string>;
  expect: { status: number; type: string; errorPath?: string; detail?: RegExp };
}

/** Filled in by the spec: ids and paths of things that exist in its stack. */
export interface CorpusContext {
  /** A folder of DATA_ROOTS and what lies in it. */
  root: string;
  /** Outside DATA_ROOTS: a file holding a secret first line. */
  secret: string;
}

const ANY_UUID = '3f0c6f2e-5d8a-4f64-9b6e-0c1d2e3f4a5b';
const VALIDATION = 'urn:nhsp:problem:validation';
const TOO_LARGE = 'urn:nhsp:problem:body-too-large';
const UNSUPPORTED = 'urn:nhsp:problem:unsupported-media-type';
const PATH_NOT_ALLOWED = 'urn:nhsp:problem:path-not-allowed';
const get = (service: ServiceName, path: string, errorPath = 'query'): Omit<HostileRequest, 'name'> => ({
  service,
  method: 'GET',
  path,
  caller: 'admin',
  expect: { status: 400, type: VALIDATION, errorPath },
});

/** Control characters and broken encodings, percent-encoded as they arrive in a URL. */
const URL_TEXT = [
  ['NUL', '%00'],
  ['NUL after text', 'RXF%00'],
  ['SOH', '%01'],
  ['ESC', '%1B'],
  ['unit separator', '%1F'],
  ['DEL', '%7F'],
  ['a C1 control (U+009B, CSI)', '%C2%9B'],
  ['an overlong NUL (C0 80)', '%C0%80'],
  ['an overlong slash (E0 80 AF)', '%E0%80%AF'],
  ['an encoded surrogate (ED A0 80)', '%ED%A0%80'],
  ['a truncated UTF-8 sequence', '%E2%82'],
  ['a malformed escape', '%ZZ'],
] as const;

export function hostileRequests(context: CorpusContext): HostileRequest[] {
  const requests: HostileRequest[] = [];
  const add = (name: string, request: Omit<HostileRequest, 'name'>) => requests.push({ name, ...request });

  // Item 3: every filter that reaches SQL, with every control character and broken encoding.
  for (const [what, text] of URL_TEXT) {
    add(`${what} in /v1/estimates?org`, get('publication', `/v1/estimates?org=${text}`, 'query.org'));
    add(`${what} in /v1/benchmarks?metric`, get('publication', `/v1/benchmarks?metric=${text}`, 'query.metric'));
    add(`${what} in /v1/targets?group`, get('publication', `/v1/targets?group=${text}`, 'query.group'));
    add(`${what} in /v1/opportunities?dimension`, get('publication', `/v1/opportunities?dimension=${text}`, 'query.dimension'));
    add(`${what} in productivity /runs?period`, get('productivity', `/runs?period=${text}`, 'query.period'));
    add(`${what} in benchmarking /peer-sets/:name`, get('benchmarking', `/peer-sets/${text}`, 'url.path'));
  }
  for (const [path, errorPath] of [
    ['/v1/estimates?peer_group=%00', 'query.peer_group'],
    ['/v1/estimates?sector=%00', 'query.sector'],
    ['/v1/estimates?region=%00', 'query.region'],
    ['/v1/benchmarks?org=%00', 'query.org'],
    ['/v1/revisions?org=%00', 'query.org'],
    ['/v1/notifications?org=%00', 'query.org'],
    ['/v1/trusts/%00/series', 'url.path'],
    ['/v1/trusts/RXF%00/explanation', 'url.path'],
    ['/report/trusts/%00', 'url.path'],
    [`/v1/estimates?org=${'R'.repeat(1001)}`, 'query.org'],
    ['/v1/estimates?or%00g=RXF', 'query'],
    ['/v1/trusts/%00/pack', 'url.path'],
    ['/v1/opportunities/%00', 'url.path'],
    ['/v1/indicators?group=%00', 'query.group'],
    ['/v1/stability?org=%00', 'query.org'],
  ]) {
    add(`publication ${path.slice(0, 60)}`, get('publication', path, errorPath));
  }
  add('NUL in productivity /explanations/:org', get('productivity', '/explanations/%00?period=2025-06', 'url.path'));
  add('NUL in productivity contributions :org', get('productivity', `/runs/${ANY_UUID}/estimates/%00/contributions`, 'url.path'));
  add('NUL in productivity /revisions?org', get('productivity', '/revisions?period=2025-06&org=%00', 'query.org'));
  add('NUL in benchmarking ?metric', get('benchmarking', `/runs/${ANY_UUID}/benchmarks?metric=%00`, 'query.metric'));
  add('NUL in ingestion /notifications?org', get('ingestion', '/notifications?org=%00', 'query.org'));
  add('NUL in a peer set to delete', { service: 'benchmarking', method: 'DELETE', path: '/peer-sets/%00', caller: 'admin', expect: { status: 400, type: VALIDATION, errorPath: 'url.path' } });

  // Item 3, bodies: control characters and broken text in JSON, deep JSON, huge numbers.
  const notification = { orgCode: 'RXF', period: '2025-06', category: 'other' };
  for (const [what, text] of [
    ['NUL', 'EPR went live\u0000'],
    ['BEL', 'EPR \u0007went live'],
    ['ESC (a terminal escape)', '\u001b[2JEPR went live'],
    ['a C1 control', 'EPR\u0085went live'],
    ['an unpaired surrogate', 'EPR \ud83d went live'],
  ]) {
    add(`${what} in a notification's text`, { service: 'ingestion', method: 'POST', path: '/notifications', caller: 'submitter', json: { ...notification, text }, expect: { status: 400, type: VALIDATION, errorPath: 'body.text' } });
  }
  add('NUL in a peer set name', { service: 'benchmarking', method: 'POST', path: '/peer-sets', caller: 'admin', json: { name: 'acute\u0000peers', orgCodes: ['RXF'] }, expect: { status: 400, type: VALIDATION, errorPath: 'body.name' } });
  add('NUL in an API key name', { service: 'publication', method: 'POST', path: '/admin/api-keys', caller: 'admin', json: { name: 'ops\u0000', role: 'analyst' }, expect: { status: 400, type: VALIDATION, errorPath: 'body.name' } });
  add('JSON nested 30,000 deep', { service: 'productivity', method: 'POST', path: '/runs', caller: 'admin', raw: { body: `{"period":"2025-06","settings":${'['.repeat(30_000)}${']'.repeat(30_000)}}`, headers: { 'Content-Type': 'application/json' } }, expect: { status: 400, type: VALIDATION } });
  add('a number JSON turns into Infinity', { service: 'productivity', method: 'POST', path: '/runs', caller: 'admin', raw: { body: '{"period":"2025-06","settings":{"thresholds":{"outlier":1e400}}}', headers: { 'Content-Type': 'application/json' } }, expect: { status: 400, type: VALIDATION, errorPath: 'body.settings.thresholds.outlier' } });
  add('a number too large to keep exact', { service: 'productivity', method: 'POST', path: '/runs', caller: 'admin', raw: { body: '{"period":"2025-06","settings":{"thresholds":{"outlier":123456789012345678901234567890}}}', headers: { 'Content-Type': 'application/json' } }, expect: { status: 400, type: VALIDATION, errorPath: 'body.settings.thresholds.outlier' } });
  add('an impossible month for a run', { service: 'productivity', method: 'POST', path: '/runs', caller: 'admin', json: { period: '2025-13' }, expect: { status: 400, type: 'urn:nhsp:problem:bad-period', detail: /1\.\.12/ } });

  // Item 4: sort names every object inherits.
  for (const list of ['estimates', 'aggregates', 'benchmarks', 'targets', 'index', 'stability', 'sensitivity', 'opportunities', 'indicators']) {
    for (const sort of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) add(`sort=${sort} on /v1/${list}`, get('publication', `/v1/${list}?sort=${sort}`, 'sort'));
  }

  // Item 5: oversized and encoded bodies, answered before the key is checked.
  add('a 150 KB notification', { service: 'ingestion', method: 'POST', path: '/notifications', caller: 'submitter', json: { ...notification, text: 'x'.repeat(150 * 1024) }, expect: { status: 413, type: TOO_LARGE } });
  add('2 MB to /admin/api-keys without a key', { service: 'publication', method: 'POST', path: '/admin/api-keys', caller: 'none', json: { name: 'x'.repeat(2 * 1024 * 1024), role: 'admin' }, expect: { status: 413, type: TOO_LARGE } });
  add('2 MB to a release schedule without a key', { service: 'publication', method: 'POST', path: `/v1/releases/${ANY_UUID}/schedule`, caller: 'none', json: { publishAt: '2027-01-01T09:30:00Z', pad: 'x'.repeat(2 * 1024 * 1024) }, expect: { status: 413, type: TOO_LARGE } });
  add('a gzip bomb (50 MB in)', { service: 'ingestion', method: 'POST', path: '/notifications', caller: 'none', raw: { body: gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20)), headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' } }, expect: { status: 415, type: UNSUPPORTED } });
  add('Content-Encoding: br', { service: 'publication', method: 'POST', path: '/admin/api-keys', caller: 'admin', raw: { body: 'not brotli', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'br' } }, expect: { status: 415, type: UNSUPPORTED } });
  add('JSON in UTF-16', { service: 'benchmarking', method: 'POST', path: '/peer-sets', caller: 'admin', raw: { body: Buffer.from('{"name":"x","orgCodes":["RXF"]}', 'utf16le'), headers: { 'Content-Type': 'application/json; charset=utf-16le' } }, expect: { status: 415, type: UNSUPPORTED } });

  // Item 8: impossible and unbounded dates.
  for (const publishAt of ['2027-02-31T09:30:00Z', '9999-12-31T00:00:00Z', '2027-04-09T24:00:00Z', '2027-04-09T09:30:00']) {
    add(`publishAt ${publishAt}`, { service: 'publication', method: 'POST', path: `/v1/releases/${ANY_UUID}/schedule`, caller: 'publisher', json: { publishAt }, expect: { status: 400, type: VALIDATION, errorPath: 'body.publishAt' } });
  }
  add('a month 13 in a notification', { service: 'ingestion', method: 'POST', path: '/notifications', caller: 'submitter', json: { ...notification, period: '2025-13', text: 'late' }, expect: { status: 400, type: VALIDATION, errorPath: 'period' } });
  add('year 0000 in a period filter', get('publication', '/v1/estimates?period=0000-01', 'period'));

  // Item 10: folder reads outside DATA_ROOTS, through links, or with a NUL.
  const folder = (service: ServiceName, path: string, body: unknown, status: number, type: string) =>
    ({ service, method: 'POST', path, caller: 'admin', json: body, expect: { status, type } }) as const;
  add('a folder outside DATA_ROOTS', folder('ingestion', '/bundles/folder', { path: '/etc' }, 403, PATH_NOT_ALLOWED));
  add('a folder whose trusts.csv links to a secret', folder('ingestion', '/bundles/folder', { path: `${context.root}/linked` }, 403, PATH_NOT_ALLOWED));
  add('a folder reached through ..', folder('ingestion', '/bundles/folder', { path: `${context.root}/../outside` }, 403, PATH_NOT_ALLOWED));
  add('NUL in a folder path', folder('ingestion', '/bundles/folder', { path: `${context.root}/\u0000` }, 400, VALIDATION));
  add('a schedule at a path outside DATA_ROOTS', folder('cost-weights', '/weight-sets', { path: context.secret }, 403, PATH_NOT_ALLOWED));
  add('a deflator series that is a link to a secret', folder('deflators', '/deflator-sets', { path: `${context.root}/deflators-link.csv` }, 403, PATH_NOT_ALLOWED));

  // Item 11: a publisher's publish of %00abc (its audit row once failed to be written).
  add("a publisher's publish of %00abc", { service: 'publication', method: 'POST', path: '/v1/releases/%00abc/publish', caller: 'publisher', expect: { status: 400, type: VALIDATION, errorPath: 'url.path' } });

  // Item 12: header-only files, and a key for an organisation that does not exist.
  add('a header-only finance.csv', { service: 'ingestion', method: 'POST', path: '/bundles', caller: 'admin', files: { 'finance.csv': 'org_code,month,category,amount_gbp\r\n' }, expect: { status: 422, type: 'urn:nhsp:problem:ingestion:bad-bundle', detail: /finance\.csv/ } });
  add('a header-only trusts.csv', { service: 'ingestion', method: 'POST', path: '/bundles', caller: 'admin', files: { 'trusts.csv': 'org_code,name,region,trust_type,peer_group\n' }, expect: { status: 422, type: 'urn:nhsp:problem:ingestion:bad-bundle' } });
  add('a header-only deflators.csv', { service: 'deflators', method: 'POST', path: '/deflator-sets', caller: 'admin', files: { 'deflators.csv': 'year,prices,pay\n' }, expect: { status: 422, type: 'urn:nhsp:problem:bad-file' } });
  // Issue 14: the optional returns, as strict as activity and finance.
  add('a header-only workforce.csv', { service: 'ingestion', method: 'POST', path: '/bundles', caller: 'admin', files: { 'workforce.csv': 'org_code,month,staff_group,wte\n' }, expect: { status: 422, type: 'urn:nhsp:problem:ingestion:bad-bundle', detail: /workforce\.csv/ } });
  add('a formula as an operations dimension', { service: 'ingestion', method: 'POST', path: '/bundles', caller: 'admin', files: { 'operations.csv': 'org_code,month,measure,dimension,value\nRXF,2024-04,corporate_cost_gbp,"=HYPERLINK(""http://x"")",5\n' }, expect: { status: 422, type: 'urn:nhsp:problem:ingestion:bad-bundle', detail: /operations\.csv/ } });
  add("a submitter's trust_costs.csv naming another trust", { service: 'ingestion', method: 'POST', path: '/bundles', caller: 'submitter', files: { 'trust_costs.csv': 'org_code,year,pod,currency,activity,cost_gbp\nRXF,2024,EL,LB09D,1,100\nRAN,2024,EL,LB09D,1,100\n' }, expect: { status: 403, type: 'urn:nhsp:problem:forbidden', detail: /RAN/ } });
  add("a submitter's national unit_costs.csv", { service: 'ingestion', method: 'POST', path: '/bundles', caller: 'submitter', files: { 'unit_costs.csv': 'name,gbp\nambulance_hour,1\n' }, expect: { status: 403, type: 'urn:nhsp:problem:forbidden', detail: /unit_costs\.csv/ } });
  add('an on_error that is neither reject nor quarantine', { service: 'ingestion', method: 'POST', path: '/bundles?on_error=%00quarantine', caller: 'admin', files: { 'workforce.csv': 'org_code,month,staff_group,wte\nRXF,2024-04,consultant,1\n' }, expect: { status: 400, type: VALIDATION } });
  add('a submitter key for an organisation that does not exist', { service: 'publication', method: 'POST', path: '/admin/api-keys', caller: 'admin', json: { name: 'ghost', role: 'submitter', orgCode: 'ZZ9' }, expect: { status: 422, type: 'urn:nhsp:problem:unknown-trust', errorPath: 'orgCode' } });

  return requests;
}
