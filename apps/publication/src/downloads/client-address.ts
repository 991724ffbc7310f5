// Which address a request comes from: one rule for Express's req.ip, the rate-limit guard and
// the quick reads. Behind the chart's ingress every request arrives from the ingress
// controller, so the proxies whose X-Forwarded-For is believed are named by TRUST_PROXY
// (Express's `trust proxy` syntax: false, true, a hop count, or addresses/subnets/`loopback`,
// `linklocal`, `uniquelocal`); without it the socket's own address counts.
import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';
import { InjectConfig } from '@nhsp/service-kit';
import type { PublicationConfig } from '../config';

type Trust = (address: string, hop: number) => boolean;
interface ExpressSettings {
  set(name: string, value: unknown): void;
  get(name: string): unknown;
}

@Injectable()
export class ClientAddresses implements OnModuleInit {
  private trust: Trust = () => false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {}

  /** Express compiles the setting; the same compiled rule is used here, so both always agree. */
  onModuleInit(): void {
    const express = this.adapterHost.httpAdapter.getInstance() as ExpressSettings;
    express.set('trust proxy', this.config.TRUST_PROXY);
    this.trust = express.get('trust proxy fn') as Trust;
  }

  of(req: IncomingMessage): string {
    return proxyAddr(req, this.trust);
  }
}

/** TRUST_PROXY as Express takes it: `false`/`true`, a number of hops, or a comma-separated list. */
export function trustProxySetting(value: string): boolean | number | string {
  const v = value.trim();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}
