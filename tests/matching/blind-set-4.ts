/**
 * A FOURTH BLIND evaluation set for the matching engine: one street (唐家墩街道) of 武汉市江汉区, around
 * (30.61, 114.26), with 10 communities, 22 stationed units, 51 resources and 90 needs (66 with an
 * answer, 24 that nothing fits or that only a radius- or window-broken resource would fit).
 *
 * It was written BLIND to the engine's vocabulary, before the engine was changed for issue 15, by a
 * helper who had not read the engine's dictionary: its author read only the input format
 * (workers/matching/types.ts), the LabelledSet type, the headers of holdout-set.ts and
 * blind-set-3.ts, the structure of tests/matching/evaluate.ts and of the quality test, and the
 * category labels the forms offer — not lexicon.ts / dictionary.ts / text.ts / score.ts /
 * taxonomy.ts / categorize.ts, and the engine was not run on this set while writing it. (The
 * items of labelled-set.ts were seen in passing, since the LabelledSet type lives in that file.)
 * Needs are situations in residents' words as passed on by community staff, 60–200 characters
 * (一天就对付一碗挂面, 想把房子留给小女儿, 楼道里插着充一夜, 一两岁的娃 vs 三点半放学 …), not
 * service names; resources use units' formal words.
 *
 * First-run figures, 2026-12-07 (engine before any issue-15 change; `npx vitest run
 * tests/unit/matching-quality.test.ts`, line [matching-blind-4]): top-1 0.500 (33/66), top-3 0.682
 * (45/66), MRR 0.586, assignment precision 0.651 (28/43), assignment coverage 0.424 (28/66),
 * nothing-fits needs given ≥ 0.5: 0.208 (5/24), 0 constraint violations.
 * This set must NEVER be tuned on: no word, phrase, id or sentence of it goes into the engine's
 * vocabulary, weights or thresholds, and its labels are not changed to suit the engine. It stays
 * the project's honest measure of generalisation, reported (not asserted) on every run of the
 * quality test beside the tuned streets.
 *
 * Labels are what a street official would accept, best first, honouring service radius, date
 * window and capacity. Comments mark the traps:
 *   - 干扰项: a resource sharing surface words with the need but wrong for it;
 *   - 半径: the best resource in meaning is out of its service radius for that community;
 *   - 时间: the best resource in meaning has a window that does not overlap the need's;
 *   - 容量: several needs compete for a capacity-1 resource (each lists it; only one can get it).
 * Distances here: 1° lat ≈ 111.2 km, 1° lng ≈ 95.7 km. Every radius trap misses by ≥ 0.2 km, every
 * labelled pair within radius has ≥ 0.2 km to spare, no community is within 0.2 km of any
 * resource's radius edge (checked with haversineKm from evaluate.ts when the set was written).
 * Dates are in 2027–2028. Categories are omitted on more than half of the items (set on 18 of 90
 * needs and 14 of 51 resources).
 */
import type { MatchingInput } from "#workers/matching/types";
import type { LabelledSet } from "./labelled-set";

const communities: MatchingInput["communities"] = [
  { id: "wc01", name: "青松社区", lat: 30.615, lng: 114.248 },
  { id: "wc02", name: "东方社区", lat: 30.61, lng: 114.255 },
  { id: "wc03", name: "新湾社区", lat: 30.605, lng: 114.262 },
  { id: "wc04", name: "西桥社区", lat: 30.62, lng: 114.256 },
  { id: "wc05", name: "复兴社区", lat: 30.601, lng: 114.25 },
  { id: "wc06", name: "红旗社区", lat: 30.618, lng: 114.265 },
  { id: "wc07", name: "华苑社区", lat: 30.608, lng: 114.242 },
  { id: "wc08", name: "建设社区", lat: 30.599, lng: 114.27 },
  { id: "wc09", name: "汉兴社区", lat: 30.624, lng: 114.246 },
  { id: "wc10", name: "金桥社区", lat: 30.612, lng: 114.274 },
];

const units: MatchingInput["units"] = [
  { id: "wu01", name: "唐家墩街社区卫生服务中心", lat: 30.611, lng: 114.252 },
  { id: "wu02", name: "武汉市第一医院", lat: 30.58, lng: 114.27 },
  { id: "wu03", name: "江汉区青松小学", lat: 30.616, lng: 114.25 },
  { id: "wu04", name: "江汉区新华路中学", lat: 30.606, lng: 114.258 },
  { id: "wu05", name: "建设银行江汉支行", lat: 30.609, lng: 114.26 },
  { id: "wu06", name: "湖北汉江律师事务所", lat: 30.613, lng: 114.262 },
  { id: "wu07", name: "武汉燃气集团江汉营业所", lat: 30.63, lng: 114.24 },
  { id: "wu08", name: "江汉区人力资源服务中心", lat: 30.603, lng: 114.265 },
  { id: "wu09", name: "唐家墩派出所", lat: 30.614, lng: 114.256 },
  { id: "wu10", name: "江汉区消防救援大队唐家墩站", lat: 30.607, lng: 114.248 },
  { id: "wu11", name: "心桥社会工作服务中心", lat: 30.619, lng: 114.26 },
  { id: "wu12", name: "乐龄居家养老服务中心", lat: 30.602, lng: 114.256 },
  { id: "wu13", name: "江汉区妇幼保健院", lat: 30.595, lng: 114.28 },
  { id: "wu14", name: "武汉城建物业服务有限公司", lat: 30.611, lng: 114.245 },
  { id: "wu15", name: "江汉区图书馆", lat: 30.59, lng: 114.26 },
  { id: "wu16", name: "国网武汉供电公司江汉供电服务中心", lat: 30.622, lng: 114.27 },
  { id: "wu17", name: "江汉区残疾人康复中心", lat: 30.592, lng: 114.25 },
  { id: "wu18", name: "武汉城市职业学院江汉培训基地", lat: 30.626, lng: 114.253 },
  { id: "wu19", name: "中百仓储唐家墩店", lat: 30.617, lng: 114.27 },
  { id: "wu20", name: "江汉公证处", lat: 30.6, lng: 114.275 },
  { id: "wu21", name: "江汉区中医医院", lat: 30.585, lng: 114.245 },
  { id: "wu22", name: "美的售后服务唐家墩网点", lat: 30.623, lng: 114.25 },
];

const resources: MatchingInput["resources"] = [
  // wu01 唐家墩街社区卫生服务中心
  {
    id: "wr001",
    unitId: "wu01",
    title: "家庭医生上门巡诊",
    description:
      "签约家庭医生团队对失能、半失能及长期卧床居民提供上门服务：测量血压血糖、伤口换药、更换导尿管和胃管、开具长期处方，每月至少上门一次。",
    capacity: 3,
    serviceRadiusKm: 1.8,
  },
  {
    id: "wr002",
    unitId: "wu01",
    title: "慢性病随访管理",
    description:
      "为辖区高血压、糖尿病患者建立健康档案，每季度随访一次，免费测量血压血糖，指导规范用药、控盐控糖和运动。",
    category: "医疗健康",
    capacity: 3,
  },
  {
    id: "wr003",
    unitId: "wu01",
    title: "0—6岁儿童健康管理",
    description:
      "新生儿出院后一周内入户访视，定期开展婴幼儿体格测量、生长发育评估和喂养指导，提醒家长按时带孩子预防接种。",
    capacity: 2,
  },
  // wu02 武汉市第一医院
  {
    id: "wr004",
    unitId: "wu02",
    title: "三甲医院专家社区义诊",
    description:
      "心血管内科、内分泌科、骨科、呼吸科专家每月一次到社区坐诊，解读检查报告，调整用药方案，必要时开具转诊绿色通道。",
    capacity: 2,
    startDate: "2027-03-01",
    endDate: "2028-12-31",
  },
  {
    id: "wr005",
    unitId: "wu02",
    title: "老年白内障免费筛查与复明手术",
    description: "为60岁以上低收入老人免费筛查白内障，符合条件者安排免费复明手术，医院派车往返接送。",
    capacity: 2,
    startDate: "2027-05-01",
    endDate: "2027-08-31",
  },
  {
    id: "wr006",
    unitId: "wu02",
    title: "急救知识普及培训",
    description: "急诊科医护人员携带模拟人到社区，教授心肺复苏、AED使用、气道异物梗阻急救及常见外伤止血包扎。",
    capacity: 2,
  },
  // wu03 江汉区青松小学
  {
    id: "wr007",
    unitId: "wu03",
    title: "课后服务“四点半课堂”",
    description: "学期内周一至周五放学后至18:00，组织作业辅导、阅读和体育活动，面向本校及周边社区的在读小学生。",
    category: "课后托管",
    capacity: 2,
    serviceRadiusKm: 2,
  },
  {
    id: "wr008",
    unitId: "wu03",
    title: "校园体育场地错时开放",
    description: "周末及法定节假日开放田径场和室内羽毛球馆，早7:00至晚8:00，居民凭身份证登记入校，可预约举办社区赛事。",
    capacity: 2,
    serviceRadiusKm: 2,
  },
  {
    id: "wr009",
    unitId: "wu03",
    title: "暑期爱心托管班",
    description: "暑假期间每周一至周五8:30—17:00，为小学一至五年级学生提供看护、作业辅导和兴趣课程，含午餐。",
    capacity: 2,
    startDate: "2027-07-05",
    endDate: "2027-08-25",
  },
  // wu04 江汉区新华路中学
  {
    id: "wr010",
    unitId: "wu04",
    title: "中学生志愿者学业辅导",
    description: "初高中学生志愿者每周六上午到社区活动室，为小学高年级和初中学生辅导数学、物理、英语。",
    capacity: 2,
  },
  {
    id: "wr011",
    unitId: "wu04",
    title: "学校礼堂借用",
    description: "礼堂可容纳500人，配备音响、投影和舞台灯光，周末及寒暑假可免费借给社区举办大型会议和文艺演出。",
    category: "阵地共享",
    capacity: 1,
  },
  // wu05 建设银行江汉支行
  {
    id: "wr012",
    unitId: "wu05",
    title: "防范电信网络诈骗宣讲",
    description:
      "结合真实案例讲解冒充公检法、冒充客服退款、刷单返利、养老投资、保健品推销等诈骗手法，现场演示如何开启转账保护。",
    category: "金融知识",
    capacity: 3,
  },
  {
    id: "wr013",
    unitId: "wu05",
    title: "特殊群体上门金融服务",
    description:
      "为高龄、失能、重病等无法到网点的客户上门办理社保卡激活、挂失补办、密码重置、养老金资格认证及账户业务。",
    capacity: 2,
    serviceRadiusKm: 3,
  },
  {
    id: "wr014",
    unitId: "wu05",
    title: "青少年财商启蒙课堂",
    description: "面向小学高年级和初中学生，介绍货币、储蓄、理性消费和网络支付安全，每期90分钟。",
    capacity: 1,
  },
  {
    id: "wr015",
    unitId: "wu05",
    title: "党建共建主题党日活动",
    description:
      "支行党委与社区党组织结对共建，联合开展主题党日、党课学习，提供车辆组织参观八七会议会址等红色教育基地。",
    category: "党员教育",
    capacity: 2,
  },
  // wu06 湖北汉江律师事务所
  {
    id: "wr016",
    unitId: "wu06",
    title: "社区法律顾问驻点服务",
    description:
      "执业律师每月两次到社区坐班，提供婚姻家庭、遗嘱继承、房屋买卖租赁、民间借贷与债务纠纷等法律咨询，免费代写法律文书。",
    capacity: 3,
  },
  {
    id: "wr017",
    unitId: "wu06",
    title: "劳动争议法律援助",
    description: "为农民工及低收入劳动者提供欠薪追讨、劳动仲裁、工伤认定的法律援助和代理服务。",
    capacity: 2,
  },
  // wu07 武汉燃气集团江汉营业所
  {
    id: "wr018",
    unitId: "wu07",
    title: "燃气入户安全检查",
    description:
      "上门检查燃气表、户内管道和灶具连接软管，检测泄漏，免费将老化橡胶软管更换为不锈钢波纹管，指导安装燃气报警器。",
    capacity: 3,
    serviceRadiusKm: 3,
  },
  {
    id: "wr019",
    unitId: "wu07",
    title: "燃气安全宣传进社区",
    description: "讲解燃气泄漏的识别与应急处置、安全用气常识和燃气费缴纳方式，发放宣传资料。",
    capacity: 2,
  },
  // wu08 江汉区人力资源服务中心
  {
    id: "wr020",
    unitId: "wu08",
    title: "社区就业专场招聘",
    description: "组织辖区企业进社区招聘保洁、保安、家政、商超理货、网约配送等岗位，现场登记求职意向并推荐面试。",
    category: "就业创业",
    capacity: 3,
  },
  {
    id: "wr021",
    unitId: "wu08",
    title: "创业担保贷款及创业补贴申办",
    description:
      "为有创业意愿的失业人员、退役军人、返乡人员办理创业担保贷款（个人最高30万元，财政贴息）和一次性创业补贴。",
    capacity: 2,
  },
  {
    id: "wr022",
    unitId: "wu08",
    title: "职业技能补贴性培训",
    description: "春季开班，项目包括育婴员、养老护理员、中式面点师、电工，培训合格可领取职业技能等级证书和培训补贴。",
    capacity: 2,
    startDate: "2027-03-01",
    endDate: "2027-06-30",
  },
  // wu09 唐家墩派出所
  {
    id: "wr023",
    unitId: "wu09",
    title: "社区民警矛盾纠纷调解",
    description: "社区民警联合人民调解员，调解邻里之间的噪音、宠物扰民、漏水、占道等纠纷，必要时依法处置。",
    capacity: 2,
  },
  {
    id: "wr024",
    unitId: "wu09",
    title: "电动自行车防盗登记",
    description: "为居民电动自行车免费登记上牌、安装防盗定位芯片，车辆丢失后协助查找。",
    capacity: 2,
  },
  // wu10 江汉区消防救援大队唐家墩站
  {
    id: "wr025",
    unitId: "wu10",
    title: "消防安全宣传与疏散演练",
    description:
      "消防员进社区讲解电动自行车违规充电、私拉电线、堵塞楼道等火灾隐患，教授灭火器使用，组织居民疏散逃生演练。",
    category: "安全宣传",
    capacity: 3,
  },
  {
    id: "wr026",
    unitId: "wu10",
    title: "消防站开放日",
    description: "每月最后一个周六对外开放，中小学生可参观消防车辆器材、体验穿戴消防服。",
    capacity: 1,
  },
  // wu11 心桥社会工作服务中心
  {
    id: "wr027",
    unitId: "wu11",
    title: "独居老人关爱探访",
    description: "社工和志愿者每周上门探访独居、空巢老人，陪伴聊天、读报，帮助代购代办，发现异常及时联系家属和社区。",
    capacity: 3,
  },
  {
    id: "wr028",
    unitId: "wu11",
    title: "心理咨询与危机干预",
    description: "国家二级心理咨询师提供个体心理咨询，服务对象包括丧亲、抑郁焦虑、青少年厌学及亲子冲突家庭。",
    category: "心理疏导",
    capacity: 2,
  },
  {
    id: "wr029",
    unitId: "wu11",
    title: "困境儿童关爱服务",
    description: "为留守、单亲、重病重残家庭的在读儿童提供一对一结对陪伴、学业关注和助学金链接。",
    capacity: 2,
  },
  // wu12 乐龄居家养老服务中心
  {
    id: "wr030",
    unitId: "wu12",
    title: "长者食堂助餐配送",
    description: "为60岁以上老人提供营养午餐和晚餐，行动不便的高龄、独居老人可送餐上门，符合条件者享受助餐补贴。",
    category: "助餐",
    capacity: 3,
    serviceRadiusKm: 2.3,
  },
  {
    id: "wr031",
    unitId: "wu12",
    title: "上门助浴服务",
    description: "助浴车和专业护理员上门，为失能、半失能老人提供洗澡、洗头、修剪指甲服务，每次约1小时。",
    capacity: 1,
    serviceRadiusKm: 1.1,
  },
  {
    id: "wr032",
    unitId: "wu12",
    title: "失能老人喘息服务",
    description: "失能老人可短期入住本中心照护床位7至15天，由护理员24小时照护，让长期照护的家属得到休息。",
    capacity: 1,
  },
  {
    id: "wr033",
    unitId: "wu12",
    title: "认知障碍老人防走失服务",
    description: "为患有认知障碍（老年痴呆）的老人免费发放定位手环和防走失卡片，培训家属照护技巧。",
    capacity: 2,
  },
  // wu13 江汉区妇幼保健院
  {
    id: "wr034",
    unitId: "wu13",
    title: "孕产妇及婴幼儿保健讲座",
    description: "讲授孕期保健、母乳喂养、辅食添加、婴幼儿常见病护理和意外伤害预防，可进社区开展。",
    capacity: 2,
  },
  {
    id: "wr035",
    unitId: "wu13",
    title: "0—3岁婴幼儿早期发展指导",
    description: "专业育婴指导师入户或在社区开展亲子游戏和早期发展评估，指导家长科学养育，面向0至3岁婴幼儿家庭。",
    capacity: 2,
    serviceRadiusKm: 2.5,
  },
  // wu14 武汉城建物业服务有限公司
  {
    id: "wr036",
    unitId: "wu14",
    title: "老旧小区公共设施维修",
    description:
      "承接老旧小区公共部位维修：楼道灯、单元门禁、雨水管和下水主管道疏通、公共区域破损路面修补（不含电梯维保）。",
    category: "设施维修",
    capacity: 3,
    serviceRadiusKm: 2.3,
  },
  {
    id: "wr037",
    unitId: "wu14",
    title: "楼道清理与大件垃圾清运",
    description: "组织保洁人员清理楼道堆积杂物、清运废旧家具等大件垃圾，清除小广告，整治卫生死角。",
    capacity: 2,
  },
  // wu15 江汉区图书馆
  {
    id: "wr038",
    unitId: "wu15",
    title: "流动图书服务点",
    description: "在社区设立流动图书服务点，每批配送图书500册，每季度轮换，含少儿读物和大字版图书。",
    capacity: 2,
  },
  {
    id: "wr039",
    unitId: "wu15",
    title: "老年人数字技能课堂",
    description: "在图书馆和社区开展智能手机课程：微信视频、移动支付、网上预约挂号、查询社保医保。",
    category: "数字技能",
    capacity: 2,
  },
  // wu16 国网武汉供电公司江汉供电服务中心
  {
    id: "wr040",
    unitId: "wu16",
    title: "老旧小区用电安全隐患排查",
    description: "电力党员服务队上门排查楼道电表箱、入户线路老化和私拉乱接问题，更换老化开关插座，讲解安全用电。",
    capacity: 2,
    serviceRadiusKm: 2.8,
  },
  {
    id: "wr041",
    unitId: "wu16",
    title: "电动自行车集中充电设施捐建",
    description: "为老旧小区捐建电动自行车集中停放充电棚，配套智能充电桩（充满自动断电），解决居民充电难。",
    capacity: 1,
  },
  // wu17 江汉区残疾人康复中心
  {
    id: "wr042",
    unitId: "wu17",
    title: "辅助器具评估与免费借用",
    description: "为残疾人和失能老人评估适配轮椅、助行器、坐便椅、护理床，可免费借用，轮椅损坏可免费维修。",
    category: "助残",
    capacity: 2,
  },
  {
    id: "wr043",
    unitId: "wu17",
    title: "残疾儿童康复训练",
    description: "为0至14岁孤独症、脑瘫、智力障碍及听力障碍儿童提供康复训练，符合条件者享受康复救助。",
    capacity: 1,
  },
  // wu18 武汉城市职业学院江汉培训基地
  {
    id: "wr044",
    unitId: "wu18",
    title: "学生志愿者便民服务日",
    description: "每月第二个周六，学生志愿者到社区提供小家电维修、义务理发、磨刀、手机贴膜等便民服务。",
    capacity: 2,
    serviceRadiusKm: 2,
  },
  {
    id: "wr045",
    unitId: "wu18",
    title: "老年大学书画课程",
    description: "开设书法、国画课程，每周一次，由专业教师授课，免费提供笔墨纸砚。",
    category: "文体活动",
    capacity: 2,
  },
  // wu19 中百仓储唐家墩店
  {
    id: "wr046",
    unitId: "wu19",
    title: "春节困难群众慰问物资",
    description: "春节前向社区低保、特困、残疾人家庭捐赠米、面、油、牛奶等慰问物资，每户价值约200元。",
    capacity: 2,
    startDate: "2028-01-10",
    endDate: "2028-02-05",
  },
  {
    id: "wr047",
    unitId: "wu19",
    title: "临期食品爱心捐赠",
    description: "每周将保质期内的临期面包、牛奶、蔬果捐给社区，分发给低保和困难家庭。",
    capacity: 2,
  },
  // wu20 江汉公证处
  {
    id: "wr048",
    unitId: "wu20",
    title: "遗嘱及继承公证上门服务",
    description: "为高龄、行动不便的老人上门办理遗嘱公证，提供继承权公证、房产过户所需公证咨询，对困难群众减免费用。",
    category: "法律服务",
    capacity: 2,
    serviceRadiusKm: 2.65,
  },
  // wu21 江汉区中医医院
  {
    id: "wr049",
    unitId: "wu21",
    title: "中医适宜技术进社区",
    description: "中医师到社区开展针灸、推拿、艾灸、拔罐，缓解颈肩腰腿痛，每两周一次。",
    capacity: 2,
    serviceRadiusKm: 2.3,
  },
  {
    id: "wr050",
    unitId: "wu21",
    title: "冬病夏治三伏贴",
    description: "三伏天为慢性支气管炎、哮喘、老寒腿患者贴敷三伏贴，可在社区设贴敷点。",
    capacity: 2,
    startDate: "2027-07-10",
    endDate: "2027-08-20",
  },
  // wu22 美的售后服务唐家墩网点
  {
    id: "wr051",
    unitId: "wu22",
    title: "家电免费清洗检测",
    description: "为社区老人免费清洗空调、洗衣机、油烟机，检测家电安全，小故障免费维修，仅收配件费。",
    capacity: 2,
    serviceRadiusKm: 2.1,
  },
];

const needs: MatchingInput["needs"] = [
  // ---- wc01 青松社区 ----
  {
    id: "wn001",
    communityId: "wc01",
    title: "王爹爹一天就对付一碗挂面",
    description:
      "网格员反映，12栋的王爹爹八十三了，老伴前年走了，儿子在深圳。他说一个人做饭没意思，一天就下一碗挂面对付，有时候连菜都不放，这半年人瘦了一圈，想问问有没有地方能让他天天吃上口热乎饭。",
    // 干扰项: wr027 关爱探访、wr047 临期食品捐赠（都沾“老人”“吃”，但要的是每天的饭）
  },
  {
    id: "wn002",
    communityId: "wc01",
    title: "李婆婆想把房子留给照顾她的小女儿",
    description:
      "李婆婆来社区说，她名下有套房子，想百年之后留给一直照顾她的小女儿，怕到时候几个儿子不认账。她问要怎么写、写了算不算数、要不要找人作证。她腿不好，来回跑不了几趟。",
    // 半径: wr048 遗嘱公证上门离本社区约3.1 km，超出2.65 km；律师 wr016 可以代书遗嘱
  },
  {
    id: "wn003",
    communityId: "wc01",
    title: "楼道里一排电瓶车插着充一夜",
    description:
      "3栋一楼楼道里天天停着五六辆电瓶车，有人从家里拉根插线板下来，晚上就插着充一夜。上个月有辆车的电瓶冒了烟，幸亏邻居发现得早。跟他们说了几次，都说小区里没地方充。",
    // 容量: wr041 充电设施捐建只有1处，wn046 也要；干扰项: wr024 电动自行车防盗登记
  },
  {
    id: "wn004",
    communityId: "wc01",
    title: "一两岁的娃不肯吃饭、晚上总哭",
    description:
      "小区里新搬来几户年轻父母，孩子都是一两岁，老人不在身边。宝宝不肯吃饭、晚上总哭、说话晚，妈妈们在群里问来问去，越问越焦虑，想有懂行的人来讲讲到底该怎么喂、怎么带。",
    // 半径: wr035 婴幼儿早期发展指导离本社区约3.8 km；干扰项: wr007 四点半课堂、wr009 暑期托管（都是小学生）
  },
  {
    id: "wn005",
    communityId: "wc01",
    title: "羽毛球队没个像样的地方打",
    description:
      "社区有个羽毛球爱好者群，四十多个人，平时在小区空地上拉根绳子打，风一吹球就飘，晚上还被楼上居民投诉。听说旁边小学有个室内馆，周末空着，想问能不能让居民进去打。",
    category: "阵地共享",
    // 干扰项: wr011 学校礼堂借用
  },
  {
    id: "wn006",
    communityId: "wc01",
    title: "老人腰背疼，想做做推拿拔罐",
    description:
      "好几个老人腰背疼得直不起来，去医院看过，片子也拍了，医生说就是老劳损，让多做理疗。老人们想请会推拿、拔火罐的师傅来社区，比去医院排一上午队强。",
    // 半径: wr049 中医适宜技术离本社区约3.4 km，超出2.3 km；干扰项: wr004 专家义诊（骨科，但已确诊，要的是理疗）
  },
  {
    id: "wn007",
    communityId: "wc01",
    title: "小区流浪猫越来越多",
    description:
      "小区里流浪猫一年多了二三十只，有人喂有人嫌，半夜叫得人睡不着，上个月还有小孩被抓伤去打了针。有居民想给猫做绝育，又不知道找谁，也没这笔钱。",
  },
  {
    id: "wn008",
    communityId: "wc01",
    title: "楼上楼下为漏水吵了好几回",
    description:
      "5栋两户人家，楼上卫生间漏水把楼下天花板泡坏了，楼上说不是他家的问题，不让进门看。两家在楼道里吵了好几回，楼下老爷子气得血压都上来了，想找个说话有分量的人来评评理。",
    // 干扰项: wr036 公共设施维修（漏在户内，要的是调解）
  },
  {
    id: "wn009",
    communityId: "wc01",
    title: "老人家的洗衣机渗水、空调一股霉味",
    description:
      "几户老人家里的洗衣机一洗衣服就往外渗水，空调开起来一股霉味，好几年没洗过。请人上门一次就要一两百，老人舍不得，就这么凑合用着。",
  },
  // ---- wc02 东方社区 ----
  {
    id: "wn010",
    communityId: "wc02",
    title: "老伴瘫了三年，没正经洗过一回澡",
    description:
      "刘阿姨的老伴中风瘫在床上三年了，她六十多岁，一个人翻不动他，只能拿毛巾擦擦。家里卫生间窄，淋浴那块站不下两个人，天一热身上就有味，老伴自己也觉得难为情。",
    // 容量: wr031 上门助浴只剩1个名额，wn019 也要
  },
  {
    id: "wn011",
    communityId: "wc02",
    title: "张爹爹想趁脑子清楚把家产安排好",
    description:
      "退休教师张爹爹八十多了，三个子女关系不太好。他想趁自己脑子还清楚，把房子和存款怎么分写清楚，最好是有法律效力、以后谁也推翻不了的那种。他走路要拄拐，出不了远门。",
    category: "法律服务",
  },
  {
    id: "wn012",
    communityId: "wc02",
    title: "手机上借了几千块，滚成了三万多",
    description:
      "一个三十出头的居民在手机上借了几千块，说是利息不高，结果半年滚到三万多。现在催债的电话打到他父母和同事那里，还把他的照片P了发到群里。他不知道这钱到底该不该还，来社区问该怎么办。",
  },
  {
    id: "wn013",
    communityId: "wc02",
    title: "小学放学到下班这段空档没人管",
    description:
      "社区双职工家庭多，小学三点半就放学了，家长六点多才下班。孩子要么在小区里晃，要么一个人在家看手机。有几个家长轮流接，也撑不了多久。",
    // 干扰项: wr035 婴幼儿早期发展指导（0至3岁）、wr009 暑期托管（只在暑假）
  },
  {
    id: "wn014",
    communityId: "wc02",
    title: "周奶奶摔了一跤后不敢下楼",
    description:
      "周奶奶去年冬天在小区摔了一跤，骨头没事，但从那以后就不敢下楼了，整天在家坐着。医生说她要多走动，可以扶个带轮子的架子走。家里条件一般，不想花几百块去买。",
  },
  {
    id: "wn015",
    communityId: "wc02",
    title: "单元门一推就开，夜里有生人进来",
    description:
      "2栋的单元门禁坏了一个多月，门一推就开，晚上常有不认识的人进来睡在楼梯间，还有人挨家挨户塞小卡片。老人都不敢开门，问了一圈，说是老小区没人管。",
    // 干扰项: wr024 电动自行车防盗登记（派出所，但不修门）
  },
  {
    id: "wn016",
    communityId: "wc02",
    title: "大龄青年的终身大事",
    description:
      "社区里三十多岁还没对象的年轻人不少，父母着急，天天到社区打听。社区想办个交友联谊活动，可是没有会张罗这种活动的人，也怕办了没人来。",
  },
  {
    id: "wn017",
    communityId: "wc02",
    title: "几个大姐想学当月嫂",
    description:
      "小区有几个四十来岁的大姐，孩子大了想出去挣钱，听说月嫂、育婴师工资高，想今年秋天学起来，有个证好找活。她们问有没有不要钱或者有补贴的培训班。",
    category: "就业创业",
    startDate: "2027-09-01",
    endDate: "2027-12-31",
    // 时间: wr022 职业技能补贴培训是春季班（3—6月）；干扰项: wr020 招聘会（要的是培训）、wr034 婴幼儿保健讲座
  },
  {
    id: "wn018",
    communityId: "wc02",
    title: "一开空调就跳闸，墙里的线发烫",
    description:
      "7栋是八十年代的老房子，电线还是铝芯的。现在家家有空调、电热水器，夏天一开就跳闸，有一户墙里的线都发烫了，一股焦糊味，大家都不敢用大功率电器。",
  },
  // ---- wc03 新湾社区 ----
  {
    id: "wn019",
    communityId: "wc03",
    title: "九十岁的老母亲两个多月没洗澡",
    description:
      "陈师傅的母亲九十岁了，半边身子不能动。陈师傅自己也六十多、腰不好，给老人洗一次澡要折腾一个多钟头，上次差点两个人一起滑倒，老人已经两个多月没洗过澡了。",
    // 容量: wr031 上门助浴只剩1个名额，wn010 也要
  },
  {
    id: "wn020",
    communityId: "wc03",
    title: "平房老人的气罐管子开裂",
    description:
      "新湾还有一片平房，十几户老人在用液化气罐烧饭，连灶的橡胶管子发硬开裂，有的拿胶布缠着用。上个月有户人家闻到气味，吓得半夜跑出来。想请燃气公司的人来挨家看看、换换管子。",
    // 半径: wr018 燃气入户安全检查离本社区约3.5 km，超出3 km；干扰项: wr019 燃气安全宣传（要的是上门换管）
  },
  {
    id: "wn021",
    communityId: "wc03",
    title: "初二孩子一个月没去学校",
    description:
      "初二的孩子开学一个月没去学校，整天关在房里打游戏，饭端进去吃，跟父母一句话不说，妈妈一劝他就砸东西。班主任来过两次也没用，家里人愁得不行。",
    // 干扰项: wr010 学业辅导、wr014 青少年财商课
  },
  {
    id: "wn022",
    communityId: "wc03",
    title: "电饭煲电风扇坏了没处修",
    description:
      "社区老人多，电饭煲不跳档、电风扇不转、收音机没声音，这些小东西拿出去修，人家说不值当修叫你买新的。老人舍不得扔，堆在家里，想请人来社区摆个摊帮忙修修。",
    // 半径: wr044 学生志愿者便民服务离本社区约2.5 km，超出2 km；wr051 家电清洗检测约2.3 km，超出2.1 km
  },
  {
    id: "wn023",
    communityId: "wc03",
    title: "新手妈妈半夜抱着娃往医院跑",
    description:
      "社区今年新出生了二十多个宝宝，好多是头胎。妈妈们不知道几个月该打什么针、打完发烧怎么办、奶粉怎么冲，半夜孩子一哭就往医院跑，想有专业的人定期来看看、讲讲。",
    // 干扰项: wr007 四点半课堂（小学生）
  },
  {
    id: "wn024",
    communityId: "wc03",
    title: "广场上大爷倒地，一圈人只会打120",
    description:
      "上周跳广场舞的时候，一个大爷突然倒在地上，脸都紫了，一圈人围着只会打120。救护车来了说耽误了好几分钟。舞蹈队的人都吓坏了，说自己也该学学这种时候怎么办。",
    // 干扰项: wr025 消防宣传（教的是灭火和逃生）
  },
  {
    id: "wn025",
    communityId: "wc03",
    title: "赵爹爹出门买菜就找不着家",
    description:
      "14栋的赵爹爹最近糊涂得厉害，上个月出门买菜，走到汉西路就不知道自己是谁了，家里人找了一整夜。现在家里人不敢让他出门，可他天天闹着要下楼。",
    // 干扰项: wr027 关爱探访
  },
  {
    id: "wn026",
    communityId: "wc03",
    title: "一楼厨房地漏往上冒黑水",
    description:
      "9栋一楼这家厨房地漏往上冒黑水，一股臭味，楼上一用水就更严重。找人通了两回，过几天又堵，说是整栋楼的主管子堵了，得有人来统一弄。",
    category: "设施维修",
  },
  {
    id: "wn027",
    communityId: "wc03",
    title: "一入冬老人膝盖疼，想贴贴膏药",
    description:
      "一入冬，社区好多老人的膝盖、腰就疼，走路都打弯。有老人说以前在老家贴过那种中药膏，贴几回就好些，想问问能不能请中医来社区给大家贴一贴、灸一灸。",
    startDate: "2027-12-01",
    endDate: "2028-01-31",
    // 时间: wr050 三伏贴只在三伏天；半径: wr049 中医适宜技术离本社区约2.8 km，超出2.3 km
  },
  // ---- wc04 西桥社区 ----
  {
    id: "wn028",
    communityId: "wc04",
    title: "母亲走了没留话，老房子兄妹扯皮",
    description:
      "居民老杨的母亲去年过世，没留遗嘱，留下一套老房子。兄妹四个有的要卖、有的要住，小妹在国外回不来签字，去房管局办过户说材料不齐。一家人为这事已经大半年不来往了。",
    // 半径: wr048 继承公证离本社区约2.9 km，超出2.65 km
  },
  {
    id: "wn029",
    communityId: "wc04",
    title: "周爹爹好几天没跟人说过话",
    description:
      "周爹爹老伴走了以后一个人住，儿女一年回来一次。他以前爱下棋，现在楼下也不去了。网格员敲门，他说好几天没跟人说过一句话，电视开着也不看。",
  },
  {
    id: "wn030",
    communityId: "wc04",
    title: "年底开大会加演出，几百人没处坐",
    description:
      "年底要开居民代表大会，再加一场迎新年文艺演出，算下来要坐三四百人。社区活动室只能坐四十个人，去年是在小区空地上搭棚子，冻得大家直跺脚。",
    startDate: "2027-12-15",
    endDate: "2028-01-20",
    // 容量: wr011 礼堂只能借1次，wn083 也要；干扰项: wr008 运动场地开放
  },
  {
    id: "wn031",
    communityId: "wc04",
    title: "老人差点把退休金转给“快递理赔”",
    description:
      "有个老人接到电话，说是快递丢了要理赔，让他下个软件开共享屏幕，差点把退休金转走，还好银行柜员拦了下来。社区里这种事不少，想请懂行的人来给大家讲讲这些套路。",
  },
  {
    id: "wn032",
    communityId: "wc04",
    title: "换一次尿管就得叫一回救护车",
    description:
      "孙奶奶瘫痪在床，插着导尿管，每个月要换一次。每次都得叫救护车拉到医院，来回几百块，老人折腾一趟要缓好几天。家属问医生能不能上门来换。",
    category: "医疗健康",
    // 干扰项: wr042 辅助器具（护理床），wr031 助浴
  },
  {
    id: "wn033",
    communityId: "wc04",
    title: "几个年轻人想合伙开早餐店",
    description:
      "几个失业的年轻人想合伙在路口开个早餐店，摊位都看好了，就差本钱，问了银行说没抵押贷不了。他们想知道政府有没有扶持创业的贷款或者补贴。",
    // 干扰项: wr020 招聘会、wr022 技能培训（面点师）
  },
  {
    id: "wn034",
    communityId: "wc04",
    title: "香樟树枝伸进了三楼窗户",
    description:
      "小区里的香樟树二十多年没修过，枝子伸到三楼窗户里，屋里白天也要开灯，一下雨树叶堵住排水沟，夏天虫子往屋里爬。居民自己不敢剪，说是要园林部门批。",
    // 干扰项: wr036 公共设施维修（疏通管道，不修树）
  },
  {
    id: "wn035",
    communityId: "wc04",
    title: "奶奶在挂号窗口急得直哭",
    description:
      "现在医院都要在手机上预约，菜市场也让扫码，社区好多老人只会接电话。上次一个奶奶在医院窗口排了一上午，人家让她回去用手机挂号，她急得直哭。",
    // 干扰项: wr004 专家义诊（“医院”“挂号”）
  },
  {
    id: "wn036",
    communityId: "wc04",
    title: "车库改的麻将馆吵到半夜",
    description:
      "一楼有户人家把车库改成了麻将馆，每天打到半夜一两点，洗牌声、吵架声楼上都听得清清楚楚。楼上有个高三的孩子，快被吵疯了，去敲门说过几回，人家根本不理。",
  },
  // ---- wc05 复兴社区 ----
  {
    id: "wn037",
    communityId: "wc05",
    title: "纺织厂退休的老人颈椎腰椎疼",
    description:
      "社区里很多老人是纺织厂退休的，颈椎腰椎都不好，天一变就疼得抬不起胳膊。医院也看过，说是老毛病，让多做理疗。老人们想有中医师来社区扎扎针、推一推，比去医院排队强。",
    // 干扰项: wr004 专家义诊（骨科）
  },
  {
    id: "wn038",
    communityId: "wc05",
    title: "墙上明拉的电线，插座冒火花",
    description:
      "复兴老旧小区的电线都是几十年前的，有人家在墙上明拉了好多根线，插座烧黑了也照用。前几天一户人家插座冒火花，吓得拉了总闸。想请供电的专业人员挨家挨户查一查。",
    // 半径: wr040 用电安全隐患排查离本社区约3.0 km，超出2.8 km；干扰项: wr025 消防宣传（要的是上门排查）
  },
  {
    id: "wn039",
    communityId: "wc05",
    title: "单亲妈妈带两个孩子，校服钱都是借的",
    description:
      "社区有个单亲妈妈在超市做收银，一个人带两个上小学的孩子，房租就要去掉一半工资。孩子的校服钱、资料费都是借的，大的那个成绩下滑，老师说孩子在学校不爱说话。",
  },
  {
    id: "wn040",
    communityId: "wc05",
    title: "七一前后想带老党员出去看看",
    description:
      "社区党委有六十多名党员，大多是退休老党员，想在七一前后组织一次外出参观学习，去看看八七会议旧址、辛亥革命纪念馆，就是没车，也没人联系讲解。",
    startDate: "2027-06-01",
    endDate: "2027-07-15",
  },
  {
    id: "wn041",
    communityId: "wc05",
    title: "老两口手抖，炒菜锅都端不动",
    description:
      "82岁的吴奶奶和老伴都有手抖的毛病，切菜切到过手，炒菜锅也端不动。儿子每周末来送一次菜，平常两个人就吃馒头泡开水就咸菜，医生说老人营养不良。",
  },
  {
    id: "wn042",
    communityId: "wc05",
    title: "何婆婆想把婚前的房子留给亲生女儿",
    description:
      "何婆婆是二婚，跟老伴各有孩子，老伴前几年过世了。现在住的房子是她婚前买的，她想以后留给亲生女儿，又怕继子来闹。她问能不能现在就办个手续，把这事定下来。",
  },
  {
    id: "wn043",
    communityId: "wc05",
    title: "去年有孩子下江玩水出了事",
    description:
      "暑假快到了，去年附近有孩子去江边玩水出了事，家长们都想让孩子学会游泳，可是游泳馆一节课一百多，带着去也没时间。问社区能不能联系个地方组织孩子学游泳。",
    startDate: "2027-06-15",
    endDate: "2027-08-31",
    // 干扰项: wr009 暑期托管（看护，不教游泳）、wr008 运动场地开放（没有泳池）
  },
  {
    id: "wn044",
    communityId: "wc05",
    title: "商场关门后快一年没找到事",
    description:
      "复兴社区有不少人原来在商场做营业员，商场关门后快一年没找到事。有的五十出头，有的要接送孩子只能干半天，自己在网上找又怕被骗，想社区帮着牵个线。",
    // 干扰项: wr021 创业贷款
  },
  {
    id: "wn045",
    communityId: "wc05",
    title: "四岁男孩不看人，只会说几个字",
    description:
      "社区有个四岁男孩，到现在只会说几个字，不看人，医院诊断是孤独症。父母都在打零工，外面康复机构一个月要七八千，实在负担不起，听说有政府补贴的地方也不知道怎么申请。",
    category: "助残",
    // 容量: wr043 残疾儿童康复训练只有1个名额，wn064 也要；干扰项: wr028 心理咨询
  },
  // ---- wc06 红旗社区 ----
  {
    id: "wn046",
    communityId: "wc06",
    title: "车棚拆了，电线从窗户吊下来充车",
    description:
      "红旗社区的车棚拆了以后，大家的电动车没地方放，有的推进电梯带回家，有的从二楼窗户吊一根电线下来充。晚上小区里一排排线挂着，下雨天还在充，看着就吓人。",
    // 容量: wr041 充电设施只有1处，wn003 也要；干扰项: wr024 防盗登记
  },
  {
    id: "wn047",
    communityId: "wc06",
    title: "年底想去看看低保特困户",
    description:
      "辖区有三十来户低保、特困和重残家庭，每年年底社区都想去走访一趟，送点米面油和牛奶。今年社区经费紧，东西凑不齐，想找驻区单位一起搞。",
    category: "困难帮扶",
    startDate: "2028-01-05",
    endDate: "2028-02-03",
  },
  {
    id: "wn048",
    communityId: "wc06",
    title: "重阳节想给九十岁老人拜个节",
    description:
      "重阳节快到了，社区九十岁以上的老人有十二位，想上门给他们拜个节，送点牛奶、糕点表表心意，现在礼品还没着落，想问问有没有单位愿意出点东西。",
    startDate: "2027-10-01",
    endDate: "2027-10-20",
    // 时间: wr046 春节慰问物资在春节前；干扰项: wr047 临期食品（给困难家庭，不是节日慰问）
  },
  {
    id: "wn049",
    communityId: "wc06",
    title: "孩子们天天问消防车里有什么",
    description:
      "暑假社区办了个小学生兴趣班，孩子们对消防员特别好奇，天天问消防车里装的什么、水枪能喷多远。老师想带二十来个孩子去实地看一看、摸一摸，顺便学学怎么打119。",
    category: "安全宣传",
    startDate: "2027-07-10",
    endDate: "2027-08-20",
    // 干扰项: wr025 消防宣传（面向居民的隐患讲解）
  },
  {
    id: "wn050",
    communityId: "wc06",
    title: "楼道堆到转角，人要侧着身子过",
    description:
      "6栋楼道里堆的东西越来越多，捡来的纸箱、旧沙发、坏自行车，一层层堆到楼梯转角，人要侧着身子过。墙上贴满了通下水道、办证的小广告，味道也难闻。",
    category: "环境整治",
    // 干扰项: wr036 公共设施维修（“通下水道”）
  },
  {
    id: "wn051",
    communityId: "wc06",
    title: "脑瘫男孩长高了，轮椅坐不下",
    description:
      "12岁的脑瘫男孩长高了，原来的轮椅坐不下，腿只能蜷着，坐久了腰背疼。妈妈说新轮椅要两三千，家里给孩子做康复已经花了很多钱。",
    // 干扰项: wr043 残疾儿童康复训练（要的是轮椅）
  },
  {
    id: "wn052",
    communityId: "wc06",
    title: "老人眼睛像蒙了层雾",
    description:
      "好几个老人说眼睛像蒙了一层雾，看电视都是花的，有一位下楼踩空摔了。去医院查了说是白内障要做手术，一听要好几千就不做了。想问问入冬前后有没有免费做手术的机会。",
    startDate: "2027-10-01",
    endDate: "2027-12-31",
    // 时间: wr005 白内障复明手术只在5—8月；干扰项: wr004 专家义诊（没有眼科）
  },
  {
    id: "wn053",
    communityId: "wc06",
    title: "血压高了才吃药，不高就停",
    description:
      "社区有两百多个高血压老人，很多人血压高了才吃药，不高就停，有的还信保健品不吃药。社区医生来得少，老人量血压要排队，想有人定期来量一量、讲讲药到底该怎么吃。",
  },
  {
    id: "wn054",
    communityId: "wc06",
    title: "高层电梯一个月停好几回",
    description:
      "红旗社区的高层电梯用了快二十年，一个月停好几回，上周还把人关在里面半个钟头。住在十几楼的老人一停梯就下不了楼。维保公司说配件老化要大修，钱从哪出谁也说不清。",
    category: "设施维修",
    // 干扰项: wr036 公共设施维修（不含电梯）
  },
  // ---- wc07 华苑社区 ----
  {
    id: "wn055",
    communityId: "wc07",
    title: "五年级女孩一到校门口就肚子疼",
    description:
      "五年级的女孩在学校被几个同学孤立，还被起外号，最近早上一到校门口就说肚子疼，晚上做噩梦。妈妈不知道该找学校还是找谁，怕处理不好孩子更难受。",
    // 干扰项: wr010 学业辅导、wr029 困境儿童关爱（家庭不属困境）
  },
  {
    id: "wn056",
    communityId: "wc07",
    title: "灶台下的软管硬邦邦，厨房有臭鸡蛋味",
    description:
      "华苑小区好多人家的燃气灶用了十几年，点火的时候先“噗”一下，灶台下面那根黄色软管摸着硬邦邦的，厨房里时不时有股臭鸡蛋味。老人不敢细查，怕弄坏了。",
    // 干扰项: wr019 燃气安全宣传（要的是上门查、换管）
  },
  {
    id: "wn057",
    communityId: "wc07",
    title: "想给居民讲讲闻到煤气味该怎么办",
    description:
      "华苑去年有户人家闻到煤气味，第一反应是开灯找哪里漏，幸好没出事。社区想在居民大会上请专业的人讲一讲：闻到味了先做什么、不能做什么，报警器响了怎么办。",
    category: "安全宣传",
    // 干扰项: wr018 入户安全检查（要的是讲解）
  },
  {
    id: "wn058",
    communityId: "wc07",
    title: "小区主路上的坑摔了外卖小哥",
    description:
      "小区主路上好几个大坑，一下雨就积成水塘，晚上看不见，上周一个送外卖的连人带车摔进去了。老人推着轮椅、婴儿车也过不去，只能绕着走。",
  },
  {
    id: "wn059",
    communityId: "wc07",
    title: "书画小组自己练了几年没人指点",
    description:
      "华苑有个老年书画兴趣小组，十几个人，自己拿报纸练了好几年毛笔字，一直没人指点，写来写去还是那样。他们想请个正经老师来上上课，系统地学一学。",
  },
  {
    id: "wn060",
    communityId: "wc07",
    title: "舞蹈队想排节目参加区里比赛",
    description:
      "社区舞蹈队三十多个阿姨，跳来跳去就是那几支广场舞，想排个像样的节目参加区里比赛，缺个专业的舞蹈老师来编排、一个动作一个动作地教。",
    category: "文体活动",
    // 干扰项: wr045 老年大学书画课程、wr011 学校礼堂（要的是老师，不是场地）
  },
  {
    id: "wn061",
    communityId: "wc07",
    title: "外卖小哥坐在马路牙子上吃饭",
    description:
      "华苑附近外卖、快递小哥很多，中午高峰过后就坐在马路牙子上吃饭，下雨天躲在商铺屋檐下，手机也没地方充电。社区想给他们弄个能喝口热水、歇歇脚的地方。",
    // 干扰项: wr041 电动自行车充电设施、wr030 长者食堂（只对老人）
  },
  {
    id: "wn062",
    communityId: "wc07",
    title: "独居钱奶奶家冰箱不凉了",
    description:
      "独居的钱奶奶家冰箱用了十五年，最近冷藏室不凉，菜放两天就坏，油烟机也黏糊糊的转不动。她怕上门修理的乱收费，一直拖着，想找个靠得住的人来看看。",
    // 半径: wr044 学生志愿者便民服务离本社区约2.3 km，超出2 km
  },
  {
    id: "wn063",
    communityId: "wc07",
    title: "一岁的娃白天没人带",
    description:
      "华苑有不少双职工家庭，孩子刚满一岁，产假休完妈妈就得回去上班，老人身体又不好。附近的托育所一个月三四千，想问社区能不能找地方白天帮忙看一看孩子。",
    category: "课后托管",
    // 干扰项: wr007 四点半课堂（小学生）、wr009 暑期托管（小学生）；wr035 早期发展指导只做指导不看护，且离本社区约3.9 km
  },
  // ---- wc08 建设社区 ----
  {
    id: "wn064",
    communityId: "wc08",
    title: "三岁的脑瘫女孩还坐不稳",
    description:
      "建设社区有个三岁的脑瘫女孩，到现在还坐不稳，医生说要坚持做康复训练，越早越好。妈妈每天抱着她坐一个钟头公交去医院，自费项目太多，家里快撑不下去了。",
    // 容量: wr043 残疾儿童康复训练只有1个名额，wn045 也要；干扰项: wr042 辅助器具
  },
  {
    id: "wn065",
    communityId: "wc08",
    title: "严爹爹的褥疮隔天就要换药",
    description:
      "严爹爹脑梗后卧床一年多，屁股上长了褥疮，一直不好，要隔天换一次药。家里人不会弄，去医院又要叫车抬下楼，想请医生护士能上门来换药、看看。",
    // 半径: wr001 家庭医生上门巡诊离本社区约2.2 km，超出1.8 km；干扰项: wr042 辅助器具（护理床）
  },
  {
    id: "wn066",
    communityId: "wc08",
    title: "八个月的娃还不会爬",
    description:
      "社区有几户年轻父母，孩子七八个月了，家里老人带着，整天抱着或放在床上看手机视频。妈妈看到别的孩子会爬会扶站了，担心自家孩子发育慢，想有人教教在家怎么陪孩子玩、怎么练。",
    // 干扰项: wr043 残疾儿童康复训练
  },
  {
    id: "wn067",
    communityId: "wc08",
    title: "父亲走了，存款取不出来",
    description:
      "居民刘女士的父亲突然去世，银行卡里有十几万存款，银行说要办继承手续或者法院判决才能取，她哥哥在外地不配合。她不知道该准备哪些材料、要不要打官司。",
    // 干扰项: wr013 上门金融服务（银行，但办不了继承）
  },
  {
    id: "wn068",
    communityId: "wc08",
    title: "一插电磁炉，插座就啪啪冒火星",
    description:
      "建设二村的老房子，厨房插座一插电磁炉就啪啪冒火星，墙上的开关面板都烤黄了。几户老人说家里电线是当年自己找人拉的，也不知道哪根是哪根，想请专业的人来看看要不要换。",
    // 干扰项: wr051 家电清洗检测
  },
  {
    id: "wn069",
    communityId: "wc08",
    title: "婆婆点着点着手机就跑到别的页面",
    description:
      "建设社区的老人想在手机上跟孙子视频、给孙子发红包，家里年轻人教了两遍就不耐烦。有个婆婆说，她每次都是点着点着就不知道跑到哪个页面去了，只好关机重来。",
  },
  {
    id: "wn070",
    communityId: "wc08",
    title: "两支舞蹈队抢地方，音响一个比一个大",
    description:
      "建设社区广场每天晚上七点到十点跳广场舞，两个队抢地方，音响一个比一个开得大。临街的住户说关上窗都能听见，孩子没法写作业，已经有人往下面扔过水瓶。",
  },
  {
    id: "wn071",
    communityId: "wc08",
    title: "晚上车停满，救护车进不来",
    description:
      "建设社区是开放式老小区，没有地下车库，晚上车停得满满当当，消防通道都被堵了，上个月救护车进不来。居民想问能不能跟附近单位商量，晚上把他们的停车场借给居民停车。",
    category: "阵地共享",
    // 干扰项: wr008 校园运动场地开放、wr011 礼堂借用（都不是停车场）
  },
  {
    id: "wn072",
    communityId: "wc08",
    title: "三点半放学，家长在汉正街走不开",
    description:
      "建设社区离最近的小学要过两个红绿灯，家长大多在汉正街做生意，下午走不开。孩子三点半放学就在校门口等着，或者自己走回来，家长一直提心吊胆，想找个地方让孩子放学后待到家长来接。",
    // 半径: wr007 四点半课堂离本社区约2.7 km，超出2 km；干扰项: wr035 婴幼儿早期发展指导
  },
  // ---- wc09 汉兴社区 ----
  {
    id: "wn073",
    communityId: "wc09",
    title: "罗婆婆一锅稀饭吃三天",
    description:
      "汉兴的罗婆婆八十七岁，一个人住在六楼，腿脚不好很少下楼。邻居说她一锅稀饭要吃两三天，馊了也舍不得倒。她女儿想给她订餐，外卖又吃不惯，问社区有没有给老人送饭的。",
    category: "助餐",
    // 半径: wr030 长者食堂助餐配送离本社区约2.6 km，超出2.3 km；干扰项: wr027 关爱探访、wr047 临期食品
  },
  {
    id: "wn074",
    communityId: "wc09",
    title: "爹爹头发盖住耳朵，捂出了痱子",
    description:
      "社区有二十多个高龄老人常年不下楼，头发长了只能家里人随便剪剪，有个爹爹头发长得盖住耳朵，夏天捂出了痱子。楼下理发店说上门要加钱，还不一定有空。",
  },
  {
    id: "wn075",
    communityId: "wc09",
    title: "厨房老有股味，报警器不会装",
    description:
      "汉兴有几栋楼的燃气管子用了二十多年，居民说厨房里老有一股味，又找不到哪里漏。有户人家买了个报警器不会装，一直放在柜子里。想请燃气公司的人上门检一检。",
    // 干扰项: wr019 燃气安全宣传
  },
  {
    id: "wn076",
    communityId: "wc09",
    title: "天一冷，咳嗽发烧的老人就多了",
    description:
      "天一冷，社区里咳嗽发烧的老人就多起来，去年有两位老人得了肺炎住院。社区想组织六十岁以上的老人集中打一次流感疫苗，问问有没有医院能来社区设个点。",
    category: "医疗健康",
    startDate: "2027-10-01",
    endDate: "2027-11-30",
    // 干扰项: wr003 儿童健康管理（预防接种针对婴幼儿）、wr002 慢病随访
  },
  {
    id: "wn077",
    communityId: "wc09",
    title: "生完二胎整天哭，说活着没意思",
    description:
      "一位二胎妈妈生完孩子三个月，整天哭，不想抱孩子，跟丈夫说活着没意思。家里老人觉得是矫情，说坐月子都这样。邻居看着不对劲，悄悄来社区说了。",
    // 干扰项: wr034 孕产妇保健讲座、wr003 儿童健康管理
  },
  {
    id: "wn078",
    communityId: "wc09",
    title: "养生馆送鸡蛋，老爹爹把降压药停了",
    description:
      "汉兴小区门口最近开了一家养生馆，天天请老人免费量血压、领鸡蛋，然后卖几千块一盒的“特效药”。有个爹爹把降压药都停了，就吃那个，血压一下子高到一百九。",
  },
  {
    id: "wn079",
    communityId: "wc09",
    title: "随迁孩子数学英语跟不上",
    description:
      "汉兴有不少随迁子女，父母在附近菜场、工地干活，孩子上初一初二，数学英语跟不上，父母看不懂题也帮不了。孩子周末就在家玩手机，成绩越来越差。",
    // 干扰项: wr007 四点半课堂（小学生）、wr014 青少年财商课
  },
  {
    id: "wn080",
    communityId: "wc09",
    title: "书架买好了，就是没几本书",
    description:
      "汉兴社区活动室腾出了半间屋，书架买好了，就是没几本书，都是居民捐的旧杂志。老人想看大字的养生书，孩子想看绘本和漫画，大家都问什么时候能有书借。",
  },
  {
    id: "wn081",
    communityId: "wc09",
    title: "瘫在床上，养老金认证刷不了脸",
    description:
      "汉兴的王爹爹中风后一直躺在床上，今年养老金要做资格认证，手机刷脸他弄不了，银行卡密码也输错锁了，卡里的钱取不出来，儿女都在外地，干着急。",
    // 干扰项: wr039 数字技能课堂（老人下不了床）
  },
  // ---- wc10 金桥社区 ----
  {
    id: "wn082",
    communityId: "wc10",
    title: "陈阿姨要住院，失能的老伴交给谁",
    description:
      "金桥的陈阿姨一个人照顾失能的老伴六年了，白天黑夜离不开人，最近查出乳腺的问题要住院手术，儿子在国外回不来。她最放心不下的是她住院那十来天，老伴交给谁。",
    // 干扰项: wr027 关爱探访（每周探访，不能24小时照护）
  },
  {
    id: "wn083",
    communityId: "wc10",
    title: "迎新晚会排了十几个节目，没有舞台",
    description:
      "金桥社区想在元旦前后办一台邻里迎新晚会，居民自己排了十几个节目，合唱队、腰鼓队、小朋友的舞蹈都有，就是没有能坐几百人、带舞台音响的地方。",
    startDate: "2027-12-20",
    endDate: "2028-01-10",
    // 容量: wr011 礼堂只能借1次，wn030 也要
  },
  {
    id: "wn084",
    communityId: "wc10",
    title: "一个月丢了七八辆电动车",
    description:
      "金桥小区一个月丢了七八辆电动车，有的锁着也被撬了，车主都是送外卖、上下班要用的，丢一辆就是大半个月工资。监控坏了很久，大家想给车装个能定位的东西。",
    // 干扰项: wr041 充电设施捐建、wr025 消防宣传（都沾“电动自行车”）
  },
  {
    id: "wn085",
    communityId: "wc10",
    title: "一下大雨地下车库就进水",
    description:
      "金桥有栋楼的地下车库一下大雨就进水，去年淹了好几辆车，排水泵早就坏了，开发商早就不在了，物业说没钱修。一看天气预报说有暴雨，车主们就得半夜爬起来挪车。",
    // 半径: wr036 公共设施维修离本社区约2.8 km，超出2.3 km
  },
  {
    id: "wn086",
    communityId: "wc10",
    title: "五年级孩子偷偷给游戏充了三千",
    description:
      "金桥有家长发现上五年级的孩子偷偷用自己的手机给游戏充了三千多块，孩子觉得钱就是手机里的数字。好几个家长都有类似的烦恼，想让孩子懂点花钱的规矩。",
    // 干扰项: wr012 防诈骗宣讲、wr028 心理咨询
  },
  {
    id: "wn087",
    communityId: "wc10",
    title: "低保家庭的孩子长得瘦小",
    description:
      "金桥有十几户低保和重病家庭，钱基本花在看病上，平时很少买牛奶水果，孩子长得瘦小。社区想找个长期的渠道，隔三岔五给他们送点吃的。",
  },
  {
    id: "wn088",
    communityId: "wc10",
    title: "老慢支想趁夏天贴一贴",
    description:
      "金桥社区有不少老慢支、哮喘的老人，一到冬天就咳得整夜睡不着。听人说三伏天贴敷管用，想今年夏天在社区组织一批老人贴一贴，省得大热天跑医院排队。",
    category: "医疗健康",
    startDate: "2027-07-01",
    endDate: "2027-08-31",
  },
  {
    id: "wn089",
    communityId: "wc10",
    title: "灰扑扑的围墙想画成文化墙",
    description:
      "金桥社区的围墙灰扑扑的，还有很多乱涂乱画。社区想请人画一面文化墙，画点老汉口的街景，居民提了不少想法，就是没人会画，也没钱请画师。",
    // 干扰项: wr045 老年大学书画课程
  },
  {
    id: "wn090",
    communityId: "wc10",
    title: "寒假孩子一个人锁在家里",
    description:
      "金桥很多家长在附近商场上班，越到过年越忙，寒假一放孩子就一个人锁在家里，有的整天看电视，有的偷偷跑出去玩。家长想找个白天有人看着、能写写作业的地方。",
    category: "课后托管",
    startDate: "2028-01-20",
    endDate: "2028-02-25",
    // 时间: wr009 暑期托管只在暑假；半径: wr007 四点半课堂离本社区约2.3 km（且只在学期内）
  },
];

const expected: LabelledSet["expected"] = {
  wn001: ["wr030"],
  wn002: ["wr016"],
  wn003: ["wr041", "wr025", "wr040"],
  wn004: ["wr034", "wr003"],
  wn005: ["wr008"],
  wn008: ["wr023", "wr016"],
  wn009: ["wr051", "wr044"],
  wn010: ["wr031"],
  wn011: ["wr048", "wr016"],
  wn012: ["wr016"],
  wn013: ["wr007"],
  wn014: ["wr042"],
  wn015: ["wr036"],
  wn018: ["wr040"],
  wn019: ["wr031"],
  wn021: ["wr028"],
  wn023: ["wr003", "wr034"],
  wn024: ["wr006"],
  wn025: ["wr033"],
  wn026: ["wr036"],
  wn028: ["wr016"],
  wn029: ["wr027", "wr028"],
  wn030: ["wr011"],
  wn031: ["wr012"],
  wn032: ["wr001"],
  wn033: ["wr021"],
  wn035: ["wr039"],
  wn036: ["wr023"],
  wn037: ["wr049"],
  wn039: ["wr029"],
  wn040: ["wr015"],
  wn041: ["wr030"],
  wn042: ["wr048", "wr016"],
  wn044: ["wr020"],
  wn045: ["wr043"],
  wn046: ["wr041", "wr025", "wr040"],
  wn047: ["wr046", "wr047"],
  wn049: ["wr026"],
  wn050: ["wr037"],
  wn051: ["wr042"],
  wn053: ["wr002", "wr004"],
  wn055: ["wr028"],
  wn056: ["wr018"],
  wn057: ["wr019"],
  wn058: ["wr036"],
  wn059: ["wr045"],
  wn062: ["wr051"],
  wn064: ["wr043"],
  wn066: ["wr035", "wr003"],
  wn067: ["wr048", "wr016"],
  wn068: ["wr040"],
  wn069: ["wr039"],
  wn070: ["wr023"],
  wn074: ["wr044"],
  wn075: ["wr018"],
  wn077: ["wr028"],
  wn078: ["wr012", "wr002"],
  wn079: ["wr010"],
  wn080: ["wr038"],
  wn081: ["wr013"],
  wn082: ["wr032"],
  wn083: ["wr011"],
  wn084: ["wr024"],
  wn086: ["wr014"],
  wn087: ["wr047"],
  wn088: ["wr050"],
};

const unmatchable: LabelledSet["unmatchable"] = [
  // nothing in the set offers it at all
  "wn007", // 流浪猫绝育
  "wn016", // 青年交友联谊
  "wn034", // 修剪树木
  "wn043", // 教孩子游泳
  "wn054", // 电梯大修
  "wn060", // 舞蹈老师编排
  "wn061", // 骑手歇脚点
  "wn063", // 婴儿白天托育
  "wn071", // 借停车场
  "wn076", // 流感疫苗
  "wn089", // 画文化墙
  // the only fitting resource is out of radius
  "wn006", // wr049 中医理疗
  "wn020", // wr018 燃气入户检查
  "wn022", // wr044 / wr051 家电维修
  "wn038", // wr040 用电隐患排查
  "wn065", // wr001 上门换药
  "wn072", // wr007 课后服务
  "wn073", // wr030 助餐送餐
  "wn085", // wr036 公共设施维修
  // the only fitting resource is out of window (or out of window and radius)
  "wn017", // wr022 技能培训（春季班）
  "wn027", // wr050 三伏贴 / wr049 中医（半径）
  "wn048", // wr046 春节慰问
  "wn052", // wr005 白内障手术
  "wn090", // wr009 暑期托管 / wr007 课后服务（半径）
];

const history: MatchingInput["history"] = [
  { communityId: "wc02", unitId: "wu12", completedProjects: 2, grades: ["好", "较好"] },
  { communityId: "wc04", unitId: "wu11", completedProjects: 1, grades: ["好"] },
  { communityId: "wc06", unitId: "wu16", completedProjects: 1, grades: ["好"] },
  { communityId: "wc07", unitId: "wu14", completedProjects: 2, grades: ["较好", "一般"] },
  { communityId: "wc08", unitId: "wu20", completedProjects: 1, grades: ["好"] },
];

const unitLoad: MatchingInput["unitLoad"] = [
  { unitId: "wu05", activeProjects: 3 },
  { unitId: "wu11", activeProjects: 1 },
  { unitId: "wu12", activeProjects: 2 },
];

export const blindSet4: LabelledSet = {
  input: { communities, units, needs, resources, history, unitLoad },
  expected,
  unmatchable,
};
