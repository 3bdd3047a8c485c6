-- Background jobs (certificate expiry notices, the 財形 retention purge) run once across
-- instances: an instance runs a job only while it holds the job's lease and only when the job is
-- due (its last run is at least one period ago). Taking the lease is one INSERT … ON CONFLICT DO
-- UPDATE … WHERE (cjs_store::jobs::acquire); a holder that dies leaves a lease that runs out.
CREATE TABLE job_leases (
    job TEXT PRIMARY KEY NOT NULL,
    -- The instance (server.instance_id) that holds or last held the lease.
    holder TEXT NOT NULL,
    -- Held until then; renewed while the job runs, set to the finishing time when it ends.
    expires_at TIMESTAMP NOT NULL,
    -- When the last completed run started, by whom, and how many runs completed.
    last_run_at TIMESTAMP,
    last_holder TEXT,
    runs BIGINT NOT NULL DEFAULT 0 CHECK (runs >= 0)
);
