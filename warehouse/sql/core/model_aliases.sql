-- core.model_aliases: every (source, name as published, source key) and the model it resolves to.
-- Filled from Python (warehouse/resolve.py, with the curated rows in data/registry/aliases.csv) via
-- the temporary frame `resolved_aliases`. model_id is null when the name is unmatched (method
-- 'unmatched'): its scores stay out of core.scores and `opengap models unmatched` lists it.
-- setting: a run setting split off the published name ('high', 'thinking', 'bf16'), added to the
-- score's setting in core.scores.
create or replace table core.model_aliases as
select source, source_model_name, model_key, model_id, method, confidence, evidence,
       coalesce(setting, '') as setting
from resolved_aliases;
