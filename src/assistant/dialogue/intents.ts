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

/** Keyword rules per intent, on normalised text (simplified, lower case, half-width). */
export const intentKeywords: Record<'order_status' | 'logistics' | 'return_exchange' | 'product_info' | 'policy_faq' | 'handoff', RegExp> = {
  handoff: /转人工|人工客服|找人工|要人工|接人工|人工服务|真人|人工|找客服|客服电话|找(你们)?(经理|负责人|主管)/,
  return_exchange:
    /退货|退款|退换|换货|退了|退掉|退回|寄回|能退|可以退|怎么退|想退|要退|退吗|无理由|售后|换一(个|件|双)|换个|换尺码|换码|换颜色|能换|可以换|换吗|想换|要换|不合适|质量问题|坏了|坏的|坏掉|变质|发霉|破损|瑕疵|有问题|不能用|用不了|拆封|拆开|返修|维修|运费险/,
  logistics:
    /快递|物流|到哪(?!一步)|在哪(里|儿)?了|在哪(里|儿)?[?？]?$|快件|我的件|什么时候(能)?到|几(天|时)(能)?到|多久(能)?到|哪天到|到了吗|还没到|没到|还没收到|没收到|派送|配送|运单|单号|揽收|签收|送到|送达|到货|包裹|中转/,
  order_status: /订单|到哪一步|哪一步了|进度|发货了吗|发货没|发了吗|发了没|什么时候发(货)?|有没有发|发货|付款|支付|取消|下单|我买的|买的东西|状态/,
  product_info:
    /多少钱|价格|价钱|售价|几块|有货|有没有货|库存|还有吗|没货|缺货|补货|尺码|尺寸|码数|颜色|材质|面料|参数|规格|续航|防水|型号|适合|重量|容量|成分|功效|保质期|区别|推荐|好用|质量怎么样|是正品|上架|下架|蓝牙|降噪|电池|保修|sku/,
  policy_faq:
    /发票|开票|运费|包邮|邮费|优惠券|优惠|满减|会员|积分|营业时间|客服时间|上班时间|什么快递|哪家快递|改.{0,3}地址|地址(错|写错)|价保|保价|发货时间|几天发货|多久发货|一般|通常|偏远|港澳台|海外|支付方式|分期|花呗/,
};

/** Words that make a question about the shopper's own order rather than the shop in general. */
export const personalMarkers =
  /我的|我买的|我刚买|我下单|我订的|我这|我那|我(家|们家)?的?(订单|快递|包裹|耳机|衣服|东西)|这单|那单|这个订单|这笔|它|这个|那个|这件|那件|这双|这款|收到的|刚收到|到货的|买了|第[一二三四五六七八九十\d]+(个|单)/;

/** Words of a general policy question ("一般几天发货", "运费谁出"). */
export const generalMarkers = /一般|通常|平时|默认|规则|政策|流程|怎么(申请|操作)|需要多久|谁(出|付|承担)|有没有运费险|哪家快递|什么快递/;

export const greetingPattern = /^(你好|您好|在吗|在不在|hi|hello|hey|哈喽|嗨|谢谢|多谢|感谢|好的|ok|嗯|拜拜|再见)[啊呀呢吗哦~!！。.?？\s]*$/;
