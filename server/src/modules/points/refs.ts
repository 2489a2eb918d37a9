import type { MemberRef, OperatorRef } from '@member/shared';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { Member } from '../members/entities/member.entity';
import { Operator } from '../operators/entities/operator.entity';

// Batch lookups that turn ids in a page of rows into the names the console shows (one query each).
// They take the caller's transaction when there is one: on SQLite a read outside it would wait for it.
type Reader = DataSource | EntityManager;

export async function memberRefs(ds: Reader, ids: number[]): Promise<Map<number, MemberRef>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await ds.getRepository(Member).find({
    select: { id: true, memberNo: true, nickname: true },
    where: { id: In(unique) },
  });
  return new Map(rows.map((m) => [m.id, { id: m.id, memberNo: m.memberNo, nickname: m.nickname }]));
}

export async function operatorRefs(ds: Reader, ids: (number | null)[]): Promise<Map<number, OperatorRef>> {
  const unique = [...new Set(ids.filter((id): id is number => id !== null))];
  if (!unique.length) return new Map();
  const rows = await ds.getRepository(Operator).find({
    select: { id: true, displayName: true, username: true },
    where: { id: In(unique) },
  });
  return new Map(rows.map((o) => [o.id, { operatorId: o.id, name: o.displayName || o.username }]));
}

export const unknownMember = (id: number): MemberRef => ({ id, memberNo: '', nickname: '（已删除）' });
