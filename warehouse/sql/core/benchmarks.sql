-- core.benchmarks: one row per benchmark_id (the first declaring source wins on descriptive fields).
create or replace table core.benchmarks as
select * exclude (rn)
from (
    select *, row_number() over (partition by benchmark_id order by source) as rn
    from std.benchmarks
)
where rn = 1;
