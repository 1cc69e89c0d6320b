// Operators managing operators: only admins may, and only within what they can see themselves. An admin confined to
// some merchants can grant only those, and cannot touch an operator who sees more than it does (resetting that one's
// password would be a way into merchants the admin was never given). At least one enabled admin always remains.
import type { Clock } from '../../lib/clock.ts';
import { DomainError } from '../errors.ts';
import { checkPasswordLength, Operators, sessionTokenHash } from './operators.ts';
import { generatePassword, hashPassword } from './passwords.ts';
import type { OperatorRecord, OperatorRepository, OperatorSummary } from './repository.ts';

export type OperatorRule = 'not_admin' | 'not_found' | 'beyond_scope' | 'owner_only' | 'last_admin';

/** A refusal the console names in the operator's language by its rule. */
export class OperatorRuleError extends DomainError {
  constructor(
    readonly rule: OperatorRule,
    message: string,
  ) {
    super(rule === 'not_admin' ? 'unauthorized' : rule === 'not_found' ? 'not_found' : 'rejected', message);
  }
}

export interface ManagedOperator extends OperatorSummary {
  /** Whether the acting admin may change it. */
  manageable: boolean;
}

export interface MerchantChoice {
  /** Every merchant, present and future; only an owner may give it. */
  owner: boolean;
  merchantIds: number[];
}

export class OperatorManagement {
  constructor(
    private readonly repo: OperatorRepository,
    private readonly operators: Operators,
    private readonly clock: Clock,
  ) {}

  /** Every operator, each showing only the merchants the actor can see. */
  async list(actor: OperatorRecord): Promise<ManagedOperator[]> {
    const scope = await this.scopeOf(actor);
    return (await this.repo.list()).map((o) => ({
      ...o,
      merchantIds: scope === null ? o.merchantIds : o.merchantIds.filter((id) => scope.includes(id)),
      manageable: manageable(o, scope),
    }));
  }

  /** Creates a (non-admin) operator; without a password one is generated and returned to be shown once. */
  async create(actor: OperatorRecord, input: { email: string; password?: string } & MerchantChoice): Promise<{ operator: OperatorRecord; generatedPassword: string | null }> {
    const scope = await this.scopeOf(actor);
    const choice = checkChoice(input, scope);
    const generatedPassword = input.password ? null : generatePassword();
    const operator = await this.operators.create({ email: input.email, password: input.password || generatedPassword!, owner: choice.owner, merchantIds: choice.merchantIds });
    return { operator, generatedPassword };
  }

  async setMerchants(actor: OperatorRecord, targetId: number, input: MerchantChoice): Promise<void> {
    const scope = await this.scopeOf(actor);
    const target = await this.target(targetId, scope);
    const choice = checkChoice(input, scope);
    // Grants outside the actor's sight stay as they were (none exist today: such a target is not manageable).
    const kept = scope === null ? [] : target.merchantIds.filter((id) => !scope.includes(id));
    await this.repo.setMerchants(target.id, choice.owner, [...new Set([...kept, ...choice.merchantIds])]);
  }

  async setDisabled(actor: OperatorRecord, targetId: number, disabled: boolean): Promise<void> {
    const target = await this.target(targetId, await this.scopeOf(actor));
    if ((await this.repo.setDisabled(target.id, disabled, this.clock.now())) === 'last_admin') {
      throw new OperatorRuleError('last_admin', `${target.email} is the last enabled admin`);
    }
  }

  /**
   * Sets the password (or a generated one, returned to be shown once) and ends the target's sessions — except the
   * actor's own current one when an admin resets its own password.
   */
  async resetPassword(actor: OperatorRecord, targetId: number, password: string | null, actorSessionToken: string): Promise<string | null> {
    const target = await this.target(targetId, await this.scopeOf(actor));
    const generated = password ? null : generatePassword();
    const next = password || generated!;
    checkPasswordLength(next);
    await this.repo.setPassword(target.id, await hashPassword(next), target.id === actor.id ? sessionTokenHash(actorSessionToken) : null);
    return generated;
  }

  /** The merchants the actor sees (null: all), after checking it is an enabled admin. */
  private async scopeOf(actor: OperatorRecord): Promise<number[] | null> {
    if (!actor.admin || actor.disabled) throw new OperatorRuleError('not_admin', 'only admins manage operators');
    return this.operators.visibleMerchantIds(actor);
  }

  private async target(targetId: number, scope: number[] | null): Promise<OperatorSummary> {
    const target = (await this.repo.list()).find((o) => o.id === targetId);
    if (!target) throw new OperatorRuleError('not_found', `no operator ${targetId}`);
    if (!manageable(target, scope)) throw new OperatorRuleError('beyond_scope', `${target.email} sees merchants you do not`);
    return target;
  }
}

function manageable(target: OperatorSummary, scope: number[] | null): boolean {
  return scope === null || (!target.owner && target.merchantIds.every((id) => scope.includes(id)));
}

function checkChoice(input: MerchantChoice, scope: number[] | null): MerchantChoice {
  if (input.owner && scope !== null) throw new OperatorRuleError('owner_only', 'only an operator who sees every merchant can give every merchant');
  const merchantIds = [...new Set(input.merchantIds)];
  if (scope !== null && merchantIds.some((id) => !scope.includes(id))) {
    throw new OperatorRuleError('beyond_scope', 'an operator can grant only merchants it sees itself');
  }
  return { owner: input.owner, merchantIds: input.owner ? [] : merchantIds };
}
