/**
 * A labelled evaluation set for the matching engine: one street (街道) of Luoyang's 涧西区, around
 * (34.62, 112.45), with 7 communities, 16 stationed units, 81 needs and 54 resources.
 *
 * The texts are written the way residents and units talk, not from the engine's vocabulary.
 * Labels are what a street official would accept, honouring service radius, date window and
 * capacity. Comments mark the traps:
 *   - 干扰项: a resource sharing surface words with the need but wrong for it;
 *   - 半径: the best resource in meaning is out of its service radius for that community;
 *   - 时间: the best resource in meaning has a window that does not overlap the need's.
 *
 * Distances (1° lat ≈ 111 km, 1° lng ≈ 92 km here) were checked: every radius trap misses by
 * at least 0.2 km, every labelled pair within radius has at least 0.2 km to spare, and no
 * community sits within 0.1 km of any resource's radius edge.
 * Dates are in 2027–2028 so that nothing is "already over" whenever the test runs.
 */
import type { MatchingInput } from "#workers/matching/types";

export interface LabelledSet {
  input: MatchingInput;
  /** For each need that has a right answer: the resource ids a street official would accept, best first (at least one). */
  expected: Record<string, string[]>;
  /** Needs that nothing in the set fits (no proposal should score ≥ 0.5). */
  unmatchable: string[];
}

const communities: MatchingInput["communities"] = [
  { id: "c01", name: "华山路社区", lat: 34.62, lng: 112.45 },
  { id: "c02", name: "长春路社区", lat: 34.626, lng: 112.443 },
  { id: "c03", name: "珠江路社区", lat: 34.614, lng: 112.458 },
  { id: "c04", name: "南昌路社区", lat: 34.631, lng: 112.456 },
  { id: "c05", name: "武汉路社区", lat: 34.6085, lng: 112.442 },
  { id: "c06", name: "天津路社区", lat: 34.623, lng: 112.465 },
  { id: "c07", name: "上海市场社区", lat: 34.615, lng: 112.436 },
];

const units: MatchingInput["units"] = [
  { id: "u01", name: "洛阳市第三人民医院", lat: 34.628, lng: 112.448 },
  { id: "u02", name: "华山路社区卫生服务中心", lat: 34.6195, lng: 112.4515 },
  { id: "u03", name: "涧西区实验小学", lat: 34.617, lng: 112.447 },
  { id: "u04", name: "洛阳市第二十三中学", lat: 34.63, lng: 112.44 },
  { id: "u05", name: "工商银行涧西支行", lat: 34.6215, lng: 112.4545 },
  { id: "u06", name: "河南洛神律师事务所", lat: 34.612, lng: 112.462 },
  { id: "u07", name: "新奥燃气涧西营业厅", lat: 34.639, lng: 112.432 },
  { id: "u08", name: "涧西区公共就业服务中心", lat: 34.635, lng: 112.462 },
  { id: "u09", name: "天津路派出所", lat: 34.618, lng: 112.441 },
  { id: "u10", name: "阳光社会工作服务中心", lat: 34.624, lng: 112.448 },
  { id: "u11", name: "鑫安物业维修服务有限公司", lat: 34.613, lng: 112.45 },
  { id: "u12", name: "市慈善总会涧西爱心驿站", lat: 34.625, lng: 112.46 },
  { id: "u13", name: "颐康居家养老服务中心", lat: 34.607, lng: 112.448 },
  { id: "u14", name: "洛阳职业技术学院", lat: 34.596, lng: 112.418 },
  { id: "u15", name: "洛阳市中医院", lat: 34.65, lng: 112.49 },
  { id: "u16", name: "涧西消防救援站", lat: 34.616, lng: 112.453 },
];

const resources: MatchingInput["resources"] = [
  // u01 市三院
  {
    id: "r001",
    unitId: "u01",
    title: "老年人免费健康体检",
    description: "每年4至6月为65岁以上老人免费体检一次：血常规、肝肾功能、心电图、腹部B超，医院派车到社区集中抽血。",
    capacity: 3,
    serviceRadiusKm: 5,
    startDate: "2027-04-01",
    endDate: "2027-06-30",
  },
  {
    id: "r002",
    unitId: "u01",
    title: "专家义诊进社区",
    description: "心内科、内分泌科、骨科专家每月到社区坐诊，量血压测血糖，帮着看化验单、调整用药。",
    capacity: 2,
  },
  {
    id: "r003",
    unitId: "u01",
    title: "急救技能培训",
    description: "急诊科医生带模拟人现场教心肺复苏、海姆立克急救法和AED使用，适合居民、保安、楼长、学校老师。",
    capacity: 2,
  },
  {
    id: "r004",
    unitId: "u01",
    title: "康复科治疗师上门指导",
    description: "康复科治疗师上门评估，指导偏瘫、骨折术后病人在家怎么练，教家属翻身、转移和辅具使用。",
    capacity: 1,
    serviceRadiusKm: 2,
  },
  // u02 社区卫生服务中心
  {
    id: "r005",
    unitId: "u02",
    title: "家庭医生上门巡诊",
    description: "签约家庭医生上门为卧床、行动不便的居民测血压、换药，更换导尿管、胃管。",
    capacity: 2,
    serviceRadiusKm: 2.5,
  },
  {
    id: "r006",
    unitId: "u02",
    title: "流感疫苗集中接种",
    description: "秋冬季为60岁以上老人和学龄儿童接种流感疫苗，人多的社区可设临时接种点。",
    category: "医疗健康",
    capacity: 3,
    startDate: "2027-10-01",
    endDate: "2027-12-31",
  },
  {
    id: "r007",
    unitId: "u02",
    title: "高血压糖尿病随访管理",
    description: "为高血压、糖尿病患者建档，每季度上门或在社区随访一次，免费测血压血糖，指导吃药和饮食。",
    capacity: 2,
  },
  // u03 实验小学
  {
    id: "r008",
    unitId: "u03",
    title: "课后托管服务",
    description:
      "上学期间每天放学后到18:00在校托管，老师看着写作业，还有阅读和手工课，面向周边社区双职工家庭的小学生。",
    capacity: 2,
    serviceRadiusKm: 2,
  },
  {
    id: "r009",
    unitId: "u03",
    title: "学校运动场地节假日开放",
    description: "周末和寒暑假，学校操场、篮球场免费对周边居民开放，早6点到晚8点，可预约办比赛。",
    category: "阵地共享",
    capacity: 2,
    serviceRadiusKm: 2,
  },
  {
    id: "r010",
    unitId: "u03",
    title: "暑期公益夏令营",
    description: "暑假两期，每期两周，书法、科学小实验、防溺水安全课，面向小学生，免费，管午饭。",
    capacity: 2,
    startDate: "2027-07-10",
    endDate: "2027-08-20",
  },
  {
    id: "r048",
    unitId: "u03",
    title: "寒假托管班",
    description: "寒假期间每天上午8点到12点在学校托管，老师看着写寒假作业，组织体育活动。",
    capacity: 2,
    serviceRadiusKm: 2,
    startDate: "2028-01-17",
    endDate: "2028-02-20",
  },
  // u04 二十三中
  {
    id: "r011",
    unitId: "u04",
    title: "高中生志愿者课业辅导",
    description: "高二学生志愿者每周六下午在社区活动室，给小学、初中的孩子辅导数学、英语作业。",
    capacity: 2,
  },
  {
    id: "r012",
    unitId: "u04",
    title: "阶梯教室借用",
    description: "学校阶梯教室能坐200人，有投影和话筒，周末可以借给社区开大会、办讲座。",
    capacity: 2,
  },
  {
    id: "r013",
    unitId: "u04",
    title: "校艺术团进社区演出",
    description: "学生合唱、舞蹈、民乐节目，节假日可以到社区广场或活动室演出。",
    category: "文体活动",
    capacity: 1,
  },
  {
    id: "r052",
    unitId: "u04",
    title: "学生志愿者教老人玩转智能手机",
    description: "团委组织学生周末进社区，一对一教老人扫码付款、微信视频、发语音。",
    capacity: 2,
  },
  // u05 工行
  {
    id: "r014",
    unitId: "u05",
    title: "反诈宣讲进社区",
    description: "网点员工讲电信诈骗、冒充公检法、养老投资、保健品骗局的套路，结合身边真实案例，发宣传折页。",
    capacity: 3,
  },
  {
    id: "r015",
    unitId: "u05",
    title: "老年人智能手机使用培训",
    description: "网点大堂经理手把手教老人用手机：微信视频、扫码付款、网上预约挂号、查社保。",
    category: "数字技能",
    capacity: 2,
  },
  {
    id: "r016",
    unitId: "u05",
    title: "行动不便客户上门服务",
    description: "对卧床、行动不便的老人上门办理社保卡激活、密码重置、养老金账户查询和挂失。",
    capacity: 2,
    serviceRadiusKm: 3,
  },
  {
    id: "r017",
    unitId: "u05",
    title: "闲置办公家具捐赠",
    description: "网点装修后换下来的办公桌、文件柜、椅子约30套，九成新，可以捐给社区用。",
    capacity: 1,
  },
  {
    id: "r018",
    unitId: "u05",
    title: "党支部结对共建主题党日",
    description: "支行党支部与社区党支部结对，一起搞主题党日、重温入党誓词、参观红色教育基地。",
    category: "党员教育",
    capacity: 2,
  },
  {
    id: "r047",
    unitId: "u05",
    title: "党员志愿者清洁家园",
    description: "每月第一个周六，党员志愿者到社区清理楼道堆物、铲小广告，打扫卫生死角。",
    capacity: 2,
  },
  {
    id: "r050",
    unitId: "u05",
    title: "金融知识讲座",
    description: "讲存款保险、理财产品风险，教大家识别非法集资和高息借贷，守好养老钱。",
    capacity: 2,
  },
  // u06 律所
  {
    id: "r019",
    unitId: "u06",
    title: "律师进社区法律咨询",
    description: "每月两次律师到社区坐班，解答婚姻家庭、继承、房屋租赁、物业纠纷等问题。",
    capacity: 3,
  },
  {
    id: "r020",
    unitId: "u06",
    title: "讨薪维权与法律援助申请",
    description: "帮农民工讨要欠薪、工伤赔偿，帮符合条件的居民申请法律援助，代写起诉状。",
    capacity: 2,
  },
  // u07 燃气公司
  {
    id: "r021",
    unitId: "u07",
    title: "液化气瓶安全检查",
    description: "免费上门检查液化气钢瓶、减压阀和胶管，更换老化胶管，过期钢瓶负责置换。",
    capacity: 3,
    serviceRadiusKm: 3,
  },
  {
    id: "r022",
    unitId: "u07",
    title: "燃气安全进社区宣传",
    description: "讲解燃气泄漏了怎么处置、报警器怎么用、安全用气常识，发放宣传册。",
    capacity: 2,
  },
  // u08 就业服务中心
  {
    id: "r023",
    unitId: "u08",
    title: "就业岗位推荐会",
    description: "组织企业到社区招聘，有家政、保安、保洁、超市理货、快递分拣等岗位，现场面试。",
    category: "就业创业",
    capacity: 3,
  },
  {
    id: "r024",
    unitId: "u08",
    title: "免费职业技能培训",
    description: "春季班：育婴员、养老护理员、电工、中式面点培训，合格发证并给培训补贴。",
    capacity: 2,
    startDate: "2027-03-01",
    endDate: "2027-06-30",
  },
  {
    id: "r025",
    unitId: "u08",
    title: "创业政策咨询与担保贷款",
    description: "讲解一次性创业补贴、创业担保贷款的申请条件，帮助准备材料办理。",
    capacity: 1,
  },
  {
    id: "r054",
    unitId: "u08",
    title: "高校毕业生就业见习岗位",
    description: "为离校两年内未就业的高校毕业生提供3至6个月见习岗位，见习期间发生活补贴。",
    capacity: 2,
  },
  // u09 派出所
  {
    id: "r026",
    unitId: "u09",
    title: "民警防骗讲座",
    description: "社区民警讲辖区发生过的诈骗案，教老人识破上门推销、冒充客服退款、冒充公检法等骗局。",
    capacity: 2,
  },
  {
    id: "r027",
    unitId: "u09",
    title: "邻里纠纷调解",
    description: "民警和人民调解员一起调解楼上楼下漏水、噪音、养狗扰民、占道等邻里矛盾。",
    capacity: 2,
  },
  // u10 社工机构
  {
    id: "r028",
    unitId: "u10",
    title: "心理咨询与情绪疏导",
    description: "国家二级心理咨询师一对一谈心，面向丧偶、失独老人和厌学、沉迷网络的青少年及其家长。",
    category: "心理疏导",
    capacity: 2,
  },
  {
    id: "r029",
    unitId: "u10",
    title: "独居老人关爱探访",
    description: "志愿者每周上门或打电话问候独居、空巢老人，陪着聊天，帮忙代买东西。",
    capacity: 3,
  },
  {
    id: "r030",
    unitId: "u10",
    title: "志愿者护送孩子放学",
    description: "大学生志愿者放学时段到校门口接孩子，护送回社区交给家长或托管点。",
    capacity: 2,
    serviceRadiusKm: 1.3,
  },
  {
    id: "r031",
    unitId: "u10",
    title: "残疾人陪同出行",
    description: "志愿者陪肢体残疾、视力残疾的居民去医院复查、去窗口办事，可以背人上下楼、推轮椅。",
    capacity: 2,
  },
  // u11 物业维修公司
  {
    id: "r032",
    unitId: "u11",
    title: "电工上门维修",
    description: "持证电工上门处理线路老化、插座跳闸、楼道灯不亮、开关损坏。",
    category: "设施维修",
    capacity: 3,
    serviceRadiusKm: 3,
  },
  {
    id: "r033",
    unitId: "u11",
    title: "管道疏通",
    description: "下水道、马桶、厨房水池堵塞疏通，化粪池清掏。",
    capacity: 2,
    serviceRadiusKm: 3,
  },
  {
    id: "r034",
    unitId: "u11",
    title: "燃气灶具及软管更换",
    description: "燃气灶打不着火维修，老化开裂的燃气软管更换，顺带检查气瓶接口和减压阀是否漏气，可装燃气报警器。",
    capacity: 2,
    serviceRadiusKm: 4,
  },
  {
    id: "r035",
    unitId: "u11",
    title: "防水补漏",
    description: "顶楼漏雨、卫生间往楼下渗水，上门找漏点重做防水。",
    capacity: 1,
    serviceRadiusKm: 3,
  },
  {
    id: "r049",
    unitId: "u11",
    title: "老旧小区准物业服务",
    description: "为没有物业的老家属院提供低收费的基础服务：楼院保洁、垃圾清运、看门。",
    capacity: 1,
  },
  // u12 慈善爱心驿站
  {
    id: "r036",
    unitId: "u12",
    title: "护理用品捐赠",
    description: "为失能老人、重度残疾人家庭捐赠成人纸尿裤、护理垫、湿巾。",
    category: "物资捐赠",
    capacity: 2,
  },
  {
    id: "r037",
    unitId: "u12",
    title: "春节困难家庭慰问",
    description: "春节前给低保、特困家庭送米面油和慰问金。",
    capacity: 3,
    startDate: "2028-01-05",
    endDate: "2028-02-05",
  },
  {
    id: "r038",
    unitId: "u12",
    title: "困难学生助学金",
    description: "为低保、单亲困难家庭的中小学生每学期发放助学金和书包文具。",
    capacity: 2,
  },
  {
    id: "r039",
    unitId: "u12",
    title: "康复辅具免费借用",
    description: "轮椅、助行器、坐便椅免费借用，长期需要的可以一直用，用完归还。",
    capacity: 2,
  },
  {
    id: "r051",
    unitId: "u12",
    title: "冬季送温暖棉衣棉被",
    description: "入冬后给独居、困难老人送新棉被、棉衣和电暖器。",
    capacity: 2,
    startDate: "2027-11-01",
    endDate: "2028-01-31",
  },
  // u13 养老服务中心
  {
    id: "r040",
    unitId: "u13",
    title: "失能老人上门助浴",
    description: "助浴车和护理员上门，给卧床、失能老人洗澡；出不了门的老人也可以只约上门理发、剪指甲。",
    capacity: 3,
    serviceRadiusKm: 3,
  },
  {
    id: "r041",
    unitId: "u13",
    title: "长者助餐送餐",
    description: "中央厨房每天做午饭，60岁以上老人到助餐点吃，行动不便的送餐上门，少油少盐。",
    category: "助餐",
    capacity: 2,
    serviceRadiusKm: 3,
  },
  {
    id: "r042",
    unitId: "u13",
    title: "喘息服务短期托养",
    description: "失能老人短期入住机构一到两周，由护理员照护，让长期照顾的家属歇一歇。",
    capacity: 1,
  },
  // u14 职业技术学院（离街道较远）
  {
    id: "r043",
    unitId: "u14",
    title: "家电义务维修",
    description: "机电专业师生免费修电饭锅、电风扇、洗衣机、电视机。",
    capacity: 2,
    serviceRadiusKm: 2,
  },
  {
    id: "r044",
    unitId: "u14",
    title: "美发专业学生义务理发",
    description: "美容美发专业学生每月到社区给老人免费理发。",
    capacity: 2,
    serviceRadiusKm: 3,
  },
  // u15 中医院（离街道较远）
  {
    id: "r045",
    unitId: "u15",
    title: "中医理疗进社区",
    description: "针灸、推拿、艾灸、拔罐，缓解颈肩腰腿痛，中医专家现场把脉。",
    capacity: 2,
    serviceRadiusKm: 3,
  },
  // u01 again: nobody in this set needs it
  {
    id: "r053",
    unitId: "u01",
    title: "孕产妇与婴幼儿保健讲座",
    description: "产科、儿科医生讲孕期保健、母乳喂养、婴儿湿疹和腹泻护理。",
    capacity: 1,
  },
  // u16 消防站
  {
    id: "r046",
    unitId: "u16",
    title: "消防安全检查与逃生演练",
    description: "入户检查电动车违规充电、私拉电线等火灾隐患，教灭火器和消火栓使用，组织居民逃生演练。",
    category: "安全宣传",
    capacity: 3,
  },
];

const needs: MatchingInput["needs"] = [
  // ---- c01 华山路社区 ----
  {
    id: "n001",
    communityId: "c01",
    title: "楼里好几户老人被骗买保健品",
    description: "有个“健康讲座”天天送鸡蛋，老人交了好几千买保健品，子女说也不听，想请懂行的人来给老人讲讲。",
    // 干扰项: r001 老年人免费健康体检（都有“老人”“健康”）
  },
  {
    id: "n002",
    communityId: "c01",
    title: "楼道灯坏了好几天",
    description: "3号楼2单元楼道灯一直不亮，晚上老人上下楼只能摸黑，怕摔着。",
  },
  {
    id: "n003",
    communityId: "c01",
    title: "老伴瘫在床上好几年，想给他洗个澡",
    description: "我一个人抱不动他，家里卫生间又窄，夏天身上都有味了。",
  },
  {
    id: "n004",
    communityId: "c01",
    title: "腿脚不好的老人理发难",
    description: "几个老人出不了门，头发长了没人剪，楼下理发店也不上门。",
    // 半径: r044 义务理发离本社区约4 km，超出3 km
  },
  {
    id: "n005",
    communityId: "c01",
    title: "法律服务室空着没桌椅",
    description: "社区新腾出一间屋子做法律服务室和调解室，现在空荡荡的，缺办公桌、椅子和放卷宗的柜子。",
    // 干扰项: r019 律师进社区法律咨询、r020 法律援助申请（都有“法律”）
  },
  {
    id: "n006",
    communityId: "c01",
    title: "手机上挂不了号",
    description: "现在去医院都要手机预约，老人不会弄，到了医院现场也挂不上。",
    // 干扰项: r002 专家义诊（“医院”“看病”）
  },
  {
    id: "n007",
    communityId: "c01",
    title: "想办个广场舞比赛需要音响",
    description: "几支舞蹈队想比一比，缺一套大功率音响和无线话筒。",
    category: "文体活动",
  },
  {
    id: "n008",
    communityId: "c01",
    title: "退休党员组织生活太单调",
    description: "社区退休党员多，每月主题党日都是在屋里读文件，大家想搞点有意义的活动。",
    category: "党员教育",
  },
  {
    id: "n009",
    communityId: "c01",
    title: "高血压老人多，想请医生常来看看",
    description: "量个血压得跑医院，药吃得对不对也不清楚。",
  },
  {
    id: "n010",
    communityId: "c01",
    title: "学校操场周末能不能开放",
    description: "小区里没地方活动，孩子们想打篮球，周末学校大门一直锁着。",
    // 干扰项: r011 课业辅导、r008 课后托管（都有“学校”“学生”）
  },
  {
    id: "n011",
    communityId: "c01",
    title: "下水道堵了",
    description: "一楼住户厨房往上返污水，整栋楼的主管道可能堵了。",
    // 干扰项: r035 防水补漏（“水”“渗”）
  },
  {
    id: "n068",
    communityId: "c01",
    title: "保安和楼长想学救人",
    description: "小区保安和楼长想学学老人突然倒地、吃东西噎住了该怎么救。",
  },
  {
    id: "n075",
    communityId: "c01",
    title: "小区路面坑坑洼洼",
    description: "小区主干道好多坑，一下雨全是积水，老人骑三轮经常颠翻。",
    category: "设施维修",
    // 干扰项: r032 电工上门维修（同为“设施维修”）、r033 管道疏通
  },
  // ---- c02 长春路社区 ----
  {
    id: "n012",
    communityId: "c02",
    title: "煤气罐老是漏气不敢用",
    description: "家里用的液化气罐，一开就闻着有味，阀门那儿嘶嘶响，老两口不敢做饭了。",
  },
  {
    id: "n013",
    communityId: "c02",
    title: "孩子放学没人接",
    description: "双职工家庭，下午四点半放学，爷爷奶奶在老家，孩子一个人过马路不放心。",
  },
  {
    id: "n014",
    communityId: "c02",
    title: "想找个活干",
    description: "厂子关了，四十多岁，以前在仓库干过，能吃苦。",
    category: "就业创业",
  },
  {
    id: "n015",
    communityId: "c02",
    title: "老人不会用手机跟孙子视频",
    description: "儿子一家在外地打工，老人想看看孙子，手机点来点去打不通视频。",
  },
  {
    id: "n016",
    communityId: "c02",
    title: "孩子作业没人辅导",
    description: "家长文化程度不高，初中的数学英语辅导不了，报补习班又太贵。",
    // 干扰项: r009 运动场地开放、r008 课后托管（只收小学生）
  },
  {
    id: "n017",
    communityId: "c02",
    title: "独居老人一天说不上一句话",
    description: "好几个老人老伴走了，子女不在身边，天天一个人闷在家里。",
  },
  {
    id: "n018",
    communityId: "c02",
    title: "想给老人做个体检",
    description: "社区七十岁以上的老人不少，好多人几年没查过身体了。",
  },
  {
    id: "n019",
    communityId: "c02",
    title: "老家属院没人管，垃圾堆在楼下",
    description: "单位改制后小区就没了物业，垃圾没人清，楼道也没人扫，苍蝇老鼠多。",
  },
  {
    id: "n020",
    communityId: "c02",
    title: "楼上漏水，两家吵了好几回",
    description: "楼上卫生间往下渗水，找过好几次楼上都不让进门查，两家都快打起来了。",
    // 干扰项: r035 防水补漏（修漏水要先过人这一关，要的是调解）
  },
  {
    id: "n021",
    communityId: "c02",
    title: "居民想学心肺复苏",
    description: "前段时间广场上有老人突然晕倒，围了一圈人都不会救。",
  },
  {
    id: "n072",
    communityId: "c02",
    title: "一下雨单元门口就跳闸",
    description: "老楼的线路老化了，一下雨单元门口的灯就跳闸，黑灯瞎火的。",
  },
  {
    id: "n076",
    communityId: "c02",
    title: "双胞胎家庭奶粉尿不湿开销太大",
    description: "刚生了双胞胎，爸爸打零工，够不上低保，婴儿奶粉和尿不湿一个月要两三千。",
    // 干扰项: r036 护理用品捐赠（成人纸尿裤，给失能老人和重残家庭）、r053 婴幼儿保健讲座
  },
  // ---- c03 珠江路社区 ----
  {
    id: "n022",
    communityId: "c03",
    title: "液化气罐的胶管老化裂口了",
    description: "好几户老人家里气罐连灶的管子都裂了，拿胶布缠着接着用。",
    // 半径: r021 液化气瓶安全检查离本社区约3.7 km，超出3 km
  },
  {
    id: "n023",
    communityId: "c03",
    title: "老人被拉去投资养老项目",
    description: "有人组织老人听讲座，说投钱进养老公寓年收益20%，已经有人把存款取出来了。",
  },
  {
    id: "n024",
    communityId: "c03",
    title: "尿不湿不够用",
    description: "老母亲失能卧床，一天要换好几片成人纸尿裤，低保家庭实在买不起。",
    category: "物资捐赠",
  },
  {
    id: "n025",
    communityId: "c03",
    title: "装修工干了半年活拿不到工钱",
    description: "小区几个装修工跟着包工头干了半年，包工头跑了，工钱一直要不回来。",
  },
  {
    id: "n026",
    communityId: "c03",
    title: "闹离婚不知道房子怎么分",
    description: "有居民夫妻闹离婚，房子是婚前父母出钱买的，想问问该咋办。",
  },
  {
    id: "n027",
    communityId: "c03",
    title: "坐轮椅的老人去不了医院复查",
    description: "老伴截肢后坐轮椅，每月要去医院复查，住五楼没电梯，儿女上班，我一个人弄不下楼。",
    // 干扰项: r039 康复辅具借用（有“轮椅”，但轮椅家里已有）
  },
  {
    id: "n028",
    communityId: "c03",
    title: "想找个靠谱的小饭桌",
    description: "孩子十一点半放学，下午两点上学，中午回不了家，没地方吃饭午休。",
    category: "课后托管",
    // 干扰项: r041 长者助餐（“吃饭”，但只给老人）、r008 课后托管（放学后到18点，不管午饭）
  },
  {
    id: "n029",
    communityId: "c03",
    title: "卫生间往楼下渗水",
    description: "住户卫生间防水坏了，楼下天花板泡得掉皮，两家都同意修，就是找不到靠谱的人。",
  },
  {
    id: "n030",
    communityId: "c03",
    title: "电动车在楼道里充电太危险",
    description: "好多人从窗户扯线下来给电动车充电，楼道里也停满了车。",
    category: "安全宣传",
    // 干扰项: r032 电工上门维修（“电线”）
  },
  {
    id: "n031",
    communityId: "c03",
    title: "老两口天天哭，整夜睡不着",
    description: "儿子去年出车祸走了，老两口天天以泪洗面，饭也吃不下。",
  },
  {
    id: "n069",
    communityId: "c03",
    title: "居民想学着火了怎么逃",
    description: "去年隔壁小区着火，老人都不知道往哪跑，有人还坐电梯。",
  },
  {
    id: "n077",
    communityId: "c03",
    title: "社区想弄个图书角，没有书",
    description: "活动室有书架，就是没书，孩子和老人都想有个看书的地方。",
    // 干扰项: r017 闲置办公家具捐赠（缺的是书，不是家具）
  },
  {
    id: "n081",
    communityId: "c03",
    title: "几个大姐想学养老护理考个证",
    description: "想秋天开始学，考了证去养老院上班。",
    startDate: "2027-09-01",
    endDate: "2027-12-31",
    // 时间: r024 免费职业技能培训是春季班（3—6月）
  },
  // ---- c04 南昌路社区 ----
  {
    id: "n032",
    communityId: "c04",
    title: "老伴中风后半边身子不利索",
    description: "出院回家了，医生说要多练，可我们不知道该怎么练，怕练伤了。",
  },
  {
    id: "n033",
    communityId: "c04",
    title: "放学到下班这段时间孩子没人管",
    description: "孩子三年级，放学后在街上乱跑，家长六点才下班。",
  },
  {
    id: "n034",
    communityId: "c04",
    title: "想学门手艺好找工作",
    description: "几个全职妈妈想学点育婴、面点之类的手艺，有个证好找活。",
    startDate: "2027-03-15",
    endDate: "2027-05-31",
  },
  {
    id: "n035",
    communityId: "c04",
    title: "下岗大姐想开个早餐摊",
    description: "想自己干点小买卖，缺本钱，不知道有没有贷款和补贴。",
  },
  {
    id: "n036",
    communityId: "c04",
    title: "老人腰腿疼，想扎针灸拔罐",
    description: "社区很多老人颈椎腰椎不好，想请中医大夫来扎扎针、拔拔罐。",
    // 半径: r045 中医理疗离本社区约3.8 km，超出3 km；干扰项: r002 专家义诊（骨科，西医）
  },
  {
    id: "n037",
    communityId: "c04",
    title: "想组织老人统一打流感疫苗",
    description: "天一冷流感就多，想在社区集中给老人打疫苗。",
    category: "医疗健康",
    startDate: "2027-10-15",
    endDate: "2027-11-30",
  },
  {
    id: "n038",
    communityId: "c04",
    title: "开居民大会没地方",
    description: "要开全体居民代表大会，社区活动室只能坐三十来个人。",
    category: "阵地共享",
    // 干扰项: r009 运动场地开放
  },
  {
    id: "n039",
    communityId: "c04",
    title: "年前想给低保户送点米面油",
    description: "辖区有二十来户低保、特困户，过年前想去看看。",
    startDate: "2028-01-03",
    endDate: "2028-01-25",
  },
  {
    id: "n040",
    communityId: "c04",
    title: "血糖老是高，不知道该吃啥",
    description: "社区糖尿病老人不少，主食水果都不敢吃，药也不知道吃得对不对。",
  },
  {
    id: "n041",
    communityId: "c04",
    title: "社区迎新春联欢会节目太少",
    description: "想办个迎新春联欢会，居民自己只凑了五六个节目。",
    startDate: "2028-01-10",
    endDate: "2028-01-31",
  },
  {
    id: "n070",
    communityId: "c04",
    title: "老人爱去听免费讲座领礼品",
    description: "一到早上就有人在门口发传单，领鸡蛋领挂面，怕老人上当。",
  },
  // ---- c05 武汉路社区 ----
  {
    id: "n042",
    communityId: "c05",
    title: "隔着大马路，放学没人接",
    description: "社区到学校要过一条大马路，爷爷奶奶腿脚不好接不了，孩子一个人走不放心。",
    // 半径: r030 志愿者护送离本社区约1.8 km，超出1.3 km
  },
  {
    id: "n043",
    communityId: "c05",
    title: "老伴中风了，想有人来教教怎么练",
    description: "左边手脚不听使唤，在家天天躺着，越躺越不行。",
    // 半径: r004 康复科上门指导离本社区约2.2 km，超出2 km
  },
  {
    id: "n044",
    communityId: "c05",
    title: "老人理发难",
    description: "社区高龄老人多，腿脚不方便，理发店远，头发老长了。",
  },
  {
    id: "n045",
    communityId: "c05",
    title: "独居老人吃饭成问题",
    description: "八十多岁老人一个人住，自己做饭老忘关火，经常凑合一口。",
    category: "助餐",
  },
  {
    id: "n046",
    communityId: "c05",
    title: "暑假孩子没人看",
    description: "放暑假两个月，家长都上班，孩子一个人在家看电视玩手机。",
    startDate: "2027-07-01",
    endDate: "2027-08-31",
    // 时间: r048 寒假托管班不在暑假
  },
  {
    id: "n047",
    communityId: "c05",
    title: "老人接到电话说涉嫌洗钱",
    description: "对方自称公安，说老人账户涉嫌洗钱，要把存款转到安全账户，差点就转了，想给大家提个醒。",
  },
  {
    id: "n048",
    communityId: "c05",
    title: "家里老洗衣机不转了",
    description: "插上电灯是亮的，就是不转，老人舍不得买新的，想找人免费修修。",
    // 半径: r043 家电义务维修离本社区约2.6 km，超出2 km；干扰项: r032 电工上门维修
  },
  {
    id: "n049",
    communityId: "c05",
    title: "楼道杂物小广告太多",
    description: "楼道里堆满纸箱旧家具，墙上贴满开锁、通下水道的小广告。",
    category: "环境整治",
    // 干扰项: r033 管道疏通（“通下水道”）
  },
  {
    id: "n050",
    communityId: "c05",
    title: "想给居民讲讲燃气安全",
    description: "老旧小区燃气管道多，很多老人闻到味了也不知道该咋办。",
    // 干扰项: r034 燃气灶具及软管更换（要的是宣传）
  },
  {
    id: "n073",
    communityId: "c05",
    title: "老人鼻饲，胃管一个月换一次",
    description: "每次换胃管都要叫救护车拉去医院，折腾一趟老人受罪。",
  },
  {
    id: "n080",
    communityId: "c05",
    title: "孩子有自闭症想找康复老师",
    description: "孩子五岁不怎么说话，医院诊断孤独症，专业机构太远太贵。",
    // 干扰项: r004 康复科上门指导、r028 心理咨询
  },
  // ---- c06 天津路社区 ----
  {
    id: "n051",
    communityId: "c06",
    title: "用液化气罐的人家多，想请人查查",
    description: "平房区好多户还在用气罐，罐子、阀门、管子好些年没人看过了。",
    // 半径: r021 液化气瓶安全检查离本社区约3.5 km，超出3 km
  },
  {
    id: "n052",
    communityId: "c06",
    title: "脑瘫孩子的轮椅坏了",
    description: "社区有个脑瘫孩子，家里轮椅轮子坏了推不动，新的买不起。",
    // 干扰项: r031 残疾人陪同出行（“推轮椅”）
  },
  {
    id: "n053",
    communityId: "c06",
    title: "天冷了独居老人缺厚被子",
    description: "几个独居老人盖的还是十几年前的旧被子，冬天冻得睡不着。",
    startDate: "2027-11-15",
    endDate: "2027-12-31",
  },
  {
    id: "n054",
    communityId: "c06",
    title: "中秋节想给困难户送点米面油",
    description: "中秋节前去看看辖区的低保户和残疾人家庭。",
    startDate: "2027-09-01",
    endDate: "2027-09-20",
    // 时间: r037 春节困难家庭慰问在春节前
  },
  {
    id: "n055",
    communityId: "c06",
    title: "照顾瘫痪婆婆的儿媳妇累垮了",
    description: "三年没出过远门，自己也查出病要住院，想让老人去哪住几天。",
  },
  {
    id: "n056",
    communityId: "c06",
    title: "孩子不去上学天天打游戏",
    description: "初二的孩子不去学校了，一说就摔门，家长也快崩溃了。",
    category: "心理疏导",
    // 干扰项: r011 课业辅导
  },
  {
    id: "n057",
    communityId: "c06",
    title: "买菜都扫码，老人只会用现金",
    description: "菜市场都让扫码，老人拿着手机不会付钱，找零也麻烦。",
  },
  {
    id: "n058",
    communityId: "c06",
    title: "书画展缺展板",
    description: "老年书画班攒了一百多幅作品，想在广场办个展，没有展板和架子。",
  },
  {
    id: "n059",
    communityId: "c06",
    title: "社保卡密码锁了，老人下不了床",
    description: "养老金取不出来，老人瘫痪在床去不了银行，子女在外地。",
  },
  {
    id: "n060",
    communityId: "c06",
    title: "小区想装几个监控",
    description: "最近电动车电瓶老被偷，小区门口和车棚都没有监控。",
  },
  {
    id: "n071",
    communityId: "c06",
    title: "单亲家庭孩子学费紧张",
    description: "社区有几个单亲妈妈带孩子，学费书本费都紧巴巴的。",
  },
  {
    id: "n078",
    communityId: "c06",
    title: "党员想去红色教育基地看看",
    description: "支部想组织党员出去参观学习，自己联系不上，也没有车。",
  },
  // ---- c07 上海市场社区 ----
  {
    id: "n061",
    communityId: "c07",
    title: "煤气罐上的日期都看不清了",
    description: "几户人家的液化气罐用了十几年，也不知道还能不能用。",
  },
  {
    id: "n062",
    communityId: "c07",
    title: "带完孩子想出去上班",
    description: "在家带了几年孩子，孩子上学了，想找个上午能干的活。",
  },
  {
    id: "n063",
    communityId: "c07",
    title: "老人想学书法，请不起老师",
    description: "退休老人想练毛笔字，社区请不起书法老师。",
    // 干扰项: r010 暑期夏令营（有书法，但面向小学生）
  },
  {
    id: "n064",
    communityId: "c07",
    title: "放寒假孩子没人看",
    description: "过年前后家长都忙，孩子天天在家没人管。",
    startDate: "2028-01-15",
    endDate: "2028-02-25",
    // 时间: r010 暑期夏令营不在寒假
  },
  {
    id: "n065",
    communityId: "c07",
    title: "楼下养的狗天天半夜叫",
    description: "楼下养了三条狗，半夜叫个不停，说了好几回也不听。",
  },
  {
    id: "n066",
    communityId: "c07",
    title: "想带老人做个全面体检",
    description: "抽血、B超、心电图都想查查，想在秋天组织一次。",
    startDate: "2027-09-01",
    endDate: "2027-11-30",
    // 时间: r001 老年人免费健康体检只在4至6月；干扰项: r002 专家义诊、r007 随访（都不做全面体检）
  },
  {
    id: "n067",
    communityId: "c07",
    title: "学校门口早上堵死了",
    description: "送孩子的车把路堵死，想请交警早上来疏导一下。",
    // 干扰项: r008 课后托管、r030 护送放学（“学校”“接送”）
  },
  {
    id: "n074",
    communityId: "c07",
    title: "想办个篮球赛没有场地",
    description: "社区年轻人组了几支篮球队，附近没有篮球场。",
  },
  {
    id: "n079",
    communityId: "c07",
    title: "中风卧床的老人没法洗澡",
    description: "老人卧床两年，家里卫生间窄，轮椅都进不去。",
  },
];

const expected: Record<string, string[]> = {
  // c01
  n001: ["r014", "r026"],
  n002: ["r032"],
  n003: ["r040"],
  n004: ["r040"],
  n005: ["r017"],
  n006: ["r015", "r052"],
  n008: ["r018"],
  n009: ["r007", "r002"],
  n010: ["r009"],
  n011: ["r033"],
  n068: ["r003"],
  // c02
  n012: ["r021", "r034"],
  n013: ["r030", "r008"],
  n014: ["r023"],
  n015: ["r015", "r052"],
  n016: ["r011"],
  n017: ["r029", "r028"],
  n018: ["r001"],
  n019: ["r049", "r047"],
  n020: ["r027", "r019"],
  n021: ["r003"],
  n072: ["r032"],
  // c03
  n022: ["r034"],
  n023: ["r050", "r014", "r026"],
  n024: ["r036"],
  n025: ["r020", "r019"],
  n026: ["r019"],
  n027: ["r031"],
  n029: ["r035"],
  n030: ["r046"],
  n031: ["r028"],
  n069: ["r046"],
  // c04
  n032: ["r004"],
  n033: ["r008"],
  n034: ["r024"],
  n035: ["r025"],
  n037: ["r006"],
  n038: ["r012"],
  n039: ["r037"],
  n040: ["r007", "r002"],
  n041: ["r013"],
  n070: ["r026", "r014"],
  // c05
  n042: ["r008"],
  n044: ["r044", "r040"],
  n045: ["r041"],
  n046: ["r010"],
  n047: ["r026", "r014"],
  n049: ["r047"],
  n050: ["r022"],
  n073: ["r005"],
  // c06
  n051: ["r034"],
  n052: ["r039"],
  n053: ["r051"],
  n055: ["r042"],
  n056: ["r028"],
  n057: ["r015", "r052"],
  n059: ["r016"],
  n071: ["r038"],
  n078: ["r018"],
  // c07
  n061: ["r021"],
  n062: ["r023"],
  n064: ["r048"],
  n065: ["r027"],
  n074: ["r009"],
  n079: ["r040"],
};

const unmatchable: string[] = [
  // nothing in the set offers it at all
  "n007", // 广场舞比赛音响
  "n028", // 小饭桌
  "n058", // 书画展展板
  "n060", // 装监控
  "n063", // 老人学书法
  "n067", // 交警疏导
  "n075", // 修路面
  "n076", // 婴儿奶粉尿不湿
  "n077", // 图书角缺书
  "n080", // 自闭症康复
  // the only fitting resource is out of radius
  "n036", // r045 中医理疗
  "n043", // r004 康复上门指导
  "n048", // r043 家电维修
  // the only fitting resource is out of window
  "n054", // r037 春节慰问
  "n066", // r001 老年体检
  "n081", // r024 技能培训
];

const history: MatchingInput["history"] = [
  { communityId: "c01", unitId: "u11", completedProjects: 3, grades: ["好", "好", "较好"] },
  { communityId: "c02", unitId: "u05", completedProjects: 2, grades: ["好", "较好"] },
  { communityId: "c03", unitId: "u06", completedProjects: 1, grades: ["好"] },
  { communityId: "c05", unitId: "u13", completedProjects: 2, grades: ["较好", "一般"] },
  { communityId: "c06", unitId: "u12", completedProjects: 1, grades: ["好"] },
];

const unitLoad: MatchingInput["unitLoad"] = [
  { unitId: "u01", activeProjects: 2 },
  { unitId: "u05", activeProjects: 3 },
  { unitId: "u11", activeProjects: 1 },
];

export const labelledSet: LabelledSet = {
  input: { communities, units, needs, resources, history, unitLoad },
  expected,
  unmatchable,
};
