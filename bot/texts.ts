/** What the bot says. Kept in one place so wording stays consistent, polite and short. */
export const TEXTS = {
  welcome:
    '您好，这里是12345市民服务热线在线服务，我是接诉小助手。\n您可以直接向我咨询政策、反映问题或查询工单进度；紧急情况请立即拨打110、119或120。',
  help: '我可以帮您：\n1. 解答常见问题（如网购退货、租房押金、施工噪声时间等）\n2. 受理投诉、求助，生成工单并派给承办单位\n3. 查询工单进度（发送"查进度"或工单号）\n4. 转接人工客服（发送"转人工"）\n5. 删除您的个人信息（发送"删除我的个人信息"）',
  thanks: '不客气，感谢您的信任。如还有其他问题，随时找我。',
  notUnderstood: '抱歉，我没能理解您的意思。您可以换个说法，或选择下面的服务。',
  menu: ['我要投诉', '查进度', '常见问题', '转人工'],
  ok: '好的。如还有其他需要，随时找我。',

  // === Knowledge base
  faqIntro: '大家常问的问题有这些，请点选；也可以直接把您的问题发给我。',
  feedbackThanks: '很高兴能帮到您！如还有其他问题，随时找我。',
  feedbackSorry: '抱歉没能解决您的问题。您可以把具体情况告诉我，我帮您提交诉求，转给相关部门办理；也可以转人工客服。',

  // === Emergency
  emergencyDefault: '情况紧急，请立即拨打110报警求助！',
  emergencyThen: '请先确保自身安全。您也可以继续告诉我具体情况，我们会同步登记，督促相关部门处理。',

  // === Intake
  askWhat: '请您简单说一下遇到了什么问题，比如发生了什么、持续多久了。',
  askWhere: '请问具体在哪里？可以说区、街道、小区和楼号，也可以发送位置。',
  noPlace: '没有具体地点',
  askPhone: '方便留个联系电话吗？承办单位可能需要和您核实情况。',
  declinePhone: '不方便留',
  phoneInvalid: '这个号码好像不太对，请输入11位手机号或带区号的固定电话，例如13912345678或010-12345678。',
  phoneGiveUp: '号码还是没能识别，这次先不留电话了，办理结果会通过本渠道告诉您。',
  phoneDeclined: '好的，不留电话也可以受理，办理结果会通过本渠道告诉您。',
  photoReceived: (n: number) => `已收到照片，共${n}张。`,
  fileReceived: (n: number) => `已收到附件，共${n}个。`,
  confirm: '确认提交',
  edit: '修改',
  cancel: '取消',
  editWhich: '请问要修改哪一项？',
  editFields: ['问题描述', '地点', '电话'],
  askWhatAgain: '好的，请重新描述一下您遇到的问题。',
  intakeCancelled: '好的，已取消，本次内容不会提交。如需要，随时可以再找我。',
  confirmHint: '请核对以上信息，确认无误请点"确认提交"。',
  confirmAgain: '请点"确认提交"提交工单，或点"修改""取消"。',
  sameMatter: '是同一件事',
  repeatNote: (id: string, when: string, status: string) =>
    `提示：您在${when}反映过类似问题（工单号${id}，目前${status}）。如果是同一件事，不必重复提交，点"是同一件事"即可；如果是新的问题，请点"确认提交"。`,
  sameMatterDone: (id: string) => `好的，不再重复提交。工单${id}正在办理，有结果会在这里告诉您；发送"${id}"可随时查看进度。`,
  submitFailed: '抱歉，工单暂时没能提交成功，请稍后再点一次"确认提交"。',
  alreadySubmitted: (id: string) => `您的工单已经提交，工单号 ${id}，无需重复提交。发送"查进度"可查看办理情况。`,

  // === Status
  noTickets: '您还没有通过本渠道提交过工单。如需反映问题，请点"我要投诉"。',
  ticketNotFound: '没有找到该工单，请核对工单号。发送"我的工单"可查看您提交过的工单。',

  // === Survey
  surveySolved: '问题解决了吗？',
  surveySatisfied: '您对办理结果满意吗？',
  solvedButtons: ['已解决', '未解决'],
  satisfiedButtons: ['满意', '不满意'],
  surveyPick: '请点选下面的按钮回答，谢谢。',
  surveyThanks: '感谢您的评价，祝您生活愉快！',
  surveySorry: '感谢您的反馈，很抱歉没能让您满意。需要为您申请重新办理吗？',
  reopenButtons: ['申请重新办理', '不用了'],
  reopenDeclined: '好的，感谢您的反馈，我们会督促相关部门改进工作。',
  surveyClosed: '好的，这次回访先不打扰您了。',
  surveyLater: '该工单的回访已结束，感谢您的反馈。',
  noSurvey: '目前没有需要您评价的工单。如需查询工单，请发送"查进度"。',

  // === Handoff
  handoffQueued: '已为您转接人工客服，请稍候；如不想等待，回复"取消"即可。',

  // === Erasure
  eraseAsk:
    '确认要删除您的个人信息吗？删除后，您工单中的电话等个人信息和本次对话中您发送的内容都将清除，无法恢复；工单本身会去除个人信息后保留，用于匿名统计。',
  eraseButtons: ['确认删除', '取消'],
  eraseCancelled: '好的，已取消删除，您的信息没有变动。',
  eraseDone: (n: number) =>
    `已删除您的个人信息${n > 0 ? `（涉及${n}件工单）` : ''}。我们仅保留不含个人信息的匿名统计数据，如问题类别、办理时长和满意度。`,
  eraseFailed: '抱歉，删除暂时没能完成，请稍后再试，或转人工处理。',
} as const;
