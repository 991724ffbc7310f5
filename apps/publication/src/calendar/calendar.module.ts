// The publication calendar (issue 16): announced release times as data, /v1/calendar (JSON and
// iCalendar), and the scheduling of each assembled release at its time. AppModule imports it in
// one line; BenchmarksCompletedHandler asks CalendarService to schedule each new draft.
import { Module } from '@nestjs/common';
import { ReleasesModule } from '../releases.module';
import { CalendarController } from './calendar.controller';
import { CalendarRepository } from './calendar.repository';
import { CalendarService } from './calendar.service';

@Module({
  imports: [ReleasesModule],
  controllers: [CalendarController],
  providers: [CalendarRepository, CalendarService],
  exports: [CalendarService],
})
export class CalendarModule {}
