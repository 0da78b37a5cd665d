// name: analytics_pair_weights_by_year
// description: Origin x destination weights per year, source and measure in one scan, for yearly timelines: imported rows by their year, stated flows only when their whole span is one year of the range; volumes shared by several pairs (pairs > 1) are not yearly and are left out.
// param: year_from INT First year (default: -100000)
// param: year_to INT Last year (default: 100000)
// param: sex STRING Imported rows of this sex only: total, male or female (default: total)
// param: datasets LIST Source ids whose rows count ('seed' for the article's facts) (default: [])
// param: any_dataset BOOL Count rows of every source, ignoring datasets (default: true)
MATCH (o)-[r:MIGRATED_TO]->(d)
WITH o, r, d, coalesce(r.year, CASE WHEN r.year_start = r.year_end THEN r.year_start END) AS year
WHERE r.measure IS NOT NULL AND year IS NOT NULL
  AND year >= $year_from AND year <= $year_to
  AND coalesce(r.sex, 'total') = $sex
  AND ($any_dataset OR coalesce(r.dataset, 'seed') IN $datasets)
  AND coalesce(r.pairs, 1) <= 1
  AND o.id <> d.id
  AND (coalesce(r.high, r.value) IS NULL OR coalesce(r.high, r.value) > 0)
RETURN year, r.measure AS measure, r.dataset AS dataset, o.id AS source, d.id AS target,
       sum(coalesce(r.low, r.value, 0.0)) AS low,
       sum(coalesce(r.high, r.value, 0.0)) AS high,
       count(coalesce(r.high, r.value)) AS bounded_rows,
       count(*) AS rows,
       count(coalesce(r.low, r.high, r.value)) AS with_volume
