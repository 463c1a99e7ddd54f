import type { Product } from '../../store/index.js';
import { normalizeText } from '../../text/index.js';

// Question words that ask for an attribute whose name they do not contain.
const attributeCues: [RegExp, string[]][] = [
  [/多厚|厚不厚|厚度/, ['厚度']],
  [/多重|多沉|重量|多少克|多少斤/, ['重量']],
  // "能装多少" asks the capacity, "能装开水吗" does not.
  [/多大|容量|能装(多少|几)|装得下/, ['容量', '尺寸', '规格']],
  [/多长|长度/, ['长度', '线长']],
  [/飞机|登机/, ['可登机']],
  [/保温/, ['保温时长']],
  [/防水/, ['防水', '防水等级', '防水指数']],
  [/颜色|色号|什么色|[红橙黄绿青蓝紫黑白灰粉棕咖金银米]色/, ['颜色', '色号']],
  [/口味|味道|什么味/, ['口味']],
  [/尺码|码数|几码/, ['尺码']],
  [/保质期|过期|(能|可以)?(放|存放|保存)多久|能放多长时间/, ['保质期']],
  [/材质|面料|什么做的|什么材料/, ['材质', '面料']],
  [/续航|用多久|充一次/, ['续航']],
  [/接口|几个口/, ['接口', '充电接口']],
  [/保修|质保/, ['保修']],
  [/适合|适用/, ['适合肤质', '适用年龄', '适用', '适用发质', '适配', '适用炉具']],
  [/产地|哪(里|儿)?(产|生产)|产自|原产/, ['产地']],
  [/承重|能坐|承受|扛得住/, ['承重']],
  [/辣不辣|辣吗|多辣|辣度|(很|太|有点|会)辣/, ['辣度']],
  [/香味|香型|什么味/, ['香型']],
];

// Questions about an amount in a unit, answered by the attribute whose value carries that unit
// ("数据线多少瓦" → 功率 100W). Values are matched after `normalizeText`.
const unitCues: [RegExp, RegExp][] = [
  [/多少瓦|几瓦|多少w|几w|功率/, /\d\s*w(?![a-z])/],
  [/多少毫安|几毫安|多少mah|电量/, /\d\s*mah/],
  [/多少(克|斤|公斤|kg)|几(克|斤|公斤)|多重|多沉/, /\d\s*(g|kg|克|公斤|斤)(?![a-z])/],
  [/多少(毫升|ml|升)|几(升|毫升)|装多少/, /\d\s*(ml|l|升|毫升)(?![a-z])/],
  [/多少(厘米|cm|公分|毫米|mm|米)|几(厘米|公分|米)|多长|多宽|多高/, /\d\s*(厘米|cm|mm|毫米|米)/],
];

// "几颗", "多少片", "住几个人": a count in a measure word, answered by the value that counts in it ("2.5g×24颗", "3-4人").
const countQuestion = /(几|多少)个?(颗|粒|片|包|袋|支|双|条|卷|抽|瓶|桶|盒|只|件|罐|层|人)|(住|睡|坐)几/g;

// Amount questions: jieba cuts "奶瓶多大容量" into 多 / 大容量, and 大容量 is in a water bottle's title.
const amountQuestion = /多(大|少|重|厚|长|宽|高|久|沉)/g;

/**
 * Normalised text without amount and count questions ("多大", "多少包"), for
 * matching product names: their words are about the answer, not the product.
 */
export function withoutAmountQuestions(text: string): string {
  return text.replace(countQuestion, ' ').replace(amountQuestion, ' ');
}

function countedIn(text: string): Set<string> {
  const measures = new Set<string>();
  for (const match of text.matchAll(countQuestion)) measures.add(match[2] ?? '人');
  return measures;
}

// Question shapes that name an attribute by one of its characters: 多X ("多厚"),
// X不X ("辣不辣") and 什么X ("什么香味" → 香型).
const shapedQuestion = /多(\p{Script=Han})|(\p{Script=Han})不\2|什么(\p{Script=Han}{1,2})/gu;
// Characters of those shapes that name no attribute ("多少", "好不好", "什么时候").
const shapeCharactersNamingNoAttribute = new Set([...'少久么的时候样意思好是有能会要在人东西地方情况用办事']);
// Attributes that state an after-sales rule rather than a property of the product.
const ruleAttributes = new Set(['卫生用品', '售后说明', '定制']);

interface ShapedCharacters {
  /** Characters of every shape, matched against attribute names. */
  all: Set<string>;
  /** Characters of X不X shapes, also matched against values ("辣不辣" → 口味: 五香、麻辣). */
  yesNo: Set<string>;
}

function shapedCharacters(text: string): ShapedCharacters {
  const found: ShapedCharacters = { all: new Set(), yesNo: new Set() };
  for (const match of text.matchAll(shapedQuestion)) {
    const word = match[1] ?? match[2] ?? match[3] ?? '';
    for (const character of word) {
      if (shapeCharactersNamingNoAttribute.has(character)) continue;
      found.all.add(character);
      if (match[2]) found.yesNo.add(character);
    }
  }
  return found;
}

/**
 * The message with the words that name the product blanked out, so that
 * "保温杯多重" asks about weight and not, through 保温, about heat retention.
 * Longer pieces of the name go first, and each piece only once: in
 * "保温杯保温多久" the second 保温 is the question, not the name.
 */
export function withoutProductName(text: string, product: Product): string {
  const name = normalizeText(`${product.brand} ${product.title}`);
  const blanked: string[] = [];
  return text.replace(/\p{Script=Han}{2,}/gu, (run) => {
    let rest = run;
    for (let length = run.length; length >= 2; length--) {
      for (let start = 0; start + length <= rest.length; start++) {
        const piece = rest.slice(start, start + length);
        if (piece.includes(' ') || !name.includes(piece) || blanked.some((done) => done.includes(piece))) continue;
        blanked.push(piece);
        rest = `${rest.slice(0, start)}${' '.repeat(length)}${rest.slice(start + length)}`;
      }
    }
    return rest;
  });
}

/**
 * Attribute names the message asks about: by name ("续航多久" → 续航), by
 * cue ("多厚" → 厚度), by the unit or measure word of the value ("多少瓦" →
 * 功率 65W, "几颗" → 规格 2.5g×24颗) or by a question shape that shares a
 * character with the name ("辣不辣" → 辣度). Words of the product's own name
 * do not count as cues.
 */
export function askedAttributes(product: Product, message: string): string[] {
  const text = withoutProductName(normalizeText(message), product);
  const names = Object.keys(product.attributes);
  const asked = new Set(names.filter((name) => text.includes(normalizeText(name))));
  for (const [cue, candidates] of attributeCues) {
    if (!cue.test(text)) continue;
    for (const name of candidates) if (names.includes(name)) asked.add(name);
  }
  for (const [cue, valuePattern] of unitCues) {
    if (!cue.test(text)) continue;
    for (const name of names) if (valuePattern.test(normalizeText(product.attributes[name] ?? ''))) asked.add(name);
  }
  for (const measure of countedIn(text)) {
    for (const name of names) if (new RegExp(`\\d\\s*${measure}`).test(normalizeText(product.attributes[name] ?? ''))) asked.add(name);
  }
  const characters = shapedCharacters(text);
  for (const name of names) {
    if (ruleAttributes.has(name)) continue;
    const value = normalizeText(product.attributes[name] ?? '');
    if ([...name].some((character) => characters.all.has(character))) asked.add(name);
    if ([...value].some((character) => characters.yesNo.has(character))) asked.add(name);
  }
  return [...asked];
}

/** True when the message asks about a product's price, stock or an attribute rather than a shop rule. */
export function asksAboutProduct(product: Product, message: string): boolean {
  return askedAttributes(product, message).length > 0 || /多少钱|价格|有货|还有吗|库存|怎么样|好用吗/.test(normalizeText(message));
}
