"""The history database's schema: its CREATE statements, word for word what
``docs/reference/history-schema.md`` documents (a test checks it), its version (the database's
``PRAGMA user_version``), and how a database of an older version becomes this one (`MIGRATIONS`).

Version 2 counts an institution as on a network by what is proven, as the batch's summary does:
its best account there verified or linked (`CHECK_STANDINGS`), a candidate found by name counted
apart, never as present. Version 1's ``run_summary`` counted every present verdict, a candidate's
too; the tables are the same.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["CHECK_STANDINGS", "MIGRATIONS", "RUN_SUMMARY", "SCHEMA", "SCHEMA_VERSION"]

SCHEMA_VERSION = 2

# how each institution of each run stands on each network, most certain first: verified, linked
# (the best account's confidence, as `quitx.models.account_rank` ranks them: a moved account last),
# candidate (present, and nothing proves the account is the institution's), absent, unknown
CHECK_STANDINGS = """\
CREATE VIEW check_standings AS
SELECT check_id, run_id, platform,
       CASE
           WHEN verdict <> 'present' THEN verdict
           WHEN best IN ('verified', 'linked') THEN best
           ELSE 'candidate'
       END AS standing
FROM (
    SELECT checks.id AS check_id, checks.run_id, networks.platform,
           CASE networks.platform
               WHEN 'mastodon' THEN checks.mastodon_verdict ELSE checks.bluesky_verdict
           END AS verdict,
           (SELECT accounts.confidence FROM accounts
            WHERE accounts.check_id = checks.id AND accounts.platform = networks.platform
            ORDER BY accounts.activity = 'moved',
                     CASE accounts.confidence WHEN 'verified' THEN 0 WHEN 'linked' THEN 1 ELSE 2 END
            LIMIT 1) AS best
    FROM checks
    CROSS JOIN (SELECT 'mastodon' AS platform UNION ALL SELECT 'bluesky') AS networks
);"""

RUN_SUMMARY = """\
CREATE VIEW run_summary AS
SELECT runs.id AS run_id, runs.started_at, runs.source,
       COUNT(checks.id) AS institutions,
       SUM(mastodon.standing IN ('verified', 'linked')) AS on_mastodon,
       SUM(mastodon.standing = 'verified') AS mastodon_verified,
       SUM(mastodon.standing = 'linked') AS mastodon_linked,
       SUM(mastodon.standing = 'candidate') AS mastodon_candidates,
       SUM(bluesky.standing IN ('verified', 'linked')) AS on_bluesky,
       SUM(bluesky.standing = 'verified') AS bluesky_verified,
       SUM(bluesky.standing = 'linked') AS bluesky_linked,
       SUM(bluesky.standing = 'candidate') AS bluesky_candidates,
       SUM(checks.mastodon_verdict = 'unknown' OR checks.bluesky_verdict = 'unknown') AS not_settled,
       SUM(' ' || checks.website_links || ' ' LIKE '% x %') AS website_links_to_x
FROM runs
LEFT JOIN checks ON checks.run_id = runs.id
LEFT JOIN check_standings AS mastodon ON mastodon.check_id = checks.id AND mastodon.platform = 'mastodon'
LEFT JOIN check_standings AS bluesky ON bluesky.check_id = checks.id AND bluesky.platform = 'bluesky'
GROUP BY runs.id;"""

SCHEMA = """\
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    source TEXT NOT NULL,
    label TEXT,
    quitx_version TEXT NOT NULL
);

CREATE TABLE institutions (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    domain TEXT,
    wikidata_id TEXT
);

CREATE TABLE checks (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    checked_at TEXT NOT NULL,
    homepage TEXT,
    website_verdict TEXT CHECK (website_verdict IN ('present', 'absent', 'unknown')),
    website_links TEXT NOT NULL DEFAULT '',
    mastodon_verdict TEXT NOT NULL CHECK (mastodon_verdict IN ('present', 'absent', 'unknown')),
    bluesky_verdict TEXT NOT NULL CHECK (bluesky_verdict IN ('present', 'absent', 'unknown')),
    UNIQUE (run_id, institution_id)
);

CREATE TABLE verdicts (
    id INTEGER PRIMARY KEY,
    check_id INTEGER NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
    platform TEXT NOT NULL CHECK (platform IN ('website', 'mastodon', 'bluesky')),
    instance TEXT,
    verdict TEXT NOT NULL CHECK (verdict IN ('present', 'absent', 'unknown')),
    detail TEXT NOT NULL,
    best_confidence TEXT CHECK (best_confidence IN ('verified', 'linked', 'candidate'))
);

CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    verdict_id INTEGER NOT NULL REFERENCES verdicts(id) ON DELETE CASCADE,
    ref TEXT NOT NULL,
    found_by TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('present', 'absent', 'unknown')),
    reason TEXT NOT NULL,
    detail TEXT NOT NULL
);

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    check_id INTEGER NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
    platform TEXT NOT NULL CHECK (platform IN ('mastodon', 'bluesky')),
    account_key TEXT NOT NULL,
    handle TEXT NOT NULL,
    url TEXT,
    instance TEXT,
    confidence TEXT NOT NULL CHECK (confidence IN ('verified', 'linked', 'candidate')),
    activity TEXT NOT NULL,
    last_post TEXT,
    moved_to TEXT,
    found_by TEXT NOT NULL,
    display_name TEXT,
    followers INTEGER,
    posts INTEGER,
    UNIQUE (check_id, account_key)
);

CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    verdict_id INTEGER REFERENCES verdicts(id) ON DELETE CASCADE,
    account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    request TEXT NOT NULL,
    status INTEGER,
    outcome TEXT NOT NULL,
    elapsed_ms INTEGER,
    CHECK ((verdict_id IS NULL) <> (account_id IS NULL))
);

CREATE TABLE links (
    id INTEGER PRIMARY KEY,
    check_id INTEGER NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
    platform TEXT NOT NULL,
    url TEXT NOT NULL,
    rel_me INTEGER NOT NULL CHECK (rel_me IN (0, 1)),
    handle TEXT
);

CREATE TABLE instances (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    host TEXT NOT NULL,
    reachable TEXT NOT NULL CHECK (reachable IN ('present', 'absent', 'unknown')),
    registrations TEXT CHECK (registrations IN ('open', 'approval', 'closed')),
    software TEXT,
    version TEXT,
    users INTEGER,
    UNIQUE (run_id, host)
);

CREATE TABLE wikidata (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    qid TEXT NOT NULL,
    label_fr TEXT,
    label_en TEXT,
    websites TEXT NOT NULL,
    x_usernames TEXT NOT NULL,
    mastodon TEXT NOT NULL,
    bluesky TEXT NOT NULL,
    UNIQUE (run_id, qid)
);

CREATE INDEX checks_institution ON checks (institution_id);
CREATE INDEX verdicts_check ON verdicts (check_id);
CREATE INDEX attempts_verdict ON attempts (verdict_id);
CREATE INDEX accounts_check ON accounts (check_id);
CREATE INDEX accounts_key ON accounts (account_key);
CREATE INDEX evidence_verdict ON evidence (verdict_id);
CREATE INDEX evidence_account ON evidence (account_id);
CREATE INDEX links_check ON links (check_id);
CREATE INDEX wikidata_institution ON wikidata (institution_id);

CREATE VIEW run_checks AS
SELECT runs.id AS run_id, runs.started_at, institutions.name, institutions.domain,
       institutions.wikidata_id, checks.website_verdict, checks.website_links,
       checks.mastodon_verdict, checks.bluesky_verdict, checks.id AS check_id
FROM checks
JOIN runs ON runs.id = checks.run_id
JOIN institutions ON institutions.id = checks.institution_id;

CREATE VIEW official_accounts AS
SELECT runs.id AS run_id, runs.started_at, institutions.name, institutions.domain,
       accounts.platform, accounts.handle, accounts.url, accounts.confidence,
       accounts.activity, accounts.last_post, accounts.followers, accounts.id AS account_id
FROM accounts
JOIN checks ON checks.id = accounts.check_id
JOIN runs ON runs.id = checks.run_id
JOIN institutions ON institutions.id = checks.institution_id
WHERE accounts.confidence IN ('verified', 'linked');

CREATE VIEW latest_checks AS
SELECT * FROM run_checks
WHERE run_id = (SELECT id FROM runs ORDER BY started_at DESC, id DESC LIMIT 1);

"""
SCHEMA += f"{CHECK_STANDINGS}\n\n{RUN_SUMMARY}\n"

# the statements that bring a database of each older version to the next one (run in one
# transaction when quitx opens it, with the new PRAGMA user_version)
MIGRATIONS: Mapping[int, str] = {
    # the views only (the tables are the same); written to be run twice (two quitx opening the
    # same old file at once) with the same result
    1: "DROP VIEW IF EXISTS run_summary;\nDROP VIEW IF EXISTS check_standings;\n\n"
    f"{CHECK_STANDINGS}\n\n{RUN_SUMMARY}\n",
}
