import Foundation
import RoadshowKernel

/// Maps a holder institution to its province. The national programme lists have no province
/// column, so this is done by documented rules, tried in order:
///
/// 1. the institutions file (`单位名称 → 省份`), exact name;
/// 2. place names in the name: the 31 province names and about 300 prefecture-level cities, new
///    areas and campuses (`哈尔滨` → 黑龙江, `大连` → 辽宁, `兵团` → 新疆); when several occur, the
///    last one wins, because a branch names its location after its parent
///    (`哈尔滨工业大学（深圳）` → 广东, `北京大学深圳研究生院` → 广东); a place followed by
///    门, 路, 街 or 桥 is a street or gate, not the place (`广安门医院`);
/// 3. universities whose names carry no place (`清华大学` → 北京, `东北林业大学` → 黑龙江);
/// 4. otherwise unmapped, and reported: `中国科学院化学研究所` says nothing about where it is.
public struct InstitutionResolver: Sendable {
  /// City, new area or campus → province.
  public static let places: [String: String] = {
    let table: [String: [String]] = [
      "北京": ["海淀", "中关村", "昌平", "怀柔", "亦庄"],
      "天津": ["滨海新区"],
      "河北": ["石家庄", "唐山", "秦皇岛", "邯郸", "邢台", "保定", "张家口", "承德", "沧州", "廊坊", "衡水", "雄安"],
      "山西": ["太原", "大同", "阳泉", "长治", "晋城", "朔州", "晋中", "运城", "忻州", "临汾", "吕梁"],
      "内蒙古": ["呼和浩特", "包头", "乌海", "赤峰", "通辽", "鄂尔多斯", "呼伦贝尔", "巴彦淖尔", "乌兰察布", "兴安盟", "锡林郭勒", "和林格尔"],
      "辽宁": ["沈阳", "大连", "鞍山", "抚顺", "本溪", "丹东", "锦州", "营口", "阜新", "辽阳", "盘锦", "铁岭", "葫芦岛", "金普"],
      "吉林": ["长春", "四平", "辽源", "通化", "白山", "松原", "白城", "延边", "公主岭"],
      "黑龙江": ["哈尔滨", "齐齐哈尔", "鸡西", "鹤岗", "双鸭山", "大庆", "伊春", "佳木斯", "七台河", "牡丹江", "黑河", "绥化", "建三江"],
      "上海": ["浦东", "张江", "闵行", "临港"],
      "江苏": ["南京", "无锡", "徐州", "常州", "苏州", "南通", "连云港", "淮安", "盐城", "扬州", "镇江", "泰州", "宿迁", "常熟", "昆山"],
      "浙江": ["杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山", "台州", "丽水", "千岛湖"],
      "安徽": ["合肥", "芜湖", "蚌埠", "淮南", "马鞍山", "淮北", "铜陵", "安庆", "黄山", "滁州", "阜阳", "宿州", "六安", "亳州", "池州", "宣城"],
      "福建": ["福州", "厦门", "莆田", "三明", "泉州", "漳州", "南平", "龙岩", "宁德"],
      "江西": ["南昌", "景德镇", "萍乡", "九江", "新余", "鹰潭", "赣州", "吉安", "宜春", "抚州", "上饶", "井冈山"],
      "山东": ["济南", "青岛", "淄博", "枣庄", "东营", "烟台", "潍坊", "济宁", "泰安", "威海", "日照", "临沂", "德州", "聊城", "滨州", "菏泽", "黄河三角洲"],
      "河南": ["郑州", "开封", "洛阳", "平顶山", "安阳", "鹤壁", "新乡", "焦作", "濮阳", "许昌", "漯河", "三门峡", "南阳", "商丘", "信阳", "周口", "驻马店"],
      "湖北": ["武汉", "黄石", "十堰", "宜昌", "襄阳", "鄂州", "荆门", "孝感", "荆州", "黄冈", "咸宁", "随州"],
      "湖南": ["长沙", "株洲", "湘潭", "衡阳", "邵阳", "岳阳", "常德", "张家界", "益阳", "郴州", "永州", "怀化", "娄底"],
      "广东": [
        "广州", "深圳", "珠海", "汕头", "佛山", "韶关", "湛江", "肇庆", "江门", "茂名", "惠州", "梅州", "汕尾", "河源", "阳江", "清远", "东莞", "中山",
        "潮州", "揭阳", "云浮", "前海", "横琴", "南沙",
      ],
      "广西": ["南宁", "柳州", "桂林", "梧州", "北海", "钦州", "玉林", "百色", "河池"],
      "海南": ["海口", "三亚", "儋州"],
      "重庆": ["两江新区"],
      "四川": ["成都", "自贡", "攀枝花", "泸州", "德阳", "绵阳", "广元", "遂宁", "内江", "乐山", "南充", "眉山", "宜宾", "广安", "达州", "雅安"],
      "贵州": ["贵阳", "遵义", "安顺", "毕节", "铜仁", "六盘水"],
      "云南": ["昆明", "曲靖", "玉溪", "保山", "昭通", "丽江", "临沧", "西双版纳"],
      "西藏": ["拉萨", "日喀则", "林芝"],
      "陕西": ["西安", "铜川", "宝鸡", "咸阳", "渭南", "延安", "汉中", "榆林", "安康", "商洛", "杨凌"],
      "甘肃": ["兰州", "嘉峪关", "金昌", "白银", "天水", "武威", "张掖", "平凉", "酒泉", "庆阳", "定西", "陇南", "兰白"],
      "青海": ["西宁"],
      "宁夏": ["银川", "石嘴山", "吴忠", "固原", "中卫"],
      "新疆": ["乌鲁木齐", "克拉玛依", "吐鲁番", "哈密", "昌吉", "石河子", "喀什", "伊犁", "阿克苏", "兵团"],
    ]
    var places: [String: String] = [:]
    for province in Province.all { places[province] = province }
    for (province, names) in table {
      for name in names { places[name] = province }
    }
    return places
  }()

  /// English names of the places in ``places`` (other than the provinces, which
  /// ``Province/english`` names), for reports in English.
  public static let englishPlaces: [String: String] = [
    "海淀": "Haidian", "中关村": "Zhongguancun", "昌平": "Changping", "怀柔": "Huairou", "亦庄": "Yizhuang",
    "滨海新区": "Binhai New Area", "石家庄": "Shijiazhuang", "唐山": "Tangshan", "秦皇岛": "Qinhuangdao", "邯郸": "Handan",
    "邢台": "Xingtai", "保定": "Baoding", "张家口": "Zhangjiakou", "承德": "Chengde", "沧州": "Cangzhou", "廊坊": "Langfang",
    "衡水": "Hengshui", "雄安": "Xiong'an", "太原": "Taiyuan", "大同": "Datong", "阳泉": "Yangquan", "长治": "Changzhi",
    "晋城": "Jincheng", "朔州": "Shuozhou", "晋中": "Jinzhong", "运城": "Yuncheng", "忻州": "Xinzhou", "临汾": "Linfen",
    "吕梁": "Lüliang", "呼和浩特": "Hohhot", "包头": "Baotou", "乌海": "Wuhai", "赤峰": "Chifeng", "通辽": "Tongliao",
    "鄂尔多斯": "Ordos", "呼伦贝尔": "Hulunbuir", "巴彦淖尔": "Bayannur", "乌兰察布": "Ulanqab", "兴安盟": "Hinggan League",
    "锡林郭勒": "Xilingol", "和林格尔": "Horinger", "沈阳": "Shenyang", "大连": "Dalian", "鞍山": "Anshan", "抚顺": "Fushun",
    "本溪": "Benxi", "丹东": "Dandong", "锦州": "Jinzhou", "营口": "Yingkou", "阜新": "Fuxin", "辽阳": "Liaoyang",
    "盘锦": "Panjin", "铁岭": "Tieling", "葫芦岛": "Huludao", "金普": "Jinpu New Area", "长春": "Changchun", "四平": "Siping",
    "辽源": "Liaoyuan", "通化": "Tonghua", "白山": "Baishan", "松原": "Songyuan", "白城": "Baicheng", "延边": "Yanbian",
    "公主岭": "Gongzhuling", "哈尔滨": "Harbin", "齐齐哈尔": "Qiqihar", "鸡西": "Jixi", "鹤岗": "Hegang", "双鸭山": "Shuangyashan",
    "大庆": "Daqing", "伊春": "Yichun", "佳木斯": "Jiamusi", "七台河": "Qitaihe", "牡丹江": "Mudanjiang", "黑河": "Heihe",
    "绥化": "Suihua", "建三江": "Jiansanjiang", "浦东": "Pudong", "张江": "Zhangjiang", "闵行": "Minhang", "临港": "Lingang",
    "南京": "Nanjing", "无锡": "Wuxi", "徐州": "Xuzhou", "常州": "Changzhou", "苏州": "Suzhou", "南通": "Nantong",
    "连云港": "Lianyungang", "淮安": "Huai'an", "盐城": "Yancheng", "扬州": "Yangzhou", "镇江": "Zhenjiang", "泰州": "Taizhou",
    "宿迁": "Suqian", "常熟": "Changshu", "昆山": "Kunshan", "杭州": "Hangzhou", "宁波": "Ningbo", "温州": "Wenzhou",
    "嘉兴": "Jiaxing", "湖州": "Huzhou", "绍兴": "Shaoxing", "金华": "Jinhua", "衢州": "Quzhou", "舟山": "Zhoushan",
    "台州": "Taizhou", "丽水": "Lishui", "千岛湖": "Qiandao Lake", "合肥": "Hefei", "芜湖": "Wuhu", "蚌埠": "Bengbu",
    "淮南": "Huainan", "马鞍山": "Ma'anshan", "淮北": "Huaibei", "铜陵": "Tongling", "安庆": "Anqing", "黄山": "Huangshan",
    "滁州": "Chuzhou", "阜阳": "Fuyang", "宿州": "Suzhou", "六安": "Lu'an", "亳州": "Bozhou", "池州": "Chizhou",
    "宣城": "Xuancheng", "福州": "Fuzhou", "厦门": "Xiamen", "莆田": "Putian", "三明": "Sanming", "泉州": "Quanzhou",
    "漳州": "Zhangzhou", "南平": "Nanping", "龙岩": "Longyan", "宁德": "Ningde", "南昌": "Nanchang", "景德镇": "Jingdezhen",
    "萍乡": "Pingxiang", "九江": "Jiujiang", "新余": "Xinyu", "鹰潭": "Yingtan", "赣州": "Ganzhou", "吉安": "Ji'an",
    "宜春": "Yichun", "抚州": "Fuzhou", "上饶": "Shangrao", "井冈山": "Jinggangshan", "济南": "Jinan", "青岛": "Qingdao",
    "淄博": "Zibo", "枣庄": "Zaozhuang", "东营": "Dongying", "烟台": "Yantai", "潍坊": "Weifang", "济宁": "Jining",
    "泰安": "Tai'an", "威海": "Weihai", "日照": "Rizhao", "临沂": "Linyi", "德州": "Dezhou", "聊城": "Liaocheng",
    "滨州": "Binzhou", "菏泽": "Heze", "黄河三角洲": "Yellow River Delta", "郑州": "Zhengzhou", "开封": "Kaifeng",
    "洛阳": "Luoyang", "平顶山": "Pingdingshan", "安阳": "Anyang", "鹤壁": "Hebi", "新乡": "Xinxiang", "焦作": "Jiaozuo",
    "濮阳": "Puyang", "许昌": "Xuchang", "漯河": "Luohe", "三门峡": "Sanmenxia", "南阳": "Nanyang", "商丘": "Shangqiu",
    "信阳": "Xinyang", "周口": "Zhoukou", "驻马店": "Zhumadian", "武汉": "Wuhan", "黄石": "Huangshi", "十堰": "Shiyan",
    "宜昌": "Yichang", "襄阳": "Xiangyang", "鄂州": "Ezhou", "荆门": "Jingmen", "孝感": "Xiaogan", "荆州": "Jingzhou",
    "黄冈": "Huanggang", "咸宁": "Xianning", "随州": "Suizhou", "长沙": "Changsha", "株洲": "Zhuzhou", "湘潭": "Xiangtan",
    "衡阳": "Hengyang", "邵阳": "Shaoyang", "岳阳": "Yueyang", "常德": "Changde", "张家界": "Zhangjiajie", "益阳": "Yiyang",
    "郴州": "Chenzhou", "永州": "Yongzhou", "怀化": "Huaihua", "娄底": "Loudi", "广州": "Guangzhou", "深圳": "Shenzhen",
    "珠海": "Zhuhai", "汕头": "Shantou", "佛山": "Foshan", "韶关": "Shaoguan", "湛江": "Zhanjiang", "肇庆": "Zhaoqing",
    "江门": "Jiangmen", "茂名": "Maoming", "惠州": "Huizhou", "梅州": "Meizhou", "汕尾": "Shanwei", "河源": "Heyuan",
    "阳江": "Yangjiang", "清远": "Qingyuan", "东莞": "Dongguan", "中山": "Zhongshan", "潮州": "Chaozhou", "揭阳": "Jieyang",
    "云浮": "Yunfu", "前海": "Qianhai", "横琴": "Hengqin", "南沙": "Nansha", "南宁": "Nanning", "柳州": "Liuzhou",
    "桂林": "Guilin", "梧州": "Wuzhou", "北海": "Beihai", "钦州": "Qinzhou", "玉林": "Yulin", "百色": "Baise", "河池": "Hechi",
    "海口": "Haikou", "三亚": "Sanya", "儋州": "Danzhou", "两江新区": "Liangjiang New Area", "成都": "Chengdu", "自贡": "Zigong",
    "攀枝花": "Panzhihua", "泸州": "Luzhou", "德阳": "Deyang", "绵阳": "Mianyang", "广元": "Guangyuan", "遂宁": "Suining",
    "内江": "Neijiang", "乐山": "Leshan", "南充": "Nanchong", "眉山": "Meishan", "宜宾": "Yibin", "广安": "Guang'an",
    "达州": "Dazhou", "雅安": "Ya'an", "贵阳": "Guiyang", "遵义": "Zunyi", "安顺": "Anshun", "毕节": "Bijie", "铜仁": "Tongren",
    "六盘水": "Liupanshui", "昆明": "Kunming", "曲靖": "Qujing", "玉溪": "Yuxi", "保山": "Baoshan", "昭通": "Zhaotong",
    "丽江": "Lijiang", "临沧": "Lincang", "西双版纳": "Xishuangbanna", "拉萨": "Lhasa", "日喀则": "Shigatse", "林芝": "Nyingchi",
    "西安": "Xi'an", "铜川": "Tongchuan", "宝鸡": "Baoji", "咸阳": "Xianyang", "渭南": "Weinan", "延安": "Yan'an",
    "汉中": "Hanzhong", "榆林": "Yulin", "安康": "Ankang", "商洛": "Shangluo", "杨凌": "Yangling", "兰州": "Lanzhou",
    "嘉峪关": "Jiayuguan", "金昌": "Jinchang", "白银": "Baiyin", "天水": "Tianshui", "武威": "Wuwei", "张掖": "Zhangye",
    "平凉": "Pingliang", "酒泉": "Jiuquan", "庆阳": "Qingyang", "定西": "Dingxi", "陇南": "Longnan", "兰白": "Lanzhou–Baiyin",
    "西宁": "Xining", "银川": "Yinchuan", "石嘴山": "Shizuishan", "吴忠": "Wuzhong", "固原": "Guyuan", "中卫": "Zhongwei",
    "乌鲁木齐": "Urumqi", "克拉玛依": "Karamay", "吐鲁番": "Turpan", "哈密": "Hami", "昌吉": "Changji", "石河子": "Shihezi",
    "喀什": "Kashgar", "伊犁": "Ili", "阿克苏": "Aksu", "兵团": "Xinjiang Production and Construction Corps",
  ]

  /// The name of a place of the gazetteer in `locale`: as written in Chinese; in English its
  /// English name (a province's from ``Province/english``), or the text as written when unknown.
  public static func placeName(_ place: String, _ locale: ReportLocale) -> String {
    guard locale == .en else { return place }
    return englishPlaces[place] ?? Province.english[place] ?? place
  }

  /// Universities and national institutes whose names carry no place.
  public static let universities: [String: String] = [
    "清华大学": "北京", "中国人民大学": "北京", "中国农业大学": "北京", "中国科学院大学": "北京", "中国矿业大学（北京）": "北京",
    "北京理工大学": "北京", "国际竹藤中心": "北京", "中国农业机械化科学研究院": "北京",
    "复旦大学": "上海", "同济大学": "上海", "华东师范大学": "上海", "华东理工大学": "上海", "东华大学": "上海",
    "南开大学": "天津",
    "中国科学技术大学": "安徽",
    "东南大学": "江苏", "河海大学": "江苏", "江南大学": "江苏", "中国矿业大学": "江苏", "中国药科大学": "江苏",
    "暨南大学": "广东", "华南理工大学": "广东", "华南农业大学": "广东", "华南师范大学": "广东",
    "华中科技大学": "湖北", "华中农业大学": "湖北", "华中师范大学": "湖北", "中南财经政法大学": "湖北",
    "中南大学": "湖南", "国防科技大学": "湖南",
    "中国海洋大学": "山东",
    "西南大学": "重庆",
    "西南交通大学": "四川", "西南财经大学": "四川", "电子科技大学": "四川", "中国工程物理研究院": "四川",
    "西北工业大学": "陕西", "西北大学": "陕西", "西北农林科技大学": "陕西",
    "东北大学": "辽宁",
    "东北师范大学": "吉林",
    "东北农业大学": "黑龙江", "东北林业大学": "黑龙江", "东北石油大学": "黑龙江",
  ]

  /// Institution → province from the institutions file (exact names).
  public var table: [String: String]
  /// Extra place words → province, from the config.
  public var extraPlaces: [String: String]

  /// Creates a resolver.
  public init(table: [String: String] = [:], extraPlaces: [String: String] = [:]) {
    self.table = table
    self.extraPlaces = extraPlaces
  }

  /// The province of `institution` and how it was found, or `nil` when no rule applies.
  public func resolve(_ institution: String) -> (province: String, basis: LocalizedText)? {
    let name = institution.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !name.isEmpty else { return nil }
    if let province = table[name] {
      return (province, LocalizedText(zh: "单位对照表", en: "institutions file"))
    }
    var best: (end: Int, length: Int, place: String, province: String)?
    for (place, province) in Self.places.merging(extraPlaces, uniquingKeysWith: { _, extra in extra }) {
      var searchStart = name.startIndex
      while let range = name.range(of: place, range: searchStart..<name.endIndex) {
        searchStart = range.upperBound
        // A street or a gate named after a place is not the place (北京路, 广安门医院).
        if range.upperBound < name.endIndex, "门路街桥".contains(name[range.upperBound]) { continue }
        let end = name.distance(from: name.startIndex, to: range.upperBound)
        let length = place.count
        if best == nil || (end, length) > (best?.end ?? 0, best?.length ?? 0) {
          best = (end, length, place, province)
        }
      }
    }
    if let best {
      return (
        best.province,
        LocalizedText(
          zh: "名称含地名「\(best.place)」", en: "the name has the place “\(best.place)” (\(Self.placeName(best.place, .en)))")
      )
    }
    if let (university, province) = Self.universities.filter({ name.contains($0.key) }).max(by: {
      $0.key.count < $1.key.count
    }) {
      return (province, LocalizedText(zh: "院校对照「\(university)」", en: "known institution “\(university)”"))
    }
    return nil
  }

  /// Reads an institutions file (CSV with an institution and a province column).
  static func readTable(
    _ url: URL, name: String, institutionColumn: String, provinceColumn: String, encoding: CSVEncoding = .auto
  ) throws -> [String:
    String]
  {
    let data = try CSVTable.read(url, displayName: name, encoding: encoding)
    guard let institution = data.column(institutionColumn), let province = data.column(provinceColumn) else {
      throw DataError([
        data.fileProblem(
          LocalizedText(
            zh: "单位对照表须有列 `\(institutionColumn)` 和 `\(provinceColumn)`",
            en: "the institutions file needs the columns `\(institutionColumn)` and `\(provinceColumn)`"))
      ])
    }
    var table: [String: String] = [:]
    var problems: [Diagnostic] = []
    for row in data.rows {
      let name = row.cell(institution)
      let text = row.cell(province)
      guard !name.isEmpty else {
        problems.append(data.badRow(row, column: institution, LocalizedText(zh: "单位名称为空", en: "institution is empty")))
        continue
      }
      guard let normalized = Province.normalize(text) else {
        problems.append(
          data.badRow(row, column: province, LocalizedText(zh: "无法识别的省份 `\(text)`", en: "unknown province `\(text)`")))
        continue
      }
      if let known = table[name], known != normalized {
        problems.append(
          data.badRow(
            row, column: province,
            LocalizedText(
              zh: "单位「\(name)」已对应 \(known)，此处又写 \(normalized)", en: "“\(name)” is already mapped to \(known)")))
        continue
      }
      table[name] = normalized
    }
    if !problems.isEmpty { throw DataError(problems) }
    return table
  }
}
