// `/openapi.json` on every service: the name API tools look for first. The same document as
// `/docs-json` (Swagger UI at `/docs`); 404 when SWAGGER=false.
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../access/decorators';
import { notFound } from '../problem-details';
import { OpenApiDocument } from './document';

@ApiExcludeController()
@Public()
@Controller()
export class OpenApiController {
  constructor(private readonly holder: OpenApiDocument) {}

  @Get('openapi.json')
  @Header('Cache-Control', 'public, max-age=60')
  openapi(): object {
    if (!this.holder.document) throw notFound('This service serves no API description (SWAGGER=false)');
    return this.holder.document;
  }
}
