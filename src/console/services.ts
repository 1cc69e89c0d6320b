// The console's own services over the gateway's context: operator accounts and the read queries its pages need.
import type { GatewayContext } from '../context.ts';
import { Operators } from '../core/operators/operators.ts';
import { operatorRepository } from '../store/repositories/operators.ts';
import { consoleQueries, type ConsoleQueries } from '../store/repositories/operators-views.ts';

export interface ConsoleServices {
  operators: Operators;
  queries: ConsoleQueries;
}

export function consoleServices(ctx: GatewayContext): ConsoleServices {
  return { operators: new Operators(operatorRepository(ctx.db), ctx.clock), queries: consoleQueries(ctx.db) };
}
