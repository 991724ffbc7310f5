// `/openapi.json`, the name API tools look for first, for the document at `/docs-json`.
import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@nhsp/service-kit';

@ApiExcludeController()
@Public()
@Controller()
export class OpenApiAliasController {
  @Get('openapi.json')
  openapi(@Res() res: Response): void {
    res.redirect(308, '/docs-json');
  }
}
