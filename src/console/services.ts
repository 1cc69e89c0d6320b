// The console's own services over the gateway's context: operator accounts, their management, and the read queries
// its pages need.
import type { GatewayContext } from '../context.ts';
import { Operators } from '../core/operators/operators.ts';
import { OperatorManagement } from '../core/operators/management.ts';
import { operatorRepository } from '../store/repositories/operators.ts';
import { consoleQueries, type ConsoleQueries } from '../store/repositories/operators-views.ts';

export interface ConsoleServices {
  operators: Operators;
  operatorManagement: OperatorManagement;
  queries: ConsoleQueries;
}

export function consoleServices(ctx: GatewayContext): ConsoleServices {
  const repo = operatorRepository(ctx.db);
  const operators = new Operators(repo, ctx.clock);
  return { operators, operatorManagement: new OperatorManagement(repo, operators, ctx.clock), queries: consoleQueries(ctx.db) };
}
