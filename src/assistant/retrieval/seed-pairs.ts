/**
 * Hand-written labelled question pairs from online-shop customer service,
 * written for this project. They are the training set of the default
 * question-matcher weights (see `scripts/fit-question-matcher.ts`) and the
 * background corpus that gives a small knowledge base sensible word
 * statistics. Negatives are mostly hard ones: the two questions share words
 * but ask different things (退货 vs 换货, a negation, another number).
 */
import { seededRandom } from '../../core/random.js';

export interface SeedPair {
  a: string;
  b: string;
  same: boolean;
}

const same = (a: string, b: string): SeedPair => ({ a, b, same: true });
const different = (a: string, b: string): SeedPair => ({ a, b, same: false });

export const seedQuestionPairs: readonly SeedPair[] = [
  // Shipping and delivery.
  same('什么时候发货', '下单后多久能发出'),
  same('今天下单今天能发吗', '当天拍的当天发货吗'),
  same('我的快递到哪了', '包裹现在到什么地方了'),
  same('物流好几天没更新了', '快递信息一直不动是怎么回事'),
  same('可以指定顺丰吗', '能不能发顺丰快递'),
  same('发什么快递', '默认用哪家快递发货'),
  same('偏远地区包邮吗', '新疆西藏也包邮吗'),
  same('运费怎么算', '邮费是多少钱'),
  same('可以送货上门吗', '快递能送到家门口吗'),
  same('能改收货地址吗', '地址填错了怎么修改'),
  same('快递显示签收了但我没收到', '物流说已签收可是我没拿到货'),
  same('预售什么时候发', '预售商品大概几号发货'),
  different('什么时候发货', '什么时候到货'),
  different('可以发顺丰吗', '顺丰要加多少运费'),
  different('能改收货地址吗', '能改收货人电话吗'),
  different('快递显示签收了但我没收到', '快递一直没有显示签收'),
  different('偏远地区包邮吗', '偏远地区几天能到'),
  different('今天下单今天能发吗', '今天下单明天能到吗'),
  different('发什么快递', '快递单号在哪里看'),
  different('运费怎么算', '运费险怎么理赔'),
  // Returns, exchanges and refunds.
  same('怎么申请退货', '我要退货在哪里操作'),
  same('支持七天无理由退货吗', '不喜欢可以七天内退吗'),
  same('退款多久到账', '钱什么时候能退回来'),
  same('退货运费谁出', '退回去的邮费要我自己付吗'),
  same('衣服尺码不合适能换吗', '买的码数小了可以换大一码吗'),
  same('退款怎么还没到', '申请退款好几天了钱还没退'),
  same('怎么取消退款申请', '退款申请提交了能撤回吗'),
  same('收到的东西坏了怎么办', '商品到手就是坏的怎么处理'),
  same('少发了一件怎么办', '包裹里少了一个商品'),
  same('发错颜色了', '收到的颜色和我买的不一样'),
  same('退货地址是什么', '退货要寄到哪里'),
  same('拆封了还能退吗', '包装打开了还能退货吗'),
  different('怎么申请退货', '怎么申请换货'),
  different('支持七天无理由退货吗', '支持十五天无理由退货吗'),
  different('退款多久到账', '退货多久能寄到'),
  different('退货运费谁出', '换货运费谁出'),
  different('拆封了还能退吗', '没拆封能退吗'),
  different('收到的东西坏了怎么办', '收到的东西不喜欢怎么办'),
  different('怎么取消退款申请', '怎么申请退款'),
  different('退款怎么还没到', '退款到哪个账户'),
  different('发错颜色了', '这款有几种颜色'),
  different('少发了一件怎么办', '多发了一件怎么办'),
  // Orders and payment.
  same('怎么取消订单', '订单不想要了怎么取消'),
  same('下单后还能改规格吗', '拍错颜色了能改吗'),
  same('可以货到付款吗', '支持收货后再付钱吗'),
  same('付款失败怎么办', '支付不成功是什么原因'),
  same('订单在哪里查', '怎么看我买过的订单'),
  same('能开发票吗', '可以给我开张发票吗'),
  same('发票什么时候开', '开票要等多久'),
  same('可以用信用卡付款吗', '支持刷信用卡吗'),
  same('为什么订单被取消了', '我的订单怎么自己取消了'),
  same('付了款显示未支付', '钱扣了订单还显示待付款'),
  different('怎么取消订单', '怎么删除订单'),
  different('可以货到付款吗', '可以分期付款吗'),
  different('能开发票吗', '能开专票吗'),
  different('付款失败怎么办', '付款成功了怎么不发货'),
  different('可以用信用卡付款吗', '可以用微信付款吗'),
  different('订单在哪里查', '发票在哪里查'),
  different('为什么订单被取消了', '订单取消了钱什么时候退'),
  different('付了款显示未支付', '没付款能发货吗'),
  // Coupons, prices and promotions.
  same('优惠券怎么用', '领的券下单时怎么抵扣'),
  same('有没有优惠', '现在买有什么活动吗'),
  same('买贵了能退差价吗', '刚买完就降价了可以补差价吗'),
  same('满减可以和优惠券一起用吗', '满减活动能叠加优惠券吗'),
  same('会员有折扣吗', '会员买东西能打折吗'),
  same('优惠券过期了还能用吗', '券过了有效期还可以用吗'),
  same('价格能便宜点吗', '可以优惠一点吗'),
  different('优惠券怎么用', '优惠券怎么领'),
  different('满减可以和优惠券一起用吗', '两张优惠券可以一起用吗'),
  different('会员有折扣吗', '会员怎么开通'),
  different('买贵了能退差价吗', '买贵了能退货吗'),
  different('满300减50', '满200减30'),
  different('优惠券过期了还能用吗', '优惠券什么时候过期'),
  // Products, stock and sizes.
  same('这个有现货吗', '现在下单有货吗'),
  same('什么时候补货', '卖完了还会再进货吗'),
  same('尺码怎么选', '我该买多大的码'),
  same('身高170穿什么码', '一米七穿多大尺码'),
  same('是正品吗', '保证是真货吗'),
  same('保修多久', '质保期是多长时间'),
  same('这款耳机防水吗', '耳机能不能防水'),
  same('这个手机壳适合哪个型号', '手机壳适配什么手机'),
  same('充电宝能带上飞机吗', '移动电源可以带上飞机吗'),
  same('会掉色吗', '洗了以后会不会褪色'),
  same('保质期多久', '能放多长时间'),
  same('有说明书吗', '使用说明在哪里'),
  different('这个有现货吗', '这个有赠品吗'),
  different('身高170穿什么码', '身高180穿什么码'),
  different('保修多久', '保修怎么申请'),
  different('这款耳机防水吗', '这款耳机降噪吗'),
  different('是正品吗', '是新品吗'),
  different('会掉色吗', '会起球吗'),
  different('充电宝能带上飞机吗', '充电宝充满要多久'),
  different('有说明书吗', '有发票吗'),
  different('尺码怎么选', '颜色怎么选'),
  different('保质期多久', '发货要多久'),
  // Account and customer service.
  same('怎么联系人工客服', '我要找人工'),
  same('客服几点上班', '客服什么时候在线'),
  same('怎么修改手机号', '绑定的手机号怎么换'),
  same('忘记密码了怎么办', '登录密码不记得了'),
  same('怎么注销账号', '账户能不能注销'),
  same('积分怎么用', '积分可以抵现金吗'),
  same('收不到验证码', '验证码一直发不过来'),
  different('怎么联系人工客服', '怎么投诉客服'),
  different('客服几点上班', '几点前下单当天发'),
  different('怎么修改手机号', '怎么修改收货地址'),
  different('积分怎么用', '积分怎么获得'),
  different('忘记密码了怎么办', '忘记账号了怎么办'),
  different('收不到验证码', '收不到快递'),
  // Negation and numbers.
  same('为什么不能下单', '下不了单怎么回事'),
  same('没有收到退款', '退款还没到账'),
  same('无法付款', '付不了款'),
  different('可以退货', '不可以退货吗'),
  different('能用优惠券吗', '为什么不能用优惠券'),
  different('收到货了', '没收到货'),
  different('3天能到吗', '7天能到吗'),
  different('买2件包邮吗', '买1件包邮吗'),
  different('退款成功了', '退款没成功'),
  different('已经发货了吗', '还没发货吗'),
  different('这件能机洗吗', '这件不能机洗吗'),
  different('支持退货吗', '不支持退货吗'),
  different('订单能取消', '订单无法取消'),
  different('能用优惠券', '不能用优惠券'),
  different('快递到了', '快递还没到'),
  different('赠品送了吗', '赠品没送吗'),
  different('可以开发票吗', '为什么不可以开发票'),
  different('能修改地址吗', '为什么没法修改地址'),
  different('客服在吗', '客服怎么不回复'),
  different('这款有货吗', '这款没货了吗'),
  different('包邮吗', '不包邮吗'),
  different('买3件打几折', '买5件打几折'),
  different('30天内能退吗', '15天内能退吗'),
  different('第2件半价吗', '第3件半价吗'),
  different('能放冰箱吗', '不能放冰箱吗'),
  same('不能退货吗', '没法退货吗'),
  same('为什么用不了优惠券', '优惠券不能用是怎么回事'),
  same('订单取消不了', '没办法取消订单'),
  same('买3件打几折', '三件一起买打几折'),
];

/**
 * Builds the training set of the default weights: the seed pairs, plus two
 * kinds of generated rows that a knowledge base meets every day. Every third seed
 * question is paired with a surface variant of itself (a polite prefix and a
 * full-width question mark, or only the question mark), labelled same. Every seed question is paired with
 * one question drawn, with a fixed seed, from another seed pair, labelled
 * different, because most FAQ questions are unrelated to a given query.
 */
export function seedTrainingPairs(random: () => number = seededRandom(20261204)): SeedPair[] {
  const pairs = [...seedQuestionPairs];
  const questions = seedQuestionPairs.flatMap((pair, index) => [
    { text: pair.a, pair: index },
    { text: pair.b, pair: index },
  ]);
  questions.forEach((question, i) => {
    if (i % 3 === 0) pairs.push(same(question.text, surfaceVariant(question.text, i)));
    let other = questions[Math.floor(random() * questions.length)]!;
    while (other.pair === question.pair || other.text === question.text) {
      other = questions[Math.floor(random() * questions.length)]!;
    }
    pairs.push(different(question.text, other.text));
  });
  return pairs;
}

function surfaceVariant(text: string, i: number): string {
  if (i % 2 === 0) return `${text}？`;
  return `${i % 4 === 1 ? '请问' : '亲，'}${text}？`;
}
