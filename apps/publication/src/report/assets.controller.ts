import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@nhsp/service-kit';
import { reportAssets } from './assets';

/**
 * The report's stylesheets, scripts and images (nhsuk-frontend's, served from this service), and
 * /favicon.ico for browsers that ask the root for it. Static files, not part of the API document.
 */
@ApiExcludeController()
@Public()
@Controller()
export class ReportAssetsController {
  private readonly assets = reportAssets();

  @Get('report/assets/images/:name')
  image(@Param('name') name: string, @Req() req: Request, @Res() res: Response): void {
    this.send(`images/${name}`, req, res);
  }

  @Get('report/assets/:name')
  file(@Param('name') name: string, @Req() req: Request, @Res() res: Response): void {
    this.send(name, req, res);
  }

  @Get('favicon.ico')
  favicon(@Req() req: Request, @Res() res: Response): void {
    this.send('images/favicon.ico', req, res);
  }

  private send(path: string, req: Request, res: Response): void {
    const asset = this.assets.files.get(path);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (!asset) {
      res.setHeader('Cache-Control', 'no-store');
      res.status(404).type('text/plain; charset=utf-8').send(`No report asset ${path}.`);
      return;
    }
    res.setHeader('Cache-Control', asset.cacheControl);
    res.setHeader('ETag', asset.etag);
    res.setHeader('Content-Type', asset.contentType);
    if (req.headers['if-none-match'] === asset.etag) {
      res.status(304).end();
      return;
    }
    res.status(200).end(asset.body);
  }
}
