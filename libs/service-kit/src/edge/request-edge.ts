// The request edge: what every HTTP request of every service passes before routing, access
// checks and handlers (bootstrapService mounts it right after the audit log, so refusals here
// are audited too). In order:
//   1. a body in any content coding (gzip, br, deflate) is refused, 415, unread: a compressed
//      body is a decompression bomb waiting to happen and no client of the platform sends one;
//      so is one declared in a character set other than UTF-8;
//   2. JSON and form bodies are read up to JSON_BODY_MAX_BYTES, 413 beyond (see toProblem);
//   3. the URL (every path segment, query name and value, percent-decoded) and every string,
//      member name and number of a JSON body are checked (text.ts): 400 problem details naming
//      where, never quoting the hostile text.
// All of it happens before authentication, so a caller without a key learns nothing more.
import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { isUtf8 } from 'node:buffer';
import { EDGE_PROBLEMS, shownText, ProblemException, ProblemFieldError, PROBLEM_TYPES } from '../problem-details';
import { MAX_JSON_DEPTH, MAX_JSON_KEY, MAX_URL_TEXT, textProblem } from './text';

/**
 * 1. Express middleware: 415 for a request body in a content coding other than identity, or
 * declared in a character set other than UTF-8 (JSON is UTF-8, RFC 8259; so are our CSVs).
 */
export function refuseEncodedBodies(req: Request, res: Response, next: NextFunction): void {
  const coding = req.headers['content-encoding'];
  if (coding !== undefined && !/^\s*(identity\s*)?$/i.test(coding)) {
    res.setHeader('Accept-Encoding', 'identity');
    return next(unsupported(`Request bodies are accepted uncompressed only; Content-Encoding "${shownText(coding)}" is not`));
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(req.headers['content-type'] ?? '')?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) return next(unsupported(`Request bodies must be UTF-8, not charset "${shownText(charset)}"`));
  next();
}

function unsupported(detail: string): ProblemException {
  return new ProblemException({ type: EDGE_PROBLEMS.unsupportedMediaType, status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, detail });
}

/** 3. Express middleware, after the body parsers: 400 for hostile text in the URL or the JSON body. */
export function refuseHostileText(req: Request, _res: Response, next: NextFunction): void {
  const error = urlError(req.originalUrl ?? req.url) ?? (isParsedBody(req.body) ? jsonError(req.body) : undefined);
  if (!error) return next();
  next(
    new ProblemException({
      type: PROBLEM_TYPES.validation,
      title: 'Invalid request',
      status: HttpStatus.BAD_REQUEST,
      detail: `${error.path} ${error.message}`,
      errors: [error],
    }),
  );
}

function isParsedBody(body: unknown): body is object {
  return typeof body === 'object' && body !== null;
}

/** The first problem of a raw URL (`/path?query`), or undefined. */
export function urlError(url: string): ProblemFieldError | undefined {
  const at = url.indexOf('?');
  const path = at < 0 ? url : url.slice(0, at);
  for (const segment of path.split('/')) {
    const reason = encodedTextProblem(segment);
    if (reason) return { path: 'url.path', message: reason, code: 'unsafe_text' };
  }
  if (at < 0) return undefined;
  for (const pair of url.slice(at + 1).split('&')) {
    const equals = pair.indexOf('=');
    const name = equals < 0 ? pair : pair.slice(0, equals);
    const nameReason = encodedTextProblem(name);
    if (nameReason) return { path: 'query', message: `has a parameter name that ${nameReason}`, code: 'unsafe_text' };
    const reason = equals < 0 ? undefined : encodedTextProblem(pair.slice(equals + 1));
    if (reason) return { path: `query.${decodedOrRaw(name)}`, message: reason, code: 'unsafe_text' };
  }
  return undefined;
}

/** A percent-encoded piece of a URL: well-formed escapes, UTF-8 bytes, then the text rules. */
function encodedTextProblem(encoded: string): string | undefined {
  const bytes = percentDecode(encoded.replace(/\+/g, ' '));
  if (!bytes) return 'has a malformed percent-escape (expected %XX with two hex digits)';
  if (!isUtf8(bytes)) return 'is not valid UTF-8 once percent-decoded (overlong or truncated sequences are refused)';
  return textProblem(bytes.toString('utf8'), { max: MAX_URL_TEXT });
}

/** The bytes a URL piece stands for, or undefined for a malformed escape. Node hands raw bytes over as latin1. */
function percentDecode(text: string): Buffer | undefined {
  const raw = Buffer.from(text, 'latin1');
  if (!raw.includes(0x25)) return raw;
  const out = Buffer.alloc(raw.length);
  let length = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== 0x25) {
      out[length++] = raw[i];
      continue;
    }
    const hex = raw.toString('latin1', i + 1, i + 3);
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
    out[length++] = parseInt(hex, 16);
    i += 2;
  }
  return out.subarray(0, length);
}

function decodedOrRaw(name: string): string {
  const bytes = percentDecode(name.replace(/\+/g, ' '));
  return (bytes && isUtf8(bytes) ? bytes.toString('utf8') : name).slice(0, 100);
}

/**
 * The first problem of a parsed JSON body, walked without recursion (so a body nested
 * 100,000 deep is refused, not a stack overflow): text in strings and member names, nesting
 * depth, and numbers that JSON.parse could not keep exact (1e400 became Infinity,
 * 12345678901234567890 lost digits).
 */
export function jsonError(body: object): ProblemFieldError | undefined {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: body, path: 'body', depth: 1 }];
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    if (typeof value === 'string') {
      const reason = textProblem(value, { lineBreaks: true });
      if (reason) return { path, message: reason, code: 'unsafe_text' };
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) {
        return { path, message: `is a number beyond ±${Number.MAX_SAFE_INTEGER}, which cannot be kept exact`, code: 'too_big' };
      }
    } else if (typeof value === 'object' && value !== null) {
      if (depth > MAX_JSON_DEPTH) return { path, message: `nests deeper than ${MAX_JSON_DEPTH} levels`, code: 'too_deep' };
      for (const [key, child] of Object.entries(value)) {
        const reason = textProblem(key, { max: MAX_JSON_KEY });
        if (reason) return { path, message: `has a member name that ${reason}`, code: 'unsafe_text' };
        pending.push({ value: child, path: `${path}.${key}`, depth: depth + 1 });
      }
    }
  }
  return undefined;
}
