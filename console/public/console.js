/*
 * 12345 接诉工作台: the staff console for agents (坐席), department handlers (承办单位),
 * dispatchers and managers. Plain ES2019 (no optional chaining), no framework, no build.
 * Talks to the staff API with the bearer token of POST /api/auth/login, kept in
 * sessionStorage. Server text is only ever set as textContent.
 */
// biome-ignore-all lint/complexity/useOptionalChain: the console targets ES2019 browsers, which lack `?.`
(() => {
  const TOKEN = 'jiesu.console.token';
  const ROLE_NAMES = {
    admin: '管理员',
    manager: '管理方',
    dispatcher: '派单员',
    agent: '坐席',
    department: '承办单位',
    editor: '知识库编辑',
    citizen: '市民',
    system: '系统',
  };
  const CHANNELS = {
    webchat: '网页咨询',
    'wechat-mp': '微信公众号',
    wechaty: '微信',
    telegram: 'Telegram',
    phone: '电话',
    open311: 'Open311',
  };
  const URGENCY = { emergency: '紧急', epidemic: '疫情防控', enterprise: '企业诉求', normal: '一般' };
  const DUE_KINDS = { respond: '响应', resolve: '办结', review: '挂账复核' };
  // Who may open each view ('admin' always may).
  const VIEWS = {
    handoff: { roles: ['agent', 'dispatcher'], enter: enterHandoff },
    tickets: { roles: ['agent', 'dispatcher', 'department', 'manager'], enter: enterTickets },
    stats: { roles: ['manager'], enter: enterStats },
  };
  const $ = (id) => document.getElementById(id);
  let me = null; // the signed-in user: { id, name, role, department }

  // === Helpers
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  const TIME = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  const when = (iso) => (iso && !Number.isNaN(Date.parse(iso)) ? TIME.format(new Date(iso)) : '');
  const pct = (r) => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`);
  const allowed = (roles) => me !== null && (me.role === 'admin' || roles.indexOf(me.role) >= 0);
  function safeUrl(u) {
    try {
      const url = new URL(u, location.href);
      return /^https?:$/.test(url.protocol) ? url.href : null;
    } catch {
      return null;
    }
  }
  /** A line under the header: an error, or (ok) the outcome of an action. */
  function notice(text, ok) {
    $('notice').textContent = text || '';
    $('notice').className = ok ? 'notice ok' : 'notice';
    $('notice').hidden = !text;
  }
  function select(list, match) {
    for (const item of list.children) item.setAttribute('aria-current', String(match(item)));
  }
  function clickable(node, action) {
    node.tabIndex = 0;
    node.addEventListener('click', action);
    node.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') action();
    });
    return node;
  }

  // === API
  const FALLBACK = {
    400: '请求有误',
    403: '当前角色无权进行此操作',
    404: '没有找到',
    409: '当前状态不允许此操作',
    429: '操作过于频繁，请稍后再试',
  };
  function ApiError(status, message) {
    const err = new Error(message);
    err.status = status;
    return err;
  }
  async function errorOf(res) {
    let message = '';
    try {
      const body = await res.json();
      if (body && body.error && body.error.message) message = body.error.message;
    } catch {
      // not JSON: fall back to a message by status
    }
    return ApiError(res.status, message || FALLBACK[res.status] || `服务器暂时无法处理（${res.status}），请稍后再试`);
  }
  async function api(method, path, body) {
    const headers = { authorization: `Bearer ${sessionStorage.getItem(TOKEN) || ''}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw ApiError(0, '网络连接失败，请检查网络后重试');
    }
    if (res.status === 401) {
      signOut('登录已失效，请重新登录');
      throw ApiError(401, '登录已失效，请重新登录');
    }
    if (!res.ok) throw await errorOf(res);
    if (res.status === 204) return null;
    return /json/.test(res.headers.get('content-type') || '') ? res.json() : res.blob();
  }

  // Polls one thing at a time per name; a poll stopped mid-request does not come back.
  const polls = {};
  function poll(name, fn, ms) {
    stop(name);
    const mine = {};
    polls[name] = mine;
    const tick = () => {
      const run = document.hidden ? Promise.resolve() : fn();
      run.then(
        () => {
          if (mine.failed) notice('');
          mine.failed = false;
        },
        (err) => {
          mine.failed = err.status !== 401;
          if (mine.failed) notice(err.message);
        },
      );
      run
        .catch(() => {})
        .then(() => {
          if (polls[name] === mine) mine.timer = setTimeout(tick, ms);
        });
    };
    tick();
  }
  function stop(name) {
    if (polls[name]) clearTimeout(polls[name].timer);
    delete polls[name];
  }
  const stopAll = () => Object.keys(polls).forEach(stop);

  // === Login
  function showLogin(message) {
    $('app').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message || '';
    $('login-form').username.focus();
  }
  function signOut(message) {
    stopAll();
    sessionStorage.removeItem(TOKEN);
    me = null;
    conv = null;
    if (ns.reset) ns.reset();
    // Nothing of the last user stays on screen for the next one.
    for (const id of ['queue', 'queue-count', 'transcript', 'conv-state', 'conv-error']) $(id).textContent = '';
    $('conv-title').textContent = '请从左侧选择一个会话';
    for (const id of ['take', 'release', 'reply-form']) $(id).hidden = true;
    notice('');
    showLogin(message);
  }
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = e.target;
    const username = form.username.value.trim();
    const password = form.password.value;
    if (!username || !password) {
      $('login-error').textContent = '请输入用户名和密码';
      return;
    }
    const button = form.querySelector('button');
    button.disabled = true;
    $('login-error').textContent = '';
    try {
      const res = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (res.status === 429) throw ApiError(429, '尝试过于频繁，请稍后再试');
      if (!res.ok) throw await errorOf(res);
      sessionStorage.setItem(TOKEN, (await res.json()).token);
      form.password.value = '';
      await start();
    } catch (err) {
      $('login-error').textContent = err.status === undefined ? '网络连接失败，请检查网络后重试' : err.message;
    } finally {
      button.disabled = false;
    }
  });
  $('logout').addEventListener('click', () => {
    // Best effort: the token is dropped here whatever the server says.
    fetch('/api/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${sessionStorage.getItem(TOKEN)}` } }).catch(() => {});
    signOut('');
  });

  async function start() {
    if (!sessionStorage.getItem(TOKEN)) return showLogin('');
    try {
      me = (await api('GET', '/api/auth/me')).user;
    } catch (err) {
      if (err.status !== 401) showLogin(err.message);
      return;
    }
    $('login').hidden = true;
    $('app').hidden = false;
    $('who').textContent = `${me.name}（${ROLE_NAMES[me.role] || me.role}${me.department ? ` · ${me.department}` : ''}）`;
    for (const node of document.querySelectorAll('[data-roles]')) node.hidden = !allowed(node.getAttribute('data-roles').split(' '));
    const views = Object.keys(VIEWS).filter((v) => allowed(VIEWS[v].roles));
    for (const b of $('tabs').children) b.hidden = views.indexOf(b.getAttribute('data-view')) < 0;
    $('tabs').hidden = views.length < 2;
    $('no-view').hidden = views.length > 0;
    if (views.length > 0) show(views[0]);
  }
  function show(name) {
    stopAll();
    notice('');
    for (const b of $('tabs').children) b.setAttribute('aria-current', b.getAttribute('data-view') === name ? 'page' : 'false');
    for (const v of Object.keys(VIEWS)) $(`view-${v}`).hidden = v !== name;
    VIEWS[name].enter();
  }
  for (const b of $('tabs').children) b.addEventListener('click', () => show(b.getAttribute('data-view')));

  // === 人工会话: the queue, one transcript, take / reply / release
  let conv = null; // { key, lastSeq, handoff }
  function enterHandoff() {
    poll('queue', loadQueue, 3000);
    if (conv) poll('conv', loadConv, 2000);
  }
  async function loadQueue() {
    const { waiting } = await api('GET', '/api/agent/queue');
    const list = $('queue');
    list.textContent = '';
    $('queue-count').textContent = waiting.length ? `（${waiting.length}）` : '';
    $('queue-empty').hidden = waiting.length > 0;
    for (const w of waiting) {
      const li = clickable(el('li'), () => openConv(w.conversation));
      li.setAttribute('data-key', w.conversation);
      const minutes = Math.max(0, Math.floor((Date.now() - Date.parse(w.since)) / 60000));
      li.appendChild(el('div', 'meta', `${CHANNELS[w.channelId] || w.channelId} · ${when(w.since)} 起 · 已等待 ${minutes} 分钟`));
      li.appendChild(el('div', null, w.reason));
      if (w.lastText) li.appendChild(el('div', 'said', `“${w.lastText}”`));
      if (w.guess) li.appendChild(el('span', 'tag', `分类：${w.guess}`));
      if (w.draft) {
        const parts = [w.draft.description, w.draft.place].filter(Boolean).join(' · ');
        li.appendChild(el('div', 'meta', `未提交的工单：${parts || '（尚无内容）'}`));
      }
      list.appendChild(li);
    }
    if (conv) select(list, (li) => li.getAttribute('data-key') === conv.key);
  }
  function openConv(key) {
    conv = { key, lastSeq: -1, handoff: null };
    $('transcript').textContent = '';
    $('conv-error').textContent = '';
    $('conv-title').textContent = `会话 ${CHANNELS[key.split(':')[0]] || key.split(':')[0]}`;
    select($('queue'), (li) => li.getAttribute('data-key') === key);
    poll('conv', loadConv, 2000);
  }
  async function loadConv() {
    const c = conv;
    if (!c) return;
    const body = await api('GET', `/api/agent/conversations/${encodeURIComponent(c.key)}`);
    if (conv !== c) return; // another conversation was opened meanwhile
    c.handoff = body.handoff;
    renderConvState();
    const log = $('transcript');
    const atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    for (const entry of body.transcript) {
      if (Number(entry.seq) <= c.lastSeq) continue;
      log.appendChild(bubble(entry));
      c.lastSeq = Number(entry.seq);
    }
    if (atEnd) log.scrollTop = log.scrollHeight;
  }
  function bubble(entry) {
    const who = entry.from === '市民' ? 'citizen' : /^人工客服/.test(entry.from) ? 'agent' : 'bot';
    const row = el('div', `msg ${who}`);
    row.appendChild(el('div', 'name', `${entry.from} · ${when(entry.timestamp)}`));
    if (entry.text) row.appendChild(el('div', 'b', entry.text));
    for (const u of entry.attachments || []) {
      const href = safeUrl(u);
      if (!href) continue;
      const a = el('a', null, '查看附件');
      a.href = href;
      a.target = '_blank';
      a.rel = 'noopener';
      row.appendChild(a);
    }
    return row;
  }
  function renderConvState() {
    const h = conv.handoff;
    const mine = !!h && h.status === 'agent' && h.agentId === me.id;
    let state = '机器人服务中';
    if (h && h.status === 'queued') state = '等待人工接入';
    else if (mine) state = '由我接入';
    else if (h) state = '已由其他坐席接入';
    $('conv-state').textContent = state;
    $('take').hidden = mine;
    $('release').hidden = !h || (h.status === 'agent' && !mine);
    $('reply-form').hidden = !mine;
  }
  async function convAction(action, body) {
    const c = conv;
    $('conv-error').textContent = '';
    try {
      await api('POST', `/api/agent/conversations/${encodeURIComponent(c.key)}/${action}`, body);
      await Promise.all([loadConv(), loadQueue()]);
      return true;
    } catch (err) {
      $('conv-error').textContent = err.message;
      return false;
    }
  }
  $('take').addEventListener('click', async () => {
    if (await convAction('take')) $('reply-text').focus();
  });
  $('release').addEventListener('click', () => convAction('release'));
  $('reply-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const box = $('reply-text');
    const text = box.value.trim();
    if (!text || box.readOnly) return;
    box.readOnly = true;
    if (await convAction('reply', { text })) box.value = '';
    box.readOnly = false;
    box.focus();
  });
  $('reply-text').addEventListener('keydown', (e) => {
    // Enter while a Chinese input method is composing picks a candidate: it must not send.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      $('reply-form').requestSubmit();
    }
  });

  // === 工单 and 统计 live in tickets.js, which fills in the rest of this namespace.
  const ns = {
    api,
    el,
    when,
    pct,
    allowed,
    notice,
    select,
    clickable,
    safeUrl,
    show,
    poll,
    me: () => me,
    roleName: (r) => ROLE_NAMES[r] || r,
    CHANNELS,
    URGENCY,
    DUE_KINDS,
  };
  window.JiesuConsole = ns;
  function enterTickets() {
    ns.enterTickets();
  }
  function enterStats() {
    ns.enterStats();
  }

  // tickets.js runs after this file (both deferred, in order): start once it is there.
  document.addEventListener('DOMContentLoaded', () => {
    start();
  });
})();
