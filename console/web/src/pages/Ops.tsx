import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { ApiError } from '../api';
import { ErrorBanner } from '../components/Errors';
import { useApi, useList } from '../query';

// The operations page: the console service reads every service's readiness and Prometheus metrics
// every 10 s and keeps the last hour (GET /api/ops); this page shows it and asks again every 10 s
// while the tab is visible. Per-action figures come for this workspace's actions only (names from
// GET /api/definitions/actions); the platform's figures only for an operator's token.

/** The answer of GET /api/ops. */
export interface OpsAnswer {
  type: 'ops';
  /** `platform` for an operator's token: every figure; `workspace` for an admin's: its actions only (the rest null). */
  scope: 'platform' | 'workspace';
  generated_at: string;
  scrape_interval_seconds: number;
  window_minutes: number;
  services: OpsService[] | null;
  dependencies: OpsDependency[] | null;
  summary: OpsSummary;
  series: OpsSeries | null;
  consumer_lag: OpsLag[] | null;
  dead_letters: OpsDeadLetters[] | null;
  actions: OpsAction[];
}

/** Kafka or PostgreSQL as the services' readiness checks see it (null: no service reported it). */
export interface OpsDependency {
  name: string;
  up: boolean | null;
  checked_by: string[];
  down_for: string[];
}

export interface OpsService {
  name: string;
  ready: boolean;
  down_checks: string[];
  last_scraped_at: string | null;
  error: string | null;
}

export interface OpsSummary {
  window_minutes: number;
  events_accepted_per_minute: number | null;
  events_refused_per_minute: number | null;
  events_failed_per_minute: number | null;
  runs_per_minute: number | null;
  failed_runs_per_minute: number | null;
  runs_last_hour: number;
  failed_runs_last_hour: number;
  success_rate_last_hour: number | null;
  test_runs_last_hour: number;
  failed_test_runs_last_hour: number;
  runs_in_flight: number | null;
  consumer_lag_total: number | null;
  dead_letters_last_hour: number;
  events_refused_by_code_last_hour: Record<string, number>;
}

export interface OpsSeries {
  /** Epoch seconds of each minute's start, oldest first. */
  timestamps: number[];
  events_accepted: (number | null)[];
  events_refused: (number | null)[];
  events_failed: (number | null)[];
  runs: (number | null)[];
  failed_runs: (number | null)[];
  test_runs: (number | null)[];
}

export interface OpsLag {
  group: string;
  topic: string;
  current: number | null;
  series: (number | null)[];
}

export interface OpsDeadLetters {
  topic: string;
  total: number;
  last_hour: number;
}

export interface OpsAction {
  action_id: string;
  runs: number;
  runs_per_minute: number | null;
  failures: number;
  test_runs: number;
  test_failures: number;
  success_rate: number | null;
  p50_seconds: number | null;
  p95_seconds: number | null;
  mean_seconds: number | null;
  failures_by_error_type: Record<string, number>;
  runs_by_mode: Record<string, number>;
}

interface ActionSummary {
  id: string;
  name: string;
}

const REFRESH_MS = 10_000;
const COLORS = ['#2457c5', '#b42318', '#1c7c3a', '#8a5a00', '#6b3fa0', '#0b6b53', '#c2410c', '#5c6577'];

export default function Ops() {
  const [paused, setPaused] = useState(document.hidden);
  // Every 10 s while the tab is visible (the query's own interval); at once when it becomes visible again.
  const answer = useApi<OpsAnswer>('ops', '', {
    refetchInterval: paused ? undefined : REFRESH_MS,
    keepPrevious: false,
  });
  const { refetch } = answer;
  useEffect(() => {
    const onVisibility = () => {
      setPaused(document.hidden);
      if (!document.hidden) {
        void refetch();
      }
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [refetch]);
  const ops = answer.data ?? null;
  const error = answer.error;
  const updatedAt = answer.dataUpdatedAt ? new Date(answer.dataUpdatedAt) : null;
  const { items: actions, error: actionsError } = useList<ActionSummary>('definitions', '/actions');

  return (
    <>
      <h1>Operations</h1>
      <p className="muted" aria-live="polite">
        The platform's last hour, read from the services' own health checks and metrics.{' '}
        {paused
          ? 'Refreshing is paused while this tab is hidden.'
          : `Refreshes every ${REFRESH_MS / 1000} s${updatedAt ? `; updated at ${updatedAt.toLocaleTimeString()}` : ''}.`}
      </p>
      {error instanceof ApiError && error.status === 403 ? (
        <div className="banner error" role="alert">
          The ops page needs an admin token.
        </div>
      ) : (
        <ErrorBanner error={error} />
      )}
      {ops === null ? (
        error ? null : (
          <p className="muted">Loading…</p>
        )
      ) : (
        <OpsBody ops={ops} actions={actions} actionsError={actionsError} />
      )}
    </>
  );
}

function OpsBody({
  ops,
  actions,
  actionsError,
}: {
  ops: OpsAnswer;
  actions: ActionSummary[] | null;
  actionsError: unknown;
}) {
  const s = ops.summary;
  return (
    <>
      {ops.scope === 'platform' && ops.series ? (
        <PlatformFigures ops={ops} series={ops.series} />
      ) : (
        <section className="card" aria-labelledby="ops-headline">
          <h2 id="ops-headline" style={{ marginTop: 0 }}>
            This workspace, last hour
          </h2>
          <Stat label={`live runs, last hour (${s.failed_runs_last_hour} failed)`} value={count(s.runs_last_hour)} />
          <Stat label="success rate of live runs" value={percent(s.success_rate_last_hour)} />
          <Stat
            label={`test runs, last hour (${s.failed_test_runs_last_hour} failed)`}
            value={count(s.test_runs_last_hour)}
          />
          <p className="hint">
            The platform's figures (services, Kafka and PostgreSQL, events, consumer lag, dead letters) are for its
            operators: a token with the <code>operator</code> scope.
          </p>
        </section>
      )}

      <section aria-labelledby="ops-actions">
        <h2 id="ops-actions">Actions, last hour</h2>
        <ActionsTable figures={ops.actions} actions={actions} error={actionsError} />
      </section>
    </>
  );
}

/** What only an operator sees: the services, Kafka and PostgreSQL, traffic, lag and dead letters of every workspace. */
function PlatformFigures({ ops, series }: { ops: OpsAnswer; series: OpsSeries }) {
  const s = ops.summary;
  const lags = ops.consumer_lag;
  const lagSeries = useMemo(
    () =>
      (lags ?? []).map((lag, i) => ({
        label: `${lag.topic} (${lag.group})`,
        values: lag.series,
        color: COLORS[i % COLORS.length],
      })),
    [lags],
  );
  return (
    <>
      <section className="card" aria-labelledby="ops-health">
        <h2 id="ops-health" style={{ marginTop: 0 }}>
          Service health
        </h2>
        <HealthTable services={ops.services ?? []} />
        <DependencyTable dependencies={ops.dependencies ?? []} />
      </section>

      <section className="card" aria-labelledby="ops-headline">
        <h2 id="ops-headline" style={{ marginTop: 0 }}>
          Now, every workspace
        </h2>
        <p className="muted" style={{ marginTop: 0 }}>
          Rates over the last {s.window_minutes} minutes; runs and dead letters over the last hour. Runs are live runs;
          admins' test runs are counted apart.
        </p>
        <Stat label="events accepted / min" value={rate(s.events_accepted_per_minute)} />
        <Stat label="events refused / min" value={rate(s.events_refused_per_minute)} />
        <Stat label="events failed (5xx) / min" value={rate(s.events_failed_per_minute)} />
        <Stat label="live runs / min" value={rate(s.runs_per_minute)} />
        <Stat label="failed live runs / min" value={rate(s.failed_runs_per_minute)} />
        <Stat
          label={`success rate (${s.runs_last_hour} live runs, last hour)`}
          value={percent(s.success_rate_last_hour)}
        />
        <Stat
          label={`test runs, last hour (${s.failed_test_runs_last_hour} failed)`}
          value={count(s.test_runs_last_hour)}
        />
        <Stat label="runs in flight" value={count(s.runs_in_flight)} />
        <Stat label="consumer lag (records)" value={count(s.consumer_lag_total)} />
        <Stat label="dead letters, last hour" value={count(s.dead_letters_last_hour)} />
        {Object.keys(s.events_refused_by_code_last_hour).length > 0 ? (
          <p className="muted">
            Refused in the last hour by error code:{' '}
            {Object.entries(s.events_refused_by_code_last_hour).map(([code, n]) => (
              <span key={code} className="tag">
                {code} × {n}
              </span>
            ))}
          </p>
        ) : null}
      </section>

      <div className="charts">
        <Chart
          title="Events per minute"
          timestamps={series.timestamps}
          series={[
            { label: 'accepted', values: series.events_accepted, color: COLORS[0] },
            { label: 'refused', values: series.events_refused, color: COLORS[1] },
            { label: 'failed (5xx)', values: series.events_failed, color: COLORS[3] },
          ]}
        />
        <Chart
          title="Runs per minute"
          timestamps={series.timestamps}
          series={[
            { label: 'live runs', values: series.runs, color: COLORS[0] },
            { label: 'failed live runs', values: series.failed_runs, color: COLORS[1] },
            { label: 'test runs', values: series.test_runs, color: COLORS[3] },
          ]}
        />
        {lagSeries.length > 0 ? (
          <Chart title="Consumer lag by topic (records)" timestamps={series.timestamps} series={lagSeries} />
        ) : (
          <div className="card">
            <b>Consumer lag by topic</b>
            <p className="muted">No service reports a consumer lag yet.</p>
          </div>
        )}
      </div>

      <section aria-labelledby="ops-dead-letters">
        <h2 id="ops-dead-letters">Dead letters</h2>
        <DeadLettersTable deadLetters={ops.dead_letters ?? []} />
      </section>
    </>
  );
}

function DependencyTable({ dependencies }: { dependencies: OpsDependency[] }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Kafka and PostgreSQL">
        <thead>
          <tr>
            <th scope="col">Dependency</th>
            <th scope="col">State</th>
            <th scope="col">As the services see it</th>
          </tr>
        </thead>
        <tbody>
          {dependencies.map((d) => (
            <tr key={d.name}>
              <th scope="row">{d.name}</th>
              <td>
                {d.up === null ? (
                  <span className="muted">unknown</span>
                ) : d.up ? (
                  <span className="tag success" style={{ marginLeft: 0 }}>
                    up
                  </span>
                ) : (
                  <span className="tag failure" style={{ marginLeft: 0 }}>
                    down
                  </span>
                )}
              </td>
              <td>
                {d.up === null ? (
                  <span className="muted">No service reported it yet.</span>
                ) : d.up ? (
                  `Reached by ${d.checked_by.join(', ')}.`
                ) : (
                  `Not reached by ${d.down_for.join(', ')}.`
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HealthTable({ services }: { services: OpsService[] }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Service health">
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">State</th>
            <th scope="col">Details</th>
            <th scope="col">Last read</th>
          </tr>
        </thead>
        <tbody>
          {services.map((service) => (
            <tr key={service.name}>
              <th scope="row">{service.name}</th>
              <td>
                {service.ready ? (
                  <span className="tag success" style={{ marginLeft: 0 }}>
                    ready
                  </span>
                ) : (
                  <span className="tag failure" style={{ marginLeft: 0 }}>
                    not ready
                  </span>
                )}
              </td>
              <td>
                {service.down_checks.length > 0 ? (
                  <>
                    Down:{' '}
                    {service.down_checks.map((check) => (
                      <span key={check} className="tag failure">
                        {check}
                      </span>
                    ))}
                  </>
                ) : null}
                {service.error ? <div className="muted">{service.error}</div> : null}
                {service.ready && service.down_checks.length === 0 && !service.error ? (
                  <span className="muted">—</span>
                ) : null}
              </td>
              <td>
                {service.last_scraped_at ? (
                  new Date(service.last_scraped_at).toLocaleTimeString()
                ) : (
                  <span className="muted">never</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat">
      <b>{value}</b>
      <span className="muted">{label}</span>
    </div>
  );
}

function DeadLettersTable({ deadLetters }: { deadLetters: OpsDeadLetters[] }) {
  if (deadLetters.length === 0) {
    return <p className="muted">No record went to a dead-letter topic since the services started.</p>;
  }
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Dead letters by topic">
        <thead>
          <tr>
            <th scope="col">Topic</th>
            <th scope="col">Last hour</th>
            <th scope="col">Since the services started</th>
          </tr>
        </thead>
        <tbody>
          {deadLetters.map((d) => (
            <tr key={d.topic}>
              <td className="mono">{d.topic}</td>
              <td>
                {d.last_hour > 0 ? (
                  <span className="tag failure" style={{ marginLeft: 0 }}>
                    {d.last_hour}
                  </span>
                ) : (
                  0
                )}
              </td>
              <td>{d.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ActionsTable({
  figures,
  actions,
  error,
}: {
  figures: OpsAction[];
  actions: ActionSummary[] | null;
  error: unknown;
}) {
  if (error) {
    return <ErrorBanner error={error} />;
  }
  if (actions === null) {
    return <p className="muted">Loading the workspace's actions…</p>;
  }
  const names = new Map(actions.map((a) => [a.id, a.name]));
  const rows = figures.filter((f) => names.has(f.action_id));
  const idle = actions.length - rows.length;
  return (
    <>
      {rows.length === 0 ? (
        <p className="muted">None of this workspace's actions ran in the last hour.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Runs by action, last hour">
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Runs</th>
                <th scope="col">Runs / min</th>
                <th scope="col">Success rate</th>
                <th scope="col">p50</th>
                <th scope="col">p95</th>
                <th scope="col">Failures by error type</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((f) => (
                <tr key={f.action_id}>
                  <th scope="row">
                    <Link to={`/actions/${f.action_id}`}>{names.get(f.action_id)}</Link>
                  </th>
                  <td>
                    {f.runs}
                    {f.test_runs ? (
                      <span className="muted">
                        {' '}
                        (+{f.test_runs} test, {f.test_failures} failed)
                      </span>
                    ) : null}
                  </td>
                  <td>{rate(f.runs_per_minute)}</td>
                  <td>
                    <span className={`tag ${successClass(f.success_rate)}`} style={{ marginLeft: 0 }}>
                      {percent(f.success_rate)}
                    </span>
                  </td>
                  <td>{duration(f.p50_seconds)}</td>
                  <td>{duration(f.p95_seconds)}</td>
                  <td>
                    {Object.keys(f.failures_by_error_type).length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      Object.entries(f.failures_by_error_type).map(([type, n]) => (
                        <span key={type} className="tag failure" style={{ marginLeft: 0, marginRight: 6 }}>
                          {type} × {n}
                        </span>
                      ))
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {idle > 0 && rows.length > 0 ? (
        <p className="muted">
          {idle} other action{idle === 1 ? '' : 's'} of this workspace did not run in the last hour.
        </p>
      ) : null}
      <p className="hint">
        Runs and the success rate are live runs; test runs are counted apart. Durations are estimated from the run-time
        histogram (linear within a bucket), of live and test runs together.
      </p>
    </>
  );
}

interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
}

/** A uPlot line chart of per-minute values over the hour, in a labelled figure. */
function Chart({ title, timestamps, series }: { title: string; timestamps: number[]; series: ChartSeries[] }) {
  const target = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const data = useMemo<uPlot.AlignedData>(() => [timestamps, ...series.map((s) => s.values)], [timestamps, series]);
  const latest = useRef(data);
  latest.current = data;
  const shape = series.map((s) => `${s.label}\u0000${s.color}`).join('\u0001');

  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt only when the series change shape (new values go through setData)
  useEffect(() => {
    const element = target.current;
    if (!element) {
      return;
    }
    const width = () => Math.max(280, element.clientWidth || 380);
    let chart: uPlot;
    try {
      chart = new uPlot(
        {
          width: width(),
          height: 200,
          scales: { x: { time: true } },
          series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2 }))],
          axes: [{}, { size: 56 }],
        },
        latest.current,
        element,
      );
    } catch {
      // No canvas here (an old browser, a test DOM): the caption still tells the figures.
      return;
    }
    plot.current = chart;
    const observer =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => chart.setSize({ width: width(), height: 200 }));
    observer?.observe(element);
    return () => {
      observer?.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // Rebuilt only when its series change (`series` is read for their labels and colours); new values go through setData.
  }, [shape]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  const caption = series.map((s) => `${s.label} ${rate(lastValue(s.values))}`).join(', ');
  return (
    <figure className="card" aria-label={`${title}, last hour`} style={{ margin: 0 }}>
      <figcaption>
        <b>{title}</b> <span className="muted">(latest minute: {caption})</span>
      </figcaption>
      <div ref={target} aria-hidden="true" />
    </figure>
  );
}

function lastValue(values: (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) {
    if (values[i] !== null && values[i] !== undefined) {
      return values[i];
    }
  }
  return null;
}

function rate(value: number | null | undefined): string {
  if (value === null || value === undefined) {
    return '—';
  }
  return value < 10 && value % 1 !== 0 ? value.toFixed(1) : String(Math.round(value));
}

function count(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : String(Math.round(value));
}

function percent(value: number | null | undefined): string {
  if (value === null || value === undefined) {
    return '—';
  }
  const p = value * 100;
  return `${p === 100 || p === 0 ? p.toFixed(0) : p.toFixed(1)}%`;
}

function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) {
    return '—';
  }
  return seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${seconds.toFixed(2)} s`;
}

function successClass(rate: number | null): string {
  if (rate === null) {
    return '';
  }
  return rate >= 0.99 ? 'success' : rate < 0.9 ? 'failure' : '';
}
