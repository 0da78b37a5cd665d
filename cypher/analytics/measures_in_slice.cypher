// name: analytics_measures_in_slice
// description: How many MIGRATED_TO edges of each measure and source (dataset id, or 'seed' for the article's facts) a time slice holds, and how many state a volume; picks the source and measure of an answer.
// param: era STRING Era id such as stage2; empty for any era (default: )
// param: year_from INT First year of the slice (default: -100000)
// param: year_to INT Last year of the slice (default: 100000)
// param: eras LIST Eras that lie within the slice: their undated flows count (default: [])
// param: undated BOOL Keep flows that have neither years nor an era (all time) (default: true)
// param: sex STRING Imported rows of this sex only: total, male or female (default: total)
// param: datasets LIST Source ids whose rows count ('seed' for the article's facts) (default: [])
// param: any_dataset BOOL Count rows of every source, ignoring datasets (default: true)
MATCH (o)-[r:MIGRATED_TO]->(d)
WHERE r.measure IS NOT NULL
  AND coalesce(r.sex, 'total') = $sex
  AND ($any_dataset OR coalesce(r.dataset, 'seed') IN $datasets)
  AND ($era = '' OR r.era = $era)
  AND CASE WHEN r.year IS NOT NULL THEN r.year >= $year_from AND r.year <= $year_to
           WHEN r.year_start IS NOT NULL
             THEN r.year_start >= $year_from AND coalesce(r.year_end, 100000) <= $year_to
           ELSE $undated OR r.era IN $eras END
  AND o.id <> d.id
  AND (coalesce(r.high, r.value) IS NULL OR coalesce(r.high, r.value) > 0)
RETURN r.measure AS measure, coalesce(r.dataset, 'seed') AS source, count(*) AS edges,
       count(coalesce(r.low, r.high, r.value)) AS with_volume
ORDER BY measure, source
