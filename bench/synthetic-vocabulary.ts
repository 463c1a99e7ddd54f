/**
 * Word lists the synthetic shop builds its catalogue from. Brand names are
 * invented. Titles combine a brand, one or two selling points, a product
 * word and a specification, so many titles share words the way real
 * listings do, and the content encoder has realistic work.
 */

export interface SubcategoryWords {
  name: string;
  /** Product words of this second-level category, e.g. 蓝牙耳机. */
  products: readonly string[];
}

export interface TopCategoryWords {
  name: string;
  brands: readonly string[];
  /** Selling points that go in front of the product word. */
  features: readonly string[];
  /** Sizes, colours and pack sizes that end a title. */
  specs: readonly string[];
  subcategories: readonly SubcategoryWords[];
  /** Typical price in yuan; each product varies around it. */
  basePrice: number;
  /** Consumables that shoppers buy again, so they may be recommended after a purchase. */
  repurchasable: boolean;
}

export const catalogueWords: readonly TopCategoryWords[] = [
  {
    name: '数码',
    brands: ['声屿', '极光数码', '闪充', '星岚', '墨石', '云栈'],
    features: ['快充', '无线', '轻薄', '大容量', '长续航', '防水', '便携', '低延迟'],
    specs: ['白色', '黑色', '64GB', '128GB', '10000mAh', '20000mAh', 'Type-C'],
    subcategories: [
      { name: '耳机', products: ['蓝牙耳机', '降噪耳机', '头戴式耳机', '运动耳机'] },
      { name: '手机配件', products: ['手机壳', '钢化膜', '数据线', '充电器'] },
      { name: '充电宝', products: ['充电宝', '移动电源', '磁吸充电宝'] },
      { name: '智能穿戴', products: ['智能手表', '运动手环', '儿童手表'] },
      { name: '电脑外设', products: ['无线鼠标', '机械键盘', '显示器支架', '鼠标垫'] },
      { name: '存储', products: ['U盘', '移动硬盘', '内存卡'] },
    ],
    basePrice: 150,
    repurchasable: false,
  },
  {
    name: '服饰',
    brands: ['棉语', '衣见', '南栀', '素野', '初禾', '拾光'],
    features: ['纯棉', '宽松', '修身', '加绒', '显瘦', '百搭', '透气', '韩版'],
    specs: ['S码', 'M码', 'L码', 'XL码', '白色', '黑色', '灰色', '藏青'],
    subcategories: [
      { name: '上衣', products: ['T恤', '衬衫', '针织衫', '卫衣'] },
      { name: '裤装', products: ['牛仔裤', '休闲裤', '阔腿裤', '运动裤'] },
      { name: '外套', products: ['羽绒服', '风衣', '夹克', '棉服'] },
      { name: '裙装', products: ['连衣裙', '半身裙', '吊带裙'] },
      { name: '内衣家居', products: ['睡衣', '保暖内衣', '家居服'] },
      { name: '鞋靴', products: ['运动鞋', '帆布鞋', '小白鞋', '雪地靴'] },
    ],
    basePrice: 120,
    repurchasable: false,
  },
  {
    name: '食品',
    brands: ['馋点', '山野集', '味小满', '谷丰', '茶语山', '鲜觅'],
    features: ['原味', '低糖', '无添加', '即食', '独立包装', '麻辣', '有机', '家庭装'],
    specs: ['500g', '1kg', '250ml', '12瓶装', '礼盒装', '30包'],
    subcategories: [
      { name: '零食', products: ['坚果', '牛肉干', '薯片', '饼干', '果干'] },
      { name: '饮料', products: ['矿泉水', '果汁', '气泡水', '酸奶'] },
      { name: '茶叶', products: ['绿茶', '红茶', '乌龙茶', '普洱茶'] },
      { name: '咖啡', products: ['挂耳咖啡', '速溶咖啡', '咖啡豆', '冷萃咖啡'] },
      { name: '粮油', products: ['大米', '食用油', '挂面', '杂粮'] },
      { name: '生鲜', products: ['牛排', '鸡胸肉', '三文鱼', '水果'] },
    ],
    basePrice: 45,
    repurchasable: true,
  },
  {
    name: '美妆',
    brands: ['花隐', '肌源', '澄颜', '露境', '朱砂记', '蔓芙'],
    features: ['保湿', '补水', '控油', '美白', '温和', '持久', '清爽', '敏感肌'],
    specs: ['30ml', '50ml', '100ml', '套装', '正红色', '豆沙色'],
    subcategories: [
      { name: '护肤', products: ['面霜', '精华液', '爽肤水', '乳液', '面膜'] },
      { name: '彩妆', products: ['口红', '粉底液', '眼影', '睫毛膏'] },
      { name: '防晒', products: ['防晒霜', '防晒喷雾'] },
      { name: '香水', products: ['淡香水', '香氛'] },
      { name: '美发', products: ['洗发水', '护发素', '发膜'] },
    ],
    basePrice: 130,
    repurchasable: true,
  },
  {
    name: '家居',
    brands: ['居简', '木木家', '暖巢', '净然', '宜居坊', '素舍'],
    features: ['加厚', '简约', '北欧风', '耐用', '可折叠', '抗菌', '大号', '家用'],
    specs: ['1.5米', '1.8米', '3件套', '5只装', '米白', '灰色'],
    subcategories: [
      { name: '床品', products: ['四件套', '枕头', '被子', '床垫'] },
      { name: '收纳', products: ['收纳箱', '衣架', '置物架', '收纳盒'] },
      { name: '厨具', products: ['炒锅', '保温杯', '刀具', '餐具套装'] },
      { name: '清洁', products: ['拖把', '垃圾袋', '抹布', '洗衣液'] },
      { name: '家纺', products: ['毛巾', '浴巾', '地毯', '窗帘'] },
    ],
    basePrice: 90,
    repurchasable: false,
  },
  {
    name: '母婴',
    brands: ['贝亲亲', '童趣岛', '小葵', '暖暖熊', '安宝', '萌芽'],
    features: ['婴儿', '柔软', '透气', '益智', '防胀气', '宝宝', '安全', '便携'],
    specs: ['1段', '2段', '3段', 'S号', 'M号', 'L号', '800g'],
    subcategories: [
      { name: '奶粉', products: ['婴儿奶粉', '羊奶粉'] },
      { name: '尿裤', products: ['纸尿裤', '拉拉裤'] },
      { name: '童装', products: ['儿童外套', '婴儿连体衣', '儿童睡衣'] },
      { name: '玩具', products: ['积木', '拼图', '毛绒玩具', '遥控车'] },
      { name: '喂养', products: ['奶瓶', '辅食机', '吸管杯'] },
    ],
    basePrice: 110,
    repurchasable: true,
  },
  {
    name: '运动',
    brands: ['跃动', '山行者', '迅风', '踏浪', '力岩', '野径'],
    features: ['专业', '防滑', '轻量', '耐磨', '防水', '透气', '加厚', '速干'],
    specs: ['6mm', '10mm', '5kg', '标准号', '双人', '黑色'],
    subcategories: [
      { name: '健身', products: ['瑜伽垫', '哑铃', '跳绳', '弹力带'] },
      { name: '户外', products: ['帐篷', '登山包', '冲锋衣', '睡袋'] },
      { name: '骑行', products: ['骑行头盔', '自行车灯', '骑行手套'] },
      { name: '球类', products: ['篮球', '足球', '羽毛球拍', '乒乓球拍'] },
      { name: '游泳', products: ['泳镜', '泳衣', '泳帽'] },
    ],
    basePrice: 140,
    repurchasable: false,
  },
  {
    name: '家电',
    brands: ['小熊窝', '美厨', '净界', '风尚电器', '暖立方', '智简'],
    features: ['智能', '静音', '变频', '家用', '小型', '大功率', '节能', '负离子'],
    specs: ['3L', '5L', '1级能效', '白色', '2000W', '10公斤'],
    subcategories: [
      { name: '厨房电器', products: ['电饭煲', '空气炸锅', '破壁机', '电水壶'] },
      { name: '生活电器', products: ['吸尘器', '加湿器', '电风扇', '取暖器'] },
      { name: '个护电器', products: ['电动牙刷', '吹风机', '剃须刀', '卷发棒'] },
      { name: '大家电', products: ['洗衣机', '冰箱', '空调', '电视'] },
    ],
    basePrice: 400,
    repurchasable: false,
  },
  {
    name: '宠物',
    brands: ['喵友', '汪星', '宠悦', '爪爪', '毛球家', '萌宠派'],
    features: ['成猫', '幼猫', '成犬', '低敏', '除臭', '无谷', '冻干', '大包装'],
    specs: ['2kg', '10kg', '6L', '24罐', '中型犬', '小型犬'],
    subcategories: [
      { name: '猫用品', products: ['猫粮', '猫砂', '猫抓板', '猫罐头'] },
      { name: '狗用品', products: ['狗粮', '狗绳', '狗窝', '磨牙棒'] },
      { name: '宠物清洁', products: ['宠物沐浴露', '宠物湿巾'] },
    ],
    basePrice: 80,
    repurchasable: true,
  },
  {
    name: '图书',
    brands: ['书山', '墨香阁', '知新', '启明', '青灯', '书语'],
    features: ['精装', '全彩', '注音版', '全套', '新版', '畅销', '经典', '平装'],
    specs: ['全3册', '全5册', '单本', '礼盒版'],
    subcategories: [
      { name: '童书', products: ['绘本', '科普读物', '故事书'] },
      { name: '文学', products: ['小说', '散文集', '诗集'] },
      { name: '教辅', products: ['练习册', '字帖', '词典'] },
      { name: '经管', products: ['管理学', '投资理财'] },
    ],
    basePrice: 50,
    repurchasable: false,
  },
  {
    name: '箱包',
    brands: ['行途', '旅人志', '简行', '锦囊', '皮匠', '远方'],
    features: ['大容量', '防水', '轻便', '真皮', '时尚', '商务', '简约', '耐磨'],
    specs: ['20寸', '24寸', '28寸', '黑色', '卡其色'],
    subcategories: [
      { name: '背包', products: ['双肩包', '电脑包', '书包'] },
      { name: '行李箱', products: ['拉杆箱', '旅行箱', '登机箱'] },
      { name: '女包', products: ['手提包', '斜挎包', '托特包'] },
      { name: '钱包', products: ['长款钱包', '卡包'] },
    ],
    basePrice: 200,
    repurchasable: false,
  },
  {
    name: '个护',
    brands: ['洁馨', '清沐', '柔肤', '白露', '舒心', '净佳'],
    features: ['清新', '温和', '美白', '亲肤', '家庭装', '无香', '抑菌', '超薄'],
    specs: ['3支装', '500ml', '1L', '12卷', '24包', '量贩装'],
    subcategories: [
      { name: '口腔护理', products: ['牙膏', '牙刷', '漱口水'] },
      { name: '身体护理', products: ['沐浴露', '身体乳', '洗手液'] },
      { name: '纸品', products: ['抽纸', '卷纸', '湿巾'] },
      { name: '女性护理', products: ['卫生巾', '护垫'] },
    ],
    basePrice: 40,
    repurchasable: true,
  },
];

/** Closing phrases of product descriptions. */
export const descriptionPhrases: readonly string[] = ['品质保障', '七天无理由退换', '现货速发', '新品上市', '官方正品', '限时优惠', '好评如潮', '顺丰包邮'];

export const cities: readonly string[] = ['上海', '北京', '广州', '深圳', '杭州', '成都', '武汉', '南京', '西安', '重庆', '苏州', '长沙'];
