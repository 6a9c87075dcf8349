import RoadshowKernel

/// The words of the pages, in both languages: every key has its Chinese and its English.
enum PageText {
  static let entries = base.merging(work) { first, _ in first }

  static let base: [String: (zh: String, en: String)] = [
    "catalogue": ("科技成果信息公开", "Achievement catalogue"),
    "search": ("搜索", "Search"),
    "searchPlaceholder": ("成果名称、简介、领域或单位", "title, summary, field or institution"),
    "field": ("所属领域", "Field"),
    "anyField": ("全部领域", "All fields"),
    "trl": ("技术成熟度", "Technology readiness (TRL)"),
    "anyTRL": ("不限", "Any"),
    "atLeast": ("不低于", "at least"),
    "province": ("省份", "Province"),
    "anyProvince": ("全部省份", "All provinces"),
    "region": ("地区", "Region"),
    "anyRegion": ("全部地区", "All regions"),
    "results": ("条结果", "results"),
    "noResults": ("没有符合条件的成果。", "No achievement matches."),
    "previous": ("上一页", "Previous"),
    "next": ("下一页", "Next"),
    "page": ("页", "page"),
    "of": ("/", "of"),
    "title": ("成果名称", "Title"),
    "summary": ("成果简介", "Summary"),
    "institution": ("持有单位", "Institution"),
    "team": ("团队成员", "Team"),
    "year": ("年份", "Year"),
    "channel": ("征集渠道", "Intake channel"),
    "transferModes": ("转化方式", "Transfer modes"),
    "ip": ("知识产权", "Intellectual property"),
    "withheld": ("（不公开）", "(not published)"),
    "backToCatalogue": ("返回成果目录", "Back to the catalogue"),
    "login": ("登录", "Log in"),
    "logout": ("退出", "Log out"),
    "username": ("用户名", "Username"),
    "password": ("密码", "Password"),
    "loginFailed": ("用户名或密码错误，或账户已停用。", "Wrong username or password, or the account is disabled."),
    "tooManyLogins": ("登录失败次数过多，请稍后再试。", "Too many failed logins; try again later."),
    "submit": ("项目入库", "Submit an achievement"),
    "submitButton": ("提交", "Submit"),
    "host": ("承办单位", "Host"),
    "required": ("必填", "required"),
    "teamHint": ("多人用顿号或分号分隔", "separate names with ; or ,"),
    "trlHint": ("1–9 或“未知”", "1–9 or unknown"),
    "transferHint": ("转让、许可、作价入股、合作开发……", "transfer, licence, equity, joint development…"),
    "submitted": ("已提交，等待承办单位保密审查。", "Submitted: waiting for the host's confidentiality review."),
    "fixErrors": ("请修改标出的字段。", "Please correct the marked fields."),
    "submissions": ("入库项目", "Submissions"),
    "pendingReview": ("待保密审查", "Awaiting confidentiality review"),
    "status": ("状态", "Status"),
    "submittedBy": ("提交人", "Submitted by"),
    "submittedAt": ("提交时间", "Submitted at"),
    "note": ("审查意见", "Note"),
    "clear": ("通过保密审查", "Clear for publication"),
    "restrict": ("涉密，不公开", "Restrict"),
    "noSubmissions": ("暂无入库项目。", "No submissions."),
    "reviewRecorded": ("已记录保密审查结论。", "The review was recorded."),
    "forbidden": ("无权访问此页面。", "You may not see this page."),
    "notFound": ("未找到该页面或成果。", "No such page or achievement."),
    "badRequest": ("请求无效（表单已过期？请返回重试）。", "Bad request (an expired form? go back and try again)."),
    "tooLarge": ("提交内容过大。", "The request is too large."),
    "signedInAs": ("当前用户", "Signed in as"),
    "language": ("English", "中文"),
    "cleared": ("已通过", "cleared"),
    "pending": ("待审查", "pending"),
    "restricted": ("涉密", "restricted"),
  ]

  /// Every word in `locale`, for a template's `t`.
  static func table(_ locale: ReportLocale) -> [String: String] { locale == .zhCN ? chinese : english }

  private static let chinese = entries.mapValues(\.zh)
  private static let english = entries.mapValues(\.en)

  /// One word in `locale`.
  static func word(_ key: String, _ locale: ReportLocale) -> String {
    guard let entry = entries[key] else { return key }
    return locale == .zhCN ? entry.zh : entry.en
  }
}
