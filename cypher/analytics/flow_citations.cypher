// name: analytics_flow_citations
// description: The ids of the stated flows behind each corridor of one slice and measure (edges that name a flow; imported rows cite their dataset instead).
// param: measure STRING flow, stock, event or qualitative (default: flow)
// param: era STRING Era id such as stage2; empty for any era (default: )
// param: year_from INT First year of the slice (default: -100000)
// param: year_to INT Last year of the slice (default: 100000)
// param: eras LIST Eras whose undated flows fall in the slice (default: [])
// param: undated BOOL Keep flows that have neither years nor an era in eras (default: true)
// param: sex STRING Imported rows of this sex only: total, male or female (default: total)
// param: dataset STRING Only rows of this dataset id; empty for all (default: )
// param: level STRING country or region (default: country)
MATCH (o)-[r:MIGRATED_TO]->(d)
WHERE r.flow IS NOT NULL AND r.measure = $measure
  AND coalesce(r.sex, 'total') = $sex
  AND ($dataset = '' OR r.dataset = $dataset)
  AND ($era = '' OR r.era = $era)
  AND CASE WHEN r.year IS NOT NULL THEN r.year >= $year_from AND r.year <= $year_to
           WHEN r.year_start IS NOT NULL
             THEN r.year_start <= $year_to AND coalesce(r.year_end, $year_to) >= $year_from
           ELSE $undated OR r.era IN $eras END
OPTIONAL MATCH (o)-[:PART_OF]->(ro:Region) WHERE $level = 'region' AND o.kind = 'Country'
WITH r, d, coalesce(ro.id, o.id) AS source
OPTIONAL MATCH (d)-[:PART_OF]->(rd:Region) WHERE $level = 'region' AND d.kind = 'Country'
WITH r, source, coalesce(rd.id, d.id) AS target
RETURN source, target, collect(DISTINCT r.flow) AS flows
