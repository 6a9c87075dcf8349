extension PageText {
  /// The words of the work pages: expert reviews and the host's dashboard.
  static let work: [String: (zh: String, en: String)] = [
    "reviews": ("评审任务", "My reviews"),
    "noTasks": ("暂无分配给您的评审任务。", "No reviews are assigned to you."),
    "noExpertID": (
      "您的账户尚未关联专家编号，请联系承办单位。", "Your account is not linked to an expert id yet; ask the host."
    ),
    "blind": ("匿名评审", "blind review"),
    "notBlind": ("实名评审", "not blind"),
    "onsite": ("现场评议", "on-site review"),
    "scoredCount": ("项已评", "scored"),
    "achievementID": ("成果编号", "Id"),
    "awaitingClearance": ("待保密审查，暂不提供材料", "awaiting confidentiality clearance"),
    "statusPending": ("待评", "to score"),
    "statusScored": ("已评", "scored"),
    "statusRecused": ("已回避", "recused"),
    "weight": ("权重", "weight"),
    "comment": ("评语", "Comment"),
    "recusal": ("回避理由", "Recusal"),
    "recusalHint": (
      "如有利益冲突，填写理由并不打分", "if you have a conflict of interest: the reason, and no scores"
    ),
    "submitScores": ("提交评分", "Submit scores"),
    "scoreRecorded": ("评分已记录；再次提交将替换本次评分。", "Scores recorded; submitting again replaces them."),
    "dashboard": ("工作台", "Dashboard"),
    "allHosts": ("全部承办单位", "all hosts"),
    "funnel": ("成果遴选漏斗", "Funnel"),
    "collected": ("征集", "collected"),
    "screened": ("参与遴选", "screened"),
    "pitched": ("路演", "pitched"),
    "events": ("路演活动", "Events"),
    "date": ("日期", "Date"),
    "programme": ("活动", "Event"),
    "participants": ("参与方", "Participants"),
    "meetings": ("一对一", "One-to-one"),
    "chain": ("转化进展", "Conversion chain"),
    "projects": ("项目", "projects"),
    "followUpDue": ("跟踪服务到期", "Follow-up due"),
    "dueDate": ("到期日", "Due"),
    "overdue": ("逾期", "overdue"),
    "due": ("到期", "due"),
    "noneDue": ("30 天内没有到期的跟踪节点。", "Nothing due within 30 days."),
    "todo": ("保密审查待办", "Confidentiality to-do"),
    "todoText": (
      "项成果尚未通过保密审查，不会出现在任何对外输出中。",
      "records have not passed confidentiality review and reach no output outside the office."
    ),
    "reviewThem": ("去审查", "Review them"),
    "targets": ("年度目标（002 一）", "Targets (002 §1)"),
    "runPipeline": ("运行遴选流程", "Run the pipeline"),
    "runStarted": ("流程已运行。", "The pipeline ran."),
    "runFailed": ("流程运行失败。", "The pipeline failed."),
    "moreDue": ("另有", "and"),
    "moreDueTail": ("个节点到期或逾期", "more checkpoints due or overdue"),
    "noPipeline": ("本平台未配置可运行的流程。", "This platform has no pipeline to run."),
    "asOf": ("截至", "As of"),
  ]
}
