// /report/methodology (issue 16.4), beside the report's pages. AppModule imports it in one line.
import { Module } from '@nestjs/common';
import { ReleasesModule } from '../releases.module';
import { MethodologyController } from './methodology.controller';
import { MethodologyData } from './methodology.data';

@Module({
  imports: [ReleasesModule],
  controllers: [MethodologyController],
  providers: [MethodologyData],
})
export class MethodologyModule {}
