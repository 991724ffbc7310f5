// /v1 routes of the board's three questions: the query checked here, the answers from
// BoardAnswersService (only from releases the caller may see).
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Principal, Public } from '@nhsp/service-kit';
import { Answers } from './answers';
import { EXPLANATION_SCHEMA, NOTIFICATIONS_SCHEMA, REVISIONS_SCHEMA } from './board-answers.schemas';
import { BoardAnswersService } from './board-answers.service';
import { negotiate, optional, parsePeriod } from './representation';
import { Answer, FORMAT_JSON_CSV } from './route.decorators';

type Q = Record<string, string | undefined>;
const JSON_OR_CSV = ['application/json', 'text/csv'];
const LATEST_PERIOD = { name: 'period', description: 'YYYY-MM; default the latest published period' };

@ApiTags('board answers')
@Public()
@Controller('v1')
export class BoardAnswersController {
  constructor(
    private readonly board: BoardAnswersService,
    private readonly reply: Answers,
  ) {}

  @Get('trusts/:org/explanation')
  @Answer('What moved a trust\'s figure in a published release: growths, contributions, largest movers, flags with evidence, benchmark position', {
    produces: ['application/json'], queries: [LATEST_PERIOD], schema: EXPLANATION_SCHEMA,
  })
  async explanation(@Req() req: Request, @Res() res: Response, @Param('org') org: string, @Query() q: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const format = negotiate(req, optional(q.format), false);
    this.reply.send(req, res, format, await this.board.explanation(org, parsePeriod(q.period), principal));
  }

  @Get('revisions')
  @Answer('How trusts\' figures moved between consecutive published releases of a period, with the causes (CSV: one row per measure)', {
    produces: JSON_OR_CSV, queries: [LATEST_PERIOD, { name: 'org', description: 'one trust; default every trust' }, FORMAT_JSON_CSV], schema: REVISIONS_SCHEMA,
  })
  async revisions(@Req() req: Request, @Res() res: Response, @Query() q: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const format = negotiate(req, optional(q.format), true);
    const org = optional(q.org);
    this.reply.send(req, res, format, await this.board.revisions(parsePeriod(q.period), org, principal));
  }

  @Get('notifications')
  @Answer('Data notifications taken into account by the published releases (of a period, or of every period)', {
    produces: JSON_OR_CSV, queries: [{ name: 'period', description: 'YYYY-MM; default every published period' }, { name: 'org' }, FORMAT_JSON_CSV], schema: NOTIFICATIONS_SCHEMA,
  })
  async notifications(@Req() req: Request, @Res() res: Response, @Query() q: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const format = negotiate(req, optional(q.format), true);
    const org = optional(q.org);
    this.reply.send(req, res, format, await this.board.notifications(parsePeriod(q.period), org, principal));
  }
}
