export { PublicApiModule } from './public-api.module';
export { DownloadsController } from './downloads.controller';
