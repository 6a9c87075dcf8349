import Foundation
import RoadshowKernel

/// A province's agricultural profile (省份农业画像): main crops, farmland scenarios, featured
/// industries and the area words (东北, 黄淮海…) that titles use for it.
public struct ProvinceProfile: Sendable, Hashable {
  /// Short name.
  public var province: String
  /// Main crops.
  public var crops: Set<String>
  /// Farmland scenarios present.
  public var farmland: Set<String>
  /// Featured industries.
  public var industries: Set<String>
  /// Area words that name the province or a region it lies in.
  public var areas: [String]

  /// Creates a profile.
  public init(province: String, crops: Set<String>, farmland: Set<String>, industries: Set<String>, areas: [String]) {
    self.province = province
    self.crops = crops
    self.farmland = farmland
    self.industries = industries
    self.areas = areas
  }

  /// The file's headers.
  static let headers = (province: "省份", crops: "主要作物", farmland: "耕地场景", industries: "特色产业", areas: "区域关键词")

  /// Reads a profile table (CSV: 省份, 主要作物, 耕地场景, 特色产业, 区域关键词; lists separated by
  /// `;`, `；` or `、`). Every bad row is reported with file, row and column.
  static func read(_ url: URL, name: String, encoding: CSVEncoding = .auto) throws -> [String: ProvinceProfile] {
    let data = try CSVTable.read(url, displayName: name, encoding: encoding)
    let h = headers
    let missing = [h.province, h.crops, h.farmland, h.industries, h.areas].filter { data.column($0) == nil }
    if !missing.isEmpty {
      throw DataError([
        data.fileProblem(
          LocalizedText(
            zh: "画像表缺少列：\(missing.joined(separator: ", "))",
            en: "the profile table lacks columns: \(missing.joined(separator: ", "))"))
      ])
    }
    func list(_ text: String) -> [String] {
      text.split(whereSeparator: { ";；、".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
        !$0.isEmpty
      }
    }
    var result: [String: ProvinceProfile] = [:]
    var problems: [Diagnostic] = []
    for row in data.rows {
      let column = data.column(h.province)
      let text = row.cell(column)
      guard let province = Province.normalize(text) else {
        problems.append(
          data.badRow(row, column: column, LocalizedText(zh: "无法识别的省份 `\(text)`", en: "unknown province `\(text)`")))
        continue
      }
      if result[province] != nil {
        problems.append(
          data.badRow(
            row, column: column, LocalizedText(zh: "省份 \(province) 重复出现", en: "province \(province) appears twice")))
        continue
      }
      result[province] = ProvinceProfile(
        province: province, crops: Set(list(row.cell(data.column(h.crops)))),
        farmland: Set(list(row.cell(data.column(h.farmland)))),
        industries: Set(list(row.cell(data.column(h.industries)))),
        areas: list(row.cell(data.column(h.areas))))
    }
    if !problems.isEmpty { throw DataError(problems) }
    return result
  }
}

/// Regional fit (园区、县域适配): keeps the technologies suited to the provinces whose parks and
/// counties the docking serves — crop and farmland-scenario fit to the province's profile, served
/// industry among the province's featured industries or its leading enterprises' industries, area
/// words in the title, and holders from the province itself. A title that names only areas of
/// other provinces (“西南及南方…” for a docking in 黑龙江) is rejected as an area mismatch.
///
/// fit = w_crop·[crop fits] + w_farmland·[farmland fits] + w_industry·[industry featured]
/// + w_firms·[local leading firms serve the industry] + w_area·[area word] + w_local·[local holder],
/// taken for the best-fitting target province; it is added to the candidate's score as `fit`.
public struct RegionalFit: ScreeningPolicy {
  public static let description = PluginDescription(
    id: "agriculture.regional_fit", kind: .screening, track: "agriculture",
    title: LocalizedText(zh: "区域适配", en: "Regional fit"),
    summary: LocalizedText(
      zh: "按园区、县域所在省份的作物、耕地场景、特色产业和龙头企业筛选适配技术，列出对应园区",
      en:
        "Keeps technologies suited to the provinces of the parks and counties served (crops, farmland, industries, leading firms) and lists the parks"
    ),
    parameters: [
      ParameterSpec(
        "provinces", .list(.text),
        doc: LocalizedText(
          zh: "对接园区、县域所在省份（默认为承办单位所在省份）",
          en: "provinces of the parks and counties served (default: the host's province)")),
      ParameterSpec(
        "profiles", .file, required: true,
        doc: LocalizedText(
          zh: "省份农业画像表（CSV：省份、主要作物、耕地场景、特色产业、区域关键词）",
          en: "province profiles (CSV: 省份, 主要作物, 耕地场景, 特色产业, 区域关键词)")),
      ParameterSpec(
        "weights",
        .object([
          ParameterSpec("crop", .number(0...100), default: "10", doc: LocalizedText(zh: "作物契合", en: "crop fit")),
          ParameterSpec(
            "farmland", .number(0...100), default: "10", doc: LocalizedText(zh: "耕地场景契合", en: "farmland fit")),
          ParameterSpec(
            "industry", .number(0...100), default: "5", doc: LocalizedText(zh: "特色产业契合", en: "featured industry")),
          ParameterSpec(
            "firms", .number(0...100), default: "5",
            doc: LocalizedText(zh: "当地龙头企业同产业", en: "local leading firms in the industry")),
          ParameterSpec(
            "area", .number(0...100), default: "10", doc: LocalizedText(zh: "标题含目标区域关键词", en: "title names the area")),
          ParameterSpec(
            "local", .number(0...100), default: "5", doc: LocalizedText(zh: "持有单位在目标省份", en: "holder in the province")),
        ]), doc: LocalizedText(zh: "适配得分权重", en: "fit weights")),
      ParameterSpec(
        "min_score", .number(0...1000), default: "5",
        doc: LocalizedText(zh: "通过所需的最低适配得分", en: "lowest fit score that passes")),
      ParameterSpec(
        "area_mismatch", .choice(["reject", "flag"]), default: "reject",
        doc: LocalizedText(
          zh: "标题只指向其他省份区域时：reject 拒绝；flag 标注后按得分处理",
          en: "when the title names only other provinces' areas: reject, or flag and judge by score")),
      ParameterSpec(
        "parks_listed", .integer(1...50), default: "5",
        doc: LocalizedText(zh: "每项成果列出的对应园区数", en: "parks listed per achievement")),
      ParameterSpec(
        "output", .outputName, default: "park-matches.csv",
        doc: LocalizedText(zh: "成果—园区适配表文件名", en: "achievement–park match table file name")),
      .encoding,
    ],
    example: """
      - plugin: agriculture.regional_fit
        name: 园区县域适配
        with:
          provinces: [黑龙江, 吉林]
          profiles: agri-parks-counties/data/province-profiles.csv
          min_score: 10
      """)

  let provinces: [String]
  let profilesFile: URL
  let profilesName: String
  let profiles: [String: ProvinceProfile]
  let weights: (crop: Double, farmland: Double, industry: Double, firms: Double, area: Double, local: Double)
  let minimum: Double
  let rejectMismatch: Bool
  let parksListed: Int
  let output: String

  public init(parameters p: ParameterValues) throws {
    let listed = p.provinces("provinces")
    var problems = listed.problems
    provinces = listed.values
    guard let file = p.url("profiles"), let name = p.string("profiles") else {
      throw PluginSetupError([
        p.problem("profiles", LocalizedText(zh: "缺少省份画像表", en: "the profile table is missing"), code: .missingKey)
      ])
    }
    profilesFile = file
    profilesName = name
    // A missing file is already reported by the validator, at the key that names it.
    guard FileManager.default.fileExists(atPath: file.path) else { throw PluginSetupError(problems) }
    do {
      profiles = try ProvinceProfile.read(file, name: name, encoding: p.csvEncoding)
    } catch let error as DataError {
      throw PluginSetupError(problems + error.diagnostics)
    }
    for (offset, province) in provinces.enumerated() where profiles[province] == nil {
      problems.append(
        Diagnostic(
          .invalidValue, at: p.value("provinces")?.items?[offset].location ?? p.location(of: "provinces"),
          keyPath: KeyPath.index(p.keyPath(of: "provinces"), offset),
          message: LocalizedText(
            zh: "画像表 \(name) 中没有省份 \(province)", en: "the profile table \(name) has no row for \(province)")))
    }
    let w = p.object("weights")
    weights = (
      w?.double("crop") ?? 10, w?.double("farmland") ?? 10, w?.double("industry") ?? 5, w?.double("firms") ?? 5,
      w?.double("area") ?? 10, w?.double("local") ?? 5
    )
    minimum = p.double("min_score") ?? 5
    rejectMismatch = p.string("area_mismatch") != "flag"
    parksListed = p.int("parks_listed") ?? 5
    output = p.string("output") ?? "park-matches.csv"
    if !problems.isEmpty { throw PluginSetupError(problems) }
  }

  /// How one achievement fits one province.
  struct Fit {
    var province: String
    var score: Double
    var crops: [String]
    var farmland: [String]
    var industry: String?
    var firms: [String]
    var area: String?
    var local: Bool

    func describe(_ locale: ReportLocale) -> String {
      let zh = locale == .zhCN
      var parts: [String] = []
      if !crops.isEmpty { parts.append((zh ? "作物 " : "crops ") + AgriTaxonomy.names(crops, locale)) }
      if !farmland.isEmpty { parts.append((zh ? "耕地场景 " : "farmland ") + AgriTaxonomy.names(farmland, locale)) }
      if let industry { parts.append((zh ? "特色产业 " : "featured industry ") + AgriTaxonomy.name(industry, locale)) }
      if !firms.isEmpty {
        parts.append(zh ? "当地同产业龙头企业 \(firms.count) 家" : "\(firms.count) local leading firms in the industry")
      }
      if let area { parts.append(zh ? "区域「\(area)」" : "area “\(area)”") }
      if local { parts.append(zh ? "持有单位在本省" : "holder in the province") }
      return parts.isEmpty ? (zh ? "无契合项" : "nothing fits") : parts.joined(separator: zh ? "；" : "; ")
    }
  }

  func fit(_ achievement: Achievement, _ classification: AgriClassification, province: String, firms: [Participant])
    -> Fit
  {
    let profile = profiles[province]
    let text = achievement.title + " " + (achievement.summary ?? "")
    let crops = (classification.values[.crop] ?? []).filter { profile?.crops.contains($0) == true }
    let farmland = (classification.values[.farmland] ?? []).filter { profile?.farmland.contains($0) == true }
    let industryValue = classification.value(.industry)
    let industry = industryValue.flatMap { profile?.industries.contains($0) == true ? $0 : nil }
    let localFirms = firms.filter {
      $0.province == province && industryValue != nil && $0.fields.contains(industryValue ?? "")
    }
    let area = profile?.areas.first(where: { text.contains($0) })
    let holder = achievement.province ?? achievement.institution.flatMap(Province.named(in:))
    let local = holder == province
    var score = 0.0
    if !crops.isEmpty { score += weights.crop }
    if !farmland.isEmpty { score += weights.farmland }
    if industry != nil { score += weights.industry }
    if !localFirms.isEmpty { score += weights.firms }
    if area != nil { score += weights.area }
    if local { score += weights.local }
    return Fit(
      province: province, score: score, crops: crops, farmland: farmland, industry: industry,
      firms: localFirms.map(\.name), area: area, local: local)
  }

  /// Area words of other provinces named in `text` when none of the targets' are.
  func mismatch(_ text: String, targets: [String]) -> [String]? {
    let own = Set(targets.flatMap { profiles[$0]?.areas ?? [] })
    if own.contains(where: { text.contains($0) }) { return nil }
    let others = profiles.values.flatMap(\.areas).filter { !own.contains($0) && text.contains($0) }.uniqued()
    return others.isEmpty ? nil : others.sorted()
  }

  public func screen(_ candidates: [Candidate], in context: PipelineContext) async throws -> ScreeningResult {
    let locale = context.locale
    let zh = locale == .zhCN
    var targets = provinces
    if targets.isEmpty, let host = context.host.province.flatMap(Province.normalize) { targets = [host] }
    guard !targets.isEmpty else {
      throw PipelineError(
        stage: context.stage, plugin: Self.description.id,
        message: LocalizedText(
          zh: "未指定对接省份：请填写 provinces 或承办单位的 province",
          en: "no province to serve: set `provinces` or the host's `province`"))
    }
    if let missing = targets.first(where: { profiles[$0] == nil }) {
      throw PipelineError(
        stage: context.stage, plugin: Self.description.id,
        message: LocalizedText(
          zh: "画像表 \(profilesName) 中没有省份 \(missing)", en: "the profile table \(profilesName) has no row for \(missing)")
      )
    }
    let firms = context.participants.filter { $0.role == .enterprise }
    let parks = context.participants.filter { $0.role == .park }
    let classifier = AgriClassifier()
    var passed: [Candidate] = []
    var decisions: [ScreeningDecision] = []
    var rows: [[String]] = []
    for var candidate in candidates {
      let a = candidate.achievement
      let classification = AgriClassification(attributes: a.attributes) ?? classifier.classify(a)
      let fits = targets.map { fit(a, classification, province: $0, firms: firms) }
      guard let best = fits.max(by: { ($0.score, $1.province) < ($1.score, $0.province) }) else { continue }
      let score = best.score
      let areas = mismatch(a.title + " " + (a.summary ?? ""), targets: targets)
      if let areas, rejectMismatch {
        decisions.append(
          ScreeningDecision(
            achievement: a.id, passed: false, rule: "area_mismatch", score: score,
            reason: LocalizedText(
              zh: "区域不符：标题指向「\(areas.joined(separator: "、"))」，不含\(targets.joined(separator: "、"))的区域关键词",
              en:
                "area mismatch: the title names “\(areas.joined(separator: ", "))”, none of the areas of \(targets.joined(separator: ", "))"
            )))
        continue
      }
      if let areas {
        candidate.flags.append(
          LocalizedText(
            zh: "标题指向其他区域「\(areas.joined(separator: "、"))」",
            en: "title names other areas: \(areas.joined(separator: ", "))"))
      }
      guard score >= minimum else {
        decisions.append(
          ScreeningDecision(
            achievement: a.id, passed: false, rule: "min_fit", score: score,
            reason: LocalizedText(
              zh:
                "与\(targets.joined(separator: "、"))的适配得分 \(ReportFormat.number(score)) 低于门槛 \(ReportFormat.number(minimum))（\(best.describe(.zhCN))）",
              en:
                "fit \(ReportFormat.number(score)) with \(targets.joined(separator: ", ")) is below \(ReportFormat.number(minimum)) (\(best.describe(.en)))"
            )))
        continue
      }
      candidate.setScore("fit", score)
      candidate.achievement.attributes["agri.fit_province"] = best.province
      passed.append(candidate)
      let provinceParks = parks.filter { $0.province == best.province }.map(\.name)
      decisions.append(
        ScreeningDecision(
          achievement: a.id, passed: true, rule: "fit", score: score,
          reason: LocalizedText(
            zh: "最适合\(best.province)（适配得分 \(ReportFormat.number(score))）：\(best.describe(.zhCN))",
            en:
              "best fit \(Province.name(best.province, .en)) (fit \(ReportFormat.number(score))): \(best.describe(.en))"
          )))
      rows.append([
        a.id.rawValue, a.title, a.institution ?? "", Province.name(best.province, locale), ReportFormat.number(score),
        best.describe(locale),
        LabelFormat.list(provinceParks.prefix(parksListed), locale), String(best.firms.count),
        LabelFormat.list(best.firms.prefix(5), locale),
      ])
    }
    passed.sort { ($0.score, $1.id) > ($1.score, $0.id) }
    let header =
      zh
      ? ["编号", "成果名称", "持有单位", "最适合省份", "适配得分", "适配依据", "对应农业科技园区", "同产业龙头企业数", "龙头企业（前5家）"]
      : [
        "id", "title", "institution", "best province", "fit", "why", "parks", "leading firms in the industry",
        "firms (first 5)",
      ]
    return ScreeningResult(
      passed: passed, decisions: decisions,
      artifacts: [OutputFile(name: output, text: CSVWriter.text(header: header, rows: rows))])
  }
}
