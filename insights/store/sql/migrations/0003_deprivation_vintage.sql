-- 0003: deprivation vintages side by side (insights.reference.vintage, issue 17).
-- How each reference postcode was placed in its LSOA, each narrative's area as stored at import
-- (so switching IMD 2019 <-> IMD 2025 re-derives area fields without the full postcode), and both
-- vintages' LSOAs with the 2011 -> 2021 crosswalk for the view of Core20 changes.
-- Deprivation vintage (insights.reference.vintage). How each reference postcode was placed in its LSOA
-- (official / unchanged / split_pip / split_nearest / bestfit; null = official 2011 lookup).
alter table postcodes add column if not exists lsoa_method varchar;

-- Each narrative's area as stored at import (the full postcode is not kept), and how its current
-- area fields were derived from it when the vintage was switched (set-vintage). A 2011 LSOA that was
-- split in 2021 cannot be placed in one child without a point: area_approximated says so, with why.
create table if not exists narrative_area (
    narrative_id       varchar primary key,
    source_vintage     varchar not null,       -- LSOA year of source_lsoa_code: '2011' or '2021'
    source_lsoa_code   varchar,                -- LSOA code resolved at import
    derived_lsoa_code  varchar,                -- LSOA code now in narratives.lsoa_code
    area_approximated  boolean not null default false,
    area_note          varchar                 -- why approximated (null when exact)
);

-- Both vintages side by side (insights.reference.vintage.load_comparison), whichever one the database uses:
-- each vintage's LSOAs with IMD decile and Core20, and the area's 2011 -> 2021 LSOA pairs (one row per
-- 2021 child). For the view of neighbourhoods whose Core20 status differs between IMD 2019 and 2025.
create table if not exists lsoa_vintages (
    vintage         varchar not null,          -- imd2019 / imd2025
    lsoa_code       varchar not null,
    lsoa_name       varchar not null,
    locality        varchar not null,
    imd_decile      tinyint,
    core20          boolean,
    live_postcodes  integer not null default 0,
    primary key (vintage, lsoa_code)
);

create table if not exists lsoa_crosswalk (
    lsoa11_code  varchar not null,
    lsoa21_code  varchar not null,             -- one of the 2021 LSOAs the 2011 one became
    change       varchar not null,             -- unchanged / merged / split / changed
    best_fit     boolean not null,             -- the ONS best-fit 2021 LSOA of the 2011 one
    primary key (lsoa11_code, lsoa21_code)
);
