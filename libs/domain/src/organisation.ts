import { DomainError } from './errors';

export const SECTORS = ['acute', 'mental_health', 'community', 'ambulance'] as const;
export type Sector = (typeof SECTORS)[number];

export function isSector(value: string): value is Sector {
  return (SECTORS as readonly string[]).includes(value);
}

/** ODS organisation codes: 3 to 5 upper-case letters and digits (e.g. `R0A`, `RXF`, `TAF`). */
const ORG_CODE = /^[A-Z0-9]{3,5}$/;

export function parseOrgCode(value: string): string {
  const code = value.trim().toUpperCase();
  if (!ORG_CODE.test(code)) throw new DomainError(`"${value}" is not an ODS organisation code`);
  return code;
}

export interface Trust {
  orgCode: string;
  name: string;
  region: string;
  trustType: string;
  peerGroup: string;
  sector: Sector;
}

/**
 * Sector from the trust list (data contract): an explicit `sector` wins; otherwise acute and
 * ambulance trusts by type, and mental health and community trusts split by peer group.
 */
export function deriveSector(trustType: string, peerGroup: string, explicit?: string): Sector {
  const override = explicit?.trim().toLowerCase();
  if (override) {
    if (!isSector(override)) throw new DomainError(`unknown sector "${explicit}" (expected one of ${SECTORS.join(', ')})`);
    return override;
  }
  switch (trustType.trim().toLowerCase()) {
    case 'acute trust':
      return 'acute';
    case 'ambulance trust':
      return 'ambulance';
    case 'mental health and community trust':
      return peerGroup.trim().toLowerCase() === 'community' ? 'community' : 'mental_health';
    default:
      throw new DomainError(
        `unknown trust type "${trustType}" (expected Acute trust, Ambulance trust or Mental health and community trust, or a sector column)`,
      );
  }
}
