/*
 * 接诉 Jiesu web chat widget. One tag puts a chat button and panel on any page:
 *   <script src="https://<jiesu-host>/widget.js" defer data-open="true" data-title="…"></script>
 * Plain ES2019, no framework, no build. Talks a self-hosted subset of Direct Line 3.0 to
 * the server it was loaded from. Server text is always rendered with textContent.
 */
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me || window.__jiesuWebchat) return; // a second copy of the tag must not add a second widget
  window.__jiesuWebchat = true;

  var src = new URL(me.src, location.href);
  var BASE = src.origin + src.pathname.replace(/\/[^/]*$/, '');
  var DL = BASE + '/v3/directline';
  var KEY = 'jiesu.webchat';
  var TITLE = me.getAttribute('data-title') || '12345 接诉小助手';
  var MAX_IMG = 5 * 1024 * 1024;

  // === State
  var S = load(); // { conversationId, token, userId, watermark, expiresAt, open }
  var byId = {}; // activity id → row on screen: an id is never drawn twice
  var pending = {}; // clientActivityId → my row still waiting for its id
  var ws = null, timer = 0, refreshTimer = 0, typingTimer = 0;
  var tries = 0, wsFails = 0, polling = false, ready = null;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function save() {
    try { localStorage.setItem(KEY, JSON.stringify(S)); } catch (e) { /* private mode: the chat still works, only without history */ }
  }

  // === DOM
  var RED = '#c8102e';
  var CSS = ':host{all:initial}*{box-sizing:border-box;font:14px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif}' +
    'button{cursor:pointer;border:0;background:none}' +
    '.fab,.panel{position:fixed;right:20px;z-index:2147483000;box-shadow:0 6px 24px rgba(0,0,0,.25)}' +
    '.fab{bottom:20px;width:76px;height:76px;border-radius:50%;background:RED;color:#fff;font-weight:600}' +
    '.unread::after{content:"";position:absolute;top:6px;right:6px;width:14px;height:14px;border-radius:50%;background:#ffb400}' +
    '.panel{bottom:108px;width:370px;max-width:calc(100vw - 24px);height:560px;max-height:calc(100vh - 128px);display:flex;flex-direction:column;background:#fff;border-radius:12px;overflow:hidden}' +
    '.panel[hidden]{display:none}' +
    'header{display:flex;justify-content:space-between;padding:10px 14px;background:RED}h2,.x{margin:0;color:#fff;font-size:16px}h2{font-weight:600}.x{font-size:22px;line-height:1}' +
    '.st{padding:2px 14px;font-size:12px;color:#8a5a00;background:#fff7e0}.st.ok{color:#2e7d32;background:#eef7ee}' +
    '.log,.qr,.typing{background:#f5f6f8}.log{flex:1;overflow-y:auto;padding:12px}' +
    '.msg{display:flex;flex-direction:column;align-items:flex-start;margin:6px 0}.user{align-items:flex-end}.sys{align-items:center}' +
    '.b{max-width:80%;padding:8px 12px;border-radius:12px;background:#fff;color:#222;white-space:pre-wrap;word-break:break-word}' +
    '.user .b{background:RED;color:#fff}.sys .b{background:none;color:#777;font-size:12px}' +
    '.sending .b{opacity:.6}.failed .b{outline:2px solid #e53935}.failed::after{content:"发送失败，点击重试";font-size:12px;color:#e53935}' +
    '.b img{display:block;max-width:100%;max-height:220px;border-radius:8px}.b a{color:inherit}.name,.typing{font-size:12px;color:#888}.ct{font-weight:600}' +
    '.qr,.acts{display:flex;flex-wrap:wrap;gap:6px}.qr{padding:0 12px 8px}.qr:empty{display:none}.acts{margin-top:6px}' +
    '.qr button,.acts button{border:1px solid RED;color:RED;background:#fff;border-radius:16px;padding:4px 12px}' +
    '.typing{padding:0 14px 6px}.tools{display:flex;gap:6px;padding:6px 10px 0;border-top:1px solid #eee}' +
    '.tools button{border:1px solid #ddd;border-radius:14px;padding:2px 10px;font-size:12px;color:#555}' +
    'form{display:flex;gap:8px;align-items:flex-end;padding:8px 10px 10px;margin:0}' +
    'textarea{flex:1;resize:none;border:1px solid #ccc;border-radius:8px;padding:7px 10px;max-height:120px}' +
    '.send{border-radius:8px;background:RED;color:#fff;padding:8px 16px}' +
    'button:focus-visible,textarea:focus{outline:2px solid #ffb400}' +
    '@media (max-width:480px){.panel{right:0;bottom:0;width:100%;max-width:none;height:100%;max-height:none;border-radius:0}.open .fab{display:none}}';

  var host = document.createElement('div');
  host.id = 'jiesu-webchat';
  var root = host.attachShadow({ mode: 'open' });
  // Static markup only: nothing from the server or the page goes through innerHTML.
  root.innerHTML = '<style>' + CSS.replace(/RED/g, RED) + '</style><div class="w">' +
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
  function $(sel) { return root.querySelector(sel); }
  var wrap = $('.w'), fab = $('.fab'), panel = $('.panel'), statusEl = $('.st'), log = $('.log');
  var typing = $('.typing'), qr = $('.qr'), input = $('textarea'), fileIn = $('input');
  $('h2').textContent = TITLE;
  panel.setAttribute('aria-label', TITLE);
  if (navigator.geolocation) $('.loc').hidden = false;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  // Only http(s) and local previews may become an <img> or a link.
  function safeUrl(u) {
    try {
      var url = new URL(u, BASE + '/');
      return /^(https?|blob):$/.test(url.protocol) ? url.href : null;
    } catch (e) { return null; }
  }
  function scroll() { log.scrollTop = log.scrollHeight; }
  function setStatus(text, ok) {
    statusEl.textContent = text;
    statusEl.className = ok ? 'st ok' : 'st';
  }

  // === Rendering
  function row(who, text, name) {
    var r = el('div', 'msg ' + who);
    if (name) r.appendChild(el('div', 'name', name));
    var b = el('div', 'b', text || null);
    r.appendChild(b);
    log.appendChild(r);
    if (who !== 'sys') qr.textContent = ''; // quick replies belong to the latest message only
    scroll();
    return r;
  }
  function note(text) { row('sys', text); }
  function addImage(r, url) {
    var u = safeUrl(url);
    if (!u) return;
    var img = el('img');
    img.alt = '图片';
    img.onload = scroll;
    img.src = u;
    r.lastChild.appendChild(img);
  }
  function addButtons(parent, actions, cls) {
    var box = cls === 'qr' ? qr : parent.appendChild(el('div', 'acts'));
    box.textContent = '';
    (actions || []).forEach(function (a) {
      var title = a.title || (typeof a.value === 'string' ? a.value : '');
      if (!title) return;
      var btn = el('button', '', title);
      btn.type = 'button';
      btn.onclick = function () {
        if (box === qr) qr.textContent = '';
        if (a.type === 'openUrl') { var u = safeUrl(a.value); if (u) window.open(u, '_blank', 'noopener'); return; }
        sendText(typeof a.value === 'string' && a.value ? a.value : title);
      };
      box.appendChild(btn);
    });
  }
  function addAttachment(r, att) {
    var c = att.content || {}, type = att.contentType || '';
    if (/^image\//.test(type)) return addImage(r, att.contentUrl);
    if (/card\.(hero|thumbnail)$/.test(type)) {
      var b = r.lastChild;
      if (c.title) b.appendChild(el('div', 'ct', c.title));
      if (c.subtitle) b.appendChild(el('div', '', c.subtitle));
      if (c.text) b.appendChild(el('div', '', c.text));
      (c.images || []).forEach(function (i) { addImage(r, i.url); });
      return addButtons(b, c.buttons);
    }
    var u = safeUrl(att.contentUrl);
    if (u) {
      var a = el('a', '', att.name || '附件');
      a.href = u;
      a.target = '_blank';
      a.rel = 'noopener';
      r.lastChild.appendChild(a);
    }
  }
  function draw(a, mine) {
    var atts = a.attachments || [];
    if (!a.text && !atts.length) { // only quick replies: no empty bubble
      if (!mine && a.suggestedActions) addButtons(null, a.suggestedActions.actions, 'qr');
      return;
    }
    var bot = !mine && a.from && a.from.name && a.from.name !== '接诉小助手' ? a.from.name : '';
    var r = row(mine ? 'user' : 'bot', a.text, bot);
    if (a.id) { byId[a.id] = r; r.setAttribute('data-id', a.id); }
    atts.forEach(function (att) { addAttachment(r, att); });
    if (!mine && a.suggestedActions) addButtons(null, a.suggestedActions.actions, 'qr');
    return r;
  }
  // My own message came back (echo or POST reply): give the row its id, and swap a local
  // photo preview for the server's copy.
  function settle(r, a) {
    if (r._cid) delete pending[r._cid];
    r.classList.remove('sending', 'failed');
    if (a.id) { byId[a.id] = r; r.setAttribute('data-id', a.id); }
    if (r._local && a.attachments && a.attachments.length) {
      r.lastChild.querySelectorAll('img').forEach(function (img) { URL.revokeObjectURL(img.src); img.remove(); });
      r._local = false;
      a.attachments.forEach(function (att) { addAttachment(r, att); });
    }
  }
  function onActivity(a, live) {
    if (!a) return;
    var mine = !!(a.from && a.from.id === S.userId);
    if (a.type === 'typing') {
      if (live && !mine) {
        typing.hidden = false;
        clearTimeout(typingTimer);
        typingTimer = setTimeout(function () { typing.hidden = true; }, 4000);
      }
      return;
    }
    if (a.type !== 'message') return;
    var cid = a.channelData && a.channelData.clientActivityId;
    var r = (a.id && byId[a.id]) || (mine && cid && pending[cid]);
    if (r) return settle(r, a);
    if (!mine) typing.hidden = true;
    draw(a, mine);
    if (live && !mine && panel.hidden) fab.classList.add('unread');
  }
  function setWatermark(w) {
    if (w != null && w !== '') { S.watermark = String(w); save(); }
  }

  // === Network
  async function parse(res) {
    var body = {};
    try { body = await res.json(); } catch (e) { /* empty or not JSON */ }
    if (!res.ok) {
      var err = new Error((body && body.error && body.error.message) || '服务暂时不可用，请稍后再试');
      err.status = res.status;
      throw err;
    }
    return body;
  }
  async function api(method, path, body, retried) {
    var opt = { method: method, headers: { Authorization: 'Bearer ' + S.token } };
    if (body instanceof FormData) opt.body = body;
    else if (body) { opt.headers['Content-Type'] = 'application/json'; opt.body = JSON.stringify(body); }
    var res = await fetch(DL + path, opt);
    if ((res.status === 401 || res.status === 403) && !retried) {
      await getToken(); // the token ran out while the tab slept: renew once and retry
      return api(method, path, body, true);
    }
    return parse(res);
  }
  function conv() { return '/conversations/' + encodeURIComponent(S.conversationId); }

  async function getToken() {
    var res = await fetch(BASE + '/webchat/token', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(S.token ? { token: S.token } : {}),
    });
    if (S.token && res.status >= 400 && res.status < 500 && res.status !== 429) {
      S.token = null; // too old to renew: start as a new visitor
      return getToken();
    }
    var t = await parse(res);
    var moved = S.conversationId && t.conversationId !== S.conversationId;
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
    if (moved && ws) { drop(); connect(); }
    renewLater();
  }
  // Renew at half-life, so a token never runs out while the page is open.
  function renewLater() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(function renew() {
      getToken().catch(function () { refreshTimer = setTimeout(renew, 30000); });
    }, Math.max(10000, (S.expiresAt - Date.now()) / 2));
  }

  async function boot() {
    for (;;) {
      try {
        // A stored token with time left is used as is: fewer calls to the rate-limited token route.
        if (S.token && S.expiresAt - Date.now() > 120000) renewLater();
        else await getToken();
        var c = await api('POST', '/conversations');
        if (c.token) S.token = c.token;
        // The whole history from the start: a reload shows everything said so far.
        var h = await api('GET', conv() + '/activities');
        (h.activities || []).forEach(function (a) { onActivity(a, false); });
        setWatermark(h.watermark);
        connect();
        return;
      } catch (e) {
        setStatus(e.status === 429 ? '访问人数较多，正在重试…' : '网络已断开，正在重连…');
        await new Promise(function (ok) { setTimeout(ok, backoff()); });
      }
    }
  }
  function backoff() { return Math.min(30000, 1000 * Math.pow(2, tries++)); }

  // Reconnect from the last watermark so nothing is lost; ids keep anything from showing twice.
  function connect() {
    clearTimeout(timer);
    if (polling) return poll();
    api('GET', conv() + '?watermark=' + encodeURIComponent(S.watermark || ''))
      .then(function (c) {
        if (c.token) S.token = c.token;
        openSocket(c.streamUrl);
      })
      .catch(lost);
  }
  function drop() {
    var sock = ws;
    ws = null; // its close event is then ignored
    if (sock) sock.close();
  }
  function openSocket(url) {
    drop();
    var sock, opened = false;
    try { sock = ws = new WebSocket(url); } catch (e) { wsFails++; return lost(); }
    sock.onopen = function () { opened = true; tries = 0; wsFails = 0; setStatus('已连接', true); };
    sock.onmessage = function (e) {
      if (sock !== ws || !e.data) return; // empty frames are keep-alives
      var f;
      try { f = JSON.parse(e.data); } catch (err) { return; }
      (f.activities || []).forEach(function (a) { onActivity(a, true); });
      setWatermark(f.watermark);
    };
    sock.onclose = function () {
      if (sock !== ws) return;
      ws = null;
      if (!opened) wsFails++;
      lost();
    };
  }
  function lost() {
    setStatus('网络已断开，正在重连…');
    if (wsFails >= 2 && !polling) { polling = true; tries = 0; } // WebSocket blocked on this network: poll instead
    clearTimeout(timer);
    timer = setTimeout(connect, backoff());
  }
  function poll() {
    api('GET', conv() + '/activities?watermark=' + encodeURIComponent(S.watermark || ''))
      .then(function (h) {
        tries = 0;
        setStatus('已连接', true);
        (h.activities || []).forEach(function (a) { onActivity(a, true); });
        setWatermark(h.watermark);
        timer = setTimeout(connect, 2000);
      })
      .catch(lost);
  }
  function start() {
    if (!ready) ready = boot();
    return ready;
  }
  window.addEventListener('offline', function () {
    if (!ready) return;
    drop();
    lost();
  });
  window.addEventListener('online', function () {
    if (!ready || ws) return;
    tries = 0;
    connect();
  });

  // === Sending
  var seq = 0;
  async function post(a, r, file) {
    var cid = r._cid || (r._cid = 'w' + Date.now().toString(36) + (seq++) + Math.random().toString(36).slice(2, 6));
    pending[cid] = r;
    r.classList.remove('failed');
    r.classList.add('sending');
    r.onclick = null;
    try {
      await start();
      a.from = { id: S.userId };
      a.locale = 'zh-CN';
      a.channelData = { clientActivityId: cid };
      var res;
      if (file) {
        var fd = new FormData();
        fd.append('file', file, file.name || 'photo.jpg');
        fd.append('activity', JSON.stringify(a));
        res = await api('POST', conv() + '/upload?userId=' + encodeURIComponent(S.userId), fd);
      } else {
        res = await api('POST', conv() + '/activities', a);
      }
      if (!byId[res.id]) settle(r, { id: res.id });
      else if (byId[res.id] !== r) r.remove(); // the echo won the race and was drawn already
    } catch (e) {
      r.classList.remove('sending');
      r.classList.add('failed');
      if (e.status && e.status !== 429) note(e.message);
      r.onclick = function () { post(a, r, file); };
    }
  }
  function sendText(text, extra) {
    text = String(text || '').trim();
    if (!text) return;
    var r = row('user', text);
    post(Object.assign({ type: 'message', text: text }, extra), r);
  }
  function shrink(file) {
    return new Promise(function (done) {
      var img = new Image(), u = URL.createObjectURL(file);
      img.onload = function () {
        var k = Math.min(1, 1600 / Math.max(img.width, img.height)), c = document.createElement('canvas');
        c.width = Math.round(img.width * k);
        c.height = Math.round(img.height * k);
        c.getContext('2d').drawImage(img, 0, 0, c.width, c.height);
        URL.revokeObjectURL(u);
        c.toBlob(function (b) { done(b && new File([b], 'photo.jpg', { type: 'image/jpeg' })); }, 'image/jpeg', 0.85);
      };
      img.onerror = function () { URL.revokeObjectURL(u); done(null); };
      img.src = u;
    });
  }
  async function sendPhoto(file) {
    if (!/^image\//.test(file.type)) return note('只能发送图片哦。');
    if (file.size > MAX_IMG) file = await shrink(file); // phone photos are often larger than 5 MB
    if (!file || file.size > MAX_IMG) return note('图片太大了（最大 5 MB），请换一张。');
    var r = row('user', '');
    r._local = true;
    addImage(r, URL.createObjectURL(file));
    post({ type: 'message' }, r, file);
  }

  // === Wiring
  function openPanel(yes) {
    panel.hidden = !yes;
    wrap.classList.toggle('open', yes);
    fab.setAttribute('aria-expanded', String(yes));
    S.open = yes;
    save();
    if (yes) {
      fab.classList.remove('unread');
      start();
      scroll();
      input.focus();
    }
  }
  fab.onclick = function () { openPanel(panel.hidden); };
  $('.x').onclick = function () { openPanel(false); fab.focus(); };
  panel.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { openPanel(false); fab.focus(); }
  });
  function submit() {
    var text = input.value;
    input.value = '';
    input.style.height = '';
    sendText(text);
    input.focus();
  }
  $('form').onsubmit = function (e) { e.preventDefault(); submit(); };
  input.addEventListener('keydown', function (e) {
    // Enter sends, Shift+Enter is a new line; never send while an IME is composing Chinese.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      submit();
    }
  });
  input.addEventListener('input', function () {
    input.style.height = 'auto';
    input.style.height = input.scrollHeight + 'px';
  });
  $('.pic').onclick = function () { fileIn.click(); };
  fileIn.onchange = function () {
    Array.prototype.forEach.call(fileIn.files, sendPhoto);
    fileIn.value = '';
  };
  $('.loc').onclick = function () {
    navigator.geolocation.getCurrentPosition(function (p) {
      var c = p.coords;
      sendText('我的位置', { entities: [{ type: 'GeoCoordinates', latitude: c.latitude, longitude: c.longitude, name: '我的位置' }] });
    }, function () {
      note('未能获取您的位置（可能未授权定位）。您也可以直接输入详细地址。');
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  };

  function mount() {
    document.body.appendChild(host);
    // data-open opens the panel, unless this visitor closed it before.
    if (S.open || (S.open == null && me.getAttribute('data-open') === 'true')) openPanel(true);
    else if (S.conversationId) start(); // a returning visitor: hear replies even while closed
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
