// A service's OpenAPI document: @nestjs/swagger's scan of the routes, completed from the facts
// the service runs on (operations.ts) and the parts every service shares (components.ts).
import { INestApplication, Injectable, RequestMethod, Type } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { DECORATORS, DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { accessRuleOf } from '../access/access.guard';
import { PROBLEM_SCHEMA, problemResponseComponents, SECURITY_SCHEMES } from './components';
import { completeOperations, EndpointFacts, OperationOptions } from './operations';

export interface DocumentOptions extends OperationOptions {
  /** Service name: the title (`publication service`). */
  name: string;
  /** One line on what the service does. */
  description?: string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const LICENSE: string = require('../../../../package.json').license;

export function buildOpenApiDocument(app: INestApplication, options: DocumentOptions): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(`${options.name} service`)
    .setDescription(
      `${options.description ?? `The ${options.name} service of the NHS trust productivity platform.`} ` +
        'Errors are RFC 9457 problem details (application/problem+json). Operations that need a key declare it; the others are open.',
    )
    .setVersion('1')
    .setLicense(LICENSE, 'https://opensource.org/license/mit')
    // Relative: the document is served by the service it describes, wherever that is reached.
    .addServer('/', `this ${options.name} service`)
    .build();
  // The default operationIds (`<Controller>_<method>`) key the facts; completeOperations renames them.
  const document = cleanupOpenApiDoc(SwaggerModule.createDocument(app, config, { operationIdFactory: (controller, method) => `${controller}_${method}` }));
  const components = (document.components ??= {});
  components.securitySchemes = { ...SECURITY_SCHEMES } as never;
  components.schemas = { ...components.schemas, Problem: PROBLEM_SCHEMA as never };
  components.responses = { ...components.responses, ...problemResponseComponents() } as never;
  completeOperations(document as never, endpointFacts(app), options);
  // Only the problem answers some operation gives.
  const used = JSON.stringify(document.paths);
  for (const name of Object.keys(components.responses)) if (!used.includes(`"#/components/responses/${name}"`)) delete (components.responses as Record<string, unknown>)[name];
  return document;
}

/** Access rule and media types of every controller method, keyed `<Controller>_<method>`. */
function endpointFacts(app: INestApplication): Map<string, EndpointFacts> {
  const reflector = new Reflector();
  const facts = new Map<string, EndpointFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      for (const method of methodNames(controller)) {
        const handler = controller.prototype[method];
        if (typeof handler !== 'function') continue;
        const verb = RequestMethod[(Reflect.getMetadata('method', handler) as RequestMethod | undefined) ?? RequestMethod.GET];
        const produces: string[] = reflector.getAllAndOverride(DECORATORS.API_PRODUCES, [handler, controller]) ?? [];
        facts.set(`${controller.name}_${method}`, { rule: accessRuleOf(reflector, handler, controller, verb), produces });
      }
    }
  }
  return facts;
}

/** Own and inherited method names (a controller may extend a shared one, e.g. referenceSetController). */
function methodNames(controller: Type): Set<string> {
  const names = new Set<string>();
  for (let proto = controller.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) if (name !== 'constructor') names.add(name);
  }
  return names;
}

/** The document this process serves at /openapi.json and /docs-json (undefined when SWAGGER=false). */
@Injectable()
export class OpenApiDocument {
  document?: OpenAPIObject;
}
