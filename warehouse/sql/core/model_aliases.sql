-- core.model_aliases: every (source, name as published, source key) and the model it resolves to.
-- Filled from Python (warehouse/resolve.py) via the temporary frame `resolved_aliases`.
create or replace table core.model_aliases as
select source, source_model_name, model_key, model_id, method, confidence, evidence
from resolved_aliases;
