/*
 * Herald demo page: three EventSource subscribers, a publish box, and a long-poll loop.
 * Plain browser JavaScript, no build step. All URLs are relative to this page, so the page
 * works whatever context root the WAR is deployed under.
 *
 * Query parameters: ?topic=NAME (default "notifications"), ?sleep=SECONDS (how long a dropped
 * panel stays offline before it reconnects by itself, default 5; 0 = only on click),
 * ?token=JWT (fills the token field, then is removed from the address bar and history).
 *
 * Token: not needed when the server runs in development mode. Otherwise publishing sends it as
 * Authorization: Bearer, and for private topics the streams and the long-poll carry it in an
 * access_token cookie (EventSource cannot set headers; a cookie stays out of URLs and logs).
 */
(function () {
  'use strict';

  const params = new URLSearchParams(location.search);
  const SLEEP_SECONDS = Math.max(0, Number(params.get('sleep') ?? 5) || 0);
  const MAX_SHOWN = 200;                 // events kept on screen per list
  // EventSource only delivers events of a named type to listeners registered for that name,
  // so we listen to the usual ones and add the publish box's type before each publish.
  const knownTypes = new Set(['message', 'notice', 'alert', 'update']);

  const $ = (id) => document.getElementById(id);
  const topicInput = $('topic');
  topicInput.value = params.get('topic') || topicInput.value;

  // ---- optional token -------------------------------------------------------------------------
  const tokenInput = $('token');
  function token() {
    return tokenInput.value.trim();
  }
  function authHeaders(headers) {
    const t = token();
    return t ? Object.assign({ Authorization: 'Bearer ' + t }, headers) : headers;
  }
  /** The access_token cookie for the API paths, so EventSource and poll requests carry the token. */
  function storeTokenCookie() {
    const t = token();
    const path = new URL('.', location.href).pathname;
    document.cookie = t
      ? 'access_token=' + encodeURIComponent(t) + '; path=' + path + '; SameSite=Strict'
        + (location.protocol === 'https:' ? '; Secure' : '')
      : 'access_token=; path=' + path + '; max-age=0; SameSite=Strict';
    $('token-state').textContent = t ? 'token set' : '';
  }
  if (params.get('token')) {
    tokenInput.value = params.get('token');
    params.delete('token');
    const query = params.toString();
    history.replaceState(null, '', location.pathname + (query ? '?' + query : '') + location.hash);
  }
  storeTokenCookie();

  function topicUrl(topic, suffix) {
    return 'topics/' + encodeURIComponent(topic) + suffix;
  }

  function markReplayed(li) {
    if (li.classList.contains('replayed')) return;
    li.classList.add('replayed');
    const tag = document.createElement('span');
    tag.className = 'tag replayed';
    tag.textContent = 'replayed';
    li.append(' ', tag);
  }

  function addEventItem(list, id, type, data, conn) {
    const li = document.createElement('li');
    li.className = 'event';
    li.dataset.id = id;
    li.dataset.conn = conn;
    const idSpan = document.createElement('span');
    idSpan.className = 'id';
    idSpan.textContent = '#' + id;
    const typeSpan = document.createElement('span');
    typeSpan.className = 'type';
    typeSpan.textContent = type;
    const dataSpan = document.createElement('span');
    dataSpan.className = 'data';
    dataSpan.textContent = data;
    li.append(idSpan, ' ', typeSpan, ' ', dataSpan);
    list.prepend(li);
    while (list.children.length > MAX_SHOWN) list.lastChild.remove();
    return li;
  }

  /** The topic's newest id right now (GET topics/{topic}), or null if unknown. */
  async function topicLastId(topic) {
    try {
      const res = await fetch(topicUrl(topic, ''), { headers: authHeaders({ Accept: 'application/json' }) });
      if (res.ok) return Number((await res.json()).lastId);
    } catch (e) { /* unknown */ }
    return null;
  }

  /** One subscriber panel: its own EventSource, state, last id and received events. */
  class Panel {
    constructor(name) {
      this.name = name;
      const key = name.toLowerCase();
      const node = $('panel-template').content.firstElementChild.cloneNode(true);
      node.id = 'panel-' + key;
      node.querySelector('.name').textContent = name;
      const part = (cls) => {
        const el = node.querySelector('.' + cls);
        el.id = cls + '-' + key;          // e.g. state-a, last-a, count-a, events-a, drop-a
        return el;
      };
      this.stateEl = part('state');
      this.lastEl = part('last');
      this.countEl = part('count');
      this.connsEl = part('conns');
      this.noticeEl = part('notice');
      this.eventsEl = part('events');
      this.dropBtn = part('drop');
      this.dropBtn.addEventListener('click', () => this.onDropClicked());
      $('subscribers').append(node);
      this.es = null;
      this.lastId = null;
      this.count = 0;
      this.conns = 0;
      this.sleepTimer = null;
      this.typesListened = new Set();
    }

    setState(s) {
      this.stateEl.textContent = s;
      this.stateEl.dataset.state = s.split(' ')[0];
    }

    /** Opens a fresh EventSource; resumes after lastId when it has one. */
    connect(topic, resume) {
      this.close();
      this.topic = topic;
      let url = topicUrl(topic, '/stream');
      if (resume && this.lastId !== null) {
        url += '?lastEventId=' + encodeURIComponent(this.lastId);
      } else {
        this.lastId = null;
        this.count = 0;
        this.eventsEl.replaceChildren();
        this.noticeEl.textContent = '';
        this.noticeEl.classList.remove('warn');
        this.render();
      }
      const resumed = resume && this.lastId !== null;
      this.setState('connecting');
      const es = new EventSource(url);
      this.es = es;
      this.typesListened = new Set();
      es.onopen = () => {
        if (this.es !== es) return;
        this.conns++;
        this.setState('open');
        this.render();
        // A resumed stream (our lastEventId, or the browser's own reconnect with Last-Event-ID
        // after the server closed it) starts with replays: every event on this connection that
        // was already published when it opened came from the server's replay buffer.
        if (resumed || this.conns > 1) this.markReplays(this.conns);
      };
      es.onerror = () => {
        if (this.es !== es) return;
        // CONNECTING: the browser retries by itself (sending Last-Event-ID); CLOSED: it gave up.
        this.setState(es.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
      };
      knownTypes.forEach((t) => this.listen(t));
      es.addEventListener('reset', (e) => {
        if (this.es !== es) return;
        this.noticeEl.textContent = 'Missed some events: the id is older than the replay buffer ('
          + (e.data || 'reset') + '). Showing what is still buffered.';
        this.noticeEl.classList.add('warn');
      });
    }

    listen(type) {
      if (!this.es || this.typesListened.has(type)) return;
      this.typesListened.add(type);
      const es = this.es;
      es.addEventListener(type, (e) => {
        if (this.es === es) this.onEvent(e, type);
      });
    }

    onEvent(e, type) {
      this.lastId = e.lastEventId;
      this.count++;
      const li = addEventItem(this.eventsEl, e.lastEventId, type, e.data, this.conns);
      if (this.replayedUpTo && this.replayedUpTo.conn === this.conns
          && Number(e.lastEventId) <= this.replayedUpTo.id) {
        markReplayed(li);
      }
      this.render();
    }

    async markReplays(conn) {
      const last = await topicLastId(this.topic);
      if (last === null || conn !== this.conns) return;
      this.replayedUpTo = { conn, id: last };
      this.eventsEl.querySelectorAll('li.event').forEach((li) => {
        if (Number(li.dataset.conn) === conn && Number(li.dataset.id) <= last) markReplayed(li);
      });
    }

    render() {
      this.lastEl.textContent = this.lastId === null ? '–' : this.lastId;
      this.countEl.textContent = String(this.count);
      this.connsEl.textContent = String(this.conns);
    }

    close() {
      if (this.es) {
        this.es.close();
        this.es = null;
      }
      clearTimeout(this.sleepTimer);
      this.sleepTimer = null;
    }

    /** "Drop connection" simulates the sleeping laptop; a second click wakes it up at once. */
    onDropClicked() {
      if (this.es) {
        this.close();
        this.setState('dropped');
        this.dropBtn.textContent = 'Reconnect now';
        if (SLEEP_SECONDS > 0) {
          let left = SLEEP_SECONDS;
          const tick = () => {
            if (left <= 0) return this.wake();
            this.setState('dropped (reconnecting in ' + left + ' s)');
            left--;
            this.sleepTimer = setTimeout(tick, 1000);
          };
          tick();
        }
      } else {
        this.wake();
      }
    }

    wake() {
      this.dropBtn.textContent = 'Drop connection';
      this.connect(this.topic, true);
    }
  }

  /** Long-poll loop: GET poll?since=N, show what arrives, ask again at once; 204 means "nothing yet". */
  class LongPoll {
    constructor() {
      this.generation = 0;
      this.count = 0;
      this.requests = 0;
    }

    async start(topic) {
      const gen = ++this.generation;
      this.count = 0;
      $('lp-events').replaceChildren();
      $('lp-count').textContent = '0';
      this.setState('starting');
      let since = (await topicLastId(topic)) || 0;
      while (gen === this.generation) {
        $('lp-since').textContent = String(since);
        this.setState('waiting');
        this.requests++;
        $('lp-requests').textContent = String(this.requests);
        try {
          const res = await fetch(topicUrl(topic, '/poll?since=' + since + '&timeout=20'),
            { headers: authHeaders({ Accept: 'application/json' }) });
          if (gen !== this.generation) return;
          if (res.status === 200) {
            for (const ev of await res.json()) {
              addEventItem($('lp-events'), ev.id, ev.type || 'message',
                typeof ev.data === 'string' ? ev.data : JSON.stringify(ev.data), 0);
              since = Math.max(since, Number(ev.id));
              this.count++;
            }
            $('lp-count').textContent = String(this.count);
          } else if (res.status !== 204) {
            this.setState('error ' + res.status);
            await new Promise((r) => setTimeout(r, 2000));
          }
        } catch (e) {
          this.setState('error');
          await new Promise((r) => setTimeout(r, 2000));
        }
      }
    }

    setState(s) {
      $('lp-state').textContent = s;
    }
  }

  const panels = ['A', 'B', 'C'].map((n) => new Panel(n));
  const longPoll = new LongPoll();

  function subscribeAll() {
    const topic = topicInput.value.trim();
    panels.forEach((p) => {
      p.dropBtn.textContent = 'Drop connection';
      p.connect(topic, false);
    });
    longPoll.start(topic);
  }

  $('topic-form').addEventListener('submit', (e) => {
    e.preventDefault();
    subscribeAll();
  });

  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    storeTokenCookie();
    subscribeAll(); // reopen the streams so they carry the new cookie
  });

  $('publish-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const topic = topicInput.value.trim();
    const type = $('publish-type').value.trim();
    const raw = $('publish-data').value;
    let data;
    try { data = JSON.parse(raw); } catch (err) { data = raw; }
    if (type) {
      knownTypes.add(type);
      panels.forEach((p) => p.listen(type));
    }
    const body = type ? { type, data } : { data };
    const result = $('publish-result');
    result.textContent = 'publishing…';
    try {
      const res = await fetch(topicUrl(topic, '/events'), {
        method: 'POST',
        headers: authHeaders({ 'Content-Type': 'application/json', Accept: 'application/json' }),
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status === 201) {
        const ev = JSON.parse(text);
        result.textContent = 'published id ' + ev.id;
        result.dataset.lastId = ev.id;
      } else {
        let detail = text;
        try { detail = JSON.parse(text).detail || JSON.parse(text).title || text; } catch (err) { /* raw */ }
        result.textContent = res.status + ': ' + detail;
      }
    } catch (err) {
      result.textContent = 'failed: ' + err;
    }
  });

  subscribeAll();
  window.heraldDemo = { panels, longPoll };
})();
