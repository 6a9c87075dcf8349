import RoadshowKernel

/// The commented starter config `roadshow init` writes: the Torch express pipeline
/// (火炬科技成果直通车) with every stage, Chinese comments with English beside them.
enum StarterConfig {
  /// Data files the starter names, relative to the config, with the header each needs.
  static let dataFiles: [(path: String, header: String)] = [
    ("data/achievements.csv", "编号,成果名称,持有单位,领域,技术成熟度,产业化前景,简介"),
    ("data/enterprise-responses.csv", "编号,企业名称,对接意向,意见建议"),
    ("data/business-plans.csv", "编号,已完成项"),
    ("data/experts.csv", "姓名,单位,领域"),
  ]

  /// A few invented rows (示例数据) for each data file, so that the starter validates and runs as
  /// written; `roadshow init` writes them only where no such file exists yet.
  static let sampleRows: [String: String] = [
    "data/achievements.csv": """
    A001,高精度工业机器人关节减速器（示例）,示例大学,智能制造,6,80,面向协作机器人的精密减速器
    A002,智能工厂生产排程与质量追溯系统（示例）,示例研究院,智能制造,5,72,离散制造车间排产与追溯
    A003,激光增材制造钛合金构件（示例）,示例大学,增材制造,,65,"大型构件,一体化成形"
    A004,数控机床热误差补偿技术（示例）,示例研究所,智能制造,7,78,精度保持
    A005,农业无人机植保作业系统（示例）,示例农业大学,智能农机,3,60,丘陵地区植保

    """,
    "data/enterprise-responses.csv": """
    A001,示例装备有限公司,强烈意向,希望了解中试数据
    A002,示例电子制造有限公司,有意向,关注产线改造成本
    A004,示例精密机床有限公司,了解,

    """,
    "data/business-plans.csv": """
    A001,technical_lead;market;team
    A004,technical_lead;industrial_feasibility

    """,
    "data/experts.csv": """
    示例专家甲,示例大学机械学院,机器人;智能制造
    示例专家乙,示例投资机构,投资
    示例专家丙,示例研究院,增材制造

    """,
  ]

  /// The text `roadshow init` writes by default: for `roadshow.yaml`, reporting in Chinese.
  static let text = text(file: "roadshow.yaml", locale: .zhCN)

  /// The starter for a config file named `file` (a name, not a path: the commands in its header
  /// are run from the config's folder, as its relative paths are), with `locale:` set to `locale`.
  /// The comments stay bilingual and the sample content Chinese whatever the locale.
  static func text(file: String, locale: ReportLocale) -> String {
    let name = shellWord(file)
    let setting = "locale: \(locale.rawValue)"
    let localeLine = setting + String(repeating: " ", count: max(1, 23 - setting.count))
    return """
      # 科技成果直通车 · 运行配置（由 `roadshow init` 生成）
      # S&T achievement roadshow config (written by `roadshow init`).
      #
      # 校验 / check:   roadshow validate \(name)
      # 运行 / run:     roadshow run \(name)
      # 插件 / plugins: roadshow plugins --track torch     （每个插件的全部参数 / every plugin's parameters）
      #
      # 路径均相对于本文件所在目录。Paths are relative to this file's folder.

      # 活动信息 / the programme
      programme:
        name: 2025年火炬科技成果直通车（示例专场）   # 活动名称 / programme name
        year: 2025
        organiser: 科技部火炬中心                    # 主办单位 / organiser

      \(localeLine)# 报告语言 zh-CN 或 en / report language
      tracks: [torch]        # 启用的行动方向 / enabled tracks
      library: roadshow.sqlite   # 项目库文件（SQLite），--db 优先 / project library; --db wins
      event_date: 2025-09-20     # 路演日期 YYYY-MM-DD / date of the roadshow

      # 承办单位及工作申报表（001 附件2）/ the host and its application form
      host:
        name: 某国家高新技术产业开发区管理委员会     # 承办单位 / host
        province: 江苏
        industry_field: 智能制造                    # 拟对接的产业领域 / industry field
        month: 9                                    # 活动时间（月份）/ month
        venue: 科技城会议中心                        # 活动地点 / venue
        scale: 300                                  # 活动规模（人）/ scale (persons)
        contact: 联系人 电话                         # 联系人及联系方式 / contact
        work_idea: 聚焦本地主导产业，遴选成熟度高、产业化前景好的成果，组织企业、园区和投资机构参与路演与一对一对接，并持续跟踪服务。  # ≤150字
        achievement_demand: 技术成熟度4级以上、可在本地中试或产业化的成果。  # 对科技成果的需求描述 ≤100字
        conditions: 提供路演场地、中试平台和孵化载体。                  # 条件保障情况 ≤100字

      # 1 成果征集 / intake: where achievements come from; re-running updates, never duplicates
      intake:
        - plugin: torch.csv_intake
          name: 成果征集
          with:
            file: data/achievements.csv       # 数据文件 CSV 或 JSON / data file
            source: call-2025                 # 数据源标识，与编号构成稳定身份 / source id
            columns:                          # 字段: 文件列名 / field: column header
              id: 编号
              title: 成果名称
              institution: 持有单位
              field: 领域
              trl: 技术成熟度
              prospect: 产业化前景
              summary: 简介
            constants: {channel: open_call}   # 对所有记录固定的字段 / fixed fields
            on_bad_row: skip                  # 坏行：stop 停止 / skip 跳过 / bad rows

      # 2 项目筛选（漏斗，按顺序执行）/ screening: the funnel, in order
      screening:
        - plugin: torch.field_focus
          name: 对接领域                      # 对接产业领域 / the host's industry focus
          with:
            keywords: [智能, 机器人, 制造]
        - plugin: torch.trl_threshold
          name: 技术成熟度
          with:
            min_trl: 4                        # 最低技术成熟度 1–9 / lowest TRL
            unknown: review                   # 未评估：review 保留待审 / reject 淘汰
        - plugin: torch.shortlist
          name: 初筛约100项                    # 约100项推送企业 / about 100 pushed to enterprises
          with:
            size: 100
            weights: {trl: 0.4, prospect: 0.3, funding: 0.2, relevance: 0.1}
        - plugin: torch.enterprise_interest
          name: 企业对接意愿                   # 推送名单并读回企业意向 / push list, read interest back
          with:
            responses: data/enterprise-responses.csv
            weight: 5
        - plugin: torch.final_selection
          name: 确定路演项目                   # 约10–20项 / about 10–20 to pitch
          with:
            count: 15
            max_per_institution: 2

      # 3 路演辅导 / coaching: business-plan checklists
      coaching:
        - plugin: torch.business_plan_checklist
          with:
            submissions: data/business-plans.csv
            sessions: [商业计划书一对一辅导, 模拟路演]

      # 4 路演活动 / event: on site and online
      event:
        - plugin: torch.onsite_roadshow
          name: 现场路演
          with:
            start: "09:00"
            keynotes:
              - {speaker: 火炬中心代表, topic: 科技成果转化政策解读, minutes: 20}
            pitch_minutes: 8
            review_minutes: 3
            qa_minutes: 4
            experts: data/experts.csv         # 评议专家 / review experts
        - plugin: torch.online_channel
          name: 线上展示                       # 未入选项目的线上对接渠道 / online channel for the rest
          with:
            days_open: 30

      # 5 跟踪服务 / follow-up: tracking until the projects land
      follow_up:
        - plugin: torch.tracking_plan
          with:
            checkpoints: [3, 6, 12]           # 路演后第几个月检查 / months after the event

      """
  }

  /// `text` as one word for a POSIX shell: as is when it holds nothing the shell would
  /// interpret, else in single quotes.
  static func shellWord(_ text: String) -> String {
    let special: Set<Character> = [
      " ", "\t", "'", "\"", "\\", "$", "`", "!", "*", "?", "[", "]", "(", ")", "{", "}", "<", ">", "|", "&",
      ";", "#", "~",
    ]
    guard text.isEmpty || text.contains(where: special.contains) else { return text }
    return "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
  }
}
