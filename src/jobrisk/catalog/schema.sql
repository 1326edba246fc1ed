-- jobrisk reference catalog, schema version 2 (2 added the observed_* tables).
-- Missing values are NULL, never 0. Codes: onet_soc_code 'XX-XXXX.XX', soc_code 'XX-XXXX' (SOC 2018).

CREATE TABLE build_manifest (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL            -- JSON
);

CREATE TABLE source_files (
    source_id      TEXT NOT NULL,
    file           TEXT NOT NULL,
    version        TEXT NOT NULL,
    release        TEXT,           -- e.g. O*NET release a file comes from ('29.3', '30.0', '28.2')
    sha256         TEXT NOT NULL,  -- of the file actually used
    checksum_status TEXT NOT NULL, -- registry status: 'official' | 'mirror-subset' | 'converted' | 'official-unknown';
                                   -- 'unverified' when the file's sha256 is not the registry's (build --no-verify)
    PRIMARY KEY (source_id, file)
);

CREATE TABLE major_groups (
    major_group TEXT PRIMARY KEY,  -- '15'
    title       TEXT NOT NULL
);

CREATE TABLE occupations (
    onet_soc_code TEXT PRIMARY KEY,
    title         TEXT NOT NULL,
    description   TEXT NOT NULL,
    soc_code      TEXT NOT NULL,   -- SOC 2018 detailed code this O*NET code belongs to
    major_group   TEXT NOT NULL,
    job_zone      INTEGER,         -- 1..5, NULL when O*NET has none
    task_count    INTEGER NOT NULL,
    bls_soc_code  TEXT             -- code of its BLS wage/projection rows: soc_code when BLS publishes it,
                                   -- else BLS's aggregate (e.g. '31-1120' for Home Health Aides); NULL if none
);

CREATE TABLE tasks (
    task_id        INTEGER PRIMARY KEY,
    onet_soc_code  TEXT NOT NULL REFERENCES occupations(onet_soc_code),
    task           TEXT NOT NULL,
    task_type      TEXT,           -- 'Core' | 'Supplemental' | NULL (not rated)
    type_weight    REAL NOT NULL,  -- default time weight from task type (Core 2, Supplemental 1, unrated 1.5)
    incumbents_responding REAL,
    date           TEXT,
    domain_source  TEXT
);
CREATE INDEX tasks_occ ON tasks(onet_soc_code);

CREATE TABLE titles (
    title_id       INTEGER PRIMARY KEY,
    onet_soc_code  TEXT NOT NULL REFERENCES occupations(onet_soc_code),
    title          TEXT NOT NULL,
    kind           TEXT NOT NULL,  -- 'occupation' | 'alternate' | 'short' | 'reported'
    source         TEXT NOT NULL   -- O*NET file and source codes, e.g. 'Alternate Titles (08)'
);
CREATE INDEX titles_occ ON titles(onet_soc_code);

CREATE TABLE iwas (
    iwa_id      TEXT PRIMARY KEY,
    iwa_title   TEXT NOT NULL,
    element_id  TEXT NOT NULL      -- the generalized work activity it belongs to
);

CREATE TABLE dwas (
    dwa_id      TEXT PRIMARY KEY,
    dwa_title   TEXT NOT NULL,
    iwa_id      TEXT NOT NULL REFERENCES iwas(iwa_id),
    element_id  TEXT NOT NULL
);

CREATE TABLE task_dwas (
    task_id        INTEGER NOT NULL,
    onet_soc_code  TEXT NOT NULL,
    dwa_id         TEXT NOT NULL,
    PRIMARY KEY (task_id, dwa_id)
);
CREATE INDEX task_dwas_dwa ON task_dwas(dwa_id);
CREATE INDEX task_dwas_occ ON task_dwas(onet_soc_code);

CREATE TABLE elements (
    element_id   TEXT PRIMARY KEY,
    element_name TEXT NOT NULL,
    domain       TEXT NOT NULL,    -- 'skills' | 'knowledge' | 'abilities' | 'work_activities' | 'work_context' | 'work_styles'
    description  TEXT
);

-- One row per occupation x element: importance (IM, 1-5), level (LV, 0-7), context (CX 1-5 / CT 1-3).
CREATE TABLE occupation_elements (
    onet_soc_code TEXT NOT NULL,
    element_id    TEXT NOT NULL,
    domain        TEXT NOT NULL,
    importance    REAL,
    level         REAL,
    context       REAL,
    not_relevant  INTEGER,         -- 1 when O*NET flags the level as not relevant
    onet_release  TEXT NOT NULL,   -- release of the file the row came from
    PRIMARY KEY (onet_soc_code, element_id)
);
CREATE INDEX occ_elements_domain ON occupation_elements(domain, element_id);

CREATE TABLE technology (
    onet_soc_code   TEXT NOT NULL,
    kind            TEXT NOT NULL, -- 'technology' | 'tool'
    example         TEXT NOT NULL,
    commodity_code  TEXT NOT NULL,
    commodity_title TEXT NOT NULL,
    hot             INTEGER,       -- technology only; NULL for tools
    in_demand       INTEGER
);
CREATE INDEX technology_occ ON technology(onet_soc_code);

CREATE TABLE related_occupations (
    onet_soc_code  TEXT NOT NULL,
    related_code   TEXT NOT NULL,
    related_title  TEXT,           -- as O*NET prints it (kept so lists work without the related row)
    tier           TEXT NOT NULL,
    rank           INTEGER NOT NULL,
    PRIMARY KEY (onet_soc_code, related_code)
);

-- OEWS May 2025 national, cross-industry. NULL where BLS publishes no value.
CREATE TABLE wages (
    soc_code            TEXT PRIMARY KEY,
    title               TEXT NOT NULL,
    o_group             TEXT NOT NULL,  -- total | major | minor | broad | detailed
    employment          INTEGER,
    employment_rse_pct  REAL,
    hourly_mean_usd     REAL,
    annual_mean_usd     REAL,
    hourly_median_usd   REAL,
    annual_median_usd   REAL,
    annual_p10_usd      REAL,
    annual_p25_usd      REAL,
    annual_p75_usd      REAL,
    annual_p90_usd      REAL,
    wage_note           TEXT            -- why a wage is missing (BLS footnote), NULL otherwise
);

-- BLS Employment Projections 2024-2034 (Table 1.2), employment in thousands.
CREATE TABLE projections (
    soc_code                     TEXT PRIMARY KEY,
    title                        TEXT NOT NULL,
    occupation_type              TEXT NOT NULL,   -- 'Line item' | 'Summary'
    employment_2024_thousands    REAL,
    employment_2034_thousands    REAL,
    change_thousands             REAL,
    change_pct                   REAL,
    self_employed_pct            REAL,
    openings_per_year_thousands  REAL,
    median_wage_2024_usd         REAL,
    median_wage_note             TEXT,            -- e.g. top-coded (BLS prints '>=$239,200')
    education                    TEXT,
    work_experience              TEXT,
    training                     TEXT
);

-- GPTs-are-GPTs task labels (Eloundou et al.); only labelled tasks have rows.
CREATE TABLE task_labels (
    task_id            INTEGER PRIMARY KEY,
    onet_soc_code      TEXT NOT NULL,
    task               TEXT NOT NULL,
    human_exposure     TEXT,         -- 'E0' | 'E1' | 'E2'
    gpt4_exposure      TEXT,
    gpt4_exposure_alt  TEXT,         -- alternative rubric
    gpt4_automation    TEXT,         -- 'T0'..'T4' (full_labelset run)
    gpt4_automation_alt TEXT,        -- 'T0'..'T4' (automation_gpt4_human_labels run)
    human_automation   TEXT,         -- 'T0'..'T4' for ~100 tasks
    in_onet            INTEGER NOT NULL  -- 1 when the task id exists in the O*NET release used
);
CREATE INDEX task_labels_occ ON task_labels(onet_soc_code);

-- Published occupation-level measures, crosswalked to O*NET-SOC 2019 codes.
CREATE TABLE published_measures (
    onet_soc_code   TEXT NOT NULL,
    measure         TEXT NOT NULL,   -- e.g. 'gpts_human_beta', 'gpts_gpt4_beta', 'aioe', 'lm_aioe', 'ig_aioe', 'frey_osborne'
    value           REAL NOT NULL,
    percentile      REAL,            -- 0-100 among O*NET occupations that have the measure
    vintage         TEXT NOT NULL,
    source_code     TEXT NOT NULL,   -- code in the measure's own classification (e.g. SOC 2010)
    mapping_status  TEXT NOT NULL,   -- 'direct' | 'one-to-one' | 'split' | 'merged' | 'aggregate'
    PRIMARY KEY (onet_soc_code, measure)
);

-- Task exposure records (written by the task model step): one per O*NET task.
CREATE TABLE task_exposure (
    task_id        INTEGER PRIMARY KEY,
    onet_soc_code  TEXT NOT NULL,
    provenance     TEXT NOT NULL,    -- 'human' | 'gpt4' | 'model'
    p_e0           REAL NOT NULL,
    p_e1           REAL NOT NULL,
    p_e2           REAL NOT NULL,
    exposure       REAL NOT NULL,    -- P(E1) + 0.5 P(E2)
    automation     REAL NOT NULL,    -- expected T-level / 4
    confidence     REAL NOT NULL,
    model_version  TEXT,
    -- the model's own out-of-fold prediction (cross-fitted by occupation: never saw this task's label)
    model_p_e0       REAL,
    model_p_e1       REAL,
    model_p_e2       REAL,
    model_exposure   REAL,
    model_automation REAL,
    model_confidence REAL
);
CREATE INDEX task_exposure_occ ON task_exposure(onet_soc_code);

-- Observed AI use (Anthropic Economic Index), one set of rows per release. A task without a row
-- was not observed in that release (or fell under the index's privacy thresholds): not zero use.
CREATE TABLE observed_use_releases (
    release                  TEXT PRIMARY KEY,  -- '2025-02-10', '2025-03-27'
    usage_file               TEXT NOT NULL,
    data_period              TEXT NOT NULL,     -- when the classified conversations took place
    task_texts               INTEGER NOT NULL,  -- task texts in the usage file
    joined_texts             INTEGER NOT NULL,  -- of them, joined to at least one catalog task
    joined_usage_pct         REAL NOT NULL,     -- their share of the release's classified conversations
    joined_tasks             INTEGER NOT NULL,  -- catalog tasks marked observed
    joined_by_text           INTEGER NOT NULL,  -- of them, whose O*NET 29.3 text equals the index's text
    texts_with_modes         INTEGER,           -- texts with per-task modes and filtered < 0.5; NULL: none published
    automation_share_overall REAL               -- (directive + feedback loop) / the five modes over all conversations
                                                -- (as published), or usage-weighted over the texts with modes
);

-- Per release and task text (stripped, lower-cased, as the index writes it).
CREATE TABLE observed_task_use (
    release          TEXT NOT NULL,
    task_key         TEXT NOT NULL,
    usage_share_pct  REAL NOT NULL,  -- percent of the release's classified conversations mapped to this text
    directive        REAL,           -- the five modes renormalised to sum to 1; NULL when the release
    feedback_loop    REAL,           -- publishes no per-task modes or when filtered >= 0.5
    task_iteration   REAL,
    validation       REAL,
    learning         REAL,
    filtered         REAL,           -- as published: share too small to classify (NULL: not published)
    automation_share REAL,           -- directive + feedback_loop (renormalised); NULL as above
    onet_tasks       INTEGER NOT NULL, -- catalog tasks this text joined to (0 = not joined)
    PRIMARY KEY (release, task_key)
);

-- Which catalog task each observed text stands for (one text can be several occupations' task).
CREATE TABLE observed_task_links (
    release        TEXT NOT NULL,
    task_id        INTEGER NOT NULL,
    onet_soc_code  TEXT NOT NULL,
    task_key       TEXT NOT NULL,
    join_method    TEXT NOT NULL,   -- 'text' (O*NET 29.3 text equals it) | 'task_id' (through the index's statements file)
    PRIMARY KEY (release, task_id)
);
CREATE INDEX observed_task_links_occ ON observed_task_links(release, onet_soc_code);
CREATE INDEX observed_task_links_key ON observed_task_links(release, task_key);

-- Per release and occupation with tasks.
CREATE TABLE observed_occupation_use (
    release                   TEXT NOT NULL,
    onet_soc_code             TEXT NOT NULL,
    tasks                     INTEGER NOT NULL,
    tasks_observed            INTEGER NOT NULL,
    observed_time_share       REAL NOT NULL,  -- share of the occupation's task time (type weights) observed, 0-1
    observed_time_share_percentile REAL NOT NULL, -- 0-100 among occupations with tasks
    usage_share_pct           REAL NOT NULL,  -- sum of the usage shares of its distinct observed texts
    tasks_with_modes          INTEGER NOT NULL,
    automation_share          REAL,           -- usage-weighted automation share over observed tasks with modes
    automation_share_percentile REAL,         -- 0-100 among occupations that have an automation share
    PRIMARY KEY (release, onet_soc_code)
);

-- The adoption estimate (written by the adoption model step): one row per O*NET task.
CREATE TABLE task_adoption (
    task_id         INTEGER PRIMARY KEY,
    onet_soc_code   TEXT NOT NULL,
    release         TEXT NOT NULL,     -- observed-use release the model was fit on
    observed        INTEGER NOT NULL,  -- 1 when the task is observed in that release
    p_adoption_model REAL NOT NULL,    -- the model's P(task appears in observed AI use)
    model_version   TEXT NOT NULL
);
CREATE INDEX task_adoption_occ ON task_adoption(onet_soc_code);
