// Key management, mounted only where ACCESS_ADMIN_API=true (the publication service), so one
// service owns the writes to access.api_key. The key text is in the 201 answer and nowhere else.
import { Body, Controller, Delete, Get, Header, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { notFound } from '../problem-details';
import { ApiKeyStore } from './api-key-store';
import { CurrentPrincipal, Roles } from './decorators';
import { KEY_ROLES, Principal } from './roles';

/** ODS organisation codes, as @nhsp/domain reads them. */
const ORG_CODE = /^[A-Z0-9]{3,5}$/;

const createKeySchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: z.enum(KEY_ROLES),
    orgCode: z
      .string()
      .transform((code) => code.trim().toUpperCase())
      .refine((code) => ORG_CODE.test(code), 'must be an ODS organisation code (3 to 5 letters and digits)')
      .optional(),
  })
  .refine((key) => (key.role === 'submitter') === (key.orgCode !== undefined), {
    path: ['orgCode'],
    message: 'is required for a submitter key and not allowed for any other role',
  });

class CreateApiKeyDto extends createZodDto(createKeySchema) {}

@ApiTags('access')
@Controller('admin/api-keys')
@Roles('admin')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyStore) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Create a key; the answer is the only time the key is shown' })
  async create(@Body() body: CreateApiKeyDto, @CurrentPrincipal() creator: Principal) {
    const { record, key } = await this.keys.create(
      { name: body.name, role: body.role, orgCode: body.orgCode ?? null },
      creator.keyId ?? 'ADMIN_API_KEY',
    );
    return { ...record, key };
  }

  @Get()
  @ApiOperation({ summary: 'All keys, newest first (never the key or its hash)' })
  async list() {
    return { keys: await this.keys.list() };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a key: it is refused (401) from now on, on other services within ACCESS_CACHE_MS' })
  async revoke(@Param('id', new ParseUUIDPipe()) id: string) {
    const record = await this.keys.revoke(id);
    if (!record) throw notFound(`No API key ${id}`);
    return record;
  }
}
