import type { User } from '../../store/types.js';
import type { UserField } from '../../store/user-repository.js';
import type { FieldSpec } from '../columns.js';
import type { FieldReader } from '../field-reader.js';
import type { UpdateTargets } from '../update-fields.js';

export const userFields: readonly FieldSpec[] = [
  { name: 'id', required: true, aliases: ['user_id'], hints: ['用户ID', '用户id', '会员ID', '会员编号', '买家ID', '客户ID'] },
  { name: 'name', required: false, hints: ['姓名', '昵称', '用户名', '会员名'] },
  { name: 'gender', required: false, hints: ['性别'] },
  { name: 'city', required: false, hints: ['城市', '所在城市'] },
  { name: 'registered_at', required: false, hints: ['注册时间', '注册日期', '入会时间'] },
  { name: 'attributes', required: false, hints: ['属性', '标签'] },
];

export const userUpdateTargets: UpdateTargets<UserField> = {
  name: 'name',
  gender: 'gender',
  city: 'city',
  registered_at: 'registeredAt',
  attributes: 'attributes',
};

export function readUser(reader: FieldReader): User {
  return {
    id: reader.id('id', { required: true }),
    name: reader.text('name'),
    gender: reader.text('gender'),
    city: reader.text('city'),
    registeredAt: reader.timestamp('registered_at'),
    attributes: reader.attributes('attributes'),
  };
}
