-- Macros shared by the std adapters. Loaded first, into the temp schema of each build.
create or replace macro lmarena_access(license) as
    case when license is null then null
         when lower(trim(license)) = 'proprietary' then 'api'
         else 'open' end;

-- a Hub model repo id from a URL; Spaces, datasets and site pages are not model repos
create or replace macro hf_repo_from_url(url) as (
    with m as (
        select nullif(regexp_extract(url, '^https?://(?:www\.)?huggingface\.co/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)', 1), '') as id
    )
    select case when split_part(id, '/', 1) in ('spaces', 'datasets', 'docs', 'papers', 'collections',
        'blog', 'models', 'organizations', 'api', 'settings', 'posts', 'tasks', 'learn', 'chat', 'join',
        'login', 'pricing', 'new') then null else id end
    from m
);
