// Charter's governance dashboard: a page set over the REST API, no build step.
//
// Signing in keeps a bearer token (an API token such as `charter dev` prints, or a JWT) in this
// tab's sessionStorage; every request sends it as `Authorization: Bearer`, so the API authorizes
// each view and each action exactly as it authorizes curl or the CLI. No cookie is set, so there is
// nothing for another site to ride on (no CSRF). Text from the API is only ever set as textContent.
// Live updates poll (EventSource cannot send an Authorization header).
'use strict';

(() => {
  const TOKEN_KEY = 'charter.token';
  const POLL_MS = 2000;
  const STATES = ['STARTING', 'RUNNING', 'WAITING_APPROVAL', 'COMPLETED', 'DENIED', 'REJECTED',
    'FAILED', 'CANCELLED', 'BUDGET_EXCEEDED', 'NEEDS_ATTENTION'];
  const main = document.getElementById('main');
  let view = null; // {refresh: async () => void}
  let generation = 0;
  const filters = {state: '', tenant: '', pending: ''};
  const policyNotes = new Map(); // bundle id -> Map(policy id -> description) or an error text

  // ---- DOM ----------------------------------------------------------------------------------

  /** An element with attributes and children; strings become text nodes, never markup. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }

  function fill(el, ...children) {
    el.replaceChildren();
    append(el, children);
    return el;
  }

  const badge = (text) => h('span', {class: 'badge ' + text}, text);
  const mono = (text) => h('code', {}, text);
  const short = (hash) => (hash ? String(hash).slice(0, 12) + '…' : '');
  const time = (iso) => (iso ? new Date(iso).toLocaleString() : '');
  const list = (items) => (items && items.length ? items.join(', ') : '—');

  function table(headers, rows, attrs) {
    return h('table', attrs || {},
      h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))),
      h('tbody', {}, rows));
  }

  // ---- API ----------------------------------------------------------------------------------

  const token = () => sessionStorage.getItem(TOKEN_KEY);

  /** Calls the API with the signed-in token: {ok, status, data}; data is a problem on refusal. */
  async function api(method, path, body) {
    const headers = {Accept: 'application/json, application/problem+json'};
    if (token()) headers.Authorization = 'Bearer ' + token();
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, {
      method, headers, cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (notJson) {
      data = text;
    }
    if (response.status === 401 && token()) {
      sessionStorage.removeItem(TOKEN_KEY);
      policyNotes.clear();
      renderSession();
      route();
    }
    return {ok: response.ok, status: response.status, data};
  }

  /** A refusal or error as the API worded it (problem detail's detail, else its title). */
  function problem(answer) {
    const d = answer.data;
    const words = d && typeof d === 'object' ? (d.detail || d.title) : d;
    return `${answer.status}: ${words || 'no answer'}`;
  }

  function refused(answer, what) {
    const text = answer.status === 403 ? `${what}: not permitted — ${problem(answer)}`
      : `${what}: ${problem(answer)}`;
    return h('p', {class: answer.status === 403 ? 'notice refused' : 'error'}, text);
  }

  // ---- session ------------------------------------------------------------------------------

  function renderSession() {
    const el = document.getElementById('session');
    if (!token()) {
      fill(el, 'not signed in');
      return;
    }
    const t = token();
    fill(el, 'signed in with token ', mono(t.slice(0, 7) + '…' + t.slice(-4)),
      h('button', {id: 'sign-out', onclick: signOut}, 'Sign out'));
  }

  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    policyNotes.clear();
    renderSession();
    route();
  }

  function loginView() {
    const input = h('input', {id: 'token', type: 'password', autocomplete: 'off',
      placeholder: 'ct_… or a JWT'});
    const message = h('p', {id: 'login-message', class: 'error'});
    const form = h('form', {id: 'login', class: 'login panel', onsubmit: async (e) => {
      e.preventDefault();
      const value = input.value.trim();
      if (!value) return;
      sessionStorage.setItem(TOKEN_KEY, value);
      policyNotes.clear(); // what one human may read is no answer for the next
      const check = await api('GET', '/api/tasks?limit=1');
      if (check.status === 401 || check.status === 0) {
        sessionStorage.removeItem(TOKEN_KEY);
        fill(message, 'token refused: ' + problem(check));
        return;
      }
      renderSession();
      route();
    }},
    h('h2', {}, 'Sign in'),
    h('p', {}, 'Paste your bearer token: an API token (',
      mono('charter token issue'), ', or one of the dev tokens ', mono('charter dev'),
      ' prints) or a JWT of the configured issuer. It stays in this tab only.'),
    input, h('p', {}, h('button', {id: 'sign-in', type: 'submit'}, 'Sign in')), message);
    fill(main, form);
    input.focus();
    return null;
  }

  // ---- tasks --------------------------------------------------------------------------------

  function tasksView() {
    const state = h('select', {id: 'filter-state', name: 'state'},
      h('option', {value: ''}, 'any'), STATES.map((s) => h('option', {value: s}, s)));
    const tenant = h('input', {id: 'filter-tenant', name: 'tenant', placeholder: 'any'});
    const pending = h('select', {id: 'filter-pending', name: 'pending'},
      h('option', {value: ''}, 'any'), h('option', {value: 'true'}, 'waiting for a human'),
      h('option', {value: 'false'}, 'not waiting'));
    state.value = filters.state;
    tenant.value = filters.tenant;
    pending.value = filters.pending;
    const results = h('div', {id: 'task-list'});
    const onFilter = () => {
      filters.state = state.value;
      filters.tenant = tenant.value.trim();
      filters.pending = pending.value;
      refresh();
    };
    state.addEventListener('change', onFilter);
    pending.addEventListener('change', onFilter);
    tenant.addEventListener('change', onFilter);

    fill(main,
      h('h2', {}, 'Tasks'),
      h('form', {class: 'filters', onsubmit: (e) => { e.preventDefault(); onFilter(); }},
        h('label', {}, 'State', state), h('label', {}, 'Tenant', tenant),
        h('label', {}, 'Pending approval', pending)),
      results,
      startForm());

    async function refresh() {
      const q = new URLSearchParams();
      if (filters.state) q.set('state', filters.state);
      if (filters.tenant) q.set('tenant', filters.tenant);
      if (filters.pending) q.set('pending', filters.pending);
      const answer = await api('GET', '/api/tasks?' + q);
      if (!answer.ok) {
        fill(results, refused(answer, 'task list'));
        return;
      }
      const rows = answer.data.tasks.map((t) => h('tr', {dataset: {taskId: t.taskId}},
        h('td', {}, h('a', {href: '#/task/' + encodeURIComponent(t.taskId)}, t.taskId)),
        h('td', {}, badge(t.state)),
        h('td', {}, t.riskTier || ''),
        h('td', {}, t.tenant || ''),
        h('td', {}, t.backend || '—'),
        h('td', {}, t.pendingApprovalId ? [mono(t.pendingApprovalId), ' ', t.pendingTool || ''] : '—'),
        h('td', {}, t.requestedBy || ''),
        h('td', {}, time(t.updatedAt))));
      fill(results,
        table(['Task', 'State', 'Risk tier', 'Tenant', 'Backend', 'Pending approval',
          'Requested by', 'Updated'], rows, {id: 'task-table'}),
        h('p', {class: 'muted'}, `${rows.length} task(s) you may view, from the ${answer.data.source}`
          + ' index'));
    }
    return {refresh};
  }

  function startForm() {
    const field = (id, label, el) => h('label', {}, label, Object.assign(el, {id}));
    const profile = h('input', {value: 'support-agent'});
    const goal = h('input', {value: 'Resolve the customer\'s support ticket'});
    const text = h('textarea', {});
    const source = h('input', {value: 'customer_email'});
    const fields = h('textarea', {placeholder: 'orderId=1003\ncustomerId=c-102\namountCents=25000'});
    const taskId = h('input', {placeholder: 'optional: a new id is made'});
    const result = h('p', {id: 'start-result'});
    const form = h('form', {class: 'start', id: 'start-task', onsubmit: async (e) => {
      e.preventDefault();
      const parsed = {};
      for (const line of fields.value.split('\n')) {
        const at = line.indexOf('=');
        if (at > 0) parsed[line.slice(0, at).trim()] = line.slice(at + 1).trim();
      }
      const request = {
        profile: profile.value.trim(), goal: goal.value.trim(),
        inputs: [{name: 'ticket', source: source.value.trim(), content: text.value, fields: parsed}],
      };
      if (taskId.value.trim()) request.taskId = taskId.value.trim();
      const answer = await api('POST', '/api/tasks', request);
      if (!answer.ok) {
        fill(result, refused(answer, 'start'));
        return;
      }
      fill(result, 'started ', h('a', {href: '#/task/' + encodeURIComponent(answer.data.taskId),
        id: 'started-task', dataset: {taskId: answer.data.taskId}}, answer.data.taskId));
    }},
    field('start-profile', 'Profile', profile), field('start-task-id', 'Task id', taskId),
    field('start-goal', 'Goal', goal), field('start-source', 'Input source', source),
    field('start-text', 'Ticket text', text), field('start-fields', 'Fields (name=value per line)', fields),
    h('div', {}, h('button', {id: 'start-submit', type: 'submit'}, 'Start task')), result);
    return h('details', {class: 'panel', id: 'start-panel'}, h('summary', {}, 'Start a task'), form);
  }

  // ---- one task -----------------------------------------------------------------------------

  function taskView(taskId) {
    const id = encodeURIComponent(taskId);
    const summary = h('div', {id: 'task-summary'});
    const approval = h('div', {id: 'task-approval'});
    const ledger = h('div', {id: 'ledger-status'});
    const path = h('div', {id: 'governed-path'});
    fill(main, h('h2', {}, 'Task ', mono(taskId)), summary, approval,
      h('h3', {}, 'Audit ledger'), ledger, h('h3', {}, 'Governed path'), path);
    let shownApproval = null;

    async function refresh() {
      const status = await api('GET', `/api/tasks/${id}`);
      if (!status.ok) {
        fill(summary, refused(status, 'task'));
        return;
      }
      const s = status.data;
      const pin = s.pin || {};
      fill(summary, h('div', {class: 'panel'},
        h('p', {}, 'State ', h('span', {id: 'task-state', dataset: {state: s.state}}, badge(s.state)),
          ` · step ${s.step} · tenant ${pin.tenant || '?'} · risk tier ${pin.riskTier || '?'}`
          + ` · profile ${pin.profile || '?'} ${pin.profileVersion || ''}`),
        h('p', {}, `Backends ${list(s.backends)} · steps ${s.stepsUsed} · tokens ${s.tokensUsed}`
          + ` · cost $${Number(s.costUsd).toFixed(4)} · compensations ${list(s.compensations)}`),
        pin.bundleHash ? h('p', {}, 'Policy bundle ', mono(short(pin.bundleHash)),
          ' · route ', list((pin.route || []).map((b) => b.name || JSON.stringify(b)))) : null,
        s.finalAnswer ? h('p', {}, 'Answer: ', s.finalAnswer) : null,
        s.reason ? h('p', {}, 'Reason: ', s.reason) : null));

      const pending = s.pendingApproval;
      if (!pending) {
        shownApproval = null;
        fill(approval);
      } else if (shownApproval !== pending.approvalId) {
        shownApproval = pending.approvalId;
        fill(approval, await approvalCard(taskId, pending, null, refresh));
      }

      const verify = await api('GET', `/api/audit/${id}/verify`);
      if (verify.ok || verify.status === 409) {
        const v = verify.data;
        const chain = v.chain || {};
        const cp = v.checkpoints;
        fill(ledger, h('p', {id: 'ledger-verdict', dataset: {valid: String(v.valid)}},
          badge(v.valid ? 'valid' : 'broken'),
          ` hash chain ${chain.valid ? 'verified' : 'broken'} over ${chain.events} event(s), head `,
          mono(short(chain.headHash)),
          cp ? ` · ${cp.checkpoints} signed checkpoint(s) ${cp.valid ? 'verified' : 'broken'}` : '',
          v.history === null || v.history === undefined ? ' · Temporal history not checked'
            : v.history.length ? ` · history disagrees: ${v.history.join('; ')}`
              : ' · Temporal history agrees',
          v.valid ? '' : h('div', {class: 'error'}, `first broken link: ${v.firstBrokenLink}`)));
      } else {
        fill(ledger, refused(verify, 'ledger verification'));
      }

      const audit = await api('GET', `/api/tasks/${id}/audit`);
      if (audit.ok) {
        fill(path, await ledgerPath(audit.data.events));
      } else {
        fill(path, refused(audit, 'ledger events'),
          h('p', {class: 'muted'}, 'The task\'s own status shows its path:'), statusPath(s.path));
      }
    }
    return {refresh};
  }

  /** The status query's path: what a viewer without the audit trail may see. */
  function statusPath(steps) {
    return table(['Step', 'Backend', 'Intent', 'Tool', 'Target', 'Verdict', 'Policies', 'Approved by',
      'Result'], (steps || []).map((r) => h('tr', {},
      h('td', {}, r.step), h('td', {}, r.backend), h('td', {}, r.intent), h('td', {}, r.tool || '(answer)'),
      h('td', {}, r.target || ''), h('td', {}, r.outcome ? badge(r.outcome) : ''),
      h('td', {}, list(r.determiningPolicies)), h('td', {}, r.approvedBy || ''), h('td', {}, r.result))),
    {id: 'status-path'});
  }

  /** Descriptions of a bundle's policies, fetched once per bundle; null when not permitted. */
  async function notesOf(bundleId) {
    if (!bundleId) return null;
    if (!policyNotes.has(bundleId)) {
      const answer = await api('GET', `/api/policy/bundles/${encodeURIComponent(bundleId)}/policies`);
      policyNotes.set(bundleId, answer.ok
        ? new Map(answer.data.policies.map((p) => [p.id, p.description]))
        : problem(answer));
    }
    const notes = policyNotes.get(bundleId);
    return typeof notes === 'string' ? null : notes;
  }

  async function policies(ids, bundleId) {
    const notes = await notesOf(bundleId);
    return (ids || []).map((pid) => h('span', {class: 'policy'}, mono(pid),
      notes && notes.get(pid) ? ' — ' + notes.get(pid) : ''));
  }

  /** The task's ledger events, step by step. */
  async function ledgerPath(events) {
    const steps = new Map();
    for (const e of events) {
      if (!steps.has(e.step)) steps.set(e.step, []);
      steps.get(e.step).push(e);
    }
    const out = [];
    for (const [step, items] of steps) {
      const rows = [];
      for (const e of items) rows.push(await eventLine(e));
      out.push(h('section', {class: 'step', dataset: {step}},
        h('h3', {}, step === 0 ? 'Task' : `Step ${step}`), rows));
    }
    return out;
  }

  async function eventLine(e) {
    let p = {};
    try {
      p = JSON.parse(e.payloadJson);
    } catch (unreadable) {
      p = {};
    }
    const line = (kind, ...body) => h('div', {class: 'event', dataset: {type: e.type, seq: e.seq}},
      h('span', {class: 'kind'}, kind), body, h('span', {class: 'when'}, `#${e.seq} ${time(e.recordedAt)}`));
    switch (e.type) {
      case 'task.pinned':
        return line('Pinned', `profile ${p.profile} ${p.profileVersion} · tenant ${p.tenant} · risk tier `
          + `${p.riskTier} · residency ${p.residency} · route ${list(p.route)} · requested by `
          + `${p.requestedBy || '?'} · bundle `, mono(short(p.bundleHash)));
      case 'observation.perceived': {
        const l = p.labels || {};
        return line('Observation', `${l.classification} · PII ${list(l.piiKinds)} · residency ${l.residency}`
          + ` · sources ${list(p.sources)} · `, p.tainted ? h('strong', {class: 'taint'}, 'tainted')
          : 'untainted', ' · content ', mono(short(p.contentSha256)));
      }
      case 'model.routed': {
        const refusedBackends = [];
        for (const r of p.refused || []) {
          refusedBackends.push(h('div', {class: 'refused-backend'}, 'refused ', mono(r.backend), ' ',
            badge(r.outcome), ' by', await policies(r.determiningPolicies, r.bundleHash)));
        }
        return line('Route', `permitted ${list(p.permitted)}`, refusedBackends);
      }
      case 'model.decided': {
        const m = p.provenance || {};
        return line('Model', `intent ${p.intent} (confidence ${Number(p.confidence).toFixed(2)})`,
          p.rationale ? ` — ${p.rationale}` : '',
          h('div', {class: 'provenance'}, `${m.backend} · ${m.hosting} · ${m.vendor} · ${m.modelId} `
            + `${m.modelVersion} · weights `, mono(short(m.weightsSha256) || 'n/a'),
          ` · ${(Number(m.latencyMicros) / 1000).toFixed(1)} ms · tokens ${m.inputTokens}/${m.outputTokens}`
            + ` · $${Number(m.costUsd).toFixed(4)} · fallback chain ${list(m.fallbackChain)}`
            + (m.artifactsVerified === true ? ' · artifacts verified' : '')),
          p.final ? ' · answers' : ` · proposes ${list((p.proposed || []).map((c) => c.tool + ' ' + c.target))}`);
      }
      case 'policy.verdict':
        return line('Verdict', `${p.tool} ${p.target} `, badge(p.outcome),
          p.requiredRoles && p.requiredRoles.length ? ` needs ${list(p.requiredRoles)}` : '',
          p.argumentProvenance ? ` · arguments from ${Object.entries(p.argumentProvenance)
            .map(([k, v]) => k + '=' + v).join(', ')}` : '',
          await policies(p.determiningPolicies, p.bundleHash),
          p.errors && p.errors.length ? h('div', {class: 'error'}, 'errors: ' + p.errors.join('; ')) : null);
      case 'approval.requested':
        return line('Approval asked', mono(p.approvalId), ` for ${p.tool} ${p.target}, roles ${list(p.requiredRoles)}`);
      case 'approval.granted':
        return line('Approved', h('strong', {class: 'approver'}, p.approver), ` as ${p.role} at ${time(e.recordedAt)}`,
          p.reason ? ` — "${p.reason}"` : '');
      case 'approval.rejected':
        return line('Rejected', h('strong', {class: 'approver'}, p.approver), ` as ${p.role} at ${time(e.recordedAt)}`,
          p.reason ? ` — "${p.reason}"` : '');
      case 'tool.executed':
        return line('Action', `${p.tool} ${p.target} done`, p.replayed ? ' (replayed)' : '',
          ` · key `, mono(short(p.idempotencyKey)), p.compensable ? ' · compensable' : ' · no compensation');
      case 'tool.failed':
        return line('Action failed', `${p.tool} ${p.target}: ${p.error}`);
      case 'tool.refused':
        return line('Action refused', `${p.tool}: ${p.reason}`);
      case 'compensation.executed':
        return line('Compensation', `${p.tool} ${p.target} ${p.outcome}`, p.error ? `: ${p.error}` : '');
      case 'compensation.refused':
        return line('Compensation refused', `${p.tool} ${p.target} `, badge(p.outcome),
          await policies(p.determiningPolicies, p.bundleHash));
      case 'task.ended':
        return line('Ended', badge(p.state), ` after ${p.steps} step(s), ${p.tokensUsed} tokens, `
          + `$${Number(p.costUsd).toFixed(4)}`, p.reason ? ` — ${p.reason}` : '');
      default:
        return line(e.type, h('span', {class: 'mono'}, e.payloadJson));
    }
  }

  // ---- approvals ----------------------------------------------------------------------------

  /** A pending approval, with approve and reject when the API says the caller may answer it. */
  async function approvalCard(taskId, pending, summary, onAnswered) {
    const id = encodeURIComponent(taskId);
    const call = pending.call || {};
    const verdict = pending.verdict || {};
    const standing = await api('GET', `/api/tasks/${id}/approval`);
    const card = h('div', {class: 'card approval', dataset: {taskId, approvalId: pending.approvalId}},
      h('p', {}, h('a', {href: '#/task/' + id}, taskId), ' waits for approval ', mono(pending.approvalId)),
      h('p', {}, `${call.tool} ${call.target || ''} · tenant ${pending.tenant}`
        + (summary ? ` · risk tier ${summary.riskTier} · requested by ${summary.requestedBy}` : '')
        + ` · needs ${list(pending.missingRoles && pending.missingRoles.length ? pending.missingRoles
          : pending.requiredRoles)} · arguments `, mono(short(pending.argumentsSha256))),
      h('div', {}, 'asked for by', await policies(verdict.determiningPolicies, verdict.bundleHash)));
    const result = h('span', {class: 'result'});
    if (standing.ok && standing.data.mayAnswer) {
      const reason = h('input', {class: 'reason', placeholder: 'reason (recorded in the ledger)'});
      const answer = async (verb) => {
        const body = {approvalId: pending.approvalId, role: standing.data.role, reason: reason.value};
        const done = await api('POST', `/api/tasks/${id}/${verb}`, body);
        fill(result, done.ok ? `${verb}d: ${done.data.result}` : refused(done, verb));
        if (done.ok && onAnswered) onAnswered(`${verb}d ${pending.approvalId}: ${done.data.result}`);
      };
      card.appendChild(h('div', {class: 'actions'}, reason,
        h('button', {class: 'approve', type: 'button', onclick: () => answer('approve')}, 'Approve'),
        h('button', {class: 'reject', type: 'button', onclick: () => answer('reject')}, 'Reject'),
        h('span', {class: 'muted'}, `as ${standing.data.role}`), result));
    } else {
      card.appendChild(h('p', {class: 'notice may-not'}, standing.ok
        ? `You may not answer this approval: ${standing.data.reason}` : problem(standing)));
    }
    return card;
  }

  function inboxView() {
    const cards = h('div', {id: 'inbox'});
    const answered = h('ul', {id: 'inbox-answered', class: 'muted'});
    fill(main, h('h2', {}, 'Approvals inbox'), cards, answered);
    // An answered card leaves with the next refresh; what was answered stays listed here.
    const onAnswered = (words) => {
      answered.appendChild(h('li', {}, words));
      refresh();
    };
    const shown = new Map(); // approval id -> card

    async function refresh() {
      const answer = await api('GET', '/api/tasks?pending=true');
      if (!answer.ok) {
        fill(cards, refused(answer, 'inbox'));
        shown.clear();
        return;
      }
      const waiting = new Set();
      for (const t of answer.data.tasks) {
        if (!t.pendingApprovalId) continue;
        waiting.add(t.pendingApprovalId);
        if (shown.has(t.pendingApprovalId)) continue;
        const status = await api('GET', `/api/tasks/${encodeURIComponent(t.taskId)}`);
        if (!status.ok || !status.data.pendingApproval) continue;
        const card = await approvalCard(t.taskId, status.data.pendingApproval, t, onAnswered);
        shown.set(status.data.pendingApproval.approvalId, card);
        waiting.add(status.data.pendingApproval.approvalId);
        cards.appendChild(card);
      }
      for (const [approvalId, card] of shown) {
        if (!waiting.has(approvalId)) {
          card.remove();
          shown.delete(approvalId);
        }
      }
      const empty = cards.querySelector('.empty');
      if (shown.size === 0 && !empty) cards.appendChild(h('p', {class: 'empty muted'}, 'Nothing waits for a human.'));
      if (shown.size > 0 && empty) empty.remove();
    }
    return {refresh};
  }

  // ---- operations ---------------------------------------------------------------------------

  function operationsView() {
    const health = h('div', {id: 'health'});
    const backends = h('div', {id: 'backends'});
    const routes = h('div', {id: 'routes'});
    const changes = h('div', {id: 'route-changes'});
    fill(main, h('h2', {}, 'Backend health'), health, h('h2', {}, 'Breakers and kill switches'), backends,
      h('h2', {}, 'Routes and canary split'), routes, h('h2', {}, 'Rollbacks and route changes'), changes);

    async function refresh() {
      const hl = await api('GET', '/actuator/health');
      if (hl.ok || hl.status === 503) {
        const comps = Object.entries((hl.data && hl.data.components) || {});
        const details = (c) => {
          if (c.details) return JSON.stringify(c.details);
          if (!c.components) return '';
          return Object.entries(c.components).map(([n, x]) => `${n}: ${x.status}`).join(', ');
        };
        const rows = comps.map(([name, c]) => h('tr', {dataset: {component: name}},
          h('td', {}, name), h('td', {}, badge(c.status)), h('td', {class: 'mono'}, details(c))));
        fill(health, h('p', {}, 'Overall ', badge(hl.data.status)), comps.length
          ? table(['Component', 'Status', 'Details'], rows, {id: 'health-table'})
          : h('p', {class: 'notice'}, 'No component details for this token.'));
      } else {
        fill(health, refused(hl, 'health'));
      }

      const r = await api('GET', '/api/routes');
      if (!r.ok) {
        fill(backends, refused(r, 'routes'));
        fill(routes);
      } else {
        fill(backends, table(['Backend', 'Breaker', 'Failure rate', 'Buffered calls', 'Failed', 'Not permitted',
          'Enabled'], Object.entries(r.data.backends).map(([name, b]) => h('tr', {dataset: {backend: name}},
          h('td', {}, name), h('td', {}, badge(b.state)), h('td', {}, b.failureRatePercent < 0 ? '—'
            : `${b.failureRatePercent}%`), h('td', {}, b.bufferedCalls), h('td', {}, b.failedCalls),
          h('td', {}, b.notPermittedCalls), h('td', {}, b.enabled ? 'yes' : h('strong', {class: 'error'}, 'off')))),
        {id: 'backend-table'}));
        fill(routes, table(['Route', 'Stable arm', 'Canary arm', 'Split (stable / canary)', 'Shadow', ''],
          r.data.routes.map((x) => h('tr', {dataset: {route: x.route}}, h('td', {}, x.route),
            h('td', {}, list(x.stable)), h('td', {}, list(x.canary)),
            h('td', {}, `${100 - x.canaryPercent}% / ${x.canaryPercent}%`), h('td', {}, x.shadow || '—'),
            h('td', {}, x.canaryPercent > 0 ? rollbackButton(x.route) : ''))), {id: 'route-table'}));
      }

      const journal = await api('GET', '/api/audit/_routes');
      if (journal.status === 404) {
        fill(changes, h('p', {class: 'muted'}, 'No route change recorded yet.'));
      } else if (!journal.ok) {
        fill(changes, refused(journal, 'route changes'));
      } else {
        const rows = journal.data.events.slice().reverse().map((e) => {
          const p = JSON.parse(e.payloadJson);
          const what = e.type === 'backend.kill_switch' ? `${p.backend} ${p.from ? 'on' : 'off'} → ${p.to ? 'on' : 'off'}`
            : `${p.route} ${p.fromPercent}% → ${p.toPercent}%`;
          return h('tr', {}, h('td', {}, time(e.recordedAt)), h('td', {}, e.type), h('td', {}, what),
            h('td', {}, p.reason || ''));
        });
        fill(changes, table(['When', 'Change', 'What', 'Reason'], rows, {id: 'route-change-table'}));
      }
    }

    function rollbackButton(routeName) {
      return h('button', {type: 'button', class: 'rollback', onclick: async (e) => {
        const answer = await api('POST', `/api/routes/${encodeURIComponent(routeName)}/rollback`,
          {reason: 'rolled back from the dashboard'});
        e.target.replaceWith(answer.ok ? 'rolled back' : refused(answer, 'rollback'));
        refresh();
      }}, 'Roll back');
    }
    return {refresh};
  }

  // ---- policy -------------------------------------------------------------------------------

  function policyView() {
    const bundles = h('div', {id: 'bundles'});
    const drift = h('div', {id: 'drift'});
    fill(main, h('h2', {}, 'Policy bundles'), bundles, h('h2', {}, 'Drift report (shadow candidate vs active)'), drift);

    async function refresh() {
      const b = await api('GET', '/api/policy/bundles');
      if (!b.ok) {
        fill(bundles, refused(b, 'bundles'));
      } else {
        const describe = (x) => (x ? [x.name, ' ', mono(short(x.id)), ` (${x.policies} policies)`] : '—');
        fill(bundles, h('p', {}, 'Active: ', describe(b.data.active)), h('p', {}, 'Shadow: ', describe(b.data.shadow)),
          h('p', {class: 'muted'}, `${b.data.loaded.length} bundle(s) loaded`));
      }
      const d = await api('GET', '/api/policy/drift');
      if (!d.ok) {
        fill(drift, refused(d, 'drift report'));
        return;
      }
      fill(drift, h('p', {id: 'drift-count'}, `${d.data.count} disagreement(s)`
        + (d.data.shadow ? ` with shadow ${short(d.data.shadow)}` : ' (no shadow candidate running)')),
      table(['Task', 'Step', 'Tool', 'Target', 'Active', 'Shadow', 'Shadow\'s policies'],
        d.data.disagreements.map((x) => h('tr', {},
          h('td', {}, h('a', {href: '#/task/' + encodeURIComponent(x.taskId)}, x.taskId)), h('td', {}, x.step),
          h('td', {}, x.tool), h('td', {}, x.target), h('td', {}, badge(x.activeOutcome)),
          h('td', {}, badge(x.shadowOutcome)), h('td', {}, list(x.shadowDeterminingPolicies)))),
        {id: 'drift-table'}));
    }
    return {refresh};
  }

  // ---- routing and polling ------------------------------------------------------------------

  function route() {
    generation++;
    const hash = location.hash || '#/tasks';
    for (const a of document.querySelectorAll('header nav a')) {
      a.classList.toggle('current', hash.startsWith(a.getAttribute('href')));
    }
    if (!token()) {
      view = loginView();
      return;
    }
    if (hash.startsWith('#/task/')) view = taskView(decodeURIComponent(hash.slice('#/task/'.length)));
    else if (hash.startsWith('#/inbox')) view = inboxView();
    else if (hash.startsWith('#/operations')) view = operationsView();
    else if (hash.startsWith('#/policy')) view = policyView();
    else view = tasksView();
    poll(generation);
  }

  async function poll(mine) {
    while (mine === generation && view) {
      try {
        await view.refresh();
        fill(document.getElementById('updated'), `updated ${new Date().toLocaleTimeString()}`
          + ` · refreshes every ${POLL_MS / 1000} s`);
        document.body.dataset.refreshed = String(Date.now());
      } catch (error) {
        fill(document.getElementById('updated'), h('span', {class: 'error'}, 'refresh failed: ' + error));
      }
      await new Promise((done) => setTimeout(done, POLL_MS));
    }
  }

  window.addEventListener('hashchange', route);
  renderSession();
  route();
})();
