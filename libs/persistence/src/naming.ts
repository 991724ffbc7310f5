// Table and column names in snake_case so hand-written SQL (reports, migrations, DuckDB
// exports) reads naturally, while entities keep camelCase properties.
import { DefaultNamingStrategy, NamingStrategyInterface } from 'typeorm';
import { snakeCase } from 'typeorm/util/StringUtils';

/** Every service owns one PostgreSQL schema named after it ('-' becomes '_'). */
export const SERVICE_SCHEMAS = {
  ingestion: 'ingestion',
  'cost-weights': 'cost_weights',
  deflators: 'deflators',
  productivity: 'productivity',
  benchmarking: 'benchmarking',
  publication: 'publication',
} as const;
export type ServiceSchema = (typeof SERVICE_SCHEMAS)[keyof typeof SERVICE_SCHEMAS] | 'ops';

/** Schema for shared operational records (audit, failed-job notes). */
export const OPS_SCHEMA = 'ops';

/** `cost-weights` → `cost_weights`. Unknown names are converted the same way. */
export function schemaForService(service: string): string {
  return (SERVICE_SCHEMAS as Record<string, string>)[service] ?? service.replace(/-/g, '_');
}

export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override tableName(targetName: string, userSpecifiedName: string | undefined): string {
    return userSpecifiedName ?? snakeCase(targetName);
  }

  override columnName(propertyName: string, customName: string | undefined, embeddedPrefixes: string[]): string {
    return snakeCase(embeddedPrefixes.concat('').join('_')) + (customName ?? snakeCase(propertyName));
  }

  override relationName(propertyName: string): string {
    return snakeCase(propertyName);
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snakeCase(`${relationName}_${referencedColumnName}`);
  }

  override joinTableName(firstTableName: string, secondTableName: string, firstPropertyName: string): string {
    return snakeCase(`${firstTableName}_${firstPropertyName.replace(/\./gi, '_')}_${secondTableName}`);
  }

  override joinTableColumnName(tableName: string, propertyName: string, columnName?: string): string {
    return snakeCase(`${tableName}_${columnName ?? propertyName}`);
  }
}
