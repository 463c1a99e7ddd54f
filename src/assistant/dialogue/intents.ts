/** The request type of one shopper message. */
export type Intent =
  | 'order_status'
  | 'logistics'
  | 'return_exchange'
  | 'product_info'
  | 'policy_faq'
  | 'handoff'
  | 'injection'
  | 'greeting'
  | 'unknown';

export const intents: readonly Intent[] = [
  'order_status',
  'logistics',
  'return_exchange',
  'product_info',
  'policy_faq',
  'handoff',
  'injection',
  'greeting',
  'unknown',
];

export const intentLabels: Record<Intent, string> = {
  order_status: '订单状态',
  logistics: '物流查询',
  return_exchange: '退换货',
  product_info: '商品咨询',
  policy_faq: '店铺政策',
  handoff: '转人工',
  injection: '越权指令',
  greeting: '问候',
  unknown: '未识别',
};

/**
 * Asking the shop to phone the shopper back, on normalised text: "麻烦回电",
 * "让客服打给我", "能不能打电话跟我说", "打我电话吧". A courier or rider
 * before the words ("快递员没打我电话") makes it a delivery report instead.
 */
export const callbackPattern =
  /(?<!(快递|快递员|骑手|配送员|派送员|司机|师傅).{0,6})(回电|回(个|一个|通)?电话|给我(回|打|来)(个|一个|通)?电话|打(个|一个|通)?电话(给我|过来|跟我|和我|告诉我)|打给我|打我(的)?(电话|手机)|(电话|致电)联系我|联系我.{0,4}电话|致电我)/;

/**
 * Hand-off requests: asking for a person by role ("转人工", "叫你们店长来"),
 * asking to be called or contacted ("让客服打电话给我"), or asking to talk
 * to staff directly. "客服" alone is not enough, because shoppers address the
 * assistant itself as 客服 ("客服，这个有货吗", "让客服帮我查一下物流").
 */
function handoffPattern(): RegExp {
  const roles = '(专人|售后|工作人员|负责人|经理|主管|店长|老板|真人|活人)';
  const askFor = '转人工|人工客服|找人工|要人工|接人工|人工服务|真人|活人|人工|找客服|客服电话|找(你们)?(经理|负责人|主管)';
  const summon = `(叫|让|找|喊|安排|派)(一?个|你们的?)?${roles}`;
  // "快递员会联系我吗" asks about the courier, so the request form matters, not the verb alone.
  const contactMe = [
    '(麻烦|尽快|赶紧|马上|安排.{0,3}|让.{0,3}|叫.{0,3}|请你们|你们)(联系|致电)我',
    '(能不能|可不可以|能否)(联系|致电)我',
    '联系我(一下|下)',
    callbackPattern.source,
    '客服.{0,6}(联系|回电|打(个|一个|通)?电话|致电)',
  ].join('|');
  const talkTo = `(跟|和|同)(你们)?的?(客服|${roles.slice(1, -1)})的?(同事|人员)?.{0,4}(说|谈|沟通|聊|讲|对接|反映)`;
  const someoneElse = '换(一)?个(人|客服)|(叫|来)(一)?个(真|活)?人';
  return new RegExp([askFor, summon, contactMe, talkTo, someoneElse].join('|'));
}

/**
 * English keywords of the basic intents, for short questions such as
 * "Where is my parcel?" or "Can I return the earphones?". Replies stay in
 * Chinese. Matched on lower-case text, as whole words.
 */
const englishKeywords = {
  handoff: /\b(human|real person|live agent|(talk|speak) to (a|an|your) (person|agent|manager|staff)|customer service|call me( back)?)\b/,
  return_exchange: /\b(return(s|ed|ing)?|refund(s|ed)?|exchange|send (it|them) back|broken|defective|faulty)\b/,
  logistics: /\b(where is my (parcel|package|order|delivery|stuff)|parcel|package|tracking|track|delivery|delivered|courier|arrive)\b/,
  order_status: /\b(order status|my order|shipped|ship|dispatch(ed)?|cancel(led)?)\b/,
  policy_faq: /\b(ship(ping|ped)? (to|from)|deliver(y|ed)? to|hong kong|macau|macao|taiwan|overseas|abroad|international|return address)\b/,
};

/**
 * A shopper reporting a fault in an item they received, on normalised text:
 * no sound, no charge, a failed function, a sole coming loose, an odd smell,
 * leaking bottles. Such a report requests the quality-problem remedy even
 * when it names no remedy ("耳机没声音了", "鞋子开胶了", "My earphones are broken").
 */
export const faultReportPattern = new RegExp(
  [
    /没(有)?声(音)?|不响|无声|杂音|电流声|充不(上|进|了)(电)?|不充电|(?<!能)不能充电|无法充电|开不了机|不开机|死机|黑屏|失灵|不灵了|不工作|不好使|不转了|不亮了/.source,
    /开胶|脱胶|开线|脱线|掉色|褪色|起球|掉漆|生锈|变形了|裂开|裂了|碎了|破了|划痕|凹陷/.source,
    /异味|发臭|臭了|变味|馊了|有虫|虫子|异物|胀袋|胀罐|结块|漏了|漏水|漏液|漏气|渗漏/.source,
    /\b(broken|defective|faulty|damaged|leak(s|ed|ing)?|not working|stopped working|(does|do|did)n'?t work|won'?t (charge|turn on)|no sound)\b/.source,
  ].join('|'),
);

/** Keyword rules per intent, on normalised text (simplified, lower case, half-width). */
export const intentKeywords: Record<'order_status' | 'logistics' | 'return_exchange' | 'product_info' | 'policy_faq' | 'handoff', RegExp> = {
  handoff: new RegExp([handoffPattern().source, englishKeywords.handoff.source].join('|')),
  return_exchange: new RegExp(
    [
      /退货|退款|退换|换货|退了|退掉|退回|寄回|能退|可以退|怎么退|想退|要退|退吗|无理由|售后|换一(个|件|双)|换个|换尺码|换码|换颜色|能换|可以换|换吗|想换|要换|不合适|质量问题|坏了|坏的|坏掉|变质|发霉|破损|瑕疵|有问题|不能用|用不了|拆封|拆开|返修|维修|运费险/
        .source,
      // Colloquial returns: the shopper states the wish or the mistake and names no rule ("围巾不想要了", "袜子买错了").
      /不想要|不要了|买错|拍错|选错|买多了|多买了|退不退|能不能退|可不可以退|给我退|帮我退|申请退|退(了吧|一下)/.source,
      englishKeywords.return_exchange.source,
      faultReportPattern.source,
    ].join('|'),
  ),
  logistics: new RegExp(
    [
      /快递|物流|到哪(?!一步)|在哪(里|儿)?了|在哪(里|儿)?[?？]?$|快件|我的件|什么时候(能)?到|几(天|时|号)(能)?(送)?到|多久(能)?到|哪天(能)?(送)?到|到了吗|还没到|没到|还没收到|没收到|派送|配送|运单|单号|揽收|签收|送到|送达|到货|包裹|中转/
        .source,
      englishKeywords.logistics.source,
    ].join('|'),
  ),
  order_status: new RegExp(
    [
      /订单|到哪一步|哪一步了|进度|发货了吗|发货没|发了吗|发了没|什么时候发(货)?|有没有发|发货|付款|付钱|支付|取消|下单|我买的|买的东西|状态/.source,
      englishKeywords.order_status.source,
    ].join('|'),
  ),
  product_info:
    /多少钱|价格|价钱|售价|几块|有货|有没有货|库存|还有吗|没货|缺货|补货|尺码|尺寸|码数|颜色|材质|面料|参数|规格|续航|防水|型号|适合|重量|容量|成分|功效|保质期|区别|推荐|好用|质量怎么样|是正品|上架|下架|蓝牙|降噪|电池|保修|sku|多大|多重|多厚|多长|多宽|多高|几个人|承重|功率|多少瓦|产地|哪(里|儿)?产的|辣不辣|辣度|香型|口味/,
  policy_faq: new RegExp(
    [
      /发票|开票|运费|包邮|邮费|优惠券|优惠|满减|会员|积分|营业时间|客服时间|上班时间|什么快递|哪家快递|改.{0,3}地址|地址(错|写错)|价保|保价|发货时间|几天发货|多久发货|一般|通常|偏远|港澳台|海外|支付方式|分期|花呗|货到付款|到付|付款方式|怎么付(款|钱)|代付|对公转账/
        .source,
      // Where the shop ships from, where it delivers to and where returns go: one rule for every order.
      /发货地|从哪(里|儿)?发|哪(里|儿)发(货|的)|哪个仓|什么仓|发货仓|仓库在哪|香港|澳门|台湾|国外|退货地址|寄回地址|退(货|回)?寄(到|回|去)?哪|寄(到|回)哪(里|儿)?退/.source,
      englishKeywords.policy_faq.source,
    ].join('|'),
  ),
};

/** Shop rules that act on an order already placed: asked with one of the shopper's items, they are about that order. */
export const orderChangeTopics = /改.{0,3}地址|地址(错|写错|填错)|取消|发票|开票/;

/** Words that make a question about the shopper's own order rather than the shop in general. */
export const personalMarkers =
  /\bmy\b|我的|我买的|我刚买|我下单|我订的|我这|我那|我(家|们家)?的?(订单|快递|包裹|耳机|衣服|东西)|这单|那单|这个订单|这笔|它|这个|那个|这件|那件|这双|这款|收到的|刚收到|到货的|买了|第[一二三四五六七八九十\d]+(个|单)/;

/** Words of a general policy question ("一般几天发货", "运费谁出"). */
export const generalMarkers = /一般|通常|平时|默认|规则|政策|流程|怎么(申请|操作)|需要多久|谁(出|付|承担)|有没有运费险|哪家快递|什么快递/;

// Forms of address shoppers open a message with ("亲，", "客服，"); they name no topic.
const addressForms = '亲|亲亲|老板|掌柜|客服|小姐姐|小哥哥';
const leadingAddress = new RegExp(`^(${addressForms})[,，:：\\s]+`);

/** Removes a leading form of address: "客服，这个有货吗" → "这个有货吗". */
export function withoutAddress(text: string): string {
  return text.replace(leadingAddress, '');
}

/** A whole message that only greets, thanks or says goodbye, optionally after a form of address ("亲", "老板"). */
export const greetingPattern =
  /^((亲|亲亲|老板|掌柜|客服|小姐姐|小哥哥)[,，\s]*)?(你好|您好|在吗|在不在|在么|hi|hello|hey|哈喽|哈啰|嗨|早上好|上午好|中午好|下午好|晚上好|早安|晚安|谢谢|多谢|感谢|好的|ok|嗯|拜拜|再见)[啊呀呢吗哦~!！。.?？,，\s]*$/;
