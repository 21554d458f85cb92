'use strict';

/*
 * The Trickle dashboard: fetches /status and /status/history from the admin port every 15 s and
 * draws them. Every value reaches the page through textContent or setAttribute, never as markup,
 * so a reason code or a route name cannot inject anything. The page's content security policy
 * allows no inline script or style, so charts use SVG presentation attributes, not style="".
 */
(function () {
    const REFRESH_MS = 15000;
    const SVG_NS = 'http://www.w3.org/2000/svg';
    const HOUR_MS = 3600000;
    const DAY_MS = 24 * HOUR_MS;
    const TARGET = 0.95;
    const CHART = { width: 760, height: 220, left: 52, right: 12, top: 14, bottom: 30 };

    /* Ledger outcome counters are "state/source"; the chart sums the sources of each state. */
    const OUTCOMES = [
        { key: 'created', state: 'migrated', colour: '#2f9e44' },
        { key: 'linked', state: 'linked', colour: '#1c7ed6' },
        { key: 'conflict', state: 'conflict', colour: '#f08c00' },
        { key: 'failed', state: 'failed', colour: '#e03131' },
    ];
    const SHADOW_COLOURS = ['#74b816', '#4dabf7', '#fab005', '#ff6b6b', '#9775fa', '#868e96'];

    let bucket = 'day';
    let latest = null;

    function byId(id) {
        return document.getElementById(id);
    }

    function setText(id, value) {
        byId(id).textContent = value;
    }

    function element(tag, text, className) {
        const node = document.createElement(tag);
        if (text !== undefined) {
            node.textContent = text;
        }
        if (className) {
            node.className = className;
        }
        return node;
    }

    function svgElement(tag, attributes, title) {
        const node = document.createElementNS(SVG_NS, tag);
        for (const name of Object.keys(attributes)) {
            node.setAttribute(name, String(attributes[name]));
        }
        if (title !== undefined) {
            const tip = document.createElementNS(SVG_NS, 'title');
            tip.textContent = title;
            node.appendChild(tip);
        }
        return node;
    }

    function isNumber(value) {
        return typeof value === 'number' && Number.isFinite(value);
    }

    function percent(share) {
        return isNumber(share) ? (share * 100).toFixed(1) + ' %' : '–';
    }

    function count(value) {
        return isNumber(value) ? value.toLocaleString('en-US') : '–';
    }

    function utcDay(ms) {
        return new Date(ms).toISOString().slice(0, 10);
    }

    function utcTime(ms) {
        return new Date(ms).toISOString().slice(0, 19).replace('T', ' ') + ' UTC';
    }

    function entries(object) {
        return object && typeof object === 'object' ? Object.entries(object) : [];
    }

    async function fetchJson(path) {
        const response = await fetch(path, {
            cache: 'no-store',
            credentials: 'same-origin',
            headers: { Accept: 'application/json' },
        });
        if (!response.ok) {
            throw new Error(path + ': HTTP ' + response.status);
        }
        return response.json();
    }

    async function refresh() {
        try {
            const [status, history] = await Promise.all([
                fetchJson('status'),
                fetchJson('status/history'),
            ]);
            latest = { status: status, history: history };
            render();
            byId('error').hidden = true;
            setText('updated', 'Updated ' + utcTime(Date.now()));
        } catch (error) {
            const banner = byId('error');
            banner.textContent = 'Could not load the status (' + error.message + '); showing the last one read.';
            banner.hidden = false;
        } finally {
            window.setTimeout(refresh, REFRESH_MS);
        }
    }

    function render() {
        const status = latest.status;
        renderProgress(status.progress || {});
        renderReadiness(status.cutoverReadiness || {}, status.ledger || {});
        renderMode(status.migration || {});
        renderClerk(status);
        renderProblems((status.ledger || {}).problems);
        renderLedger(status.ledger || {}, status.routes);
        const now = countedAt(status, latest.history);
        renderRate(latest.history, now);
        renderReadinessChart(latest.history, now);
    }

    function countedAt(status, history) {
        const at = (history && history.countedAt) || (status.ledger && status.ledger.countedAt);
        return at ? Date.parse(at) : Date.now();
    }

    function renderProgress(progress) {
        setText('progress-share', percent(progress.share));
        let counts;
        if (!isNumber(progress.inClerk)) {
            counts = 'The ledger has not been counted yet.';
        } else if (isNumber(progress.legacyUsers)) {
            counts = count(progress.inClerk) + ' of ' + count(progress.legacyUsers) + ' legacy users';
        } else {
            counts = count(progress.inClerk) + ' in Clerk; the legacy total is not counted (legacyDatabase.countQuery)';
        }
        setText('progress-counts', counts);
        const width = isNumber(progress.share) ? Math.max(0, Math.min(100, progress.share * 100)) : 0;
        byId('progress-fill').setAttribute('width', width.toFixed(2));
    }

    function renderReadiness(readiness, ledger) {
        const forecast = byId('forecast');
        const at = readiness.forecast95;
        let note;
        if (typeof at !== 'string') {
            forecast.textContent = 'not yet predictable';
            forecast.className = 'big pending';
            note = 'Needs a rising trend over at least three days with 10 or more logins each.';
        } else {
            const when = Date.parse(at);
            const counted = ledger.countedAt ? Date.parse(ledger.countedAt) : Date.now();
            const days = Math.max(1, Math.round((when - counted) / DAY_MS));
            forecast.textContent = when <= counted ? 'reached' : utcDay(when);
            forecast.className = 'big';
            note =
                when <= counted
                    ? 'The last full day had 95 % of its logins by users in Clerk.'
                    : 'In about ' + days + ' day' + (days === 1 ? '' : 's') + ', at the trend of the last 14 days.';
        }
        setText('forecast-note', note);
        setText(
            'readiness',
            'Logins by users in Clerk: ' +
                percent(readiness['1d']) + ' over the last day, ' +
                percent(readiness['7d']) + ' over 7 days, ' +
                percent(readiness['30d']) + ' over 30 days.'
        );
    }

    function renderMode(migration) {
        setText('mode', typeof migration.mode === 'string' ? migration.mode : '–');
        const allow = Array.isArray(migration.allow) ? migration.allow.length : 0;
        const deny = Array.isArray(migration.deny) ? migration.deny.length : 0;
        const source = migration.source === 'runtime' ? 'set at run time' : 'from the configuration';
        setText(
            'rollout',
            'rollout ' + count(migration.rolloutPercent) + ' %, allow ' + allow + ', deny ' + deny + ', ' + source
        );
    }

    function renderClerk(status) {
        const ok = Boolean(status.clerk && status.clerk.authenticated);
        const clerk = byId('clerk');
        clerk.textContent = ok ? 'key accepted' : 'key rejected';
        clerk.className = ok ? 'big ok' : 'big bad';
        const pending = status.ledger && status.ledger.users ? status.ledger.users.pending : undefined;
        setText(
            'backlog',
            'Deferred: ' + count(status.deferredInMemory) + ' in memory, ' + count(pending) + ' pending in the ledger'
        );
    }

    function renderProblems(problems) {
        const body = byId('problems').tBodies[0];
        body.replaceChildren();
        for (const [state, reasons] of entries(problems)) {
            for (const [reason, users] of entries(reasons)) {
                const row = element('tr');
                row.appendChild(element('td', state, 'state-' + state.replace(/[^a-z]/g, '')));
                row.appendChild(element('td', reason));
                row.appendChild(element('td', count(users), 'num'));
                body.appendChild(row);
            }
        }
        byId('problems-empty').hidden = body.rows.length > 0;
    }

    function renderLedger(ledger, routes) {
        const body = byId('ledger').tBodies[0];
        body.replaceChildren();
        for (const [state, users] of entries(ledger.users)) {
            if (users > 0) {
                const row = element('tr');
                row.appendChild(element('td', state));
                row.appendChild(element('td', count(users), 'num'));
                body.appendChild(row);
            }
        }
        setText('counted-at', ledger.countedAt ? utcTime(Date.parse(ledger.countedAt)) : 'not yet');
        setText('routes', Array.isArray(routes) && routes.length > 0 ? routes.join(', ') : 'none');
    }

    /* The buckets the charts show: 30 UTC days, or 48 hours, up to the one holding `now`. */
    function buckets(size, now) {
        const step = size === 'hour' ? HOUR_MS : DAY_MS;
        const n = size === 'hour' ? 48 : 30;
        const last = Math.floor(now / step) * step;
        const result = [];
        for (let i = n - 1; i >= 0; i--) {
            result.push({ start: last - i * step, step: step, values: {} });
        }
        return result;
    }

    function fill(slots, history, pick) {
        const first = slots[0].start;
        const step = slots[0].step;
        for (const hour of (history && history.hours) || []) {
            const index = Math.floor((Date.parse(hour.start) - first) / step);
            if (index < 0 || index >= slots.length) {
                continue;
            }
            for (const [key, n] of pick(hour)) {
                slots[index].values[key] = (slots[index].values[key] || 0) + n;
            }
        }
        return slots;
    }

    function outcomeCounts(hour) {
        const sums = [];
        for (const [label, n] of entries(hour.outcome)) {
            const state = label.split('/')[0];
            const series = OUTCOMES.find((o) => o.state === state);
            if (series && isNumber(n)) {
                sums.push([series.key, n]);
            }
        }
        return sums;
    }

    function renderRate(history, now) {
        const slots = fill(buckets(bucket, now), history, outcomeCounts);
        drawBars(byId('rate-chart'), slots, OUTCOMES, 'No migrations in this period.');
        drawLegend(byId('rate-legend'), OUTCOMES, slots);

        const labels = new Set();
        for (const hour of (history && history.hours) || []) {
            entries(hour.shadow).forEach(([label]) => labels.add(label));
        }
        const shadowSeries = Array.from(labels)
            .sort()
            .map((label, i) => ({ key: label, colour: SHADOW_COLOURS[i % SHADOW_COLOURS.length] }));
        byId('shadow').hidden = shadowSeries.length === 0;
        if (shadowSeries.length > 0) {
            const shadowSlots = fill(buckets(bucket, now), history, (hour) =>
                entries(hour.shadow).filter(([, n]) => isNumber(n))
            );
            drawBars(byId('shadow-chart'), shadowSlots, shadowSeries, 'No shadow assessments in this period.');
            drawLegend(byId('shadow-legend'), shadowSeries, shadowSlots);
        }
    }

    function drawLegend(list, series, slots) {
        list.replaceChildren();
        for (const s of series) {
            const total = slots.reduce((sum, slot) => sum + (slot.values[s.key] || 0), 0);
            const item = element('li');
            const swatch = svgElement('svg', { width: 12, height: 12, 'aria-hidden': 'true' });
            swatch.appendChild(svgElement('rect', { width: 12, height: 12, rx: 2, fill: s.colour }));
            item.appendChild(swatch);
            item.appendChild(document.createTextNode(' ' + s.key + ': ' + count(total)));
            item.dataset.series = s.key;
            item.dataset.total = String(total);
            list.appendChild(item);
        }
    }

    function niceStep(max, ticks) {
        const raw = Math.max(max, 1) / ticks;
        const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (const m of [1, 2, 5, 10]) {
            if (m * magnitude >= raw) {
                return Math.max(1, m * magnitude);
            }
        }
        return Math.max(1, 10 * magnitude);
    }

    function slotLabel(slot) {
        const iso = new Date(slot.start).toISOString();
        return slot.step === HOUR_MS ? iso.slice(5, 10) + ' ' + iso.slice(11, 13) + ':00' : iso.slice(5, 10);
    }

    function frame(svg, slots, yTicks, yLabel) {
        svg.replaceChildren();
        const plotWidth = CHART.width - CHART.left - CHART.right;
        const plotHeight = CHART.height - CHART.top - CHART.bottom;
        const base = CHART.top + plotHeight;
        for (const tick of yTicks) {
            const y = base - tick.fraction * plotHeight;
            svg.appendChild(svgElement('line', { x1: CHART.left, x2: CHART.width - CHART.right, y1: y, y2: y, class: 'grid' }));
            const label = svgElement('text', { x: CHART.left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' });
            label.textContent = yLabel(tick.value);
            svg.appendChild(label);
        }
        const band = plotWidth / slots.length;
        const every = Math.ceil(slots.length / 8);
        slots.forEach((slot, i) => {
            if ((slots.length - 1 - i) % every === 0) {
                /* The newest label is right-aligned to the plot, so a long one is not cut off. */
                const newest = i === slots.length - 1;
                const label = svgElement('text', {
                    x: CHART.left + band * (newest ? i + 1 : i + 0.5),
                    y: base + 18,
                    'text-anchor': newest ? 'end' : 'middle',
                    class: 'axis',
                });
                label.textContent = slotLabel(slot);
                svg.appendChild(label);
            }
        });
        return { band: band, base: base, plotHeight: plotHeight };
    }

    function emptyNote(svg, text) {
        const note = svgElement('text', {
            x: CHART.width / 2,
            y: CHART.height / 2,
            'text-anchor': 'middle',
            class: 'empty',
        });
        note.textContent = text;
        svg.appendChild(note);
    }

    function drawBars(svg, slots, series, emptyText) {
        const totals = slots.map((slot) => series.reduce((sum, s) => sum + (slot.values[s.key] || 0), 0));
        const max = Math.max(0, ...totals);
        const step = niceStep(max, 4);
        const top = Math.max(step, Math.ceil(max / step) * step);
        const ticks = [];
        for (let v = 0; v <= top; v += step) {
            ticks.push({ value: v, fraction: v / top });
        }
        const f = frame(svg, slots, ticks, (v) => count(v));
        slots.forEach((slot, i) => {
            let y = f.base;
            for (const s of series) {
                const n = slot.values[s.key] || 0;
                if (n <= 0) {
                    continue;
                }
                const height = (n / top) * f.plotHeight;
                y -= height;
                svg.appendChild(
                    svgElement(
                        'rect',
                        {
                            x: (CHART.left + f.band * (i + 0.15)).toFixed(2),
                            y: y.toFixed(2),
                            width: (f.band * 0.7).toFixed(2),
                            height: height.toFixed(2),
                            fill: s.colour,
                            class: 'bar',
                            'data-series': s.key,
                            'data-count': n,
                            'data-bucket': new Date(slot.start).toISOString(),
                        },
                        slotLabel(slot) + ': ' + count(n) + ' ' + s.key
                    )
                );
            }
        });
        if (max === 0) {
            emptyNote(svg, emptyText);
        }
    }

    function loginCounts(hour) {
        const login = hour.login || {};
        return [
            ['migrated', isNumber(login.migrated) ? login.migrated : 0],
            ['not_migrated', isNumber(login.not_migrated) ? login.not_migrated : 0],
        ];
    }

    function renderReadinessChart(history, now) {
        const svg = byId('readiness-chart');
        const slots = fill(buckets('day', now), history, loginCounts);
        const ticks = [0, 0.25, 0.5, 0.75, 1].map((v) => ({ value: v, fraction: v }));
        const f = frame(svg, slots, ticks, (v) => Math.round(v * 100) + ' %');
        const yOf = (share) => f.base - share * f.plotHeight;
        svg.appendChild(
            svgElement('line', {
                x1: CHART.left,
                x2: CHART.width - CHART.right,
                y1: yOf(TARGET),
                y2: yOf(TARGET),
                class: 'target',
            })
        );
        const points = [];
        slots.forEach((slot, i) => {
            const migrated = slot.values.migrated || 0;
            const logins = migrated + (slot.values.not_migrated || 0);
            if (logins > 0) {
                points.push({ x: CHART.left + f.band * (i + 0.5), share: migrated / logins, logins: logins, slot: slot });
            }
        });
        if (points.length === 0) {
            emptyNote(svg, 'No successful logins counted yet.');
            return;
        }
        const d = points
            .map((p, i) => (i === 0 ? 'M' : 'L') + p.x.toFixed(2) + ' ' + yOf(p.share).toFixed(2))
            .join(' ');
        svg.appendChild(svgElement('path', { d: d, class: 'line', fill: 'none' }));
        for (const p of points) {
            svg.appendChild(
                svgElement(
                    'circle',
                    {
                        cx: p.x.toFixed(2),
                        cy: yOf(p.share).toFixed(2),
                        r: 4,
                        class: 'point',
                        'data-share': p.share.toFixed(4),
                        'data-logins': p.logins,
                        'data-bucket': utcDay(p.slot.start),
                    },
                    utcDay(p.slot.start) + ': ' + percent(p.share) + ' of ' + count(p.logins) + ' logins'
                )
            );
        }
    }

    function choose(size) {
        bucket = size;
        byId('by-day').setAttribute('aria-pressed', String(size === 'day'));
        byId('by-hour').setAttribute('aria-pressed', String(size === 'hour'));
        if (latest) {
            render();
        }
    }

    document.addEventListener('DOMContentLoaded', () => {
        byId('by-day').addEventListener('click', () => choose('day'));
        byId('by-hour').addEventListener('click', () => choose('hour'));
        refresh();
    });
})();
