/*
 * 接诉 Jiesu web chat widget. One tag puts a chat button and panel on any page:
 *   <script src="https://<jiesu-host>/widget.js" defer data-open="true" data-title="…"></script>
 * Plain ES2019 (no optional chaining), no framework, no build. Talks a self-hosted subset of
 * Direct Line 3.0 to the server it was loaded from. Server text is only ever set as textContent.
 */
// biome-ignore-all lint/complexity/useOptionalChain: the widget targets ES2019 browsers, which lack `?.`
(() => {
  // currentScript is null when the tag was added as a module or by some loaders: look it up.
  const me = document.currentScript || document.querySelector('script[src*="widget.js"]');
  if (!me || window.__jiesuWebchat) return; // a second copy of the tag must not add a second widget
  window.__jiesuWebchat = true;

  const src = new URL(me.src, location.href);
  const BASE = src.origin + src.pathname.replace(/\/[^/]*$/, '');
  const DL = `${BASE}/v3/directline`;
  const KEY = 'jiesu.webchat';
  const TITLE = me.getAttribute('data-title') || '12345 接诉小助手';
  const MAX_IMG = 5 * 1024 * 1024;

  // === State
  const S = load(); // { conversationId, token, userId, watermark, expiresAt, open }
  let byId = {}; // activity id → its row on screen: an id is never drawn twice
  let pending = {}; // clientActivityId → my row still waiting for its id
  let ws = null;
  let timer = 0;
  let renewTimer = 0;
  let typingTimer = 0;
  let tries = 0;
  let wsFails = 0;
  let polling = false;
  let ready = null;
  let seq = 0;

  function load() {
    try {
      return JSON.parse(localStorage.getItem(KEY)) || {};
    } catch {
      return {};
    }
  }
  function save() {
    try {
      localStorage.setItem(KEY, JSON.stringify(S));
    } catch {
      // private mode: the chat still works, only without history
    }
  }

  // === DOM
  const CSS =
    ':host{all:initial}*{box-sizing:border-box;font:14px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif}' +
    'button{cursor:pointer;border:0;background:none}' +
    '.fab,.panel{position:fixed;right:20px;z-index:2147483000;box-shadow:0 6px 24px rgba(0,0,0,.25)}' +
    '.fab{bottom:20px;width:76px;height:76px;border-radius:50%;background:RED;color:#fff;font-weight:600}' +
    '.unread::after{content:"";position:absolute;top:6px;right:6px;width:14px;height:14px;border-radius:50%;background:#ffb400}' +
    '.panel{bottom:108px;width:370px;max-width:calc(100vw - 24px);height:560px;max-height:calc(100vh - 128px);' +
    'display:flex;flex-direction:column;background:#fff;border-radius:12px;overflow:hidden}.panel[hidden]{display:none}' +
    'header{display:flex;justify-content:space-between;padding:10px 14px;background:RED}' +
    'h2,.x{margin:0;color:#fff;font-size:16px}h2{font-weight:600}.x{font-size:22px;line-height:1}' +
    '.st{padding:2px 14px;font-size:12px;color:#8a5a00;background:#fff7e0}.st.ok{color:#2e7d32;background:#eef7ee}' +
    '.log,.qr,.typing{background:#f5f6f8}.log{flex:1;overflow-y:auto;padding:12px}' +
    '.msg{display:flex;flex-direction:column;align-items:flex-start;margin:6px 0}.user{align-items:flex-end}.sys{align-items:center}' +
    '.b{max-width:80%;padding:8px 12px;border-radius:12px;background:#fff;color:#222;white-space:pre-wrap;word-break:break-word}' +
    '.user .b{background:RED;color:#fff}.sys .b{background:none;color:#777;font-size:12px}' +
    '.sending .b{opacity:.6}.failed .b{outline:2px solid #e53935}.failed::after{content:"发送失败，点击重试";font-size:12px;color:#e53935}' +
    '.b img{display:block;max-width:100%;max-height:220px;border-radius:8px}.b a{color:inherit}' +
    '.name,.typing{font-size:12px;color:#888}.ct{font-weight:600}' +
    '.qr,.acts{display:flex;flex-wrap:wrap;gap:6px}.qr{padding:0 12px 8px}.qr:empty{display:none}.acts{margin-top:6px}' +
    '.qr button,.acts button{border:1px solid RED;color:RED;background:#fff;border-radius:16px;padding:4px 12px}' +
    '.typing{padding:0 14px 6px}.tools{display:flex;gap:6px;padding:6px 10px 0;border-top:1px solid #eee}' +
    '.tools button{border:1px solid #ddd;border-radius:14px;padding:2px 10px;font-size:12px;color:#555}' +
    'form{display:flex;gap:8px;align-items:flex-end;padding:8px 10px 10px;margin:0}' +
    'textarea{flex:1;resize:none;border:1px solid #ccc;border-radius:8px;padding:7px 10px;max-height:120px}' +
    '.send{border-radius:8px;background:RED;color:#fff;padding:8px 16px}button:focus-visible,textarea:focus{outline:2px solid #ffb400}' +
    '@media (max-width:480px){.panel{right:0;bottom:0;width:100%;max-width:none;height:100%;max-height:none;border-radius:0}' +
    '.open .fab{display:none}}';

  const host = document.createElement('div');
  host.id = 'jiesu-webchat';
  const root = host.attachShadow({ mode: 'open' });
  const css = CSS.replace(/RED/g, '#c8102e');
  // A constructed sheet passes a host page's strict CSP (no 'unsafe-inline' styles); <style> elsewhere.
  const sheet = 'adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' ? new CSSStyleSheet() : null;
  if (sheet && sheet.replaceSync) {
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  }
  // Static markup only: nothing from the server or the page goes through innerHTML.
  root.innerHTML =
    `${sheet && sheet.replaceSync ? '' : `<style>${css}</style>`}<div class="w">` +
    '<button class="fab" type="button" aria-label="在线咨询" aria-expanded="false">在线咨询</button>' +
    '<section class="panel" role="dialog" hidden><header><h2></h2>' +
    '<button class="x" type="button" aria-label="关闭对话窗口">×</button></header>' +
    '<div class="st" role="status">连接中…</div><div class="log" role="log" aria-live="polite"></div>' +
    '<div class="typing" hidden>正在输入…</div><div class="qr" aria-label="快捷回复"></div>' +
    '<div class="tools"><button class="pic" type="button" aria-label="发送图片">图片</button>' +
    '<button class="loc" type="button" aria-label="发送我的位置" hidden>位置</button>' +
    '<input type="file" accept="image/*" hidden></div>' +
    '<form><textarea rows="1" placeholder="请输入您的问题或诉求…" aria-label="输入消息"></textarea>' +
    '<button class="send" type="submit" aria-label="发送">发送</button></form></section></div>';
  const $ = (sel) => root.querySelector(sel);
  const [wrap, fab, panel, statusEl, log] = ['.w', '.fab', '.panel', '.st', '.log'].map($);
  const [typing, qr, input, fileIn, form] = ['.typing', '.qr', 'textarea', 'input', 'form'].map($);
  $('h2').textContent = TITLE;
  panel.setAttribute('aria-label', TITLE);
  if (navigator.geolocation) $('.loc').hidden = false;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  // Only http(s) and local previews may become an <img> or a link.
  function safeUrl(u) {
    try {
      const url = new URL(u, `${BASE}/`);
      return /^(https?|blob):$/.test(url.protocol) ? url.href : null;
    } catch {
      return null;
    }
  }
  const scroll = () => {
    log.scrollTop = log.scrollHeight;
  };
  function setStatus(text, ok) {
    statusEl.textContent = text;
    statusEl.className = ok ? 'st ok' : 'st';
  }

  // === Rendering
  function row(who, text, name) {
    const r = el('div', `msg ${who}`);
    if (name) r.appendChild(el('div', 'name', name));
    r.appendChild(el('div', 'b', text));
    log.appendChild(r);
    if (who !== 'sys') qr.textContent = ''; // quick replies belong to the latest message only
    scroll();
    return r;
  }
  const note = (text) => row('sys', text);
  function addImage(r, url) {
    const u = safeUrl(url);
    if (!u) return;
    const img = el('img');
    img.alt = '图片';
    img.onload = scroll;
    img.src = u;
    r.lastChild.appendChild(img);
  }
  // Quick replies (box = qr) or a card's buttons: tapping sends the value as a message.
  function addButtons(box, actions) {
    box.textContent = '';
    for (const a of actions || []) {
      const title = a.title || (typeof a.value === 'string' ? a.value : '');
      if (!title) continue;
      const btn = box.appendChild(el('button', '', title));
      btn.type = 'button';
      btn.onclick = () => {
        if (box === qr) qr.textContent = '';
        if (a.type === 'openUrl') {
          const u = safeUrl(a.value);
          if (u) window.open(u, '_blank', 'noopener');
        } else sendText(typeof a.value === 'string' && a.value ? a.value : title);
      };
    }
  }
  function addAttachment(r, att) {
    const c = att.content || {};
    const type = att.contentType || '';
    const b = r.lastChild;
    if (/^image\//.test(type)) return addImage(r, att.contentUrl);
    if (/card\.(hero|thumbnail)$/.test(type)) {
      if (c.title) b.appendChild(el('div', 'ct', c.title));
      if (c.subtitle) b.appendChild(el('div', '', c.subtitle));
      if (c.text) b.appendChild(el('div', '', c.text));
      for (const i of c.images || []) addImage(r, i.url);
      return addButtons(b.appendChild(el('div', 'acts')), c.buttons);
    }
    const u = safeUrl(att.contentUrl);
    if (!u) return;
    const a = b.appendChild(el('a', '', att.name || '附件'));
    a.href = u;
    a.target = '_blank';
    a.rel = 'noopener';
  }
  function draw(a, mine) {
    const atts = a.attachments || [];
    if (a.text || atts.length) {
      const name = !mine && a.from && a.from.name !== '接诉小助手' ? a.from.name : ''; // e.g. a human agent
      const r = row(mine ? 'user' : 'bot', a.text, name);
      if (a.id) {
        byId[a.id] = r;
        r.setAttribute('data-id', a.id);
      }
      for (const att of atts) addAttachment(r, att);
    }
    if (!mine && a.suggestedActions) addButtons(qr, a.suggestedActions.actions);
  }
  // My own message came back (echo or POST answer): give the row its id, and swap a local
  // photo preview for the server's copy.
  function settle(r, a) {
    delete pending[r._cid];
    r.classList.remove('sending', 'failed');
    if (a.id) {
      byId[a.id] = r;
      r.setAttribute('data-id', a.id);
    }
    if (r._local && a.attachments && a.attachments.length) {
      for (const img of r.lastChild.querySelectorAll('img')) {
        URL.revokeObjectURL(img.src);
        img.remove();
      }
      r._local = false;
      for (const att of a.attachments) addAttachment(r, att);
    }
  }
  function onActivity(a, live) {
    const mine = !!(a.from && a.from.id === S.userId);
    if (a.type === 'typing' && live && !mine) {
      typing.hidden = false;
      clearTimeout(typingTimer);
      typingTimer = setTimeout(() => {
        typing.hidden = true;
      }, 4000);
    }
    if (a.type !== 'message') return;
    const cid = a.channelData && a.channelData.clientActivityId;
    const r = (a.id && byId[a.id]) || (mine && cid && pending[cid]);
    if (r) return settle(r, a);
    if (!mine) typing.hidden = true;
    draw(a, mine);
    if (live && !mine && panel.hidden) fab.classList.add('unread');
  }
  function receive(set, live) {
    for (const a of set.activities || []) if (a) onActivity(a, live);
    if (set.watermark != null && set.watermark !== '') {
      S.watermark = String(set.watermark);
      save();
    }
  }

  // === Network
  async function parse(res) {
    let body = {};
    try {
      body = await res.json();
    } catch {
      // empty or not JSON
    }
    if (!res.ok) {
      const err = new Error((body && body.error && body.error.message) || '服务暂时不可用，请稍后再试');
      err.status = res.status;
      throw err;
    }
    return body;
  }
  async function api(method, path, body, retried) {
    const opt = { method, headers: { Authorization: `Bearer ${S.token}` } };
    if (body instanceof FormData) opt.body = body;
    else if (body) {
      opt.headers['Content-Type'] = 'application/json';
      opt.body = JSON.stringify(body);
    }
    const res = await fetch(DL + path, opt);
    if ((res.status === 401 || res.status === 403) && !retried) {
      await getToken(); // the token ran out while the tab slept: renew once and retry
      return api(method, path, body, true);
    }
    return parse(res);
  }
  const conv = () => `/conversations/${encodeURIComponent(S.conversationId)}`;
  const since = () => `watermark=${encodeURIComponent(S.watermark || '')}`;

  async function getToken() {
    const res = await fetch(`${BASE}/webchat/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(S.token ? { token: S.token } : {}),
    });
    if (S.token && res.status >= 400 && res.status < 500 && res.status !== 429) {
      S.token = null; // too old to renew: start as a new visitor
      return getToken();
    }
    const t = await parse(res);
    const moved = S.conversationId && t.conversationId !== S.conversationId;
    if (moved) {
      log.textContent = ''; // a new conversation: the old one's history is gone
      byId = {};
      pending = {};
      S.watermark = null;
    }
    S.conversationId = t.conversationId;
    S.token = t.token;
    S.userId = t.userId;
    S.expiresAt = Date.now() + (t.expires_in || 1800) * 1000;
    save();
    if (moved && ws) {
      drop();
      connect();
    }
    renewLater();
  }
  // Renew at half-life, so the token never runs out while the page is open.
  function renewLater() {
    clearTimeout(renewTimer);
    const renew = () => getToken().catch(() => (renewTimer = setTimeout(renew, 30000)));
    renewTimer = setTimeout(renew, Math.max(10000, (S.expiresAt - Date.now()) / 2));
  }

  async function boot() {
    for (;;) {
      try {
        // A stored token with time left is used as is: fewer calls to the rate-limited route.
        if (S.token && S.expiresAt - Date.now() > 120000) renewLater();
        else await getToken();
        const c = await api('POST', '/conversations');
        if (c.token) S.token = c.token;
        // The whole history from the start: a reload shows everything said so far.
        receive(await api('GET', `${conv()}/activities`), false);
        return connect();
      } catch (e) {
        setStatus(e.status === 429 ? '访问人数较多，正在重试…' : '网络已断开，正在重连…');
        await new Promise((ok) => setTimeout(ok, backoff()));
      }
    }
  }
  const backoff = () => Math.min(30000, 1000 * 2 ** tries++);
  function start() {
    if (!ready) ready = boot();
    return ready;
  }

  // (Re)connect from the last watermark, so nothing is lost; ids keep anything from showing twice.
  function connect() {
    clearTimeout(timer);
    if (polling) return poll();
    api('GET', `${conv()}?${since()}`)
      .then((c) => {
        if (c.token) S.token = c.token;
        openSocket(c.streamUrl);
      })
      .catch(lost);
  }
  function drop() {
    const sock = ws;
    ws = null; // its close event is then ignored
    if (sock) sock.close();
  }
  function openSocket(url) {
    drop();
    let opened = false;
    try {
      ws = new WebSocket(url);
    } catch {
      wsFails++;
      return lost();
    }
    const sock = ws;
    sock.onopen = () => {
      opened = true;
      tries = 0;
      wsFails = 0;
      setStatus('已连接', true);
    };
    sock.onmessage = (e) => {
      if (sock !== ws || !e.data) return; // empty frames are keep-alives
      try {
        receive(JSON.parse(e.data), true);
      } catch {
        // not a frame of ours
      }
    };
    sock.onclose = () => {
      if (sock !== ws) return;
      ws = null;
      if (!opened) wsFails++;
      lost();
    };
  }
  function lost() {
    setStatus('网络已断开，正在重连…');
    if (wsFails >= 2 && !polling) {
      polling = true; // WebSocket is blocked on this network: poll instead
      tries = 0;
    }
    clearTimeout(timer);
    timer = setTimeout(connect, backoff());
  }
  function poll() {
    api('GET', `${conv()}/activities?${since()}`)
      .then((set) => {
        tries = 0;
        setStatus('已连接', true);
        receive(set, true);
        timer = setTimeout(connect, 2000);
      })
      .catch(lost);
  }
  window.addEventListener('offline', () => {
    if (!ready) return;
    drop();
    lost();
  });
  window.addEventListener('online', () => {
    if (!ready || ws) return;
    tries = 0;
    connect();
  });

  // === Sending
  async function post(a, r, file) {
    if (!r._cid) r._cid = `w${Date.now().toString(36)}${seq++}${Math.random().toString(36).slice(2, 6)}`;
    pending[r._cid] = r;
    r.classList.remove('failed');
    r.classList.add('sending');
    r.onclick = null;
    try {
      await start();
      Object.assign(a, { from: { id: S.userId }, locale: 'zh-CN', channelData: { clientActivityId: r._cid } });
      let res;
      if (file) {
        const fd = new FormData();
        fd.append('file', file, file.name || 'photo.jpg');
        fd.append('activity', JSON.stringify(a));
        res = await api('POST', `${conv()}/upload?userId=${encodeURIComponent(S.userId)}`, fd);
      } else {
        res = await api('POST', `${conv()}/activities`, a);
      }
      if (!byId[res.id]) settle(r, { id: res.id });
      else if (byId[res.id] !== r) r.remove(); // the echo won the race and was drawn already
    } catch (e) {
      r.classList.replace('sending', 'failed');
      if (e.status && e.status !== 429) note(e.message);
      r.onclick = () => post(a, r, file);
    }
  }
  function sendText(text, extra) {
    const t = String(text || '').trim();
    if (t) post(Object.assign({ type: 'message', text: t }, extra), row('user', t));
  }
  // Phone photos are often larger than 5 MB: scale them down to a JPEG.
  function shrink(file) {
    return new Promise((done) => {
      const img = new Image();
      const u = URL.createObjectURL(file);
      img.onload = () => {
        const k = Math.min(1, 1600 / Math.max(img.width, img.height));
        const c = document.createElement('canvas');
        c.width = Math.round(img.width * k);
        c.height = Math.round(img.height * k);
        c.getContext('2d').drawImage(img, 0, 0, c.width, c.height);
        URL.revokeObjectURL(u);
        c.toBlob((b) => done(b && new File([b], 'photo.jpg', { type: 'image/jpeg' })), 'image/jpeg', 0.85);
      };
      img.onerror = () => {
        URL.revokeObjectURL(u);
        done(null);
      };
      img.src = u;
    });
  }
  async function sendPhoto(file) {
    if (!/^image\//.test(file.type)) return note('只能发送图片哦。');
    const small = file.size > MAX_IMG ? await shrink(file) : file;
    if (!small || small.size > MAX_IMG) return note('图片太大了（最大 5 MB），请换一张。');
    const r = row('user', '');
    r._local = true;
    addImage(r, URL.createObjectURL(small));
    post({ type: 'message' }, r, small);
  }

  // === Wiring
  function openPanel(yes) {
    panel.hidden = !yes;
    wrap.classList.toggle('open', yes);
    fab.setAttribute('aria-expanded', String(yes));
    S.open = yes;
    save();
    if (!yes) return fab.focus();
    fab.classList.remove('unread');
    start();
    scroll();
    input.focus();
  }
  function submit() {
    const text = input.value;
    input.value = '';
    input.style.height = '';
    sendText(text);
    input.focus();
  }
  fab.onclick = () => openPanel(panel.hidden);
  $('.x').onclick = () => openPanel(false);
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') openPanel(false);
  });
  form.onsubmit = (e) => {
    e.preventDefault();
    submit();
  };
  input.addEventListener('keydown', (e) => {
    // Enter sends, Shift+Enter is a new line; never send while an IME is still composing Chinese.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      submit();
    }
  });
  input.addEventListener('input', () => {
    input.style.height = 'auto';
    input.style.height = `${input.scrollHeight}px`;
  });
  $('.pic').onclick = () => fileIn.click();
  fileIn.onchange = () => {
    for (const f of fileIn.files) sendPhoto(f);
    fileIn.value = '';
  };
  $('.loc').onclick = () =>
    navigator.geolocation.getCurrentPosition(
      ({ coords: c }) =>
        sendText('我的位置', { entities: [{ type: 'GeoCoordinates', latitude: c.latitude, longitude: c.longitude, name: '我的位置' }] }),
      () => note('未能获取您的位置（可能未授权定位）。您也可以直接输入详细地址。'),
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );

  function mount() {
    document.body.appendChild(host);
    // data-open opens the panel, unless this visitor closed it before.
    if (S.open || (S.open == null && me.getAttribute('data-open') === 'true')) openPanel(true);
    else if (S.conversationId) start(); // a returning visitor: hear replies even while closed
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
