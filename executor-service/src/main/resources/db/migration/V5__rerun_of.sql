-- A re-run names the run it re-ran (detail.about.rerun_of); the original's page lists its re-runs.
CREATE INDEX run_rerun_of ON run ((detail -> 'about' ->> 'rerun_of')) WHERE detail -> 'about' ? 'rerun_of';
