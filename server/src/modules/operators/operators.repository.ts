import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThan, type EntityManager } from 'typeorm';
import { OperatorSession } from './entities/operator-session.entity';
import { Operator } from './entities/operator.entity';

export type NewOperator = Omit<Operator, 'id'>;

/** Reads and guarded writes of operator accounts and their console sessions. */
@Injectable()
export class OperatorsRepository {
  constructor(private readonly ds: DataSource) {}

  byName(usernameNormalized: string): Promise<Operator | null> {
    return this.ds.getRepository(Operator).findOneBy({ usernameNormalized });
  }

  byId(id: number, em: EntityManager = this.ds.manager): Promise<Operator | null> {
    return em.findOneBy(Operator, { id });
  }

  list(): Promise<Operator[]> {
    return this.ds.getRepository(Operator).find({ order: { id: 'ASC' } });
  }

  count(): Promise<number> {
    return this.ds.getRepository(Operator).count();
  }

  async insert(row: NewOperator): Promise<Operator> {
    const created = this.ds.getRepository(Operator).create(row);
    await this.ds.getRepository(Operator).insert(created);
    // On MySQL the insert merges the columns it re-reads (those with defaults) back raw: a boolean comes
    // back as 0. The values given here are already typed; only the generated id is new.
    return Object.assign(created, row);
  }

  async recordLogin(id: number, now: Date): Promise<void> {
    await this.ds.getRepository(Operator).update({ id }, { lastLoginAt: now });
  }

  /**
   * Locks the acting admin's row while it is still active (a guarded UPDATE): two admins disabling each
   * other at once then serialise, and the second finds itself disabled instead of leaving no admin.
   */
  async lockActive(em: EntityManager, id: number, now: Date): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .update(Operator)
      .set({ updatedAt: now })
      .where('id = :id AND active = :active', { id, active: true })
      .execute();
    return !!result.affected;
  }

  /** active ↔ inactive; disabling bumps the token version, so every token of the account dies at once. */
  async setActive(em: EntityManager, id: number, active: boolean, now: Date): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .update(Operator)
      .set({ active, updatedAt: now, ...(active ? {} : { tokenVersion: () => 'token_version + 1' }) })
      .where('id = :id AND active = :was', { id, was: !active })
      .execute();
    return !!result.affected;
  }

  /**
   * A new password hash; bumps the token version (ending every session). With `ifVersion` only when the
   * version is still that one, so two racing changes from old sessions cannot both win.
   */
  async setPassword(
    em: EntityManager,
    id: number,
    change: { passwordHash: string; mustChangePassword: boolean; ifVersion?: number },
    now: Date,
  ): Promise<boolean> {
    const qb = em
      .createQueryBuilder()
      .update(Operator)
      .set({
        passwordHash: change.passwordHash,
        mustChangePassword: change.mustChangePassword,
        tokenVersion: () => 'token_version + 1',
        updatedAt: now,
      })
      .where('id = :id', { id });
    if (change.ifVersion !== undefined) qb.andWhere('token_version = :version', { version: change.ifVersion });
    return !!(await qb.execute()).affected;
  }

  /** Ends every token of the account ("log out everywhere"). */
  async bumpTokenVersion(em: EntityManager, id: number, now: Date): Promise<void> {
    await em
      .createQueryBuilder()
      .update(Operator)
      .set({ tokenVersion: () => 'token_version + 1', updatedAt: now })
      .where('id = :id', { id })
      .execute();
  }

  /** A session for a new sign-in; the operator's expired ones are deleted on the way. */
  async openSession(
    session: Pick<OperatorSession, 'operatorId' | 'tokenVersion' | 'refreshNonce' | 'createdAt' | 'expiresAt'>,
  ): Promise<number> {
    await this.ds
      .getRepository(OperatorSession)
      .delete({ operatorId: session.operatorId, expiresAt: LessThan(session.createdAt) });
    const { identifiers } = await this.ds
      .getRepository(OperatorSession)
      .insert({ ...session, revokedAt: null, refreshGeneration: 0, refreshedAt: null });
    return Number(identifiers[0].id);
  }

  session(id: number): Promise<OperatorSession | null> {
    return this.ds.getRepository(OperatorSession).findOneBy({ id });
  }

  /**
   * Moves the session's refresh token on from `generation` (a guarded UPDATE): of two refreshes racing with
   * the same token exactly one wins.
   */
  async rotateRefresh(id: number, generation: number, now: Date): Promise<boolean> {
    const result = await this.ds
      .createQueryBuilder()
      .update(OperatorSession)
      .set({ refreshGeneration: generation + 1, refreshedAt: now })
      .where('id = :id AND refresh_generation = :generation AND revoked_at IS NULL', { id, generation })
      .execute();
    return !!result.affected;
  }

  async revokeSession(em: EntityManager, operatorId: number, sessionId: number, now: Date): Promise<void> {
    await em.update(OperatorSession, { id: sessionId, operatorId, revokedAt: IsNull() }, { revokedAt: now });
  }
}
