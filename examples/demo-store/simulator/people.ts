import { DAY_MS, HISTORY_DAYS, addMs, beijingTime } from './calendar.js';
import type { Sampler } from './sampler.js';

/** A shopper type: which first-level categories it browses, and how often relative to the others. */
export interface Persona {
  key: string;
  /** Chinese label written to user-personas.csv. */
  label: string;
  /** Share of generated shoppers with this persona. */
  share: number;
  femaleShare: number;
  categoryWeights: Readonly<Record<string, number>>;
}

export const personas: readonly Persona[] = [
  {
    key: 'gadget',
    label: '数码爱好者',
    share: 0.18,
    femaleShare: 0.3,
    categoryWeights: { 数码配件: 55, 运动户外: 10, 服饰: 10, 食品零食: 10, 家居日用: 10, 美妆个护: 3, 母婴: 2 },
  },
  {
    key: 'parent',
    label: '宝妈',
    share: 0.16,
    femaleShare: 0.9,
    categoryWeights: { 母婴: 50, 家居日用: 15, 食品零食: 12, 美妆个护: 10, 服饰: 8, 数码配件: 3, 运动户外: 2 },
  },
  {
    key: 'sporty',
    label: '运动达人',
    share: 0.14,
    femaleShare: 0.45,
    categoryWeights: { 运动户外: 50, 服饰: 15, 食品零食: 12, 数码配件: 12, 美妆个护: 5, 家居日用: 5, 母婴: 1 },
  },
  {
    key: 'beauty',
    label: '美妆党',
    share: 0.16,
    femaleShare: 0.9,
    categoryWeights: { 美妆个护: 50, 服饰: 20, 食品零食: 10, 家居日用: 10, 数码配件: 5, 运动户外: 4, 母婴: 1 },
  },
  {
    key: 'foodie',
    label: '吃货',
    share: 0.16,
    femaleShare: 0.5,
    categoryWeights: { 食品零食: 55, 家居日用: 15, 美妆个护: 8, 服饰: 8, 数码配件: 6, 运动户外: 6, 母婴: 2 },
  },
  {
    key: 'homebody',
    label: '居家达人',
    share: 0.12,
    femaleShare: 0.65,
    categoryWeights: { 家居日用: 45, 食品零食: 20, 美妆个护: 12, 服饰: 10, 数码配件: 6, 母婴: 4, 运动户外: 3 },
  },
  {
    key: 'browser',
    label: '随便逛逛',
    share: 0.08,
    femaleShare: 0.5,
    categoryWeights: { 数码配件: 1, 服饰: 1, 美妆个护: 1, 食品零食: 1, 家居日用: 1, 母婴: 1, 运动户外: 1 },
  },
];

export function personaByKey(key: string): Persona {
  const persona = personas.find((p) => p.key === key);
  if (!persona) throw new Error(`unknown persona "${key}", expected one of ${personas.map((p) => p.key).join(', ')}`);
  return persona;
}

/**
 * How far a city is from the shop's warehouse in Hangzhou: `local` (same
 * city), `near` (East China), `far`, or `remote` (long-haul regions).
 */
export type Distance = 'local' | 'near' | 'far' | 'remote';

export interface City {
  name: string;
  /** Address prefix before the city name, empty for municipalities. */
  province: string;
  distance: Distance;
  /** Transfer hub between Hangzhou and the city, for far and remote cities. */
  via?: string;
  weight: number;
}

export const cities: readonly City[] = [
  { name: '杭州', province: '浙江省', distance: 'local', weight: 12 },
  { name: '宁波', province: '浙江省', distance: 'near', weight: 4 },
  { name: '温州', province: '浙江省', distance: 'near', weight: 3 },
  { name: '上海', province: '', distance: 'near', weight: 12 },
  { name: '南京', province: '江苏省', distance: 'near', weight: 5 },
  { name: '苏州', province: '江苏省', distance: 'near', weight: 5 },
  { name: '合肥', province: '安徽省', distance: 'near', weight: 3 },
  { name: '福州', province: '福建省', distance: 'near', weight: 2 },
  { name: '北京', province: '', distance: 'far', via: '济南', weight: 10 },
  { name: '天津', province: '', distance: 'far', via: '济南', weight: 3 },
  { name: '济南', province: '山东省', distance: 'far', weight: 2 },
  { name: '青岛', province: '山东省', distance: 'far', weight: 2 },
  { name: '广州', province: '广东省', distance: 'far', via: '长沙', weight: 8 },
  { name: '深圳', province: '广东省', distance: 'far', via: '长沙', weight: 8 },
  { name: '武汉', province: '湖北省', distance: 'far', weight: 4 },
  { name: '长沙', province: '湖南省', distance: 'far', weight: 3 },
  { name: '郑州', province: '河南省', distance: 'far', weight: 3 },
  { name: '成都', province: '四川省', distance: 'far', via: '武汉', weight: 6 },
  { name: '重庆', province: '', distance: 'far', via: '武汉', weight: 4 },
  { name: '西安', province: '陕西省', distance: 'far', via: '郑州', weight: 3 },
  { name: '沈阳', province: '辽宁省', distance: 'far', via: '济南', weight: 2 },
  { name: '昆明', province: '云南省', distance: 'remote', via: '长沙', weight: 1 },
  { name: '哈尔滨', province: '黑龙江省', distance: 'remote', via: '沈阳', weight: 1 },
  { name: '乌鲁木齐', province: '新疆维吾尔自治区', distance: 'remote', via: '西安', weight: 1 },
];

export function cityByName(name: string): City {
  const city = cities.find((c) => c.name === name);
  if (!city) throw new Error(`unknown city "${name}", expected one of ${cities.map((c) => c.name).join('、')}`);
  return city;
}

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蒋蔡余杜叶程苏魏吕丁沈任姚卢傅钟姜崔谭陆汪范金石廖贾夏韦方邹熊白孟秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const femaleGivenNames = ['思雨', '欣然', '佳怡', '梦琪', '雨桐', '诗涵', '子涵', '可馨', '晓彤', '婉清', '语嫣', '心怡', '雅静', '若曦', '静怡', '梓萱', '一诺', '芷若', '晓雯', '嘉欣', '慧敏', '丽娜', '秀英', '文静', '小雨', '悦'];
const maleGivenNames = ['晓峰', '子航', '浩然', '宇轩', '俊杰', '博文', '明轩', '天佑', '志强', '建华', '文博', '嘉豪', '一鸣', '思远', '皓轩', '泽宇', '家乐', '国栋', '振宇', '凯', '磊', '伟', '昊天', '晨阳', '鹏飞', '少华'];

/** A shopper of the demo store. Only the first five fields go to users.csv. */
export interface DemoUser {
  id: string;
  name: string;
  gender: '男' | '女';
  city: City;
  registeredAt: Date;
  persona: Persona;
  /** Obviously fake delivery details used on every order of this shopper. */
  shipping: { receiver: string; phone: string; address: string };
  /** Planned number of browsing sessions over the history window. */
  plannedSessions: number;
}

/** Builds the fake delivery address and phone for user number `n` (u001 → 1). */
export function fakeShipping(n: number, name: string, city: City, sampler: Sampler): DemoUser['shipping'] {
  const street = `示例区演示路${sampler.int(1, 399)}号${sampler.int(1, 20)}栋${sampler.int(1, 30)}0${sampler.int(1, 4)}室`;
  return {
    receiver: name,
    // 1380000xxxx is a well-known placeholder range; xxxx is the user number.
    phone: `1380000${String(n).padStart(4, '0')}`,
    address: `${city.province}${city.name}市${street}`,
  };
}

export function userId(n: number): string {
  return `u${String(n).padStart(3, '0')}`;
}

/**
 * Generates shoppers `first`..`last`. About one in seven registered during the
 * history window (fewer sessions, cold-start cases); one in twenty never came back.
 */
export function generateUsers(sampler: Sampler, first: number, last: number, now: Date): DemoUser[] {
  const historyStart = addMs(now, -HISTORY_DAYS * DAY_MS);
  const longAgo = beijingTime('2024-01-01 00:00');
  const users: DemoUser[] = [];

  for (let n = first; n <= last; n++) {
    const persona = sampler.weighted(personas, (p) => p.share);
    const gender = sampler.chance(persona.femaleShare) ? '女' : '男';
    const name = sampler.pick(surnames) + sampler.pick(gender === '女' ? femaleGivenNames : maleGivenNames);
    const city = sampler.weighted(cities, (c) => c.weight);
    const isNew = sampler.chance(0.14);
    const registeredAt = isNew
      ? addMs(historyStart, Math.floor(sampler.between(0, HISTORY_DAYS - 2) * DAY_MS))
      : addMs(longAgo, Math.floor(sampler.uniform() * (historyStart.getTime() - longAgo.getTime())));
    const activeShare = (now.getTime() - Math.max(registeredAt.getTime(), historyStart.getTime())) / (HISTORY_DAYS * DAY_MS);

    users.push({
      id: userId(n),
      name,
      gender,
      city,
      registeredAt: roundToSecond(registeredAt),
      persona,
      shipping: fakeShipping(n, name, city, sampler),
      plannedSessions: Math.round(sampleActivity(sampler) * activeShare),
    });
  }
  return users;
}

// Heavy, medium, light and dormant shoppers; the mix gives a long-tailed activity curve.
function sampleActivity(sampler: Sampler): number {
  const tier = sampler.uniform();
  if (tier < 0.12) return sampler.int(24, 42);
  if (tier < 0.55) return sampler.int(8, 18);
  if (tier < 0.95) return sampler.int(2, 6);
  return 0;
}

function roundToSecond(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 1000) * 1000);
}
