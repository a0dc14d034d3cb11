/** What the bot says. Kept in one place so wording stays consistent, polite and short. */
export const TEXTS = {
  welcome:
    '您好，这里是12345市民服务热线在线服务，我是接诉小助手。\n您可以直接向我咨询政策、反映问题或查询工单进度；紧急情况请立即拨打110、119或120。',
  help: '我可以帮您：\n1. 解答常见问题（如网购退货、租房押金、施工噪声时间等）\n2. 受理投诉、求助，生成工单并派给承办单位\n3. 查询工单进度（发送"查进度"或工单号）\n4. 转接人工客服（发送"转人工"）',
  thanks: '不客气，感谢您的信任。如还有其他问题，随时找我。',
  notUnderstood: '抱歉，我没能理解您的意思。您可以换个说法，或选择下面的服务。',
  menu: ['我要投诉', '查进度', '常见问题', '转人工'],
} as const;
