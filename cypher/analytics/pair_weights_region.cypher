// name: analytics_pair_weights_region
// description: Origin x destination weights of one slice at region level, per measure and dataset: a country counts in every region it is PART_OF, a place stated as a region (or in none) stays itself; movements inside one region are left out. Edges with pairs <= 1 only; cited counts the rows that name a stated flow.
// param: era STRING Era id such as stage2; empty for any era (default: )
// param: year_from INT First year of the slice (default: -100000)
// param: year_to INT Last year of the slice (default: 100000)
// param: eras LIST Eras that lie within the slice: their undated flows count (default: [])
// param: undated BOOL Keep flows that have neither years nor an era (all time) (default: true)
// param: sex STRING Imported rows of this sex only: total, male or female (default: total)
// param: datasets LIST Source ids whose rows count ('seed' for the article's facts) (default: [])
// param: any_dataset BOOL Count rows of every source, ignoring datasets (default: true)
// param: dated_regions LIST Regions whose membership is dated (the article's cis): a member's PART_OF link to one is followed only when it is in dated_members (default: [])
// param: dated_members LIST Countries that belong to the dated regions throughout the slice (default: [])
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
  AND coalesce(r.pairs, 1) <= 1
OPTIONAL MATCH (o)-[:PART_OF]->(ro:Region) WHERE o.kind = 'Country'
  AND NOT (ro.id IN $dated_regions AND NOT o.id IN $dated_members)
WITH r, d, coalesce(ro.id, o.id) AS source
OPTIONAL MATCH (d)-[:PART_OF]->(rd:Region) WHERE d.kind = 'Country'
  AND NOT (rd.id IN $dated_regions AND NOT d.id IN $dated_members)
WITH r, source, coalesce(rd.id, d.id) AS target
WHERE source <> target
RETURN r.measure AS measure, r.dataset AS dataset, source, target,
       sum(coalesce(r.low, r.value, 0.0)) AS low,
       sum(coalesce(r.high, r.value, 0.0)) AS high,
       count(coalesce(r.high, r.value)) AS bounded_rows,
       count(*) AS rows,
       count(coalesce(r.low, r.high, r.value)) AS with_volume,
       count(r.flow) AS cited
