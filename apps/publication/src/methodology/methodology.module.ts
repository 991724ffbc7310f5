// /report/methodology (issue 16.4), beside the report's pages. AppModule imports it in one line.
import { Module } from '@nestjs/common';
import { ReleasesModule } from '../releases.module';
import { MethodologyController } from './methodology.controller';
import { MethodologyData } from './methodology.data';
import { MethodologyRepository } from './methodology.repository';

@Module({
  imports: [ReleasesModule],
  controllers: [MethodologyController],
  providers: [MethodologyData, MethodologyRepository],
})
export class MethodologyModule {}
