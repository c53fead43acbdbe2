-- core.regimes: methodology regimes (source, benchmark, regime, valid_from, valid_to, note), from
-- warehouse/overrides/regimes.csv. A benchmark_id ending in '*' covers every id with that prefix.
create or replace table core.regimes as
select source, benchmark_id, regime, try_cast(valid_from as date) as valid_from,
       try_cast(nullif(valid_to, '') as date) as valid_to, note
from std.override_regimes
order by benchmark_id, valid_from;
