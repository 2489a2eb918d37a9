import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsOptional, validate } from 'class-validator';
import { DayRangePageDto } from './page.dto';
import { QueryBoolean, QueryId, QueryText } from './query-fields';

class ListQuery extends DayRangePageDto {
  @IsOptional() @QueryId() storeId?: number;
  @IsOptional() @QueryText(4) q?: string;
  @IsOptional() @QueryBoolean() featured?: boolean;
}

/** The query string as Express hands it over (all text), through the pipe's transform and validation. */
async function check(query: Record<string, string>) {
  const dto = plainToInstance(ListQuery, query);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  return { dto, messages: errors.flatMap((e) => Object.values(e.constraints ?? {})) };
}

describe('list query fields', () => {
  it('turns query text into ids and booleans and accepts real days', async () => {
    const { dto, messages } = await check({ storeId: '12', q: '会员', featured: 'true', from: '2028-02-29' });
    expect(messages).toEqual([]);
    expect(dto).toMatchObject({ storeId: 12, q: '会员', featured: true, from: '2028-02-29' });
    expect((await check({ featured: 'false' })).dto.featured).toBe(false);
  });

  it('refuses what each field does not allow, with the zh-CN message where the field has one', async () => {
    expect((await check({ from: '2026-02-30' })).messages).toEqual(['日期须为 YYYY-MM-DD 格式的有效日期']);
    expect((await check({ to: '2026-2-3' })).messages).toEqual(['日期须为 YYYY-MM-DD 格式的有效日期']);
    expect((await check({ featured: 'yes' })).messages).toEqual(['featured 须为 true 或 false']);
    expect((await check({ storeId: '0' })).messages).toHaveLength(1);
    expect((await check({ storeId: '2147483648' })).messages).toHaveLength(1);
    expect((await check({ storeId: '1.5' })).messages).toHaveLength(1);
    expect((await check({ q: '12345' })).messages).toHaveLength(1);
    expect((await check({ q: 'a\tb' })).messages).toEqual(['q 不能包含控制字符或文字方向控制符']);
  });
});
