// name: analytics_eras
// description: Eras with their years and how many MIGRATED_TO edges each dates, in time order; the stages a timeline runs over.
MATCH (e:Era)
OPTIONAL MATCH ()-[r:MIGRATED_TO]->() WHERE r.era = e.id
RETURN e.id AS id, e.name_en AS name, e.scheme AS scheme, e.ordinal AS ordinal,
       e.start_year AS start_year, e.end_year AS end_year, count(r) AS edges
ORDER BY start_year, ordinal, id
