/*
 * 12345 接诉工作台, part two: 工单 (list, detail with its event history, actions by role
 * and status) and 统计 (three rates, overdue, hot issues, CSV export). Runs after
 * console.js and uses its helpers. Plain ES2019; server text only through textContent.
 */
// biome-ignore-all lint/complexity/useOptionalChain: the console targets ES2019 browsers, which lack `?.`
(() => {
  const ns = window.JiesuConsole;
  const { api, el, when, pct, notice, select, clickable, safeUrl } = ns;
  const $ = (id) => document.getElementById(id);
  const STATUSES = ['已受理', '已派单', '办理中', '已退单', '挂账', '已办结', '已回访', '已归档', '已合并'];

  // What each action asks for, who may take it and from which statuses (as desk/ticket-state.ts).
  // `own`: only the ticket's department itself acts, never an admin on its behalf.
  const reason = (label, optional) => ({ name: 'reason', label, kind: 'textarea', optional });
  const department = { name: 'department', label: '承办单位', kind: 'department' };
  const ACTIONS = [
    { key: 'accept', label: '接单', own: true, roles: ['department'], from: ['已派单', '挂账'] },
    {
      key: 'close',
      label: '办结',
      own: true,
      roles: ['department'],
      from: ['已派单', '办理中', '挂账'],
      fields: [{ name: 'reply', label: '办理结果（将发送给市民）', kind: 'textarea' }],
    },
    { key: 'return', label: '退单', own: true, roles: ['department'], from: ['已派单', '办理中'], fields: [reason('退单理由')] },
    {
      key: 'hold',
      label: '挂账',
      own: true,
      roles: ['department'],
      from: ['办理中'],
      fields: [reason('挂账原因'), { name: 'reviewAt', label: '复核日期', kind: 'date' }],
    },
    { key: 'dispatch', label: '派单', roles: ['dispatcher'], from: ['已受理'], fields: [department, reason('派单说明（可选）', true)] },
    {
      key: 'redispatch',
      label: '重新派单',
      roles: ['dispatcher'],
      from: ['已退单', '已派单', '办理中', '挂账'],
      fields: [department, reason('重新派单原因（可选）', true)],
    },
    {
      key: 'reopen',
      label: '重开',
      roles: ['agent', 'dispatcher'],
      from: ['已办结', '已回访'],
      fields: [reason('重开原因（可选）', true)],
    },
    { key: 'archive', label: '归档', roles: ['dispatcher', 'manager'], from: ['已办结', '已回访'] },
  ];
  const DONE = {
    accept: '已接单',
    close: '已办结',
    return: '已退单',
    hold: '已挂账',
    dispatch: '已派单',
    redispatch: '已重新派单',
    reopen: '已重开',
    archive: '已归档',
  };

  let openId = null; // the ticket shown on the right
  let overdueIds = {}; // ticket id → true, from GET /api/desk/overdue (the server's clock and calendar)
  const departments = {}; // every department seen in a ticket, for the 派单 suggestions
  let pending = null; // the action whose form is open

  for (const s of STATUSES) $('ticket-status').appendChild(el('option', null, s));
  const deptList = el('datalist');
  deptList.id = 'department-options';
  document.body.appendChild(deptList);

  // === 工单 list
  ns.enterTickets = () => {
    ns.poll('tickets', loadTickets, 15000);
  };
  async function loadTickets() {
    const scope = $('ticket-scope').value;
    const status = $('ticket-status').value;
    const [list, due] = await Promise.all([
      scope === 'disputed'
        ? api('GET', '/api/desk/disputed')
        : api('GET', `/api/desk/tickets${status ? `?status=${encodeURIComponent(status)}` : ''}`),
      api('GET', '/api/desk/overdue'),
    ]);
    overdueIds = {};
    for (const item of due.items) overdueIds[item.ticket.id] = true;
    const tickets = list.tickets.filter((t) => !status || t.status === status);
    const body = $('tickets');
    body.textContent = '';
    $('tickets-empty').hidden = tickets.length > 0;
    for (const t of tickets) {
      if (t.department) departments[t.department] = true;
      const late = overdueIds[t.id] === true;
      const tr = clickable(el('tr', late ? 'overdue' : ''), () => openTicket(t.id));
      tr.setAttribute('data-id', t.id);
      const cells = [t.id, t.status, t.topic ? `${t.category} / ${t.topic}` : t.category, t.department || '待派单'];
      for (const text of cells) tr.appendChild(el('td', null, text));
      tr.appendChild(el('td', null, `${when(t.deadlines.resolveBy)}${late ? '（超期）' : ''}`));
      body.appendChild(tr);
    }
    select(body, (tr) => tr.getAttribute('data-id') === openId);
    deptList.textContent = '';
    for (const d of Object.keys(departments).sort()) {
      const o = el('option');
      o.value = d;
      deptList.appendChild(o);
    }
  }
  for (const id of ['ticket-scope', 'ticket-status']) $(id).addEventListener('change', () => ns.enterTickets());
  $('tickets-refresh').addEventListener('click', () => ns.enterTickets());

  // === One ticket: fields, actions, history
  async function openTicket(id) {
    openId = id;
    closeForm();
    $('ticket-error').textContent = '';
    select($('tickets'), (tr) => tr.getAttribute('data-id') === id);
    try {
      await loadTicket();
    } catch (err) {
      $('ticket-error').textContent = err.message;
    }
  }
  ns.openTicket = (id) => {
    ns.show('tickets');
    openTicket(id);
  };
  async function loadTicket() {
    const id = openId;
    const { ticket, events } = await api('GET', `/api/desk/tickets/${encodeURIComponent(id)}`);
    if (openId !== id) return;
    $('ticket-title').textContent = `工单 ${ticket.id}`;
    renderFields(ticket);
    renderActions(ticket);
    renderHistory(events);
  }
  function renderFields(t) {
    const dl = $('ticket-fields');
    dl.textContent = '';
    const add = (label, value, cls) => {
      if (value === undefined || value === null || value === '') return;
      dl.appendChild(el('dt', null, label));
      dl.appendChild(el('dd', cls, value));
    };
    const late = overdueIds[t.id] === true;
    add('状态', t.status + (t.disputed ? '（争议诉求）' : ''));
    add('分类', t.topic ? `${t.category} / ${t.topic}` : t.category);
    add('承办单位', t.department || '待派单');
    add('紧急程度', ns.URGENCY[t.urgency] || t.urgency);
    add('诉求内容', t.description);
    add('地点', t.place);
    add('渠道', ns.CHANNELS[t.channelId] || t.channelId);
    if (t.contact) add('联系人', [t.contact.name, t.contact.phone].filter(Boolean).join(' ') || '未留联系方式');
    add('受理时间', when(t.createdAt));
    add('响应时限', when(t.deadlines.respondBy) + (t.respondedAt ? `（已于 ${when(t.respondedAt)} 响应）` : ''));
    add('办结时限', when(t.deadlines.resolveBy) + (late ? '（已超期）' : ''), late ? 'overdue' : '');
    if (t.hold) add('挂账', `${t.hold.reason}（复核日期 ${when(t.hold.reviewAt)}）`);
    if (t.lastReturn) add('最近退单', `${t.lastReturn.department || ''} ${t.lastReturn.reason}`.trim());
    add('办理结果', t.reply);
    if (t.survey) add('回访', `${t.survey.solved ? '已解决' : '未解决'}，${t.survey.satisfied ? '满意' : '不满意'}`);
    if (t.mergedInto) add('已合并至', t.mergedInto);
    for (const a of t.attachments || []) {
      const href = safeUrl(a.url);
      if (!href) continue;
      const link = el('a', null, a.name || '查看附件');
      link.href = href;
      link.target = '_blank';
      link.rel = 'noopener';
      dl.appendChild(el('dt', null, '附件'));
      dl.appendChild(el('dd')).appendChild(link);
    }
  }
  function mayTake(a) {
    const role = ns.me().role;
    return a.roles.indexOf(role) >= 0 || (role === 'admin' && !a.own);
  }
  function renderActions(t) {
    const box = $('ticket-actions');
    box.textContent = '';
    for (const a of ACTIONS) {
      if (!mayTake(a) || a.from.indexOf(t.status) < 0) continue;
      const b = el('button', a.key === 'close' || a.key === 'accept' || a.key === 'dispatch' ? 'primary' : '', a.label);
      b.type = 'button';
      b.addEventListener('click', () => (a.fields ? openForm(a) : act(a, {})));
      box.appendChild(b);
    }
  }
  function renderHistory(events) {
    const list = $('history');
    list.textContent = '';
    $('history-title').hidden = events.length === 0;
    for (const e of events) {
      const li = el('li');
      const actor = e.actor || {};
      const who = `${actor.name || ''}（${ns.roleName(actor.role)}${actor.department ? ` · ${actor.department}` : ''}）`;
      li.appendChild(el('div', 'meta', `${when(e.at)} · ${who}`));
      li.appendChild(el('div', null, describe(e)));
      if (e.reason) li.appendChild(el('div', null, `原因：${e.reason}`));
      list.appendChild(li);
    }
  }
  function describe(e) {
    const d = e.data || {};
    switch (e.type) {
      case '受理':
        return `受理：${d.category}${d.department ? `，承办单位 ${d.department}` : ''}`;
      case '派单':
        return `派单至 ${d.department}`;
      case '重新派单':
        return `重新派单：${d.from ? `${d.from} → ` : ''}${d.department}`;
      case '挂账':
        return `挂账，复核日期 ${when(d.reviewAt)}`;
      case '办结':
        return `办结。办理结果：${d.reply}`;
      case '回访发起':
        return `发起回访（第 ${d.attempt} 次）`;
      case '已回访':
        return `回访：${d.solved ? '已解决' : '未解决'}，${d.satisfied ? '满意' : '不满意'}`;
      case '合并':
        return `合并至 ${d.into}`;
      case '并入重复件':
        return `并入重复件 ${d.duplicate}`;
      default:
        return e.type;
    }
  }

  // === Actions: a button, a small form when the action needs words, then the server decides
  function openForm(a) {
    pending = a;
    const box = $('action-fields');
    box.textContent = '';
    box.appendChild(el('h3', null, a.label));
    for (const f of a.fields) {
      const label = el('label', null, f.label);
      const input = el(f.kind === 'textarea' ? 'textarea' : 'input');
      input.name = f.name;
      if (f.kind === 'date') input.type = 'date';
      if (f.kind === 'department') input.setAttribute('list', 'department-options');
      label.appendChild(input);
      box.appendChild(label);
    }
    $('action-submit').textContent = `确认${a.label}`;
    $('action-form').hidden = false;
    $('ticket-error').textContent = '';
    box.querySelector('input, textarea').focus();
  }
  function closeForm() {
    pending = null;
    $('action-form').hidden = true;
    $('action-fields').textContent = '';
  }
  $('action-cancel').addEventListener('click', closeForm);
  $('action-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const body = {};
    for (const f of pending.fields) {
      const v = e.target.elements[f.name].value.trim();
      // Required texts are checked by the server, whose message says what is missing.
      if (v || !f.optional) body[f.name] = v;
    }
    act(pending, body);
  });
  async function act(a, body) {
    const id = openId;
    $('ticket-error').textContent = '';
    const buttons = document.querySelectorAll('#ticket-actions button, #action-form button');
    for (const b of buttons) b.disabled = true;
    try {
      await api('POST', `/api/desk/tickets/${encodeURIComponent(id)}/${a.key}`, body);
      closeForm();
      notice(`工单 ${id} ${DONE[a.key]}`, true);
      await Promise.all([loadTicket(), loadTickets()]);
    } catch (err) {
      $('ticket-error').textContent = err.message;
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  }

  // === 统计
  ns.enterStats = () => {
    loadStats().catch((err) => notice(err.message));
  };
  async function loadStats() {
    const [rates, due, hot] = await Promise.all([
      api('GET', '/api/desk/rates?by=department'),
      api('GET', '/api/desk/overdue'),
      api('GET', '/api/desk/hot-issues'),
    ]);
    const body = $('rates');
    body.textContent = '';
    const row = (r, name, cls) => {
      const tr = el('tr', cls);
      for (const v of [name, r.tickets, pct(r.responseRate), pct(r.resolutionRate), pct(r.satisfactionRate), r.overdue]) {
        tr.appendChild(el('td', null, v));
      }
      body.appendChild(tr);
      return tr;
    };
    for (const r of rates.rows) row(r, r.key || '待派单', r.overdue > 0 ? 'overdue' : '');
    row(rates.total, '合计', 'total');

    const late = $('overdue');
    late.textContent = '';
    $('overdue-empty').hidden = due.items.length > 0;
    for (const item of due.items) {
      const tr = clickable(el('tr', 'overdue'), () => ns.openTicket(item.ticket.id));
      for (const v of [item.ticket.id, item.ticket.department || '待派单', ns.DUE_KINDS[item.kind] || item.kind, when(item.dueAt)]) {
        tr.appendChild(el('td', null, v));
      }
      late.appendChild(tr);
    }

    const list = $('hot');
    list.textContent = '';
    $('hot-empty').hidden = hot.issues.length > 0;
    for (const h of hot.issues) {
      const li = el('li');
      li.appendChild(el('div', null, `${h.place} · ${h.topic}`));
      li.appendChild(el('div', 'meta', `${h.citizens} 位市民反映，${h.tickets.length} 件工单`));
      for (const t of h.tickets) li.appendChild(clickable(el('span', 'tag', `${t.id} ${t.status}`), () => ns.openTicket(t.id)));
      list.appendChild(li);
    }
  }
  $('stats-refresh').addEventListener('click', () => ns.enterStats());
  $('export').addEventListener('click', async () => {
    try {
      // A plain link cannot carry the bearer token: fetch, then hand the browser a Blob.
      const blob = await api('GET', '/api/desk/export.csv');
      const url = URL.createObjectURL(blob);
      const a = el('a');
      a.href = url;
      a.download = `工单导出-${new Date().toISOString().slice(0, 10)}.csv`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (err) {
      notice(err.message);
    }
  });

  // Called on sign-out: nothing of the last user stays on screen.
  ns.reset = () => {
    openId = null;
    closeForm();
    for (const id of ['tickets', 'ticket-fields', 'ticket-actions', 'ticket-error', 'history', 'rates', 'overdue', 'hot'])
      $(id).textContent = '';
    for (const k of Object.keys(departments)) delete departments[k];
    $('ticket-title').textContent = '请从左侧选择一个工单';
    $('history-title').hidden = true;
  };
})();
