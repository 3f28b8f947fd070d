import { withQueries } from '../components/fetchMock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import Ops, { type OpsAnswer } from './Ops';

// uPlot draws on a canvas, which jsdom lacks (it also reads matchMedia on import): a stand-in records
// what each chart was given.
const charts = vi.hoisted(() => [] as { series: { label?: string }[]; data: unknown[]; destroyed: boolean }[]);
vi.mock('uplot', () => ({
  default: class {
    private readonly record: { series: { label?: string }[]; data: unknown[]; destroyed: boolean };

    constructor(options: { series: { label?: string }[] }, data: unknown[]) {
      this.record = { series: options.series, data, destroyed: false };
      charts.push(this.record);
    }

    setData(data: unknown[]) {
      this.record.data = data;
    }

    setSize() {}

    destroy() {
      this.record.destroyed = true;
    }
  },
}));

const minute = 1_772_366_400;
const timestamps = Array.from({ length: 60 }, (_, i) => minute - (59 - i) * 60);
const flat = (value: number | null) => timestamps.map(() => value);

const sample: OpsAnswer = {
  type: 'ops',
  scope: 'platform',
  generated_at: '2026-03-01T12:00:30Z',
  scrape_interval_seconds: 10,
  window_minutes: 60,
  services: [
    { name: 'definitions', ready: true, down_checks: [], last_scraped_at: '2026-03-01T12:00:30Z', error: null },
    { name: 'executor', ready: true, down_checks: [], last_scraped_at: '2026-03-01T12:00:30Z', error: null },
    { name: 'gateway', ready: true, down_checks: [], last_scraped_at: '2026-03-01T12:00:30Z', error: null },
    {
      name: 'objects',
      ready: false,
      down_checks: ['Kafka connection health check'],
      last_scraped_at: '2026-03-01T12:00:30Z',
      error: null,
    },
  ],
  dependencies: [
    { name: 'Kafka', up: false, checked_by: ['executor', 'objects'], down_for: ['objects'] },
    { name: 'PostgreSQL', up: true, checked_by: ['executor', 'objects'], down_for: [] },
  ],
  summary: {
    window_minutes: 5,
    events_accepted_per_minute: 42,
    events_refused_per_minute: 1.5,
    events_failed_per_minute: 0,
    runs_per_minute: 12,
    failed_runs_per_minute: 0.4,
    runs_last_hour: 720,
    failed_runs_last_hour: 24,
    success_rate_last_hour: 0.9667,
    test_runs_last_hour: 10,
    failed_test_runs_last_hour: 1,
    runs_in_flight: 3,
    consumer_lag_total: 17,
    dead_letters_last_hour: 2,
    events_refused_by_code_last_hour: { parameter_invalid: 90 },
  },
  series: {
    timestamps,
    events_accepted: flat(42),
    events_refused: flat(1.5),
    events_failed: flat(0),
    runs: flat(12),
    failed_runs: [...flat(null).slice(1), 0.4],
    test_runs: flat(0),
  },
  consumer_lag: [{ group: 'executor', topic: 'channel.events', current: 17, series: flat(17) }],
  dead_letters: [{ topic: 'channel.events', total: 5, last_hour: 2 }],
  actions: [
    {
      action_id: 'act-1',
      runs: 600,
      runs_per_minute: 10,
      failures: 24,
      test_runs: 10,
      test_failures: 1,
      success_rate: 0.96,
      p50_seconds: 0.12,
      p95_seconds: 0.85,
      mean_seconds: 0.2,
      failures_by_error_type: { timeout: 20, http_error: 4 },
      runs_by_mode: { live: 600, test: 10 },
    },
    {
      action_id: 'other-workspace',
      runs: 120,
      runs_per_minute: 2,
      failures: 0,
      test_runs: 0,
      test_failures: 0,
      success_rate: 1,
      p50_seconds: 0.05,
      p95_seconds: 0.09,
      mean_seconds: 0.06,
      failures_by_error_type: {},
      runs_by_mode: { live: 120 },
    },
  ],
};

const actions = {
  type: 'list',
  data: [
    { id: 'act-1', name: 'Look up order' },
    { id: 'act-2', name: 'Cancel order' },
  ],
};

interface Call {
  url: string;
  authorization: string | undefined;
}

function mockFetch(answers: Record<string, { status: number; body: unknown }>) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, authorization: (init?.headers as Record<string, string> | undefined)?.Authorization });
    const answer = answers[url] ?? {
      status: 404,
      body: { type: 'error.list', errors: [{ code: 'not_found', message: url }] },
    };
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

function setHidden(hidden: boolean) {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  document.dispatchEvent(new Event('visibilitychange'));
}

function renderOps() {
  return render(
    withQueries(
      <MemoryRouter>
        <Ops />
      </MemoryRouter>,
    ),
  );
}

describe('Ops', () => {
  beforeEach(() => {
    charts.length = 0;
    sessionStorage.setItem('customactions.token', 'admin-token');
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
  });

  it('shows the services health, headline figures, charts, dead letters and the workspace actions', async () => {
    const calls = mockFetch({
      '/api/ops': { status: 200, body: sample },
      '/api/definitions/actions': { status: 200, body: actions },
    });
    renderOps();

    const health = await screen.findByRole('table', { name: 'Service health' });
    const objects = within(health).getByRole('row', { name: /objects/ });
    expect(within(objects).getByText('not ready')).toBeInTheDocument();
    expect(within(objects).getByText('Kafka connection health check')).toBeInTheDocument();
    const gateway = within(health).getByRole('row', { name: /gateway/ });
    expect(within(gateway).getByText('ready')).toBeInTheDocument();

    expect(screen.getByText('events accepted / min').previousSibling).toHaveTextContent('42');
    expect(screen.getByText('events refused / min').previousSibling).toHaveTextContent('1.5');
    expect(screen.getByText('success rate (720 live runs, last hour)').previousSibling).toHaveTextContent('96.7%');
    expect(screen.getByText('test runs, last hour (1 failed)').previousSibling).toHaveTextContent('10');
    const dependencies = screen.getByRole('table', { name: 'Kafka and PostgreSQL' });
    expect(within(dependencies).getByRole('row', { name: /Kafka/ })).toHaveTextContent('downNot reached by objects.');
    expect(within(dependencies).getByRole('row', { name: /PostgreSQL/ })).toHaveTextContent(
      'upReached by executor, objects.',
    );

    const table = await screen.findByRole('table', { name: 'Runs by action, last hour' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(2); // the header and this workspace's one action that ran
    const row = rows[1];
    expect(within(row).getByRole('link', { name: 'Look up order' })).toHaveAttribute('href', '/actions/act-1');
    const cells = within(row)
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    expect(cells).toEqual([
      '600 (+10 test, 1 failed)',
      '10',
      '96.0%',
      '120 ms',
      '850 ms',
      'timeout × 20http_error × 4',
    ]);
    expect(screen.queryByText('other-workspace')).not.toBeInTheDocument();
    expect(screen.getByText('1 other action of this workspace did not run in the last hour.')).toBeInTheDocument();

    const deadLetters = screen.getByRole('table', { name: 'Dead letters by topic' });
    expect(within(deadLetters).getByRole('row', { name: /channel\.events/ })).toHaveTextContent('channel.events25');

    expect(screen.getByRole('figure', { name: 'Events per minute, last hour' })).toHaveTextContent(
      'latest minute: accepted 42, refused 1.5, failed (5xx) 0',
    );
    expect(screen.getByRole('figure', { name: 'Runs per minute, last hour' })).toBeInTheDocument();
    expect(screen.getByRole('figure', { name: 'Consumer lag by topic (records), last hour' })).toBeInTheDocument();
    expect(charts.map((c) => c.series.slice(1).map((s) => s.label))).toEqual([
      ['accepted', 'refused', 'failed (5xx)'],
      ['live runs', 'failed live runs', 'test runs'],
      ['channel.events (executor)'],
    ]);
    expect(charts[1].data[0]).toEqual(timestamps);
    expect(charts[1].data[2]).toEqual(sample.series!.failed_runs);

    expect(calls.filter((c) => c.url === '/api/ops')).toHaveLength(1);
    expect(calls.every((c) => c.authorization === 'Bearer admin-token')).toBe(true);
  });

  it("shows a workspace admin its own figures only, and says who sees the platform's", async () => {
    const own: OpsAnswer = {
      ...sample,
      scope: 'workspace',
      services: null,
      dependencies: null,
      series: null,
      consumer_lag: null,
      dead_letters: null,
      summary: {
        ...sample.summary,
        events_accepted_per_minute: null,
        runs_last_hour: 600,
        failed_runs_last_hour: 24,
        success_rate_last_hour: 0.96,
      },
    };
    mockFetch({
      '/api/ops': { status: 200, body: own },
      '/api/definitions/actions': { status: 200, body: actions },
    });
    renderOps();
    expect(await screen.findByRole('heading', { name: 'This workspace, last hour' })).toBeInTheDocument();
    expect(screen.getByText('success rate of live runs').previousSibling).toHaveTextContent('96.0%');
    expect(screen.getByText(/for its operators/)).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Service health' })).not.toBeInTheDocument();
    expect(screen.queryByRole('figure')).not.toBeInTheDocument();
    expect(await screen.findByRole('table', { name: 'Runs by action, last hour' })).toBeInTheDocument();
  });

  it('asks again every 10 s while the tab is visible, and not while it is hidden', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const calls = mockFetch({
      '/api/ops': { status: 200, body: sample },
      '/api/definitions/actions': { status: 200, body: actions },
    });
    renderOps();
    await screen.findByRole('table', { name: 'Runs by action, last hour' });
    const opsCalls = () => calls.filter((c) => c.url === '/api/ops').length;
    expect(opsCalls()).toBe(1);

    await act(async () => {
      vi.advanceTimersByTime(10_000);
    });
    expect(opsCalls()).toBe(2);

    act(() => setHidden(true));
    await act(async () => {
      vi.advanceTimersByTime(60_000);
    });
    expect(opsCalls()).toBe(2);
    expect(screen.getByText(/Refreshing is paused/)).toBeInTheDocument();

    await act(async () => setHidden(false));
    expect(opsCalls()).toBe(3);
    expect(calls.filter((c) => c.url === '/api/definitions/actions')).toHaveLength(1);
    // The charts were kept and given the new values, not rebuilt.
    expect(charts).toHaveLength(3);
  });

  it('tells a token without the admin scope that the page needs one', async () => {
    mockFetch({
      '/api/ops': {
        status: 403,
        body: { type: 'error.list', request_id: 'r', errors: [{ code: 'forbidden', message: 'no' }] },
      },
      '/api/definitions/actions': { status: 200, body: actions },
    });
    renderOps();
    expect(await screen.findByRole('alert')).toHaveTextContent('The ops page needs an admin token.');
    expect(screen.queryByRole('table', { name: 'Service health' })).not.toBeInTheDocument();
  });
});
