-- staging.livebench_categories: one row per task column per category in one LiveBench release's categories file.
create table if not exists staging.livebench_categories (
    category         varchar not null, -- as published ('Data Analysis', 'IF')
    category_slug    varchar not null, -- benchmark slug ('data_analysis', 'instruction_following')
    position         integer not null, -- order within the category's list
    task             varchar not null, -- task column of the same release's table
    source_url       varchar not null,
    fetched_at       timestamp not null,
    sha256           varchar not null,
    fetch_id         varchar not null,
    snapshot_date    date
);
