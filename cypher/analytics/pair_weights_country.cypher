// name: analytics_pair_weights_country
// description: Origin x destination weights of one slice at country level (places as stated), summed inside the database per measure and dataset over edges whose volume belongs to one pair alone (pairs <= 1); one measure is then chosen, never summed with another. Shared volumes come from analytics_shared_flows. Rows with a year and rows without are two halves (LadybugDB filters the yearly bulk on the plain range first: half the time of one CASE on every row); a pair may appear in both, and the caller adds its rows up. cited counts the rows that name a stated flow.
// param: era STRING Era id such as stage2; empty for any era (default: )
// param: year_from INT First year of the slice (default: -100000)
// param: year_to INT Last year of the slice (default: 100000)
// param: eras LIST Eras that lie within the slice: their undated flows count (default: [])
// param: undated BOOL Keep flows that have neither years nor an era (all time) (default: true)
// param: sex STRING Imported rows of this sex only: total, male or female (default: total)
// param: datasets LIST Source ids whose rows count ('seed' for the article's facts) (default: [])
// param: any_dataset BOOL Count rows of every source, ignoring datasets (default: true)
MATCH (o)-[r:MIGRATED_TO]->(d)
WHERE r.year >= $year_from AND r.year <= $year_to
  AND r.measure IS NOT NULL
  AND coalesce(r.sex, 'total') = $sex
  AND ($any_dataset OR coalesce(r.dataset, 'seed') IN $datasets)
  AND ($era = '' OR r.era = $era)
  AND o.id <> d.id
  AND (coalesce(r.high, r.value) IS NULL OR coalesce(r.high, r.value) > 0)
  AND coalesce(r.pairs, 1) <= 1
RETURN r.measure AS measure, r.dataset AS dataset, o.id AS source, d.id AS target,
       sum(coalesce(r.low, r.value, 0.0)) AS low,
       sum(coalesce(r.high, r.value, 0.0)) AS high,
       count(coalesce(r.high, r.value)) AS bounded_rows,
       count(*) AS rows,
       count(coalesce(r.low, r.high, r.value)) AS with_volume,
       count(r.flow) AS cited
UNION ALL
MATCH (o)-[r:MIGRATED_TO]->(d)
WHERE r.year IS NULL
  AND r.measure IS NOT NULL
  AND coalesce(r.sex, 'total') = $sex
  AND ($any_dataset OR coalesce(r.dataset, 'seed') IN $datasets)
  AND ($era = '' OR r.era = $era)
  AND o.id <> d.id
  AND (coalesce(r.high, r.value) IS NULL OR coalesce(r.high, r.value) > 0)
  AND coalesce(r.pairs, 1) <= 1
  AND CASE WHEN r.year_start IS NOT NULL
             THEN r.year_start >= $year_from AND coalesce(r.year_end, 100000) <= $year_to
           ELSE $undated OR r.era IN $eras END
RETURN r.measure AS measure, r.dataset AS dataset, o.id AS source, d.id AS target,
       sum(coalesce(r.low, r.value, 0.0)) AS low,
       sum(coalesce(r.high, r.value, 0.0)) AS high,
       count(coalesce(r.high, r.value)) AS bounded_rows,
       count(*) AS rows,
       count(coalesce(r.low, r.high, r.value)) AS with_volume,
       count(r.flow) AS cited
