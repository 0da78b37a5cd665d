// name: analytics_measures_in_slice
// description: How many MIGRATED_TO edges of each measure a time slice holds, and how many state a volume; picks the measure when the user names none.
// param: era STRING Era id such as stage2; empty for any era (default: )
// param: year_from INT First year of the slice (default: -100000)
// param: year_to INT Last year of the slice (default: 100000)
// param: eras LIST Eras whose undated flows fall in the slice (default: [])
// param: undated BOOL Keep flows that have neither years nor an era in eras (default: true)
// param: sex STRING Imported rows of this sex only: total, male or female (default: total)
// param: dataset STRING Only rows of this dataset id; empty for all (default: )
MATCH ()-[r:MIGRATED_TO]->()
WHERE r.measure IS NOT NULL
  AND coalesce(r.sex, 'total') = $sex
  AND ($dataset = '' OR r.dataset = $dataset)
  AND ($era = '' OR r.era = $era)
  AND CASE WHEN r.year IS NOT NULL THEN r.year >= $year_from AND r.year <= $year_to
           WHEN r.year_start IS NOT NULL
             THEN r.year_start <= $year_to AND coalesce(r.year_end, $year_to) >= $year_from
           ELSE $undated OR r.era IN $eras END
RETURN r.measure AS measure, count(*) AS edges,
       count(coalesce(r.low, r.high, r.value)) AS with_volume
ORDER BY measure
