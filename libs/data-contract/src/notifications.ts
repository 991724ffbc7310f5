import { knownSet } from './activity';
import { ColumnSpec, ReadOptions, ReadResult, finish, readCsv } from './csv/reader';
import { CsvSource } from './csv/source';
import { detach } from './csv/detach';
import { CellError, knownOrgCode, memo, month } from './csv/values';
import { quoted } from './issues';

/** Why a trust warns that a month is not like-for-like (methodology §6, TRUST_NOTIFICATION). */
export const NOTIFICATION_CATEGORIES = ['epr_go_live', 'sdec_setting_change', 'restated_finance', 'coding_change', 'other'] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];

export function isNotificationCategory(value: string): value is NotificationCategory {
  return (NOTIFICATION_CATEGORIES as readonly string[]).includes(value);
}

/** A data notification a trust raised about one month. */
export interface NotificationRecord {
  orgCode: string;
  /** The month it concerns, `YYYY-MM`. */
  month: string;
  category: NotificationCategory;
  text: string;
}

/** Long enough for a paragraph a board would read; longer is a pasted document, not a note. */
export const NOTIFICATION_TEXT_MAX = 2000;

export const NOTIFICATION_COLUMNS: ColumnSpec = { required: ['org_code', 'month', 'category', 'text'] };

export interface NotificationReadOptions extends ReadOptions {
  /** Org codes of trusts.csv; a notification for any other trust is a bad row. */
  knownOrgCodes?: Iterable<string>;
}

function category(raw: string): NotificationCategory {
  const value = raw.trim().toLowerCase();
  if (!isNotificationCategory(value)) {
    throw new CellError(`${quoted(raw)} is not a notification category (expected one of ${NOTIFICATION_CATEGORIES.join(', ')})`);
  }
  return value;
}

export function notificationText(raw: string): string {
  const value = raw.trim();
  if (value.length > NOTIFICATION_TEXT_MAX) {
    throw new CellError(`text is ${value.length} characters long (at most ${NOTIFICATION_TEXT_MAX})`);
  }
  // Detached: kept rows must not pin the chunks they were read from.
  return detach(value);
}

/** `notifications.csv` (optional bundle file): one row per notification; repeated rows count once. */
export async function readNotifications(source: CsvSource, options: NotificationReadOptions = {}): Promise<ReadResult<NotificationRecord>> {
  const org = knownOrgCode(knownSet(options.knownOrgCodes));
  const monthOf = memo(month);
  const kept = new Map<string, NotificationRecord>();
  const pass = await readCsv(source, 'notifications.csv', NOTIFICATION_COLUMNS, options, (row) => {
    const orgCode = row.parse('org_code', org);
    const monthValue = row.parse('month', monthOf);
    const categoryValue = row.parse('category', category);
    const text = row.parse('text', notificationText);
    if (!row.ok || !row.wanted) return;
    const record: NotificationRecord = { orgCode: orgCode!, month: monthValue!, category: categoryValue!, text: text! };
    kept.set(`${record.orgCode}\u0000${record.month}\u0000${record.category}\u0000${record.text}`, record);
  });
  return finish(pass, [...kept.values()]);
}
