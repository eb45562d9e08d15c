// The live workshop room: one script for the participant's phone, the facilitator's board and
// the projector. It speaks the room's WebSocket protocol (src/live/protocol.rs): `hello`, then
// a `welcome` with the board, then `event` frames folded in exactly as src/live/room.rs
// `apply` does, `board` frames that replace the board, `presence` and `error` frames. After a
// drop it resumes with its token and the last `seq` it saw, showing a small banner meanwhile.
// The page (templates/workshops/room.html) holds the frame and the translated texts.

const PROTOCOL_VERSION = 1;
// Reconnect delays in ms; the last one repeats.
const BACKOFF = [500, 1000, 2000, 4000, 8000, 10000];
const PING_EVERY = 20000;
// A connection that has said nothing for this long is treated as dead.
const SILENT_FOR = 45000;
const EDITING_STEPS = ['brainstorm', 'group', 'draft_key_results'];
/** Refusals of a key result that are shown next to its form. */
const KR_REFUSALS = [
  'invalid_key_result',
  'not_top_objective',
  'too_many_key_results',
  'unknown_key_result',
  'empty_text',
  'text_too_long',
  'not_your_card',
];

const root = document.getElementById('room');
if (root) {
  startRoom(root);
}

function startRoom(root) {
  const $ = (id) => document.getElementById(id);
  const stringsEl = $('room-strings');
  const mode = root.dataset.mode;
  const code = root.dataset.code;
  const wsPath = root.dataset.wsPath;
  const meName = root.dataset.meName || '';
  const facilitator = mode === 'facilitator';
  const projector = mode === 'projector';
  const lang = document.documentElement.lang || 'en';
  const numbers = new Intl.NumberFormat(lang === 'nb' ? 'nb-NO' : 'en-GB', {
    maximumFractionDigits: 6,
  });

  /** A translated text; `{name}` placeholders are replaced by `vars`. */
  function s(name, vars) {
    let text = stringsEl.getAttribute('data-' + name);
    if (text === null) text = name;
    if (vars) {
      for (const [key, value] of Object.entries(vars)) {
        text = text.split('{' + key + '}').join(String(value));
      }
    }
    return text;
  }
  const has = (name) => stringsEl.hasAttribute('data-' + name);
  const kindKey = (kind) => String(kind).replace(/_/g, '-');
  const plural = (n, one, other) => (n === 1 ? s(one) : s(other, { n }));

  // ----- The seat: the resume token (and name) kept on this device -----

  const seatKey = `hverdag-room:${code}:${mode}`;
  function loadSeat() {
    try {
      return JSON.parse(localStorage.getItem(seatKey) || '{}') || {};
    } catch {
      return {};
    }
  }
  const seat = projector ? {} : loadSeat();
  function saveSeat() {
    if (projector) return;
    try {
      localStorage.setItem(seatKey, JSON.stringify(seat));
    } catch {
      // Private mode or full storage: the seat lasts as long as the page.
    }
  }

  // ----- State -----

  /** The board as this client sees it (the server's Snapshot), or null before the welcome. */
  let board = null;
  /** This client's participant id (0 for the projector). */
  let me = null;
  /** The server's clock minus this device's, so every device shows the same countdown. */
  let clockOffset = 0;
  /** Everyone who joined: [{id, name, facilitator, online}] (the facilitator's view only). */
  let presence = [];
  /** How many are here, as the server counts them. */
  let here = null;
  /** Facilitator: votes used per participant, and per (participant, card) since the board. */
  let votesUsed = new Map();
  let votesBy = new Map();
  /** The text of a card just sent, to restore if the room refuses it. */
  let pendingCard = null;
  /** The key result form that sent the last command, to show a refusal next to it. */
  let lastKrForm = null;
  let lastStep = null;
  let lastEnded = null;
  let timeUpAnnounced = false;

  const isMe = (by) => me !== null && me > 0 && by === me;

  function setBoard(snapshot) {
    board = snapshot;
    votesUsed = new Map((snapshot.votes_used || []).map(([p, n]) => [p, n]));
    votesBy = new Map();
  }

  const cardById = (id) => board.cards.find((c) => c.id === id);

  /** Folds one event into the board, as `Room::apply` does on the server. */
  function applyEvent(seq, e) {
    if (seq <= board.seq) return;
    board.seq = seq;
    switch (e.kind) {
      case 'card_added':
        if (!cardById(e.card)) {
          board.cards.push({
            id: e.card,
            by: e.by,
            author: e.author || '',
            text: e.text,
            group: null,
            votes: board.tallies_visible ? 0 : null,
            my_votes: 0,
          });
        }
        if (isMe(e.by) && pendingCard !== null && pendingCard.trim() === e.text) {
          pendingCard = null;
        }
        break;
      case 'card_edited': {
        const card = cardById(e.card);
        if (card) card.text = e.text;
        break;
      }
      case 'card_deleted':
        board.cards = board.cards.filter((c) => c.id !== e.card);
        board.key_results = board.key_results.filter((k) => k.objective !== e.card);
        for (const [key, n] of votesBy) {
          const [p, c] = key.split(':').map(Number);
          if (c === e.card) {
            votesUsed.set(p, Math.max(0, (votesUsed.get(p) || 0) - n));
            votesBy.delete(key);
          }
        }
        break;
      case 'group_created':
        if (!board.groups.some((g) => g.id === e.group)) {
          board.groups.push({ id: e.group, name: e.name });
        }
        break;
      case 'card_moved': {
        const card = cardById(e.card);
        const group = board.groups.some((g) => g.id === e.group) ? e.group : null;
        if (card) card.group = group;
        break;
      }
      case 'voted': {
        const card = cardById(e.card);
        if (!card) break;
        if (card.votes !== null) card.votes += 1;
        if (isMe(e.by)) card.my_votes += 1;
        if (facilitator && e.by > 0) {
          votesUsed.set(e.by, (votesUsed.get(e.by) || 0) + 1);
          const key = `${e.by}:${e.card}`;
          votesBy.set(key, (votesBy.get(key) || 0) + 1);
        }
        break;
      }
      case 'unvoted': {
        const card = cardById(e.card);
        if (card) {
          if (card.votes !== null) card.votes = Math.max(0, card.votes - 1);
          if (isMe(e.by)) card.my_votes = Math.max(0, card.my_votes - 1);
        }
        if (facilitator && e.by > 0) {
          votesUsed.set(e.by, Math.max(0, (votesUsed.get(e.by) || 0) - 1));
          const key = `${e.by}:${e.card}`;
          if (votesBy.get(key) > 0) votesBy.set(key, votesBy.get(key) - 1);
        }
        break;
      }
      case 'key_result_proposed':
        if (cardById(e.objective) && !board.key_results.some((k) => k.id === e.key_result)) {
          board.key_results.push({
            id: e.key_result,
            objective: e.objective,
            by: e.by,
            author: e.author || '',
            draft: e.draft,
          });
        }
        if (isMe(e.by)) krSettled(e.objective, null);
        break;
      case 'key_result_edited': {
        const kr = board.key_results.find((k) => k.id === e.key_result);
        if (kr) {
          kr.draft = e.draft;
          krSettled(kr.objective, kr.id);
        }
        break;
      }
      case 'key_result_deleted':
        board.key_results = board.key_results.filter((k) => k.id !== e.key_result);
        break;
      case 'step_set':
        // As on the server: a new step starts without a countdown.
        if (e.step < board.agenda.steps.length && e.step !== board.step) {
          board.step = e.step;
          board.timer = { state: 'stopped' };
        }
        break;
      case 'timer_started':
        board.timer = { state: 'running', ends_at_ms: e.ends_at_ms };
        timeUpAnnounced = false;
        break;
      case 'timer_paused':
        board.timer = { state: 'paused', remaining_ms: e.remaining_ms };
        break;
      case 'locked':
        board.locked = e.locked;
        break;
      case 'revealed':
        board.revealed = true;
        break;
      case 'ended':
        board.ended = true;
        break;
      default:
        break;
    }
  }

  // ----- The connection -----

  let socket = null;
  let welcomed = false;
  let everWelcomed = false;
  let attempt = 0;
  let retryTimer = null;
  let stopped = false;
  let lastHeard = Date.now();
  /** The room refused the name: wait for the person to type another before connecting. */
  let awaitingName = false;

  function setConnection(state) {
    root.dataset.connection = state;
    const banner = $('room-connection');
    const text = state === 'reconnecting' && everWelcomed ? s('reconnecting') : '';
    if (banner.textContent !== text) banner.textContent = text;
    const status = $('room-status');
    if (board) {
      status.hidden = true;
    } else if (state === 'connecting' || state === 'reconnecting') {
      status.hidden = false;
      status.textContent = seat.name && !everWelcomed && mode === 'participant' ? s('joining') : s('connecting');
    }
  }

  function send(message) {
    pendingCard = null;
    lastKrForm = null;
    if (socket && welcomed && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  function hello() {
    const message = {
      type: 'hello',
      version: PROTOCOL_VERSION,
      code,
      name: projector ? '' : seat.name || meName || '',
      resume_token: projector ? null : seat.token || null,
      last_seq: board ? board.seq : null,
    };
    if (projector) message.projector = true;
    return message;
  }

  function connect() {
    clearTimeout(retryTimer);
    retryTimer = null;
    if (stopped || awaitingName) return;
    if (socket && socket.readyState <= WebSocket.OPEN) return;
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + wsPath;
    let ws;
    try {
      ws = new WebSocket(url);
    } catch {
      retry();
      return;
    }
    socket = ws;
    welcomed = false;
    setConnection(everWelcomed ? 'reconnecting' : 'connecting');
    ws.addEventListener('open', () => {
      if (socket !== ws) return;
      lastHeard = Date.now();
      ws.send(JSON.stringify(hello()));
    });
    ws.addEventListener('message', (m) => {
      if (socket !== ws) return;
      lastHeard = Date.now();
      let message;
      try {
        message = JSON.parse(m.data);
      } catch {
        return;
      }
      receive(message);
    });
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      welcomed = false;
      if (!stopped && !awaitingName) {
        setConnection('reconnecting');
        retry();
      }
    });
  }

  function retry() {
    if (stopped || retryTimer) return;
    const base = BACKOFF[Math.min(attempt, BACKOFF.length - 1)];
    attempt += 1;
    retryTimer = setTimeout(connect, base + Math.random() * base * 0.3);
  }

  /** Reconnects now (after a network change or a stale board). */
  function reconnectNow() {
    attempt = 0;
    if (socket) {
      const old = socket;
      socket = null;
      welcomed = false;
      old.close();
    }
    connect();
  }

  function receive(message) {
    switch (message.type) {
      case 'welcome':
        if (!message.snapshot && (!board || (me !== null && message.participant !== me))) {
          // Resumed as someone else (or with nothing to resume from): start from a fresh board.
          board = null;
          me = message.participant;
          reconnectNow();
          return;
        }
        if (typeof message.server_ms === 'number') clockOffset = message.server_ms - Date.now();
        welcomed = true;
        everWelcomed = true;
        attempt = 0;
        me = message.participant;
        if (!projector && message.resume_token) {
          seat.token = message.resume_token;
          saveSeat();
        }
        if (message.snapshot) setBoard(message.snapshot);
        setConnection('open');
        $('room-join')?.setAttribute('hidden', '');
        render();
        break;
      case 'event':
        if (board) {
          applyEvent(message.seq, message.event);
          render();
        }
        break;
      case 'board':
        setBoard(message.snapshot);
        render();
        break;
      case 'presence':
        presence = message.participants || [];
        here = message.here ?? null;
        render();
        break;
      case 'presence_changed':
        here = message.here ?? here;
        for (const p of message.participants || []) {
          const at = presence.findIndex((q) => q.id === p.id);
          if (at >= 0) presence[at] = p;
          else presence.push(p);
        }
        render();
        break;
      case 'error':
        refused(message.code, message.message);
        break;
      default:
        break;
    }
  }

  function refused(codeName, text) {
    if (!welcomed) {
      if (codeName === 'invalid_name' && mode === 'participant') {
        delete seat.token;
        saveSeat();
        awaitingName = true;
        const old = socket;
        socket = null;
        old?.close();
        showJoin(s('error-invalid-name'));
        return;
      }
      if (codeName === 'not_facilitator' || codeName === 'unsupported_version') {
        // This page cannot join this room; trying again will not help.
        stopped = true;
        socket?.close();
        setConnection('closed');
      }
    }
    const key = 'error-' + kindKey(codeName);
    const message = has(key) ? s(key) : text;
    if (lastKrForm && lastKrForm.isConnected && !lastKrForm.hidden && KR_REFUSALS.includes(codeName)) {
      const error = lastKrForm.querySelector('.room-kr-form-error');
      error.textContent = message;
      error.hidden = false;
      delete lastKrForm.dataset.sent;
      lastKrForm = null;
      return;
    }
    showError(message);
    if (pendingCard !== null) {
      const input = $('room-card-text');
      if (input && input.value.trim() === '') input.value = pendingCard;
      pendingCard = null;
    }
  }

  let errorTimer = null;
  function showError(text) {
    const el = $('room-error');
    el.textContent = text;
    clearTimeout(errorTimer);
    errorTimer = setTimeout(() => {
      el.textContent = '';
    }, 8000);
  }

  function announce(text) {
    const el = $('room-announce');
    el.textContent = '';
    setTimeout(() => {
      el.textContent = text;
    }, 50);
  }

  setInterval(() => {
    if (!socket || !welcomed) return;
    if (Date.now() - lastHeard > SILENT_FOR) {
      reconnectNow();
    } else if (socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: 'ping' }));
    }
  }, PING_EVERY);
  window.addEventListener('online', () => {
    if (!welcomed) reconnectNow();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && !socket && !stopped && everWelcomed) {
      reconnectNow();
    }
  });

  // ----- Joining (a participant without a seat yet) -----

  function showJoin(error) {
    const join = $('room-join');
    if (!join) return;
    join.hidden = false;
    $('room-status').hidden = true;
    const input = $('room-name');
    const errorEl = $('room-name-error');
    if (!input.value && seat.name) input.value = seat.name;
    if (error) {
      errorEl.textContent = error;
      errorEl.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  }

  $('room-join-form')?.addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('room-name');
    const name = input.value.trim();
    if (name.length < 1 || name.length > 60) {
      showJoin(s('error-invalid-name'));
      return;
    }
    input.removeAttribute('aria-invalid');
    $('room-name-error').hidden = true;
    seat.name = name;
    saveSeat();
    awaitingName = false;
    $('room-join').hidden = true;
    const status = $('room-status');
    status.hidden = false;
    status.textContent = s('joining');
    connect();
  });

  // ----- Drawing -----

  /** Creates an element: h('button', {class: 'x', type: 'button'}, 'text', child). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'text') el.textContent = value;
      else el.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) el.append(child);
    }
    return el;
  }

  function setText(el, text) {
    if (el.textContent !== text) el.textContent = text;
  }

  function show(el, visible) {
    if (el && el.hidden === visible) el.hidden = !visible;
  }

  function setAttr(el, name, value) {
    if (value === null || value === false) {
      if (el.hasAttribute(name)) el.removeAttribute(name);
    } else if (el.getAttribute(name) !== String(value)) {
      el.setAttribute(name, value);
    }
  }

  /** Moves `el` before `ref` in `parent`, keeping its state (focus) where the browser can. */
  function place(parent, el, ref) {
    if (parent.moveBefore && el.isConnected && parent.isConnected) {
      try {
        parent.moveBefore(el, ref);
        return;
      } catch {
        // Fall back to a plain insert.
      }
    }
    parent.insertBefore(el, ref);
  }

  /**
   * Makes `parent`'s children match `items`, reusing the element of each key (so a form being
   * typed in, or a focused button, survives an update) and moving only what is out of place.
   * `lookup` finds an element elsewhere (a card moving between groups); with `keepOthers`,
   * children not in `items` are left for the caller to remove.
   */
  function reconcile(parent, items, keyOf, create, update, { lookup, keepOthers } = {}) {
    const existing = new Map();
    for (const el of Array.from(parent.children)) existing.set(el.dataset.key, el);
    const keep = new Set();
    let previous = null;
    for (const item of items) {
      const key = String(keyOf(item));
      let el = existing.get(key) || lookup?.(key, item);
      if (!el) {
        el = create(item);
        el.dataset.key = key;
      }
      update(el, item);
      keep.add(key);
      const wanted = previous ? previous.nextSibling : parent.firstChild;
      if (el !== wanted) place(parent, el, wanted);
      previous = el;
    }
    if (keepOthers) return;
    for (const [key, el] of existing) {
      if (!keep.has(key)) el.remove();
    }
  }

  let renderQueued = false;
  function render() {
    if (renderQueued) return;
    renderQueued = true;
    // One redraw per frame, however many frames arrived (a catch-up after a drop can be
    // hundreds of events).
    requestAnimationFrame(() => {
      renderQueued = false;
      draw();
    });
  }

  const currentStep = () => (board ? board.agenda.steps[board.step] || null : null);
  const currentKind = () => currentStep()?.kind || null;
  /** Votes left, counted once per redraw (not once per card). */
  let votesLeftNow = 0;
  const votesLeft = () => {
    const used = board.cards.reduce((n, c) => n + (c.my_votes || 0), 0);
    return Math.max(0, board.agenda.votes_per_person - used);
  };
  const mayChange = () => !projector && !board.ended && (!board.locked || facilitator);
  const mayGroup = (kind) =>
    mayChange() &&
    (facilitator
      ? ['brainstorm', 'group'].includes(kind)
      : board.agenda.participants_group && kind === 'group');

  /** Cards by votes, most first (ties by age), as `Room::ranked` orders them. */
  function ranked() {
    return [...board.cards].sort((a, b) => (b.votes || 0) - (a.votes || 0) || a.id - b.id);
  }

  /** Who wrote a card or key result: its own name (the server signs them), else the list. */
  function authorName(item) {
    if (isMe(item.by)) return s('you');
    if (!item.by) return '';
    return item.author || presence.find((p) => p.id === item.by)?.name || '';
  }

  function draw() {
    if (board) votesLeftNow = votesLeft();
    if (!board) return;
    const focused = document.activeElement;
    drawAll();
    // An element moved to another place (a card into a group) may have lost the focus.
    if (focused && focused !== document.body && focused.isConnected && document.activeElement !== focused) {
      focused.focus({ preventScroll: true });
    }
  }

  function drawAll() {
    show($('room-live'), true);
    show($('room-status'), false);
    const step = currentStep();
    const kind = currentKind();
    root.dataset.stepKind = kind || '';
    root.dataset.step = String(board.step);
    root.dataset.seq = String(board.seq);
    root.dataset.ended = board.ended ? 'true' : 'false';

    if (lastStep !== null && lastStep !== board.step && kind) {
      announce(s('announce-step', { step: s('kind-' + kindKey(kind)) }));
    }
    lastStep = board.step;
    if (lastEnded === false && board.ended) announce(s('error-ended'));
    lastEnded = board.ended;

    setText(
      $('room-step-of'),
      s('step-of', { n: board.step + 1, total: board.agenda.steps.length }) +
        (kind ? ' · ' + s('kind-' + kindKey(kind)) : ''),
    );
    show($('room-ended'), board.ended);
    show($('room-locked'), board.locked && !board.ended);

    drawStep(step, kind);
    drawAddCard(kind);
    drawGroupForm(kind);
    drawObjectives(kind);
    drawBoard(kind);
    if (facilitator) drawControls(step);
    drawPresence();
    if (projector) drawProjectorJoin(kind);
    drawTimer();
  }

  function drawStep(step, kind) {
    setText($('room-step-title'), kind ? s('title-' + kindKey(kind)) : '');
    let text = '';
    let caseShown = false;
    if (kind === 'intro') {
      text = step.text || s('text-intro');
    } else if (kind === 'practice') {
      for (const el of document.querySelectorAll('.room-case')) {
        const match = !!step.case && el.dataset.caseRef === step.case;
        show(el, match);
        caseShown = caseShown || match;
      }
      text = caseShown ? s('text-practice') : s('text-practice-none');
    } else if (kind === 'group') {
      text = board.agenda.participants_group ? s('text-group-participants') : s('text-group');
    } else if (kind) {
      text = s('text-' + kindKey(kind));
    }
    if (kind !== 'practice') {
      for (const el of document.querySelectorAll('.room-case')) show(el, false);
    }
    setText($('room-step-text'), text);

    const votes = $('room-votes-left');
    const voting = kind === 'vote' && !projector && !board.ended;
    show(votes, voting);
    if (voting) {
      const left = votesLeft();
      const total = board.agenda.votes_per_person;
      const dots = votes.querySelector('.room-dots');
      const signature = `${left}/${total}`;
      if (dots.dataset.signature !== signature) {
        dots.dataset.signature = signature;
        dots.replaceChildren(
          ...Array.from({ length: total }, (_, i) =>
            h('span', { class: i < left ? 'room-dot' : 'room-dot room-dot-used' }),
          ),
        );
      }
      setText(
        votes.querySelector('.room-votes-left-text'),
        left === 0 ? s('votes-none') : plural(left, 'votes-left-one', 'votes-left'),
      );
    }
  }

  function drawAddCard(kind) {
    const form = $('room-add-card');
    if (!form) return;
    const open = kind === 'brainstorm' && !board.ended;
    show(form, open);
    const disabled = !mayChange();
    for (const el of form.querySelectorAll('textarea, button')) el.disabled = disabled;
  }

  $('room-add-card')?.addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('room-card-text');
    const text = input.value.trim();
    if (!text) {
      showError(s('error-empty-text'));
      input.focus();
      return;
    }
    if (send({ type: 'add_card', text })) {
      pendingCard = text;
      input.value = '';
      input.focus();
    }
  });
  $('room-card-text')?.addEventListener('keydown', (e) => {
    // Enter sends the card (as the keyboard's "send" key says); Shift+Enter is a new line.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $('room-add-card').requestSubmit();
    }
  });

  function drawGroupForm(kind) {
    const form = $('room-group-form');
    if (!form) return;
    show(form, mayGroup(kind));
  }

  $('room-group-form')?.addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('room-group-name');
    const name = input.value.trim();
    if (!name) {
      input.focus();
      return;
    }
    if (send({ type: 'create_group', name })) input.value = '';
  });

  // ----- Cards -----

  /** Each card's element, wherever (in whichever group) it is. */
  const cardEls = new Map();

  function drawBoard(kind) {
    const section = $('room-board');
    const ranking = kind === 'draft_key_results' || kind === 'commit';
    // Once objectives are being drafted, participants and the projector see those instead;
    // before the brainstorm an empty board says nothing.
    const early = (kind === 'intro' || kind === 'practice') && board.cards.length === 0;
    show(section, (!ranking || facilitator) && !early);
    setText($('room-board-title'), ranking ? s('all-cards') : s('cards'));
    show($('room-cards-empty'), board.cards.length === 0);

    const groups = [...board.groups].sort((a, b) => a.id - b.id);
    const known = new Set(groups.map((g) => g.id));
    // Cards not yet in a group first: they are the ones to sort.
    const sections = [{ key: 'none', group: null }, ...groups.map((g) => ({ key: 'g' + g.id, group: g }))];
    $('room-groups').classList.toggle('room-groups-flat', groups.length === 0);
    reconcile(
      $('room-groups'),
      sections,
      (x) => x.key,
      (x) => {
        const id = x.group ? `room-group-${x.group.id}` : 'room-group-none';
        return dropTarget(h(
          'section',
          {
            class: 'room-group',
            'data-group-id': x.group ? x.group.id : '',
            'aria-labelledby': id + '-title',
          },
          h('h3', { id: id + '-title', class: 'room-group-title' }),
          h('ul', { class: 'room-cards' }),
        ));
      },
      (el, x) => {
        const cards = board.cards
          .filter((c) => (x.group ? c.group === x.group.id : c.group === null || !known.has(c.group)))
          .sort((a, b) => a.id - b.id);
        const title = el.querySelector('.room-group-title');
        setText(title, x.group ? x.group.name : s('ungrouped'));
        show(title, x.group !== null || groups.length > 0);
        show(el, x.group !== null || cards.length > 0);
        reconcile(
          el.querySelector('.room-cards'),
          cards,
          (c) => c.id,
          (c) => {
            const li = createCard(c);
            cardEls.set(c.id, li);
            return li;
          },
          (li, c) => updateCard(li, c, kind, groups),
          { lookup: (_, c) => cardEls.get(c.id), keepOthers: true },
        );
      },
    );
    const alive = new Set(board.cards.map((c) => c.id));
    for (const [id, li] of cardEls) {
      if (!alive.has(id)) {
        li.remove();
        cardEls.delete(id);
      }
    }
  }

  /** The card being dragged onto a group, if any (drag and drop is a shortcut for the
   *  "move to group" select, which keyboards and phones use). */
  let draggingCard = null;
  const cardMax = Number($('room-card-text')?.getAttribute('maxlength')) || 200;

  /** Lets a group section take a dragged card. */
  function dropTarget(el) {
    el.addEventListener('dragover', (e) => {
      if (draggingCard === null) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      el.classList.add('room-drop-target');
    });
    el.addEventListener('dragleave', () => el.classList.remove('room-drop-target'));
    el.addEventListener('drop', (e) => {
      el.classList.remove('room-drop-target');
      if (draggingCard === null) return;
      e.preventDefault();
      const group = el.dataset.groupId;
      send({ type: 'move_card', card: draggingCard, group: group === '' ? null : Number(group) });
      draggingCard = null;
    });
    return el;
  }

  function createCard(card) {
    const textId = `room-card-${card.id}-text`;
    const li = h(
      'li',
      { class: 'room-card', 'data-card-id': card.id },
      h('p', { class: 'room-card-text', id: textId }),
      h(
        'p',
        { class: 'room-card-meta' },
        h('span', { class: 'room-card-author' }),
        h('span', { class: 'room-card-votes' }),
        h('span', { class: 'room-my-votes' }),
      ),
    );
    if (projector) return li;
    const actions = h(
      'div',
      { class: 'room-card-actions' },
      h('button', { type: 'button', class: 'room-vote primary', 'aria-describedby': textId }, s('vote')),
      h('button', { type: 'button', class: 'room-unvote', 'aria-describedby': textId }, s('unvote')),
      h('button', { type: 'button', class: 'room-edit', 'aria-describedby': textId }, s('edit')),
      h('button', { type: 'button', class: 'room-delete danger', 'aria-describedby': textId }, s('delete')),
      h(
        'span',
        { class: 'room-move-wrap' },
        h('label', { for: `room-card-${card.id}-group` }, s('move')),
        h('select', {
          id: `room-card-${card.id}-group`,
          class: 'room-move',
          'aria-describedby': textId,
        }),
      ),
    );
    const editId = `room-card-${card.id}-edit`;
    const form = h(
      'form',
      { class: 'room-card-edit', hidden: true, novalidate: true },
      h('label', { for: editId }, s('edit-card')),
      h('textarea', { id: editId, rows: '3', maxlength: String(cardMax), required: true }),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, s('save')),
        h('button', { type: 'button', class: 'room-edit-cancel' }, s('cancel')),
      ),
    );
    li.append(actions, form);

    const id = card.id;
    li.addEventListener('dragstart', (e) => {
      draggingCard = id;
      e.dataTransfer.setData('text/plain', String(id));
      e.dataTransfer.effectAllowed = 'move';
      li.classList.add('room-dragging');
    });
    li.addEventListener('dragend', () => {
      draggingCard = null;
      li.classList.remove('room-dragging');
    });
    actions.querySelector('.room-vote').addEventListener('click', () => send({ type: 'vote', card: id }));
    actions.querySelector('.room-unvote').addEventListener('click', () => send({ type: 'unvote', card: id }));
    actions.querySelector('.room-delete').addEventListener('click', () => {
      if (window.confirm(s('delete-confirm'))) send({ type: 'delete_card', card: id });
    });
    actions.querySelector('.room-move').addEventListener('change', (e) => {
      const value = e.target.value;
      send({ type: 'move_card', card: id, group: value === '' ? null : Number(value) });
    });
    const textarea = form.querySelector('textarea');
    actions.querySelector('.room-edit').addEventListener('click', () => {
      textarea.value = cardById(id)?.text || '';
      form.hidden = false;
      textarea.focus();
    });
    const closeEdit = () => {
      form.hidden = true;
      actions.querySelector('.room-edit').focus();
    };
    form.querySelector('.room-edit-cancel').addEventListener('click', closeEdit);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = textarea.value.trim();
      if (!text) {
        textarea.focus();
        return;
      }
      if (send({ type: 'edit_card', card: id, text })) closeEdit();
    });
    return li;
  }

  function updateCard(li, card, kind, groups) {
    setText(li.querySelector('.room-card-text'), card.text);
    setText(li.querySelector('.room-card-author'), authorName(card));
    li.classList.toggle('room-card-mine', isMe(card.by));
    const showTally = card.votes !== null && (card.votes > 0 || kind === 'vote');
    setText(
      li.querySelector('.room-card-votes'),
      showTally ? plural(card.votes, 'votes-count-one', 'votes-count') : '',
    );
    const mine = li.querySelector('.room-my-votes');
    if (card.my_votes > 0 && !projector) {
      setText(mine, '●'.repeat(card.my_votes));
      setAttr(mine, 'title', s('my-votes', { n: card.my_votes }));
      setAttr(mine, 'aria-label', s('my-votes', { n: card.my_votes }));
      setAttr(mine, 'role', 'img');
    } else {
      setText(mine, '');
      setAttr(mine, 'role', null);
      setAttr(mine, 'aria-label', null);
      setAttr(mine, 'title', null);
    }
    if (projector) return;

    const change = mayChange();
    const voting = change && kind === 'vote';
    const vote = li.querySelector('.room-vote');
    show(vote, voting);
    vote.disabled = votesLeftNow === 0;
    show(li.querySelector('.room-unvote'), voting && card.my_votes > 0);
    // The facilitator may tidy the board in any step; authors while ideas are being worked on.
    const editable = change && (facilitator || (isMe(card.by) && EDITING_STEPS.includes(kind)));
    show(li.querySelector('.room-edit'), editable);
    show(li.querySelector('.room-delete'), editable);
    if (!editable) show(li.querySelector('.room-card-edit'), false);

    const moveWrap = li.querySelector('.room-move-wrap');
    const grouping = mayGroup(kind) && groups.length > 0;
    show(moveWrap, grouping);
    setAttr(li, 'draggable', grouping ? 'true' : null);
    if (grouping) {
      const select = moveWrap.querySelector('select');
      const signature = JSON.stringify(groups.map((g) => [g.id, g.name]));
      if (select.dataset.signature !== signature) {
        select.dataset.signature = signature;
        select.replaceChildren(
          h('option', { value: '' }, s('no-group')),
          ...groups.map((g) => h('option', { value: String(g.id) }, g.name)),
        );
      }
      const value = card.group === null ? '' : String(card.group);
      if (select.value !== value && document.activeElement !== select) select.value = value;
    }
    show(
      li.querySelector('.room-card-actions'),
      voting || editable || grouping,
    );
  }

  // ----- Objectives and key results -----

  /**
   * A number as people type it: "12,5" and "12.5", "1 234,5" in Norwegian, "1,234.5" in
   * English. Null when it is not a number.
   */
  function parseNumber(text) {
    let t = String(text).trim().replace(/[\s\u00a0\u202f']/g, '').replace(/^\u2212/, '-');
    const comma = t.lastIndexOf(',');
    const dot = t.lastIndexOf('.');
    if (comma >= 0 && dot >= 0) {
      // Both: the last one is the decimal point, the other groups thousands.
      t = comma > dot ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, '');
    } else if (comma >= 0) {
      t = lang !== 'nb' && /^[-+]?\d{1,3}(,\d{3})+$/.test(t) ? t.replace(/,/g, '') : t.replace(',', '.');
    }
    if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return null;
    const n = Number(t);
    return Number.isFinite(n) ? n : null;
  }

  /** A number as the form field shows it for editing: no grouping, the language's point. */
  function editableNumber(n) {
    const text = String(n);
    return lang === 'nb' ? text.replace('.', ',') : text;
  }

  function krText(draft) {
    const unit = draft.unit ? ' ' + draft.unit : '';
    return `${draft.metric}: ${numbers.format(draft.start)} → ${numbers.format(draft.target)}${unit}`;
  }

  /** A key result form is done with (my proposal or edit arrived): empty it. */
  function krSettled(objective, krId) {
    const form = document.querySelector(`.room-objective[data-card-id="${objective}"] .room-kr-form`);
    if (!form) return;
    if (krId === null ? !form.dataset.editing && form.dataset.sent : form.dataset.editing === String(krId)) {
      resetKrForm(form);
    }
  }

  function resetKrForm(form) {
    form.reset();
    delete form.dataset.editing;
    delete form.dataset.sent;
    setText(form.querySelector('legend'), s('kr-legend'));
    setText(form.querySelector('button[type=submit]'), s('kr-add'));
    form.querySelector('.room-kr-cancel').hidden = true;
    for (const input of form.querySelectorAll('input')) input.removeAttribute('aria-invalid');
    for (const error of form.querySelectorAll('.field-error')) error.hidden = true;
  }

  function drawObjectives(kind) {
    const section = $('room-objectives');
    const open = kind === 'draft_key_results' || kind === 'commit';
    show(section, open);
    if (!open) return;
    const top = ranked().slice(0, board.agenda.top_objectives);
    show($('room-objectives-empty'), top.length === 0);
    reconcile($('room-objective-list'), top, (c) => c.id, createObjective, (li, c) => updateObjective(li, c, kind));
  }

  function field(id, name, label, attrs) {
    return h(
      'div',
      { class: 'room-field room-field-' + name },
      h('label', { for: id }, label),
      h('input', { id, name, type: 'text', autocomplete: 'off', 'aria-describedby': id + '-error', ...attrs }),
      h('p', { class: 'field-error', id: id + '-error', hidden: true }),
    );
  }

  function createObjective(card) {
    const base = `room-kr-${card.id}`;
    const li = h(
      'li',
      { class: 'room-objective', 'data-card-id': card.id },
      h('h3', { class: 'room-objective-title' }),
      h('p', { class: 'room-card-votes' }),
      h('ul', { class: 'room-krs' }),
      h('p', { class: 'room-krs-empty muted' }, s('krs-empty')),
    );
    if (projector) return li;
    const form = h(
      'form',
      { class: 'room-kr-form', novalidate: true },
      h(
        'fieldset',
        {},
        h('legend', {}, s('kr-legend')),
        h(
          'div',
          { class: 'room-kr-fields' },
          field(base + '-metric', 'metric', s('kr-metric'), { maxlength: '200', required: true }),
          field(base + '-start', 'start', s('kr-start'), { inputmode: 'decimal', required: true }),
          field(base + '-target', 'target', s('kr-target'), { inputmode: 'decimal', required: true }),
          field(base + '-unit', 'unit', s('kr-unit'), { maxlength: '20' }),
        ),
        h('p', { class: 'field-error room-kr-form-error', role: 'alert', hidden: true }),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit', class: 'primary' }, s('kr-add')),
          h('button', { type: 'button', class: 'room-kr-cancel', hidden: true }, s('cancel')),
        ),
      ),
    );
    li.append(form);
    form.querySelector('.room-kr-cancel').addEventListener('click', () => resetKrForm(form));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const get = (name) => form.elements.namedItem(name);
      const fail = (input, message) => {
        input.setAttribute('aria-invalid', 'true');
        const error = document.getElementById(input.id + '-error');
        error.textContent = message;
        error.hidden = false;
      };
      const clear = (input) => {
        input.removeAttribute('aria-invalid');
        document.getElementById(input.id + '-error').hidden = true;
      };
      form.querySelector('.room-kr-form-error').hidden = true;
      const metric = get('metric');
      const start = get('start');
      const target = get('target');
      const unit = get('unit');
      [metric, start, target, unit].forEach(clear);
      const startValue = parseNumber(start.value);
      const targetValue = parseNumber(target.value);
      let first = null;
      if (!metric.value.trim()) {
        fail(metric, s('error-empty-text'));
        first = first || metric;
      }
      if (startValue === null) {
        fail(start, s('kr-number'));
        first = first || start;
      }
      if (targetValue === null) {
        fail(target, s('kr-number'));
        first = first || target;
      }
      if (!first && startValue === targetValue) {
        fail(target, s('kr-same'));
        first = target;
      }
      if (first) {
        first.focus();
        return;
      }
      const draft = {
        metric: metric.value.trim(),
        unit: unit.value.trim(),
        start: startValue,
        target: targetValue,
      };
      const message = form.dataset.editing
        ? { type: 'edit_key_result', key_result: Number(form.dataset.editing), ...draft }
        : { type: 'propose_key_result', objective: card.id, ...draft };
      if (send(message)) {
        form.dataset.sent = '1';
        lastKrForm = form;
      }
    });
    return li;
  }

  function updateObjective(li, card, kind) {
    setText(li.querySelector('.room-objective-title'), card.text);
    setText(
      li.querySelector('.room-card-votes'),
      card.votes !== null ? plural(card.votes, 'votes-count-one', 'votes-count') : '',
    );
    const krs = board.key_results.filter((k) => k.objective === card.id).sort((a, b) => a.id - b.id);
    show(li.querySelector('.room-krs-empty'), krs.length === 0);
    const drafting = kind === 'draft_key_results' && mayChange();
    reconcile(
      li.querySelector('.room-krs'),
      krs,
      (k) => k.id,
      (kr) => createKr(kr, li),
      (el, kr) => {
        setText(el.querySelector('.room-kr-text'), krText(kr.draft));
        const author = authorName(kr);
        setText(el.querySelector('.room-kr-author'), author ? ' — ' + author : '');
        const own = drafting && (facilitator || isMe(kr.by));
        show(el.querySelector('.room-kr-actions'), own);
      },
    );
    const form = li.querySelector('.room-kr-form');
    if (form) show(form, drafting);
  }

  function createKr(kr, objectiveLi) {
    const textId = `room-kr-item-${kr.id}`;
    const el = h(
      'li',
      { class: 'room-kr', 'data-kr-id': kr.id },
      h('span', { class: 'room-kr-text', id: textId }),
      h('span', { class: 'room-kr-author muted' }),
      projector
        ? null
        : h(
            'span',
            { class: 'room-kr-actions' },
            h('button', { type: 'button', class: 'room-kr-edit', 'aria-describedby': textId }, s('edit')),
            h('button', { type: 'button', class: 'room-kr-delete danger', 'aria-describedby': textId }, s('delete')),
          ),
    );
    if (projector) return el;
    const id = kr.id;
    el.querySelector('.room-kr-delete').addEventListener('click', () => {
      if (window.confirm(s('kr-delete-confirm'))) send({ type: 'delete_key_result', key_result: id });
    });
    el.querySelector('.room-kr-edit').addEventListener('click', () => {
      const current = board.key_results.find((k) => k.id === id);
      const form = objectiveLi.querySelector('.room-kr-form');
      if (!current || !form) return;
      resetKrForm(form);
      form.dataset.editing = String(id);
      const set = (name, value) => {
        form.elements.namedItem(name).value = value;
      };
      set('metric', current.draft.metric);
      set('unit', current.draft.unit || '');
      set('start', editableNumber(current.draft.start));
      set('target', editableNumber(current.draft.target));
      setText(form.querySelector('legend'), s('kr-edit-legend'));
      setText(form.querySelector('button[type=submit]'), s('kr-save'));
      form.querySelector('.room-kr-cancel').hidden = false;
      form.elements.namedItem('metric').focus();
    });
    return el;
  }

  // ----- Facilitator controls -----

  function drawControls(step) {
    const last = board.agenda.steps.length - 1;
    const live = !board.ended;
    $('room-prev').disabled = !live || board.step === 0;
    $('room-next').disabled = !live || board.step >= last;
    reconcile(
      $('room-steps'),
      board.agenda.steps.map((st, i) => ({ st, i })),
      (x) => `${x.i}:${x.st.kind}`,
      (x) => {
        const li = h('li', {}, h('button', { type: 'button', class: 'room-step-go', 'data-step': x.i }));
        li.querySelector('button').addEventListener('click', () => send({ type: 'set_step', step: x.i }));
        return li;
      },
      (li, x) => {
        const button = li.querySelector('button');
        const minutes = x.st.minutes ? ' · ' + s('step-minutes', { n: x.st.minutes }) : '';
        setText(button, `${x.i + 1}. ${s('kind-' + kindKey(x.st.kind))}${minutes}`);
        setAttr(button, 'aria-current', x.i === board.step ? 'step' : null);
        button.disabled = !live;
      },
    );

    const timer = board.timer;
    const start = $('room-timer-start');
    const minutes = step?.minutes || 5;
    const resumable = timer.state === 'paused' && timer.remaining_ms >= 1000;
    setText(start, resumable ? s('timer-resume') : s('timer-start', { n: minutes }));
    start.disabled = !live;
    show($('room-timer-pause'), live && timer.state === 'running');
    $('room-timer-extend').disabled = !live;

    const lock = $('room-lock');
    setText(lock, board.locked ? s('unlock') : s('lock'));
    setAttr(lock, 'aria-pressed', board.locked ? 'true' : 'false');
    lock.disabled = !live;
    show($('room-reveal'), live && board.agenda.anonymous && !board.revealed);
    show($('room-end'), live);
  }

  if (facilitator) {
    $('room-prev').addEventListener('click', () => {
      if (board && board.step > 0) send({ type: 'set_step', step: board.step - 1 });
    });
    $('room-next').addEventListener('click', () => {
      if (board && board.step < board.agenda.steps.length - 1) send({ type: 'set_step', step: board.step + 1 });
    });
    $('room-timer-start').addEventListener('click', () => {
      if (!board) return;
      const timer = board.timer;
      const seconds =
        timer.state === 'paused' && timer.remaining_ms >= 1000
          ? Math.ceil(timer.remaining_ms / 1000)
          : (currentStep()?.minutes || 5) * 60;
      send({ type: 'start_timer', seconds });
    });
    $('room-timer-pause').addEventListener('click', () => send({ type: 'pause_timer' }));
    $('room-timer-extend').addEventListener('click', () => send({ type: 'extend_timer', seconds: 60 }));
    $('room-lock').addEventListener('click', () => {
      if (board) send({ type: 'lock', locked: !board.locked });
    });
    $('room-reveal').addEventListener('click', () => send({ type: 'reveal' }));
    $('room-end').addEventListener('click', () => {
      if (window.confirm(s('end-confirm'))) send({ type: 'end' });
    });
  }

  // ----- Presence and joining info -----

  function drawPresence() {
    const online = here ?? presence.filter((p) => p.online).length;
    const count = $('room-presence-count');
    if (count) {
      setText(count, online === 0 ? s('nobody') : plural(online, 'people-here-one', 'people-here'));
    }
    const list = $('room-presence-list');
    if (!list) return;
    const voteStep = board.agenda.steps.findIndex((st) => st.kind === 'vote');
    const showVotes = voteStep >= 0 && board.step >= voteStep;
    reconcile(
      list,
      [...presence].sort((a, b) => Number(b.online) - Number(a.online) || a.id - b.id),
      (p) => p.id,
      () =>
        h(
          'li',
          {},
          h('span', { class: 'room-presence-dot', 'aria-hidden': 'true' }),
          h('span', { class: 'room-presence-name' }),
          h('span', { class: 'room-presence-state muted' }),
        ),
      (li, p) => {
        li.className = p.online ? 'room-online' : 'room-away';
        setText(li.querySelector('.room-presence-name'), p.name + (p.facilitator ? ` (${s('facilitator')})` : ''));
        let state = p.online ? s('online') : s('away');
        if (showVotes && !p.facilitator) {
          state += ' · ' + s('voted', { n: votesUsed.get(p.id) || 0, total: board.agenda.votes_per_person });
        }
        setText(li.querySelector('.room-presence-state'), state);
      },
    );
  }

  function drawProjectorJoin(kind) {
    const join = $('room-join-info');
    const big = !board.ended && (kind === 'intro' || board.cards.length === 0);
    join.classList.toggle('room-join-big', big);
    show(join, !board.ended);
    // Large in the middle while people join; then in the side column for latecomers.
    const home = root.querySelector(big ? '.room-main' : '.room-side');
    if (home && join.parentElement !== home) home.prepend(join);
  }

  // ----- Timer -----

  function pad(n) {
    return String(n).padStart(2, '0');
  }

  function drawTimer() {
    if (!board) return;
    // A finished workshop has no clock.
    const timer = board.ended ? { state: 'stopped' } : board.timer;
    let ms = null;
    if (timer.state === 'running') ms = Math.max(0, timer.ends_at_ms - (Date.now() + clockOffset));
    else if (timer.state === 'paused') ms = Math.max(0, timer.remaining_ms);
    const seconds = ms === null ? null : Math.ceil(ms / 1000);
    const value = $('room-timer-value');
    if (seconds === null) {
      // Stopped: the step's time-box, greyed out, or nothing.
      const minutes = board.ended ? null : currentStep()?.minutes;
      setText(value, minutes ? `${pad(minutes)}:00` : '');
      setAttr(value, 'aria-hidden', 'true');
    } else {
      setText(value, `${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}`);
      setAttr(value, 'aria-hidden', null);
    }
    const up = timer.state === 'running' && seconds === 0;
    let state = '';
    if (board.ended) state = '';
    else if (timer.state === 'stopped') state = s('timer-stopped');
    else if (timer.state === 'paused') state = s('timer-paused');
    else if (up) state = s('timer-up');
    setText($('room-timer-state'), state);
    const el = $('room-timer');
    el.classList.toggle('room-timer-stopped', timer.state === 'stopped');
    el.classList.toggle('room-timer-paused', timer.state === 'paused');
    el.classList.toggle('room-timer-running', timer.state === 'running' && !up);
    el.classList.toggle('room-timer-up', up);
    if (up && !timeUpAnnounced) {
      timeUpAnnounced = true;
      announce(s('timer-up'));
    }
  }
  setInterval(drawTimer, 250);

  // ----- Start -----

  if (mode === 'participant' && !seat.token && !meName) {
    showJoin();
  } else {
    connect();
  }
}
