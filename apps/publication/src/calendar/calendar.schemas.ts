// OpenAPI schemas of /v1/calendar and its exceptions: answered through `res`, so Nest cannot infer them.
const RELEASE = { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, period: { type: 'string' }, vintage: { type: 'string' }, status: { type: 'string' }, publish_at: { type: 'string', format: 'date-time', nullable: true }, published_at: { type: 'string', format: 'date-time', nullable: true } } };

export const CALENDAR_SCHEMA = {
  type: 'object',
  description: 'JSON; as text/calendar an RFC 5545 VCALENDAR with one VEVENT per period',
  properties: {
    rule: { type: 'object', properties: { weekday: { type: 'string', example: 'Thursday' }, week_of_month: { type: 'integer', example: 2 }, local_time: { type: 'string', example: '09:30' }, time_zone: { type: 'string', example: 'Europe/London' }, months_after_period: { type: 'integer', example: 2 }, description: { type: 'string' } } },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          period: { type: 'string', example: '2026-10' }, release_at: { type: 'string', format: 'date-time' }, exception: { type: 'string', nullable: true },
          status: { type: 'string', enum: ['announced', 'published'] }, releases: { type: 'array', items: RELEASE },
        },
      },
    },
  },
};

export const EXCEPTION_SCHEMA = { type: 'object', properties: { period: { type: 'string' }, release_at: { type: 'string', format: 'date-time' }, exception: { type: 'string' }, moved_releases: { type: 'array', items: { type: 'string', format: 'uuid' } } } };

export const EXCEPTION_BODY_SCHEMA = { type: 'object', required: ['releaseAt', 'reason'], properties: { releaseAt: { type: 'string', format: 'date-time', example: '2026-12-17T09:30:00Z' }, reason: { type: 'string' } } };
